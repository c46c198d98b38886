"""Forms: input shape and field errors only; writes go through services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from asnportal.forms import PortalForm, ScopedModelForm
from kepegawaian import rules as kp_rules
from kepegawaian.choices import Pendidikan
from kepegawaian.models import User

from .choices import (
    KOREKSI_FIELDS,
    HasilVerifikasi,
    JenisFormasi,
    JenisImpor,
    JenisKomponen,
    TahapPublikasi,
    TahapSanggah,
)
from .models import Lamaran, Pelamar, Seleksi


class SeleksiForm(ScopedModelForm):
    class Meta:
        model = Seleksi
        fields = [
            "nama",
            "jenis",
            "tahun",
            "deskripsi",
            "diumumkan",
            "pendaftaran_mulai",
            "pendaftaran_selesai",
            "verifikasi_selesai",
            "sanggah_administrasi_mulai",
            "sanggah_administrasi_selesai",
            "skd_selesai",
            "skb_selesai",
            "pengumuman",
            "sanggah_selesai",
            "pg_twk",
            "pg_tiu",
            "pg_tkp",
            "bobot_skd",
            "bobot_skb",
            "skd_maks",
            "skb_cat_maks",
            "kelipatan_skb",
            "maks_bobot_tambahan",
        ]
        widgets = {
            f: forms.DateInput()
            for f in [
                "pendaftaran_mulai",
                "pendaftaran_selesai",
                "verifikasi_selesai",
                "sanggah_administrasi_mulai",
                "sanggah_administrasi_selesai",
                "skd_selesai",
                "skb_selesai",
                "pengumuman",
                "sanggah_selesai",
            ]
        } | {"deskripsi": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        urut = [
            "pendaftaran_mulai",
            "pendaftaran_selesai",
            "verifikasi_selesai",
            "skd_selesai",
            "skb_selesai",
            "pengumuman",
            "sanggah_selesai",
        ]
        for a, b in zip(urut, urut[1:], strict=False):
            if data.get(a) and data.get(b) and data[a] > data[b]:
                self.add_error(b, _("Tanggal ini tidak boleh sebelum %(f)s.") % {"f": self.fields[a].label})
        skd, skb = data.get("bobot_skd"), data.get("bobot_skb")
        if skd is not None and skb is not None and skd + skb != 100:
            self.add_error("bobot_skb", _("Bobot SKD + SKB harus 100%."))
        return data


class UsulFormasiForm(PortalForm):
    """One proposed formasi per ABK shortage row (the page renders one of these per jabatan)."""

    jabatan_id = forms.IntegerField(widget=forms.HiddenInput)
    kuota = forms.IntegerField(label=_("Kuota"), min_value=0, required=False)
    pendidikan_minimal = forms.ChoiceField(label=_("Pendidikan"), choices=Pendidikan.choices, initial="S1")
    jenis_formasi = forms.ChoiceField(label=_("Jenis formasi"), choices=JenisFormasi.choices)


UsulFormasiFormSet = forms.formset_factory(UsulFormasiForm, extra=0)


class SetujuiFormasiForm(PortalForm):
    kuota = forms.IntegerField(label=_("Kuota disetujui"), min_value=1)
    alasan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TolakFormasiForm(PortalForm):
    alasan = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))


class PersyaratanForm(PortalForm):
    nama = forms.CharField(label=_("Persyaratan"), max_length=200)
    keterangan = forms.CharField(label=_("Keterangan"), required=False)
    wajib_unggah = forms.BooleanField(label=_("Wajib unggah dokumen"), required=False, initial=True)


class KomponenForm(PortalForm):
    jenis = forms.ChoiceField(
        label=_("Jenis"), choices=JenisKomponen.choices, initial=JenisKomponen.WAWANCARA
    )
    nama = forms.CharField(label=_("Nama"), max_length=100)
    bobot = forms.DecimalField(label=_("Bobot (%)"), max_digits=5, decimal_places=2, min_value=0)
    nilai_maks = forms.DecimalField(
        label=_("Nilai maks."), max_digits=6, decimal_places=2, min_value=1, initial=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, width in (
            ("jenis", "9rem"),
            ("nama", "9rem"),
            ("bobot", "5.5rem"),
            ("nilai_maks", "5.5rem"),
        ):
            self.fields[name].widget.attrs["style"] = f"min-width:{width}"


KomponenFormSet = forms.formset_factory(KomponenForm, extra=2, can_delete=True)


class ImporNilaiForm(PortalForm):
    jenis = forms.ChoiceField(label=_("Jenis nilai"), choices=JenisImpor.choices)
    berkas = forms.FileField(label=_("Berkas CSV/XLSX"))


class PublikasiForm(PortalForm):
    tahap = forms.ChoiceField(label=_("Tahap"), choices=TahapPublikasi.choices)
    nomor = forms.CharField(label=_("Nomor pengumuman"), max_length=100)
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerifikasiForm(PortalForm):
    """One MS/TMS choice and reason per requirement of the formasi."""

    def __init__(self, *args, persyaratan=(), existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.persyaratan = list(persyaratan)
        for s in self.persyaratan:
            old = existing.get(s.pk)
            self.fields[f"hasil_{s.pk}"] = forms.ChoiceField(
                label=s.nama,
                choices=[("", "—")] + list(HasilVerifikasi.choices),
                required=False,
                initial=old.hasil if old else "",
            )
            self.fields[f"alasan_{s.pk}"] = forms.CharField(
                label=_("Alasan"), required=False, initial=old.alasan if old else ""
            )
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm" if name.startswith("hasil_") else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def rows(self):
        return [(s, self[f"hasil_{s.pk}"], self[f"alasan_{s.pk}"]) for s in self.persyaratan]

    def clean(self):
        data = super().clean()
        for s in self.persyaratan:
            if (
                data.get(f"hasil_{s.pk}") == HasilVerifikasi.TMS
                and not data.get(f"alasan_{s.pk}", "").strip()
            ):
                self.add_error(f"alasan_{s.pk}", _("Alasan wajib diisi untuk hasil TMS."))
        return data

    def hasil(self) -> dict[int, tuple[str, str]]:
        return {
            s.pk: (self.cleaned_data[f"hasil_{s.pk}"], self.cleaned_data[f"alasan_{s.pk}"])
            for s in self.persyaratan
            if self.cleaned_data.get(f"hasil_{s.pk}")
        }


class SesiForm(PortalForm):
    komponen = forms.ModelChoiceField(label=_("Komponen"), queryset=None)
    jadwal = forms.DateTimeField(
        label=_("Jadwal"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    tempat = forms.CharField(label=_("Tempat / tautan"), max_length=200)
    panel = forms.ModelMultipleChoiceField(label=_("Panel penilai"), queryset=None)

    def __init__(self, *args, lamaran=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["komponen"].queryset = lamaran.formasi.komponen_skb.exclude(jenis=JenisKomponen.CAT)
        self.fields["panel"].queryset = User.objects.filter(
            instansi_id=lamaran.instansi_id, is_active=True
        ).order_by("username")
        self.fields["panel"].widget.attrs["size"] = 6


class NilaiPanelForm(PortalForm):
    penilai = forms.ModelChoiceField(label=_("Penilai"), queryset=None)
    nilai = forms.DecimalField(label=_("Nilai"), max_digits=6, decimal_places=2, min_value=0)
    catatan = forms.CharField(label=_("Catatan"), required=False)

    def __init__(self, *args, sesi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penilai"].queryset = sesi.panel.all()


class NilaiPanelSendiriForm(PortalForm):
    nilai = forms.DecimalField(label=_("Nilai"), max_digits=6, decimal_places=2, min_value=0)
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class JawabSanggahForm(PortalForm):
    keputusan = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("terima", _("Diterima")), ("tolak", _("Ditolak"))],
        widget=forms.RadioSelect,
    )
    jawaban = forms.CharField(label=_("Jawaban kepada pelamar"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sanggah=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sanggah = sanggah
        if sanggah.tahap == TahapSanggah.HASIL:
            for field, label in KOREKSI_FIELDS.items():
                self.fields[f"koreksi_{field}"] = forms.DecimalField(
                    label=_("Koreksi %(f)s") % {"f": label}, required=False, min_value=0, decimal_places=2
                )
                self.fields[f"koreksi_{field}"].widget.attrs["class"] = "form-control"
        else:
            for s in sanggah.lamaran.formasi.persyaratan.all():
                self.fields[f"syarat_{s.pk}"] = forms.BooleanField(
                    label=_("Ubah menjadi MS: %(s)s") % {"s": s.nama}, required=False
                )

    def koreksi_nilai(self):
        return {
            f: self.cleaned_data.get(f"koreksi_{f}") for f in KOREKSI_FIELDS if f"koreksi_{f}" in self.fields
        }

    def koreksi_syarat(self):
        return {
            int(name.split("_")[1]): (HasilVerifikasi.MS, "")
            for name in self.fields
            if name.startswith("syarat_") and self.cleaned_data.get(name)
        }


# --- Applicant side --------------------------------------------------------------------------------------------
class DaftarPelamarForm(forms.ModelForm):
    password1 = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False)
    setuju = forms.BooleanField(
        label=_("Saya menyetujui pemrosesan data pribadi saya untuk seleksi ini (UU 27/2022)."), required=True
    )

    class Meta:
        model = Pelamar
        fields = ["nik", "nama", "email", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "telepon"]
        widgets = {"tanggal_lahir": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"
            if self.is_bound and name in self.errors:
                field.widget.attrs["class"] += " is-invalid"
        self.fields["nik"].widget.attrs.update(inputmode="numeric", autocomplete="off", maxlength="16")

    def clean_nik(self):
        try:
            return kp_rules.validate_nik(self.cleaned_data["nik"])
        except kp_rules.NipError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        """No "NIK/e-mail already registered" error: it would tell anyone whether a person has an account.
        rekrutmen.services.pelamar_daftar answers the same either way and e-mails the owner instead."""

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kata sandi tidak sama."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class MasukPelamarForm(PortalForm):
    identitas = forms.CharField(label=_("NIK atau e-mail"), max_length=200)
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)


class LamaranForm(forms.ModelForm):
    class Meta:
        model = Lamaran
        fields = ["pendidikan", "jurusan", "institusi_pendidikan", "ipk"]
        help_texts = {"ipk": _("IPK (skala 4) untuk diploma/sarjana, atau rata-rata nilai ijazah untuk SMA.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
            if self.is_bound and name in self.errors:
                field.widget.attrs["class"] += " is-invalid"


class UnggahDokumenForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berkas"].widget.attrs.update(
            {"class": "form-control form-control-sm", "accept": ".pdf,.jpg,.jpeg,.png"}
        )


class SanggahForm(forms.Form):
    tahap = forms.ChoiceField(label=_("Tahap"), choices=TahapSanggah.choices)
    alasan = forms.CharField(label=_("Alasan sanggah"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, tahap_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tahap_choices is not None:
            self.fields["tahap"].choices = tahap_choices
        self.fields["tahap"].widget.attrs["class"] = "form-select"
        self.fields["alasan"].widget.attrs["class"] = "form-control"
