"""Input shape and field errors (Indonesian). Views pass cleaned_data to services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asnportal.forms import PortalForm, ScopedFormMixin, ScopedModelForm, StyledFormMixin
from asnportal.uploads import validate_upload
from kepegawaian.autocomplete import use_autocomplete
from kepegawaian.models import Pegawai

from .choices import NilaiBerakhlak, Pendekatan, PredikatOrganisasi, Rating
from .models import IndikatorKinerja, PengaturanKinerja, Penghargaan, RencanaHasilKerja


def _revalidate(form) -> None:
    """asnportal.forms.StyledFormMixin reads `form.errors` inside __init__, i.e. it validates a bound form
    BEFORE the choices are narrowed (scoped). Drop that early result so validation runs again against the
    scoped querysets. (Shared fix requested from the lead: scope before styling.)"""
    if form.is_bound:
        form._errors = None
        form.cleaned_data = {}
        for name in form.fields:
            if name in form.errors:
                css = form.fields[name].widget.attrs.get("class", "")
                if "is-invalid" not in css:
                    form.fields[name].widget.attrs["class"] = f"{css} is-invalid".strip()


class SKPBuatForm(PortalForm):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2020, max_value=2100)
    pendekatan = forms.ChoiceField(label=_("Pendekatan"), choices=Pendekatan.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].initial = timezone.localdate().year


class RHKForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RencanaHasilKerja
        fields = ["jenis", "urutan", "uraian", "rhk_atasan"]
        widgets = {"uraian": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, rhk_atasan_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rhk_atasan"].queryset = (
            rhk_atasan_qs if rhk_atasan_qs is not None else RencanaHasilKerja.objects.none()
        )
        self.fields["rhk_atasan"].required = False
        _revalidate(self)


class IndikatorForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = IndikatorKinerja
        fields = ["aspek", "indikator", "target", "satuan"]


class CatatanForm(PortalForm):
    catatan = forms.CharField(label=_("Catatan untuk pegawai"), widget=forms.Textarea(attrs={"rows": 3}))


class AlasanForm(PortalForm):
    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class PerilakuForm(PortalForm):
    ekspektasi_khusus = forms.CharField(
        label=_("Ekspektasi khusus pimpinan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RealisasiForm(PortalForm):
    nilai = forms.DecimalField(label=_("Realisasi"), min_value=0, max_digits=12, decimal_places=2)
    catatan = forms.CharField(
        label=_("Catatan singkat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    berkas = forms.FileField(label=_("Bukti dukung (PDF/JPG/PNG)"), required=False)
    tautan = forms.URLField(label=_("atau tautan bukti dukung"), required=False, assume_scheme="https")

    def clean_berkas(self):
        f = self.cleaned_data.get("berkas")
        if f:
            validate_upload(f)
        return f


class EvaluasiForm(PortalForm):
    rating_hasil = forms.ChoiceField(
        label=_("Rating hasil kerja"), choices=Rating.choices, widget=forms.RadioSelect
    )
    rating_perilaku = forms.ChoiceField(
        label=_("Rating perilaku kerja"), choices=Rating.choices, widget=forms.RadioSelect
    )
    catatan = forms.CharField(
        label=_("Umpan balik umum"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    catatan_perilaku = forms.CharField(
        label=_("Umpan balik perilaku kerja (BerAKHLAK)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rhk_list=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rhk_fields = []
        for rhk in rhk_list:
            name = f"ub_{rhk.pk}"
            self.fields[name] = forms.CharField(
                label=_("Umpan balik: %(rhk)s") % {"rhk": rhk.uraian[:80]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            self.rhk_fields.append(name)

    def umpan_balik(self) -> dict:
        return {name[3:]: self.cleaned_data.get(name, "") for name in self.rhk_fields}


class FinalisasiForm(PortalForm):
    predikat_organisasi = forms.ChoiceField(
        label=_("Predikat kinerja organisasi unit"), choices=PredikatOrganisasi.choices
    )
    konfirmasi = forms.BooleanField(
        label=_("Saya telah memeriksa peringatan distribusi dan tetap menetapkan predikat"), required=False
    )


class KeberatanForm(PortalForm):
    alasan = forms.CharField(label=_("Alasan keberatan"), widget=forms.Textarea(attrs={"rows": 4}))


class KeputusanForm(PortalForm):
    diterima = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=[("0", _("Tolak: predikat tetap")), ("1", _("Terima: ubah rating"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    rating_hasil = forms.ChoiceField(
        label=_("Rating hasil kerja baru"), choices=[("", "—"), *Rating.choices], required=False
    )
    rating_perilaku = forms.ChoiceField(
        label=_("Rating perilaku kerja baru"), choices=[("", "—"), *Rating.choices], required=False
    )
    keputusan = forms.CharField(label=_("Pertimbangan"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("diterima") and not (data.get("rating_hasil") and data.get("rating_perilaku")):
            raise ValidationError(_("Pilih rating baru bila keberatan diterima."))
        return data


class PenghargaanForm(ScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self, "pegawai")
        _revalidate(self)

    class Meta:
        model = Penghargaan
        fields = ["pegawai", "tahun", "jenis", "nama", "uraian", "tanggal"]
        widgets = {"tanggal": forms.DateInput(), "uraian": forms.Textarea(attrs={"rows": 3})}


class PengaturanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PengaturanKinerja
        fields = [
            "periode_evaluasi",
            "umpan_balik_rekan",
            "dominan_maks",
            "mayoritas_min",
            "pendamping_min",
            "sangat_baik_maks",
            "potensi_tinggi_min",
            "potensi_menengah_min",
            "dipublikasikan",
            "tahun_publikasi",
        ]


class RekanMintaForm(PortalForm):
    responden = forms.ModelMultipleChoiceField(
        label=_("Rekan kerja / bawahan yang diminta"),
        queryset=Pegawai.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pegawai_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pegawai_qs is not None:
            self.fields["responden"].queryset = pegawai_qs
        _revalidate(self)


SKOR_CHOICES = [
    ("1", _("Di bawah ekspektasi")),
    ("2", _("Sesuai ekspektasi")),
    ("3", _("Di atas ekspektasi")),
]


class RekanJawabForm(PortalForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in NilaiBerakhlak.choices:
            self.fields[value] = forms.ChoiceField(
                label=label, choices=SKOR_CHOICES, widget=forms.RadioSelect
            )


class NilaiPotensiForm(ScopedFormMixin, forms.Form):
    """Potensi score of a pegawai in a year (the nine-box's second axis), entered by whoever may enter it
    through the API (kinerja.services.potensi_save checks)."""

    pegawai = forms.ModelChoiceField(label=_("Pegawai"), queryset=Pegawai.objects.all())
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    skor = forms.DecimalField(label=_("Skor potensi (0–100)"), min_value=0, max_value=100, decimal_places=2)
    sumber = forms.CharField(label=_("Sumber penilaian"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self, "pegawai", filters={"pegawai": ("aktif",)})
