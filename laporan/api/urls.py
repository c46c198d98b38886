from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("laporan", views.LaporanRunViewSet, basename="laporanrun")

urlpatterns = router.urls
