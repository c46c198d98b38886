from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("kinerja/skp", views.SKPViewSet, basename="kinerja-skp")
router.register("kinerja/realisasi", views.RealisasiViewSet, basename="kinerja-realisasi")
router.register("kinerja/evaluasi", views.EvaluasiViewSet, basename="kinerja-evaluasi")
router.register("kinerja/penghargaan", views.PenghargaanViewSet, basename="kinerja-penghargaan")
router.register("kinerja/nilai-potensi", views.NilaiPotensiViewSet, basename="kinerja-nilaipotensi")

urlpatterns = router.urls
