from django.urls import path

from . import views

app_name = "pelatihan"

urlpatterns = [
    path("", views.SesiListView.as_view(), name="sesi_list"),
    path("kompetensi/", views.KompetensiListView.as_view(), name="kompetensi_list"),
    path("kompetensi/tambah/", views.KompetensiCreateView.as_view(), name="kompetensi_create"),
    path("kompetensi/<int:pk>/ubah/", views.KompetensiUpdateView.as_view(), name="kompetensi_update"),
    path("program/", views.ProgramListView.as_view(), name="program_list"),
    path("program/tambah/", views.ProgramCreateView.as_view(), name="program_create"),
    path("program/<int:pk>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("program/<int:pk>/ubah/", views.ProgramUpdateView.as_view(), name="program_update"),
    path("sesi/tambah/", views.SesiCreateView.as_view(), name="sesi_create"),
    path("sesi/<int:pk>/", views.SesiDetailView.as_view(), name="sesi_detail"),
    path("sesi/<int:pk>/ubah/", views.SesiUpdateView.as_view(), name="sesi_update"),
    path("sesi/<int:pk>/daftar/", views.sesi_daftar, name="sesi_daftar"),
    path("sesi/<int:pk>/nominasi/", views.sesi_nominasi, name="sesi_nominasi"),
    path("sesi/<int:pk>/kehadiran/", views.sesi_kehadiran, name="sesi_kehadiran"),
    path("peserta/", views.PesertaListView.as_view(), name="peserta_list"),
    path("peserta/<int:pk>/", views.peserta_detail, name="peserta_detail"),
    path("peserta/<int:pk>/setujui/", views.peserta_setujui, name="peserta_setujui"),
    path("peserta/<int:pk>/tolak/", views.peserta_tolak, name="peserta_tolak"),
    path("peserta/<int:pk>/batal/", views.peserta_batal, name="peserta_batal"),
    path("peserta/<int:pk>/selesai/", views.peserta_selesai, name="peserta_selesai"),
    path("peserta/<int:pk>/evaluasi/", views.peserta_evaluasi, name="peserta_evaluasi"),
    path("sertifikat/<int:pk>/unduh/", views.sertifikat_unduh, name="sertifikat_unduh"),
    path("sertifikat/<int:pk>/cabut/", views.sertifikat_cabut, name="sertifikat_cabut"),
    path("sertifikat/<str:kode>/", views.sertifikat_verifikasi, name="sertifikat_verifikasi"),
    path("eksternal/", views.EksternalListView.as_view(), name="eksternal_list"),
    path("eksternal/tambah/", views.eksternal_tambah, name="eksternal_create"),
    path("eksternal/<int:pk>/", views.EksternalDetailView.as_view(), name="eksternal_detail"),
    path("eksternal/<int:pk>/bukti/", views.eksternal_bukti, name="eksternal_bukti"),
    path("eksternal/<int:pk>/verifikasi/", views.eksternal_verifikasi, name="eksternal_verifikasi"),
    path("jp/", views.jp_rekap, name="jp_rekap"),
    path("kebutuhan/", views.RekomendasiListView.as_view(), name="rekomendasi_list"),
    path("kebutuhan/susun/", views.rekomendasi_susun, name="rekomendasi_susun"),
    path("rencana/", views.RencanaListView.as_view(), name="rencana_list"),
    path("rencana/buat/", views.rencana_buat, name="rencana_buat"),
    path("anggaran/", views.anggaran, name="anggaran"),
    path("evaluasi/", views.evaluasi_hasil, name="evaluasi_hasil"),
]
