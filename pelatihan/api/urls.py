from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("pelatihan/kompetensi", views.KompetensiViewSet, basename="pelatihan-kompetensi")
router.register("pelatihan/program", views.ProgramViewSet, basename="pelatihan-program")
router.register("pelatihan/sesi", views.SesiViewSet, basename="pelatihan-sesi")
router.register("pelatihan/peserta", views.PesertaViewSet, basename="pelatihan-peserta")
router.register("pelatihan/kehadiran", views.KehadiranViewSet, basename="pelatihan-kehadiran")
router.register("pelatihan/eksternal", views.EksternalViewSet, basename="pelatihan-eksternal")
router.register("pelatihan/sertifikat", views.SertifikatViewSet, basename="pelatihan-sertifikat")
router.register("pelatihan/evaluasi", views.EvaluasiViewSet, basename="pelatihan-evaluasi")
router.register("pelatihan/rekomendasi", views.RekomendasiViewSet, basename="pelatihan-rekomendasi")
router.register("pelatihan/rencana", views.RencanaViewSet, basename="pelatihan-rencana")
router.register("pelatihan/jp", views.JPViewSet, basename="pelatihan-jp")
router.register("pelatihan/anggaran", views.AnggaranViewSet, basename="pelatihan-anggaran")

urlpatterns = router.urls
