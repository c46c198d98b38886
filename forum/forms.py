"""Forum forms: input shape only; views pass cleaned_data to forum.services."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from asnportal.forms import PortalForm, ScopedFormMixin
from kepegawaian.models import Instansi

from .models import AksiModerasi, Kategori
from .picker import PenggunaPickerField

BROADCAST_HELP = _(
    "Sebutan seluruh instansi atau unit hanya berlaku dari petugas SDM (instansinya sendiri) dan pimpinan "
    "unit (unitnya sendiri)."
)
MARKDOWN_HELP = format_lazy(
    "{} {}",
    _(
        "Markdown: **tebal**, _miring_, `kode`, [tautan](https://…), > kutipan, daftar dengan - . "
        "Sebut orang dengan @namapengguna, seluruh instansi dengan @kode-instansi (mis. @kab-bungo), "
        "atau satu unit dengan @kode-instansi/singkatan-unit (mis. @kab-bungo/bpbd)."
    ),
    BROADCAST_HELP,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PosForm(PortalForm):
    isi = forms.CharField(
        label=_("Isi"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=MARKDOWN_HELP,
    )
    kutipan = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lampiran = MultipleFileField(
        label=_("Lampiran (PDF/JPG/PNG)"),
        required=False,
        help_text=_("Isi berkas diperiksa; ukuran dibatasi."),
    )


class TopikForm(ScopedFormMixin, forms.Form):
    judul = forms.CharField(label=_("Judul"), max_length=200, min_length=5)
    kategori = forms.ModelChoiceField(label=_("Kategori"), queryset=Kategori.objects.all(), required=False)
    isi = PosForm.base_fields["isi"]
    lampiran = PosForm.base_fields["lampiran"]


class ModerasiTopikForm(ScopedFormMixin, forms.Form):
    aksi = forms.ChoiceField(
        label=_("Tindakan"),
        choices=[
            (a.value, a.label)
            for a in (
                AksiModerasi.PIN,
                AksiModerasi.UNPIN,
                AksiModerasi.LOCK,
                AksiModerasi.UNLOCK,
                AksiModerasi.MOVE,
                AksiModerasi.HIDE,
                AksiModerasi.RESTORE,
                AksiModerasi.PRAKTIK_BAIK,
                AksiModerasi.PRAKTIK_BAIK_CABUT,
            )
        ],
    )
    kategori = forms.ModelChoiceField(
        label=_("Pindahkan ke kategori"), queryset=Kategori.objects.all(), required=False
    )
    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), min_length=5)


class AlasanForm(PortalForm):
    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), min_length=5)


class ModerasiPosForm(AlasanForm):
    aksi = forms.ChoiceField(
        label=_("Tindakan"),
        choices=[
            (AksiModerasi.HIDE.value, AksiModerasi.HIDE.label),
            (AksiModerasi.RESTORE.value, AksiModerasi.RESTORE.label),
        ],
    )


class AdopsiForm(PortalForm):
    tanggal = forms.DateField(label=_("Tanggal mulai diterapkan"), widget=forms.DateInput)
    catatan = forms.CharField(
        label=_("Catatan penerapan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class RuangForm(PortalForm):
    nama = forms.CharField(label=_("Nama ruang"), max_length=160, min_length=5)
    deskripsi = forms.CharField(
        label=_("Situasi / tujuan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    undangan = forms.CharField(
        label=_("Undang anggota"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Nama pengguna, @kode-instansi, atau @kode-instansi/unit; pisahkan dengan spasi atau koma."
        ),
    )

    undang_pengguna = PenggunaPickerField(label=_("Atau cari dan pilih pengguna"))

    def clean(self):
        """The picked user joins the text field's user names (deduplicated); group handles stay there."""
        data = super().clean()
        user = data.pop("undang_pengguna", None)
        if user is not None and "undangan" in data:
            tokens = data["undangan"].replace(",", " ").split()
            if user.username.lower() not in {t.lstrip("@").lower() for t in tokens}:
                tokens.append(user.username)
            data["undangan"] = " ".join(tokens)
        return data


class UndanganForm(RuangForm):
    nama = None
    deskripsi = None
    koordinator = forms.BooleanField(label=_("Jadikan koordinator"), required=False)


class CariForm(ScopedFormMixin, forms.Form):
    q = forms.CharField(label=_("Kata kunci"), required=False, max_length=200)
    kategori = forms.ModelChoiceField(label=_("Kategori"), queryset=Kategori.objects.all(), required=False)
    instansi = forms.ModelChoiceField(
        label=_("Instansi penulis"), queryset=Instansi.objects.none(), required=False
    )
    penulis = forms.CharField(label=_("Penulis (nama pengguna)"), required=False, max_length=150)
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput)
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Authors come from every instansi: the instansi filter lists them all (names are public data).
        self.fields["instansi"].queryset = Instansi.objects.all()
