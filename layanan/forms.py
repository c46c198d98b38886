from django import forms
from django.utils.translation import gettext_lazy as _

from asnportal.uploads import validate_upload

from .choices import AksiMassal


class UnggahForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"))

    def clean_berkas(self):
        f = self.cleaned_data["berkas"]
        validate_upload(f)
        return f


class VerifikasiForm(forms.Form):
    hasil = forms.ChoiceField(
        label=_("Hasil"), choices=[("terima", _("Terima")), ("kembalikan", _("Kembalikan"))]
    )
    alasan = forms.CharField(label=_("Alasan (wajib bila dikembalikan)"), required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("hasil") == "kembalikan" and not (data.get("alasan") or "").strip():
            self.add_error("alasan", _("Tulis alasan pengembalian berkas."))
        return data


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class MassalForm(forms.Form):
    aksi = forms.ChoiceField(label=_("Aksi"), choices=AksiMassal.choices)


def ids_dari(post) -> list[int]:
    """Selected row ids of a bulk form (scoping is applied by the service)."""
    return sorted({int(x) for x in post.getlist("ids") if str(x).isdigit()})[:2000]
