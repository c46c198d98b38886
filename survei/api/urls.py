from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("survei/unit-layanan", views.UnitLayananViewSet, basename="survei-unitlayanan")
router.register("survei/respons", views.ResponsViewSet, basename="survei-respons")
router.register("survei/populasi", views.PopulasiLayananViewSet, basename="survei-populasi")
router.register("survei/rencana-tindak-lanjut", views.RencanaTindakLanjutViewSet, basename="survei-rtl")
router.register("survei/publikasi", views.PublikasiIKMViewSet, basename="survei-publikasi")

urlpatterns = router.urls
