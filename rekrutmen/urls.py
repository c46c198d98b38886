from django.urls import path

from . import views, views_akun, views_public

app_name = "rekrutmen"

urlpatterns = [
    # HR side
    path("seleksi/", views.SeleksiListView.as_view(), name="seleksi_list"),
    path("seleksi/tambah/", views.SeleksiCreateView.as_view(), name="seleksi_create"),
    path("seleksi/<int:pk>/", views.SeleksiDetailView.as_view(), name="seleksi_detail"),
    path("seleksi/<int:pk>/ubah/", views.SeleksiUpdateView.as_view(), name="seleksi_update"),
    path("seleksi/<int:pk>/usul-formasi/", views.formasi_usul, name="formasi_usul"),
    path("seleksi/<int:pk>/impor-nilai/", views.impor_nilai, name="impor_nilai"),
    path("seleksi/<int:pk>/hitung-peringkat/", views.hitung_peringkat, name="hitung_peringkat"),
    path("seleksi/<int:pk>/publikasi/", views.publikasi_buat, name="publikasi_buat"),
    path("seleksi/<int:pk>/ringkasan.xlsx", views.ringkasan_ekspor, name="ringkasan_ekspor"),
    path("formasi/<int:pk>/", views.FormasiDetailView.as_view(), name="formasi_detail"),
    path("formasi/<int:pk>/setujui/", views.formasi_setujui, name="formasi_setujui"),
    path("formasi/<int:pk>/tolak/", views.formasi_tolak, name="formasi_tolak"),
    path("formasi/<int:pk>/persyaratan/", views.formasi_persyaratan, name="formasi_persyaratan"),
    path("formasi/<int:pk>/komponen-skb/", views.formasi_komponen, name="formasi_komponen"),
    path("lamaran/", views.LamaranListView.as_view(), name="lamaran_list"),
    path("lamaran/<int:pk>/", views.LamaranDetailView.as_view(), name="lamaran_detail"),
    path("lamaran/<int:pk>/verifikasi/", views.lamaran_verifikasi, name="lamaran_verifikasi"),
    path("lamaran/<int:pk>/jadwal-penilaian/", views.sesi_jadwalkan, name="sesi_jadwalkan"),
    path("dokumen/<int:pk>/", views.dokumen_unduh, name="dokumen_unduh"),
    path("sesi-penilaian/<int:pk>/", views.sesi_nilai, name="sesi_nilai"),
    path("penilaian-saya/", views.penilaian_saya, name="penilaian_saya"),
    path("penilaian-saya/<int:pk>/", views.penilaian_saya_isi, name="penilaian_saya_isi"),
    path("publikasi/<int:pk>/", views.PublikasiDetailView.as_view(), name="publikasi_detail"),
    path("sanggah/", views.SanggahListView.as_view(), name="sanggah_list"),
    path("sanggah/<int:pk>/", views.sanggah_jawab, name="sanggah_jawab"),
    # Public and applicant side
    path("lowongan/", views_public.lowongan_list, name="lowongan_list"),
    path("lowongan/<int:pk>/", views_public.lowongan_detail, name="lowongan_detail"),
    path("hasil/", views_public.hasil_list, name="hasil_list"),
    path("hasil/<int:pk>/", views_public.hasil_detail, name="hasil_detail"),
    path("hasil/pengumuman/<int:pk>.pdf", views_public.hasil_pdf, name="hasil_pdf"),
    path("pelamar/daftar/", views_public.daftar, name="pelamar_daftar"),
    path("pelamar/konfirmasi/<str:token>/", views_public.konfirmasi, name="pelamar_konfirmasi"),
    path("pelamar/masuk/", views_public.masuk, name="pelamar_masuk"),
    path("pelamar/lupa-kata-sandi/", views_akun.lupa_kata_sandi, name="pelamar_lupa_sandi"),
    path("pelamar/atur-ulang/<str:uidb64>/<str:token>/", views_akun.atur_ulang, name="pelamar_atur_ulang"),
    path("pelamar/kirim-ulang-konfirmasi/", views_akun.kirim_ulang_konfirmasi, name="pelamar_kirim_ulang"),
    path("pelamar/keluar/", views_public.keluar, name="pelamar_keluar"),
    path("pelamar/", views_public.beranda, name="pelamar_beranda"),
    path("pelamar/lamar/<int:pk>/", views_public.lamar, name="pelamar_lamar"),
    path("pelamar/lamaran/<int:pk>/", views_public.lamaran_saya, name="pelamar_lamaran"),
    path("pelamar/lamaran/<int:pk>/unggah/<int:syarat_pk>/", views_public.unggah, name="pelamar_unggah"),
    path("pelamar/lamaran/<int:pk>/kirim/", views_public.kirim, name="pelamar_kirim"),
    path("pelamar/lamaran/<int:pk>/sanggah/", views_public.sanggah, name="pelamar_sanggah"),
    path("pelamar/dokumen/<int:pk>/", views_public.dokumen_saya, name="pelamar_dokumen"),
]
