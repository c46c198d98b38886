from django.contrib import admin

from .models import Kategori, LaporanPos, ModerationLog, RuangKoordinasi


@admin.register(Kategori)
class KategoriAdmin(admin.ModelAdmin):
    """Categories are managed by superadmins (here or through the API)."""

    list_display = ["nama", "slug", "instansi", "urutan", "aktif"]
    list_editable = ["urutan", "aktif"]
    prepopulated_fields = {"slug": ["nama"]}
    filter_horizontal = ["moderator"]


@admin.register(RuangKoordinasi)
class RuangKoordinasiAdmin(admin.ModelAdmin):
    list_display = ["nama", "status", "instansi", "created_at"]
    list_filter = ["status"]
    # Room content stays private: the admin lists rooms (names only) and never their threads.
    fields = ["nama", "status", "instansi", "dibuat_oleh"]
    readonly_fields = ["dibuat_oleh"]


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "aksi", "moderator", "topik", "alasan"]
    list_filter = ["aksi"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LaporanPos)
class LaporanPosAdmin(admin.ModelAdmin):
    list_display = ["created_at", "pos", "pelapor", "status"]
    list_filter = ["status"]
    raw_id_fields = ["pos"]
