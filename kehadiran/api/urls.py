from asnportal.api import PortalRouter

from . import views

router = PortalRouter()
router.register("kehadiran/jadwal-kerja", views.JadwalKerjaViewSet, basename="kehadiran-jadwalkerja")
router.register("kehadiran/shift", views.ShiftViewSet, basename="kehadiran-shift")
router.register("kehadiran/jadwal-shift", views.JadwalShiftViewSet, basename="kehadiran-jadwalshift")
router.register("kehadiran/hari-libur", views.HariLiburViewSet, basename="kehadiran-harilibur")
router.register("kehadiran/lokasi-kantor", views.LokasiKantorViewSet, basename="kehadiran-lokasikantor")
router.register("kehadiran/jenis-cuti", views.JenisCutiViewSet, basename="kehadiran-jeniscuti")
router.register("kehadiran/presensi", views.PresensiViewSet, basename="kehadiran-presensi")
router.register("kehadiran/impor", views.ImporPresensiViewSet, basename="kehadiran-impor")
router.register("kehadiran/status-harian", views.StatusHarianViewSet, basename="kehadiran-statusharian")
router.register("kehadiran/koreksi", views.KoreksiPresensiViewSet, basename="kehadiran-koreksi")
router.register("kehadiran/cuti", views.PengajuanCutiViewSet, basename="kehadiran-cuti")
router.register("kehadiran/saldo-cuti", views.SaldoCutiViewSet, basename="kehadiran-saldocuti")
router.register("kehadiran/rekap-disiplin", views.RekapDisiplinViewSet, basename="kehadiran-rekapdisiplin")

urlpatterns = router.urls
