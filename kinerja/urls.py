from django.urls import path

from . import views

app_name = "kinerja"

urlpatterns = [
    path("skp-saya/", views.skp_saya, name="skp_saya"),
    path("skp/<int:pk>/", views.skp_detail, name="skp_detail"),
    path("skp/<int:pk>/aksi/<slug:aksi>/", views.skp_aksi, name="skp_aksi"),
    path("skp/<int:pk>/rhk/tambah/", views.rhk_tambah, name="rhk_tambah"),
    path("skp/<int:pk>/pohon/", views.pohon, name="pohon"),
    path("skp/<int:pk>/realisasi/<int:periode>/", views.realisasi_periode, name="realisasi_periode"),
    path("skp/<int:pk>/evaluasi/<int:periode>/", views.evaluasi_form, name="evaluasi_form"),
    path("skp/<int:pk>/pdf/", views.skp_pdf, name="skp_pdf"),
    path("skp/<int:pk>/rekan/", views.rekan_minta, name="rekan_minta"),
    path("skp/<int:pk>/rekan/jawab/", views.rekan_jawab, name="rekan_jawab"),
    path("rhk/<int:pk>/ubah/", views.rhk_ubah, name="rhk_ubah"),
    path("rhk/<int:pk>/hapus/", views.rhk_hapus, name="rhk_hapus"),
    path("rhk/<int:pk>/indikator/tambah/", views.indikator_tambah, name="indikator_tambah"),
    path("indikator/<int:pk>/hapus/", views.indikator_hapus, name="indikator_hapus"),
    path("perilaku/<int:pk>/ubah/", views.perilaku_ubah, name="perilaku_ubah"),
    path("realisasi/<int:pk>/bukti/", views.bukti_unduh, name="bukti_unduh"),
    path("evaluasi/<int:pk>/pdf/", views.evaluasi_pdf, name="evaluasi_pdf"),
    path("evaluasi/<int:pk>/keberatan/", views.keberatan_ajukan, name="keberatan_ajukan"),
    path("keberatan/<int:pk>/putuskan/", views.keberatan_putus, name="keberatan_putus"),
    path("persetujuan/", views.persetujuan, name="persetujuan"),
    path("tim/", views.papan_tim, name="papan_tim"),
    path("finalisasi/", views.finalisasi, name="finalisasi"),
    path("rekap/", views.rekap, name="rekap"),
    path("predikat-rendah/", views.predikat_rendah, name="predikat_rendah"),
    path("talenta/", views.talenta, name="talenta"),
    path("talenta/potensi/tambah/", views.potensi_tambah, name="potensi_tambah"),
    path("penghargaan/", views.penghargaan_list, name="penghargaan_list"),
    path("penghargaan/tambah/", views.penghargaan_tambah, name="penghargaan_tambah"),
    path("umpan-balik-rekan/", views.rekan_daftar, name="rekan_daftar"),
    path("pengaturan/", views.pengaturan, name="pengaturan"),
    path("publik/<slug:kode>/", views.publik, name="publik"),
]
