from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asnportal.forms import PortalForm, ScopedModelForm

from . import conf, rules
from .choices import JenisKelamin, Pekerjaan, Pendidikan, SlotWaktu
from .models import RencanaTindakLanjut, UnitLayanan


class SurveiForm(forms.Form):
    """The public SKM questionnaire. Rendered by hand in survei/isi.html (fieldsets, big touch targets)."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Honeypot: hidden from people by CSS and from assistive tech by aria-hidden; bots fill it.
    situs_web = forms.CharField(required=False, label=_("Jangan diisi"))

    usia = forms.IntegerField(
        label=_("Usia (tahun)"),
        min_value=10,
        max_value=120,
        error_messages={
            "required": _("Isi usia Anda."),
            "invalid": _("Usia harus berupa angka."),
            "min_value": _("Usia minimal 10 tahun."),
            "max_value": _("Usia maksimal 120 tahun."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=JenisKelamin.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis kelamin.")},
    )
    pendidikan = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=[("", _("— pilih —")), *Pendidikan.choices],
        error_messages={"required": _("Pilih pendidikan terakhir.")},
    )
    pekerjaan = forms.ChoiceField(
        label=_("Pekerjaan utama"),
        choices=[("", _("— pilih —")), *Pekerjaan.choices],
        error_messages={"required": _("Pilih pekerjaan.")},
    )
    jenis_layanan = forms.CharField(
        label=_("Jenis layanan yang Anda terima"),
        max_length=200,
        error_messages={"required": _("Isi atau pilih jenis layanan yang Anda terima.")},
    )
    tanggal = forms.DateField(
        label=_("Tanggal survei"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal survei."), "invalid": _("Tanggal tidak sah.")},
    )
    slot_waktu = forms.ChoiceField(
        label=_("Jam survei"),
        choices=SlotWaktu.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jam survei.")},
    )
    saran = forms.CharField(
        label=_("Saran dan masukan (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Saran paling banyak 2.000 karakter.")},
    )
    nama = forms.CharField(
        label=_("Nama (opsional)"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    kontak = forms.CharField(
        label=_("Nomor HP atau e-mail (opsional)"),
        required=False,
        max_length=120,
        help_text=_("Hanya jika Anda ingin dihubungi tentang saran Anda."),
    )
    persetujuan = forms.BooleanField(
        label=_("Saya setuju jawaban dan data saya diproses untuk survei kepuasan ini."),
        error_messages={"required": _("Centang persetujuan agar jawaban Anda dapat disimpan.")},
    )

    def __init__(self, *args, unit: UnitLayanan, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.unsur_fields = []
        for i, (kode, nama, pertanyaan, jawaban) in enumerate(rules.UNSUR, start=1):
            # rules.py stays free of Django; the official Indonesian wording is the msgid (locale/en has the
            # English), so questions and answer labels follow the language switch.
            nama = _(nama)
            self.fields[kode] = forms.TypedChoiceField(
                label=_(pertanyaan),
                choices=[(n, _(label)) for n, label in zip(rules.SKALA, jawaban, strict=True)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Pilih salah satu jawaban untuk unsur %(n)s (%(nama)s).")
                    % {"n": i, "nama": nama}
                },
            )
            self.unsur_fields.append((i, nama, kode))
        # Errors are listed in the order of the page: the nine unsur first, then the respondent data.
        self.order_fields(
            ["token", "situs_web", *rules.KODE_UNSUR, "jenis_kelamin", "usia", "pendidikan", "pekerjaan"]
            + ["jenis_layanan", "tanggal", "slot_waktu", "saran", "nama", "kontak", "persetujuan"]
        )
        pilihan = unit.daftar_jenis_layanan
        if pilihan:
            self.fields["jenis_layanan"] = forms.ChoiceField(
                label=self.fields["jenis_layanan"].label,
                choices=[("", _("— pilih —")), *[(p, p) for p in pilihan]],
                error_messages={"required": _("Pilih jenis layanan yang Anda terima.")},
            )
        if not self.is_bound:
            self.initial.setdefault("tanggal", timezone.localdate())
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect | forms.HiddenInput | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
            if self.is_bound and name in self.errors:
                field.widget.attrs["class"] += " is-invalid"
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"err_{name}"

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        today = timezone.localdate()
        if tanggal > today:
            raise forms.ValidationError(_("Tanggal survei tidak boleh di masa depan."))
        if tanggal < today - dt.timedelta(days=conf.tanggal_mundur_maksimum()):
            raise forms.ValidationError(
                _("Tanggal survei paling lama %(n)s hari yang lalu.") % {"n": conf.tanggal_mundur_maksimum()}
            )
        return tanggal

    def clean_saran(self):
        return self.cleaned_data["saran"].strip()

    @property
    def profil_fields(self):
        return [self[n] for n in ("usia", "pendidikan", "pekerjaan", "jenis_layanan", "tanggal")]

    @property
    def unsur_bound(self):
        return [(i, nama, self[kode]) for i, nama, kode in self.unsur_fields]


class RescopedModelForm(ScopedModelForm):
    """Works around asnportal.forms: StyledFormMixin reads `self.errors` inside __init__, i.e. it validates a
    bound form BEFORE ScopedFormMixin narrows the FK querysets, so another instansi's id would pass. Drop that
    early validation so the form validates again against the scoped choices (reported to the lead)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self._errors = None
            if hasattr(self, "cleaned_data"):
                del self.cleaned_data


class UnitLayananForm(RescopedModelForm):
    class Meta:
        model = UnitLayanan
        fields = ["unit_kerja", "nama", "slug", "alamat", "jenis_layanan", "bobot", "aktif"]
        widgets = {"jenis_layanan": forms.Textarea(attrs={"rows": 4})}


class PopulasiForm(PortalForm):
    jumlah_pengguna = forms.IntegerField(
        label=_("Jumlah pengguna layanan (populasi) periode ini"), min_value=1, max_value=100_000_000
    )


class RencanaForm(RescopedModelForm):
    class Meta:
        model = RencanaTindakLanjut
        fields = ["unsur", "kegiatan", "penanggung_jawab", "tenggat", "status", "catatan"]
        widgets = {
            "kegiatan": forms.Textarea(attrs={"rows": 3}),
            "catatan": forms.Textarea(attrs={"rows": 2}),
        }
