from django.contrib import admin

from .models import GajiPokok, SyaratDokumen, Usul


@admin.register(SyaratDokumen)
class SyaratDokumenAdmin(admin.ModelAdmin):
    list_display = ["nama", "layanan", "sub_jenis", "wajib", "urutan", "aktif", "instansi"]
    list_filter = ["instansi", "layanan", "sub_jenis", "wajib", "aktif"]


@admin.register(GajiPokok)
class GajiPokokAdmin(admin.ModelAdmin):
    """The PP 5/2024 salary table: load the official lampiran here; unconfirmed cells are marked."""

    list_display = ["golongan", "mkg", "gaji_pokok", "berlaku_mulai", "dasar", "terkonfirmasi"]
    list_filter = ["berlaku_mulai", "golongan", "terkonfirmasi"]


@admin.register(Usul)
class UsulAdmin(admin.ModelAdmin):
    """Usul change only through the services (pages/API): read-only here."""

    list_display = ["pegawai", "layanan", "sub_jenis", "tmt", "status", "instansi"]
    list_filter = ["instansi", "layanan", "status"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    readonly_fields = [f.name for f in Usul._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
