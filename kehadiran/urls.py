from django.urls import path

from . import views

app_name = "kehadiran"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("rekap/", views.rekap, name="rekap"),
    path("rekap/pegawai/<int:pk>/", views.rekap_pegawai, name="rekap_pegawai"),
    path("disiplin/ambang/", views.ambang, name="ambang"),
    path("presensi/", views.PresensiListView.as_view(), name="presensi_list"),
    path("impor/", views.impor, name="impor"),
    path("impor/templat.csv", views.impor_templat_csv, name="impor_templat_csv"),
    path("impor/templat.xlsx", views.impor_templat_xlsx, name="impor_templat_xlsx"),
    path("koreksi/", views.KoreksiListView.as_view(), name="koreksi_list"),
    path("koreksi/ajukan/", views.koreksi_create, name="koreksi_create"),
    path("koreksi/<int:pk>/", views.koreksi_detail, name="koreksi_detail"),
    path("koreksi/<int:pk>/bukti/", views.koreksi_bukti, name="koreksi_bukti"),
    path("cuti/", views.cuti_list, name="cuti_list"),
    path("cuti/ajukan/", views.cuti_create, name="cuti_create"),
    path("cuti/<int:pk>/", views.cuti_detail, name="cuti_detail"),
    path("cuti/<int:pk>/lampiran/", views.cuti_bukti, name="cuti_bukti"),
    path("cuti/saldo/<int:pk>/ubah/", views.SaldoUpdate.as_view(), name="saldo_update"),
    path("kalender/", views.kalender_view, name="kalender"),
    path("pengaturan/", views.pengaturan, name="pengaturan"),
    path("pengaturan/jadwal/tambah/", views.JadwalCreate.as_view(), name="jadwal_create"),
    path("pengaturan/jadwal/<int:pk>/ubah/", views.JadwalUpdate.as_view(), name="jadwal_update"),
    path("pengaturan/shift/tambah/", views.ShiftCreate.as_view(), name="shift_create"),
    path("pengaturan/shift/<int:pk>/ubah/", views.ShiftUpdate.as_view(), name="shift_update"),
    path("pengaturan/jadwal-shift/", views.jadwal_shift, name="jadwal_shift"),
    path("pengaturan/libur/tambah/", views.LiburCreate.as_view(), name="libur_create"),
    path("pengaturan/libur/<int:pk>/ubah/", views.LiburUpdate.as_view(), name="libur_update"),
    path("pengaturan/libur/<int:pk>/hapus/", views.libur_delete, name="libur_delete"),
    path("pengaturan/lokasi/tambah/", views.LokasiCreate.as_view(), name="lokasi_create"),
    path("pengaturan/lokasi/<int:pk>/ubah/", views.LokasiUpdate.as_view(), name="lokasi_update"),
    path("pengaturan/jenis-cuti/<int:pk>/ubah/", views.JenisCutiUpdate.as_view(), name="jeniscuti_update"),
    path("pengaturan/hitung-ulang/", views.hitung_ulang, name="hitung_ulang"),
]
