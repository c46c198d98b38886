from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditLog, Notifikasi

# Headings the portal supplies to the Django admin, translated like the rest of the interface.
admin.site.site_header = _("Administrasi Portal ASN")
admin.site.site_title = _("Admin Portal ASN")
admin.site.index_title = _("Pengelolaan data portal")


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_repr", "instansi"]
    list_filter = ["action", "object_type", "instansi"]
    search_fields = ["object_repr", "object_id", "actor__username"]
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notifikasi)
class NotifikasiAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "judul", "read_at"]
