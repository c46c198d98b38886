from django.contrib import admin

from .models import PenolakanRespons, PopulasiLayanan, PublikasiIKM, RencanaTindakLanjut, UnitLayanan


@admin.register(UnitLayanan)
class UnitLayananAdmin(admin.ModelAdmin):
    list_display = ["nama", "slug", "instansi", "unit_kerja", "aktif"]
    list_filter = ["instansi", "aktif"]
    search_fields = ["nama", "slug"]
    raw_id_fields = ["unit_kerja"]


admin.site.register(PopulasiLayanan)
admin.site.register(PublikasiIKM)
admin.site.register(RencanaTindakLanjut)
admin.site.register(PenolakanRespons)
