from django.contrib import admin

from . import models


@admin.register(models.SKP)
class SKPAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "tahun", "revisi", "status", "berlaku"]
    list_filter = ["tahun", "status", "berlaku"]
    raw_id_fields = ["pegawai", "revisi_dari", "disetujui_oleh"]


@admin.register(models.PengaturanKinerja)
class PengaturanAdmin(admin.ModelAdmin):
    list_display = ["instansi", "periode_evaluasi", "umpan_balik_rekan", "dipublikasikan"]
