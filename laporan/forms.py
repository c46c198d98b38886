from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asnportal import scoping
from asnportal.forms import ScopedFormMixin
from kepegawaian.choices import StatusKepegawaian
from kepegawaian.models import Instansi, UnitKerja

from .models import FormatBerkas, JenisLaporan


class LaporanRequestForm(ScopedFormMixin, forms.Form):
    """Ask for a report or a filtered export. Choices are scoped to the user's instansi."""

    instansi = forms.ModelChoiceField(queryset=Instansi.objects.all(), label=_("Instansi"), required=False)
    jenis = forms.ChoiceField(choices=JenisLaporan.choices, label=_("Jenis laporan"))
    format = forms.ChoiceField(choices=FormatBerkas.choices, label=_("Format"))
    tanggal = forms.DateField(
        label=_("Tanggal acuan"),
        widget=forms.DateInput,
        help_text=_(
            "Laporan periodik: periode (bulan, triwulan, tahun) yang memuat tanggal ini. "
            "DUK/daftar nominatif: keadaan per tanggal ini."
        ),
    )
    unit_kerja = forms.ModelChoiceField(
        queryset=UnitKerja.objects.filter(aktif=True),
        label=_("Unit kerja"),
        required=False,
        help_text=_("Hanya untuk DUK dan daftar nominatif; wajib untuk PDF."),
    )
    status_kepegawaian = forms.ChoiceField(
        choices=[("", _("Semua"))] + list(StatusKepegawaian.choices),
        label=_("Status kepegawaian"),
        required=False,
        help_text=_("Hanya untuk DUK dan daftar nominatif."),
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("tanggal", timezone.localdate())
        super().__init__(*args, user=user, **kwargs)
        if user is not None and not scoping.is_superadmin(user):
            del self.fields["instansi"]
        else:
            self.fields["instansi"].required = True

    def clean(self):
        data = super().clean()
        unit = data.get("unit_kerja")
        instansi = data.get("instansi")
        if unit is not None and instansi is not None and unit.instansi_id != instansi.pk:
            self.add_error("unit_kerja", _("Unit kerja harus dari instansi yang dipilih."))
        return data
