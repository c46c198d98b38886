"""Forms: Bootstrap styling and scoped choices (asnportal.forms)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asnportal.forms import PortalForm, ScopedModelForm
from asnportal.uploads import validate_upload
from kepegawaian.autocomplete import use_autocomplete
from kepegawaian.models import Pegawai, UnitKerja

from .choices import JenisPresensi
from .models import (
    AmbangDisiplin,
    HariLibur,
    JadwalKerja,
    JenisCuti,
    KoreksiPresensi,
    LokasiKantor,
    PengajuanCuti,
    SaldoCuti,
    Shift,
)


class PresensiForm(PortalForm):
    """Check-in/out. latitude/longitude/akurasi are filled by kehadiran/presensi.js when the phone gives a
    position; without JavaScript they stay empty and the office network is checked instead."""

    jenis = forms.ChoiceField(
        choices=[
            (JenisPresensi.MASUK, pgettext_lazy("presensi", "Masuk")),
            (JenisPresensi.PULANG, pgettext_lazy("presensi", "Pulang")),
        ]
    )
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    akurasi = forms.FloatField(required=False, min_value=0, widget=forms.HiddenInput)


class ImporForm(PortalForm):
    berkas = forms.FileField(label=_("Berkas ekspor mesin (CSV atau XLSX)"))


class BulanForm(PortalForm):
    bulan = forms.CharField(label=_("Bulan"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    unit = forms.ModelChoiceField(
        queryset=UnitKerja.objects.all(), required=False, label=_("Unit kerja"), empty_label=_("Semua unit")
    )
    ambang = forms.BooleanField(required=False, label=_("Hanya yang melewati ambang"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.for_user(user).filter(depth__lte=1)


class KoreksiForm(ScopedModelForm):
    class Meta:
        model = KoreksiPresensi
        fields = ["tanggal", "jenis", "jam_masuk", "jam_pulang", "alasan", "bukti"]
        widgets = {
            "tanggal": forms.DateInput(),
            "jam_masuk": forms.TimeInput(attrs={"type": "time"}),
            "jam_pulang": forms.TimeInput(attrs={"type": "time"}),
            "alasan": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_bukti(self):
        f = self.cleaned_data.get("bukti")
        if f:
            validate_upload(f)
        return f


class KeputusanForm(PortalForm):
    keputusan = forms.ChoiceField(
        choices=[("setuju", _("Setujui")), ("tolak", _("Tolak"))], widget=forms.RadioSelect
    )
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CutiForm(ScopedModelForm):
    class Meta:
        model = PengajuanCuti
        fields = [
            "jenis",
            "tanggal_mulai",
            "tanggal_selesai",
            "alasan",
            "alasan_mundur",
            "alamat_selama_cuti",
            "bukti",
        ]
        widgets = {
            "tanggal_mulai": forms.DateInput(),
            "tanggal_selesai": forms.DateInput(),
            "alasan": forms.Textarea(attrs={"rows": 3}),
            "alasan_mundur": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, jenis_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if jenis_qs is not None:
            self.fields["jenis"].queryset = jenis_qs

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        # Beside the field, before the database constraint could answer with its generic message.
        if mulai and selesai and selesai < mulai:
            self.add_error("tanggal_selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        if mulai and mulai < timezone.localdate() and not (data.get("alasan_mundur") or "").strip():
            self.add_error(
                "alasan_mundur",
                _("Tanggal mulai sudah lewat: jelaskan mengapa cuti ini baru diajukan sekarang."),
            )
        return data

    def clean_bukti(self):
        f = self.cleaned_data.get("bukti")
        if f:
            validate_upload(f)
        return f


class JadwalKerjaForm(ScopedModelForm):
    class Meta:
        model = JadwalKerja
        fields = [
            "nama",
            "unit_kerja",
            "hari_kerja",
            "jam_masuk",
            "jam_pulang",
            "jam_pulang_jumat",
            "toleransi_menit",
            "berbasis_shift",
            "aktif",
        ]
        widgets = {
            "jam_masuk": forms.TimeInput(attrs={"type": "time"}),
            "jam_pulang": forms.TimeInput(attrs={"type": "time"}),
            "jam_pulang_jumat": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        data = super().clean()
        # The (instansi, ...) constraints cannot be checked by the ModelForm: instansi is not a form field.
        if data.get("aktif") and self.user is not None:
            qs = JadwalKerja.objects.for_user(self.user).filter(aktif=True, unit_kerja=data.get("unit_kerja"))
            if self.instance.pk:
                qs = qs.exclude(pk=self.instance.pk)
            if qs.exists():
                self.add_error(
                    "unit_kerja",
                    _(
                        "Sudah ada jadwal aktif untuk unit ini (atau jadwal bawaan instansi). Ubah jadwal itu."
                    ),
                )
        return data


class ShiftForm(ScopedModelForm):
    class Meta:
        model = Shift
        fields = ["jadwal", "kode", "nama", "jam_masuk", "jam_pulang"]
        widgets = {
            "jam_masuk": forms.TimeInput(attrs={"type": "time"}),
            "jam_pulang": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jadwal"].queryset = self.fields["jadwal"].queryset.filter(berbasis_shift=True)


class JadwalShiftForm(PortalForm):
    """Roster a pegawai on one shift for every date of a range."""

    pegawai = forms.ModelChoiceField(queryset=Pegawai.objects.all(), label=_("Pegawai"))
    shift = forms.ModelChoiceField(queryset=Shift.objects.all(), label=_("Shift"))
    mulai = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput())
    selesai = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = Pegawai.objects.for_user(user).aktif()
        use_autocomplete(self, "pegawai")
        self.fields["shift"].queryset = Shift.objects.for_user(user).select_related("jadwal")

    def clean(self):
        data = super().clean()
        if data.get("mulai") and data.get("selesai"):
            if data["selesai"] < data["mulai"]:
                self.add_error("selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
            elif (data["selesai"] - data["mulai"]).days > 62:
                self.add_error("selesai", _("Paling lama 62 hari sekali isi."))
        return data


class HariLiburForm(ScopedModelForm):
    class Meta:
        model = HariLibur
        fields = ["tanggal", "nama", "jenis"]
        widgets = {"tanggal": forms.DateInput()}

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        qs = HariLibur.objects.for_user(self.user).filter(tanggal=tanggal)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(_("Tanggal ini sudah tercatat sebagai hari libur."))
        return tanggal


class LokasiKantorForm(ScopedModelForm):
    class Meta:
        model = LokasiKantor
        fields = ["unit_kerja", "nama", "mode", "latitude", "longitude", "radius_m", "jaringan"]
        widgets = {"jaringan": forms.Textarea(attrs={"rows": 2})}


class JenisCutiForm(ScopedModelForm):
    class Meta:
        model = JenisCuti
        fields = [
            "nama",
            "untuk_pns",
            "untuk_pppk",
            "hak_hari_per_tahun",
            "maks_tangguhan_hari",
            "potong_saldo",
            "perlu_bukti",
            "maks_hari_per_pengajuan",
            "aktif",
        ]


class SaldoCutiForm(ScopedModelForm):
    class Meta:
        model = SaldoCuti
        fields = ["hak_hari", "tangguhan_hari", "penyesuaian_hari"]


class AmbangForm(ScopedModelForm):
    class Meta:
        model = AmbangDisiplin
        fields = ["min_persentase_kehadiran", "maks_terlambat_menit", "maks_tanpa_keterangan"]


class HitungUlangForm(PortalForm):
    mulai = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput())
    selesai = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput())

    def clean(self):
        data = super().clean()
        if data.get("mulai") and data.get("selesai") and data["selesai"] < data["mulai"]:
            self.add_error("selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data
