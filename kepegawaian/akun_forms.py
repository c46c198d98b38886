"""Forms of account management and of the public account pages (issue 15)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from asnportal.forms import PortalForm

from .choices import CakupanAkun
from .models import Pegawai, UnitKerja


class BuatAkunForm(PortalForm):
    """Bulk account creation: the scope and, depending on it, the selected pegawai or the unit."""

    cakupan = forms.ChoiceField(
        label=_("Cakupan"),
        choices=CakupanAkun.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    unit_kerja = forms.ModelChoiceField(
        label=_("Unit kerja (beserta unit di bawahnya)"), queryset=UnitKerja.objects.none(), required=False
    )
    pegawai = forms.ModelMultipleChoiceField(
        label=_("Pegawai"), queryset=Pegawai.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.for_user(user).order_by("path")
        self.fields["pegawai"].queryset = Pegawai.objects.for_user(user)

    def clean(self):
        data = super().clean()
        cakupan = data.get("cakupan")
        if cakupan == CakupanAkun.UNIT and not data.get("unit_kerja"):
            self.add_error("unit_kerja", _("Pilih unit kerja."))
        if cakupan == CakupanAkun.SEMUA and data.get("unit_kerja"):
            # Picking a unit but leaving "everyone" ticked must not create accounts for the whole instansi.
            self.add_error(
                "cakupan", _("Anda memilih unit kerja: pilih cakupan “Satu unit kerja”, atau kosongkan unit.")
            )
        if cakupan == CakupanAkun.PILIHAN and not data.get("pegawai"):
            self.add_error(None, _("Pilih sedikitnya satu pegawai di daftar akun."))
        return data


class NonaktifkanAkunForm(PortalForm):
    alasan = forms.CharField(
        label=_("Alasan"),
        max_length=200,
        help_text=_("Misalnya: cuti di luar tanggungan negara, akun disalahgunakan."),
    )


class LupaKataSandiForm(PortalForm):
    identitas = forms.CharField(
        label=_("NIP, nama pengguna, atau e-mail"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
