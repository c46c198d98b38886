from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditLog, EmailKeluar, Notifikasi

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


# Second-factor devices are managed in the portal (asnportal.mfa: enrolment by the user, reset by a superadmin,
# both audited), not edited in the admin where a superadmin could read or change a secret without a trace.
def _unregister_otp_devices():
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_otp_devices()


@admin.register(EmailKeluar)
class EmailKeluarAdmin(admin.ModelAdmin):
    """The outbox: every e-mail the portal sends, its status, attempts and the plain reason of a failure."""

    list_display = ["created_at", "subjek", "status", "attempts", "finished_at", "error"]
    list_filter = ["status"]
    search_fields = ["subjek"]
    readonly_fields = [f.name for f in EmailKeluar._meta.fields]
    actions = ["kirim_ulang"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Kirim ulang e-mail yang gagal"))
    def kirim_ulang(self, request, queryset):
        from django.db import transaction

        from . import jobs

        n = 0
        for row in queryset.filter(status=jobs.JobStatus.FAILED):
            with transaction.atomic():
                jobs.job_retry(row)
            n += 1
        self.message_user(request, _("%(n)s e-mail dikirim ulang.") % {"n": n})
