from django.contrib import admin

from .models import (
    HariLibur,
    JadwalKerja,
    JenisCuti,
    KoreksiPresensi,
    LiburNasional,
    LokasiKantor,
    PengajuanCuti,
    Presensi,
    SaldoCuti,
    Shift,
)


@admin.register(JadwalKerja)
class JadwalKerjaAdmin(admin.ModelAdmin):
    list_display = ["nama", "instansi", "unit_kerja", "jam_masuk", "jam_pulang", "berbasis_shift", "aktif"]
    list_filter = ["instansi"]


admin.site.register(Shift)


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama", "jenis", "instansi"]
    list_filter = ["instansi", "jenis"]


@admin.register(LiburNasional)
class LiburNasionalAdmin(admin.ModelAdmin):
    """National holidays and cuti bersama for every instansi: the superadmin checks them against the SKB each
    year (2027 rows start as estimates)."""

    list_display = ["tanggal", "nama", "jenis", "sumber"]
    list_filter = ["jenis"]
    date_hierarchy = "tanggal"
    search_fields = ["nama", "sumber"]


@admin.register(LokasiKantor)
class LokasiKantorAdmin(admin.ModelAdmin):
    list_display = ["nama", "unit_kerja", "mode", "radius_m"]
    list_filter = ["instansi", "mode"]


@admin.register(JenisCuti)
class JenisCutiAdmin(admin.ModelAdmin):
    list_display = [
        "nama",
        "instansi",
        "hak_hari_per_tahun",
        "maks_tangguhan_hari",
        "untuk_pns",
        "untuk_pppk",
    ]
    list_filter = ["instansi"]


@admin.register(Presensi)
class PresensiAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "waktu", "jenis", "sumber"]
    raw_id_fields = ["pegawai", "impor", "koreksi"]
    list_filter = ["sumber"]


@admin.register(KoreksiPresensi)
class KoreksiAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "tanggal", "jenis", "status"]
    raw_id_fields = ["pegawai"]


@admin.register(PengajuanCuti)
class PengajuanCutiAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "jenis", "tanggal_mulai", "tanggal_selesai", "status"]
    raw_id_fields = ["pegawai"]


@admin.register(SaldoCuti)
class SaldoCutiAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "jenis", "tahun", "hak_hari", "tangguhan_hari"]
    raw_id_fields = ["pegawai"]
