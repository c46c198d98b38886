from django.contrib import admin

from .models import AuditLog, Notifikasi


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
