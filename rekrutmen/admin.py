from django.contrib import admin

from .models import AmbangBatasKhusus, Formasi, Publikasi, Seleksi


@admin.register(AmbangBatasKhusus)
class AmbangBatasKhususAdmin(admin.ModelAdmin):
    """The yearly special-formasi thresholds are national reference data, kept by the superadmin."""

    list_display = ["tahun", "jenis_formasi", "min_total", "min_tiu", "dasar_hukum"]
    list_filter = ["tahun", "jenis_formasi"]


@admin.register(Seleksi)
class SeleksiAdmin(admin.ModelAdmin):
    list_display = ["nama", "instansi", "jenis", "tahun", "diumumkan"]
    list_filter = ["instansi", "jenis", "tahun"]


@admin.register(Formasi)
class FormasiAdmin(admin.ModelAdmin):
    list_display = ["__str__", "seleksi", "kuota", "status"]
    list_filter = ["status", "jenis_formasi"]
    raw_id_fields = ["jabatan", "unit_kerja", "seleksi"]


@admin.register(Publikasi)
class PublikasiAdmin(admin.ModelAdmin):
    list_display = ["nomor", "seleksi", "tahap", "diumumkan_at"]
    readonly_fields = ["isi", "riwayat_sampai"]
