from django.contrib import admin

from .models import LaporanRun


@admin.register(LaporanRun)
class LaporanRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "instansi", "status", "attempts", "created_at", "finished_at", "ukuran"]
    list_filter = ["jenis", "format", "status", "instansi"]
    readonly_fields = [f.name for f in LaporanRun._meta.fields]
