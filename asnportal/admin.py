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


# --- Document core (asnportal.dokumen) --------------------------------------------------------------------------
from django import forms  # noqa: E402

from .dokumen.models import Dokumen, FormatNomor, KunciTandaTangan  # noqa: E402
from .dokumen.numbering import pola_valid  # noqa: E402


class FormatNomorForm(forms.ModelForm):
    class Meta:
        model = FormatNomor
        fields = ["instansi", "jenis", "pola"]

    def clean_pola(self):
        pola = self.cleaned_data["pola"]
        if not pola_valid(pola):
            raise forms.ValidationError(
                "Format harus memuat {n} dan hanya {n}, {n:3}, {tahun}, {bulan}, {bulan_romawi}."
            )
        return pola


@admin.register(FormatNomor)
class FormatNomorAdmin(admin.ModelAdmin):
    form = FormatNomorForm
    list_display = ["instansi", "jenis", "pola"]
    list_filter = ["instansi", "jenis"]


@admin.register(Dokumen)
class DokumenAdmin(admin.ModelAdmin):
    """Issued documents are changed only through services (revoke/replace): read-only here."""

    list_display = ["nomor", "judul", "pemegang_nama", "tanggal", "status", "ditandatangani", "instansi"]
    list_filter = ["instansi", "jenis", "status", "ditandatangani"]
    search_fields = ["nomor", "pemegang_nama"]
    readonly_fields = [f.name for f in Dokumen._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KunciTandaTangan)
class KunciTandaTanganAdmin(admin.ModelAdmin):
    """Certificates only; the private key is never shown. Keys are created by seed_demo (DEMO) or imported."""

    list_display = ["subjek", "peran", "instansi", "pegawai", "berlaku_sampai", "is_demo", "aktif"]
    list_filter = ["peran", "instansi", "is_demo", "aktif"]
    fields = [
        "subjek",
        "peran",
        "instansi",
        "pegawai",
        "nomor_seri",
        "berlaku_mulai",
        "berlaku_sampai",
        "is_demo",
        "aktif",
    ]
    readonly_fields = [
        "subjek",
        "peran",
        "instansi",
        "pegawai",
        "nomor_seri",
        "berlaku_mulai",
        "berlaku_sampai",
        "is_demo",
    ]
    raw_id_fields = ["pegawai"]

    def has_add_permission(self, request):
        return False
