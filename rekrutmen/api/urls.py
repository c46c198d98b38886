from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("rekrutmen/seleksi", views.SeleksiViewSet, basename="rekrutmen-seleksi")
router.register("rekrutmen/formasi", views.FormasiViewSet, basename="rekrutmen-formasi")
router.register("rekrutmen/lamaran", views.LamaranViewSet, basename="rekrutmen-lamaran")
router.register("rekrutmen/sanggah", views.SanggahViewSet, basename="rekrutmen-sanggah")
router.register("rekrutmen/riwayat-nilai", views.RiwayatNilaiViewSet, basename="rekrutmen-riwayat-nilai")
router.register("rekrutmen/publikasi", views.PublikasiViewSet, basename="rekrutmen-publikasi")

urlpatterns = router.urls
