from django.urls import path

from asnportal.api import PortalRouter

from . import akun, views

router = PortalRouter()
router.register("instansi", views.InstansiViewSet, basename="instansi")
router.register("unit-kerja", views.UnitKerjaViewSet, basename="unitkerja")
router.register("jabatan", views.JabatanViewSet, basename="jabatan")
router.register("pegawai", views.PegawaiViewSet, basename="pegawai")
router.register("uraian-tugas", views.UraianTugasViewSet, basename="uraiantugas")
router.register("penataan", views.RencanaPenataanViewSet, basename="rencanapenataan")
router.register("mutasi", views.UsulanMutasiViewSet, basename="usulanmutasi")
router.register("dokumen-pegawai", views.DokumenPegawaiViewSet, basename="dokumenpegawai")
router.register("usulan-data", views.UsulanDataViewSet, basename="usulandata")
router.register("rekonsiliasi-siasn", views.RekonsiliasiSIASNViewSet, basename="rekonsiliasisiasn")
router.register("selisih-siasn", views.SelisihSIASNViewSet, basename="selisihsiasn")
router.register("akun-pegawai", akun.AkunPegawaiViewSet, basename="akunpegawai")
router.register("pembuatan-akun", akun.PembuatanAkunViewSet, basename="pembuatanakun")
router.register("plt", views.PenugasanPltViewSet, basename="penugasanplt")
router.register("kenaikan-pangkat", views.KenaikanPangkatViewSet, basename="kenaikanpangkat")

urlpatterns = [
    path("kebutuhan-jabatan/", views.KebutuhanView.as_view(), name="kebutuhan-jabatan"),
    path("pensiun/", views.PensiunView.as_view(), name="pensiun-proyeksi"),
    path("komposisi-pegawai/", views.KomposisiView.as_view(), name="komposisi-pegawai"),
    path("auth/lupa-kata-sandi/", akun.LupaKataSandiView.as_view(), name="api-lupa-kata-sandi"),
    path("kotak-persetujuan/", views.KotakPersetujuanView.as_view(), name="kotak-persetujuan"),
    *router.urls,
]
