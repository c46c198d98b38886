from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("laporan", views.LaporanRunViewSet, basename="laporanrun")

urlpatterns = router.urls
