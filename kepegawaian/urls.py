from django.urls import path

from . import akun_views, views

app_name = "kepegawaian"

urlpatterns = [
    path("pegawai/", views.PegawaiListView.as_view(), name="pegawai_list"),
    path("pegawai/tambah/", views.PegawaiCreateView.as_view(), name="pegawai_create"),
    path("pegawai/<int:pk>/", views.PegawaiDetailView.as_view(), name="pegawai_detail"),
    path("pegawai/<int:pk>/ubah/", views.PegawaiUpdateView.as_view(), name="pegawai_update"),
    path("profil-saya/", views.profil_saya, name="profil_saya"),
    path(
        "pegawai/<int:pk>/riwayat-pangkat/tambah/",
        views.riwayat_pangkat_tambah,
        name="riwayat_pangkat_tambah",
    ),
    path("riwayat-pangkat/<int:pk>/ubah/", views.riwayat_pangkat_ubah, name="riwayat_pangkat_ubah"),
    path("unit-kerja/", views.UnitKerjaListView.as_view(), name="unitkerja_list"),
    path("unit-kerja/tambah/", views.UnitKerjaCreateView.as_view(), name="unitkerja_create"),
    path("unit-kerja/<int:pk>/", views.UnitKerjaDetailView.as_view(), name="unitkerja_detail"),
    path("unit-kerja/<int:pk>/ubah/", views.UnitKerjaUpdateView.as_view(), name="unitkerja_update"),
    path("jabatan/", views.JabatanListView.as_view(), name="jabatan_list"),
    path("jabatan/tambah/", views.JabatanCreateView.as_view(), name="jabatan_create"),
    path("jabatan/<int:pk>/", views.JabatanDetailView.as_view(), name="jabatan_detail"),
    path("jabatan/<int:pk>/ubah/", views.JabatanUpdateView.as_view(), name="jabatan_update"),
    # org chart
    path("struktur/", views.struktur, name="struktur"),
    path("struktur/pdf/", views.struktur_pdf, name="struktur_pdf"),
    path("unit-kerja/<int:pk>/struktur/", views.struktur_unit, name="struktur_unit"),
    path("unit-kerja/<int:pk>/struktur/pdf/", views.struktur_unit_pdf, name="struktur_unit_pdf"),
    # ANJAB / ABK
    path("jabatan/<int:pk>/abk/", views.jabatan_abk, name="jabatan_abk"),
    path("uraian-tugas/<int:pk>/hapus/", views.uraian_tugas_hapus, name="uraian_tugas_hapus"),
    path("kebutuhan/", views.kebutuhan, name="kebutuhan"),
    # penataan
    path("penataan/", views.RencanaListView.as_view(), name="rencana_list"),
    path("penataan/tambah/", views.rencana_create, name="rencana_create"),
    path("penataan/<int:pk>/", views.rencana_detail, name="rencana_detail"),
    path("penataan/<int:pk>/terapkan/", views.rencana_terapkan, name="rencana_terapkan"),
    path("penataan/<int:pk>/batalkan/", views.rencana_batal, name="rencana_batal"),
    path("penataan/<int:pk>/balik/", views.rencana_balik, name="rencana_balik"),
    path("penataan/perubahan/<int:pk>/hapus/", views.perubahan_hapus, name="perubahan_hapus"),
    # mutasi
    path("mutasi/", views.MutasiListView.as_view(), name="mutasi_list"),
    path("mutasi/usul/", views.mutasi_usul, name="mutasi_usul"),
    path("mutasi/<int:pk>/", views.mutasi_detail, name="mutasi_detail"),
    # pangkat, pensiun, komposisi
    path("kenaikan-pangkat/", views.kenaikan_pangkat, name="kenaikan_pangkat"),
    path("pensiun/", views.pensiun, name="pensiun"),
    path("kgb/", views.kgb, name="kgb"),
    path("komposisi/", views.komposisi, name="komposisi"),
    # bulk data
    path("impor/pegawai/", views.impor, name="impor_pegawai"),
    path("impor/jabatan/", views.impor_jabatan, name="impor_jabatan"),
    path("impor/templat/", views.impor_template, name="impor_template"),
    path("impor/<int:pk>/", views.impor_detail, name="impor_detail"),
    path("impor/<int:pk>/simpan/", views.impor_simpan, name="impor_simpan"),
    path("pegawai/ekspor/", views.pegawai_ekspor, name="pegawai_ekspor"),
    # personnel file and self-service
    path("pegawai/<int:pk>/dokumen/", views.pegawai_dokumen, name="pegawai_dokumen"),
    path("dokumen/<int:pk>/unduh/", views.dokumen_unduh, name="dokumen_unduh"),
    path("profil-saya/usulan/", views.usulan_data_saya, name="usulan_data_saya"),
    path("usulan-data/", views.UsulanDataListView.as_view(), name="usulan_data_list"),
    path("usulan-data/<int:pk>/", views.usulan_data_detail, name="usulan_data_detail"),
    path("usulan-data/<int:pk>/dokumen/", views.usulan_data_dokumen, name="usulan_data_dokumen"),
    # accounts (issue 15)
    path("akun/", akun_views.AkunListView.as_view(), name="akun_list"),
    path("akun/buat/", akun_views.akun_buat, name="akun_buat"),
    path("akun/proses/<int:pk>/", akun_views.PembuatanAkunDetailView.as_view(), name="akun_proses"),
    path("akun/proses/<int:pk>/ulang/", akun_views.akun_proses_ulang, name="akun_proses_ulang"),
    path("akun/<int:pk>/kirim-aktivasi/", akun_views.akun_kirim_aktivasi, name="akun_kirim_aktivasi"),
    path("akun/<int:pk>/nonaktifkan/", akun_views.akun_nonaktifkan, name="akun_nonaktifkan"),
    path("akun/<int:pk>/aktifkan/", akun_views.akun_aktifkan, name="akun_aktifkan"),
    # a new daerah / instansi (superadmin)
    path("instansi/", views.instansi_list, name="instansi_list"),
    path("instansi/tambah/", views.instansi_create, name="instansi_create"),
    path("instansi/<int:pk>/ubah/", views.instansi_update, name="instansi_update"),
    path("instansi/<int:pk>/impor-unit/", views.instansi_unit_impor, name="instansi_unit_impor"),
    # autocomplete pickers
    path("pilih/pegawai/", views.pilih_pegawai, name="pilih_pegawai"),
    path("pilih/jabatan/", views.pilih_jabatan, name="pilih_jabatan"),
    path("pilih/unit-kerja/", views.pilih_unit, name="pilih_unit"),
    # approvals inbox, Plt./Plh.
    path("kotak-persetujuan/", views.kotak_persetujuan, name="kotak_persetujuan"),
    path("plt/", views.PenugasanPltListView.as_view(), name="plt_list"),
    path("plt/tambah/", views.plt_create, name="plt_create"),
    path("plt/<int:pk>/", views.plt_detail, name="plt_detail"),
    path("plt/<int:pk>/ubah/", views.plt_update, name="plt_update"),
    # SIASN
    path("siasn/", views.siasn_list, name="siasn_list"),
    path("siasn/<int:pk>/", views.siasn_detail, name="siasn_detail"),
    path("siasn/selisih/<int:pk>/putuskan/", views.siasn_putuskan, name="siasn_putuskan"),
]
