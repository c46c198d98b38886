from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("forum/kategori", views.KategoriViewSet, basename="forum-kategori")
router.register("forum/topik", views.TopikViewSet, basename="forum-topik")
router.register("forum/pos", views.PosViewSet, basename="forum-pos")
router.register("forum/ruang", views.RuangViewSet, basename="forum-ruang")

urlpatterns = router.urls
