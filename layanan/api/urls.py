from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("layanan/usul", views.UsulViewSet, basename="layanan-usul")
router.register("layanan/berkas", views.BerkasUsulViewSet, basename="layanan-berkas")
router.register("layanan/proses-massal", views.ProsesMassalViewSet, basename="layanan-prosesmassal")
router.register("layanan/riwayat-kgb", views.RiwayatGajiBerkalaViewSet, basename="layanan-riwayatkgb")
router.register("layanan/dokumen", views.DokumenViewSet, basename="layanan-dokumen")

urlpatterns = router.urls
