from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from asnportal.forms import PortalForm, ScopedModelForm
from asnportal.uploads import document_validator, image_validator

from . import rules, selectors
from .autocomplete import use_autocomplete
from .choices import JenisDokumen, JenisUsulanData, KeputusanSelisih, Pendidikan
from .models import (
    DokumenPegawai,
    Instansi,
    Jabatan,
    Pegawai,
    PenugasanPlt,
    PerubahanPenataan,
    RencanaPenataan,
    RiwayatPangkat,
    UnitKerja,
    UraianTugas,
    UsulanMutasi,
)


class PegawaiForm(ScopedModelForm):
    foto = forms.ImageField(label=_("Foto"), required=False, validators=[image_validator])

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "status_kepegawaian",
            "nik",
            "gelar_depan",
            "nama",
            "gelar_belakang",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "agama",
            "tmt_cpns",
            "golongan",
            "tmt_golongan",
            "jabatan",
            "tmt_jabatan",
            "pendidikan_terakhir",
            "jurusan",
            "email",
            "telepon",
            "alamat",
            "status_aktif",
            "foto",
        ]
        widgets = {"alamat": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, instansi_id=None, **kwargs):
        # Set before super().__init__: the styling mixin reads self.errors, which runs _post_clean.
        self._instansi_id = instansi_id
        super().__init__(*args, **kwargs)
        use_autocomplete(self, "jabatan")

    def _post_clean(self):
        # The model's clean() cross-checks NIP against birth date and gender; it needs the instansi.
        if self._instansi_id and not self.instance.instansi_id:
            self.instance.instansi_id = self._instansi_id
        super()._post_clean()

    def clean_nip(self):
        nip = self.cleaned_data.get("nip")
        pesan = selectors.nip_tidak_tersedia(
            nip,
            instansi_id=self.instance.instansi_id
            or self._instansi_id
            or getattr(self.user, "instansi_id", None),
            exclude_pk=self.instance.pk,
        )
        if pesan:
            raise forms.ValidationError(pesan, code="nip_tidak_tersedia")
        return nip

    def validate_unique(self):
        # NIP uniqueness is checked by clean_nip, whose message does not tell whether another instansi has it.
        exclude = self._get_validation_exclusions()
        exclude.add("nip")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)


class RiwayatPangkatForm(ScopedModelForm):
    class Meta:
        model = RiwayatPangkat
        fields = ["golongan", "tmt", "jenis", "nomor_sk", "tanggal_sk"]
        widgets = {"tmt": forms.DateInput(), "tanggal_sk": forms.DateInput()}


class ProfilKontakForm(ScopedModelForm):
    class Meta:
        model = Pegawai
        fields = ["email", "telepon", "alamat"]
        widgets = {"alamat": forms.Textarea(attrs={"rows": 2})}


class UnitKerjaForm(ScopedModelForm):
    class Meta:
        model = UnitKerja
        fields = ["nama", "singkatan", "jenis", "parent", "kode", "urutan", "aktif"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self, "parent")


class JabatanForm(ScopedModelForm):
    class Meta:
        model = Jabatan
        fields = [
            "nama",
            "kode",
            "unit_kerja",
            "parent",
            "jenis",
            "jenjang",
            "kelas_jabatan",
            "jumlah_formasi",
            "is_kepala_unit",
            "aktif",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self, "unit_kerja", "parent")


# --- ANJAB / ABK -------------------------------------------------------------------------------------------
class UraianTugasForm(ScopedModelForm):
    class Meta:
        model = UraianTugas
        fields = ["urutan", "uraian", "hasil_kerja", "volume", "periode", "norma_waktu"]


class IkhtisarForm(PortalForm):
    ikhtisar = forms.CharField(
        label=_("Ikhtisar jabatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Penataan ----------------------------------------------------------------------------------------------
class RencanaPenataanForm(ScopedModelForm):
    class Meta:
        model = RencanaPenataan
        fields = ["nama", "nomor_sk", "tanggal_efektif", "keterangan"]
        widgets = {"keterangan": forms.Textarea(attrs={"rows": 2}), "tanggal_efektif": forms.DateInput()}


class PerubahanPenataanForm(ScopedModelForm):
    class Meta:
        model = PerubahanPenataan
        fields = [
            "jenis",
            "unit",
            "unit_tujuan",
            "jabatan",
            "jabatan_tujuan",
            "pegawai",
            "nama_baru",
            "jenis_jabatan_baru",
            "jenjang_baru",
            "aktif_baru",
        ]
        help_texts = {
            "unit_tujuan": _(
                "Induk baru (pindah/bentuk unit), unit penampung (gabung) atau unit tujuan jabatan."
            ),
            "jabatan_tujuan": _(
                "Jabatan atasan baru (pindah jabatan) atau jabatan tujuan (tempatkan pegawai)."
            ),
            "aktif_baru": _("Untuk aktifkan/nonaktifkan unit."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aktif_baru"].widget = forms.Select(
            choices=[("", "—"), ("true", _("Aktif")), ("false", _("Nonaktif"))],
            attrs={"class": "form-select"},
        )
        self.fields["aktif_baru"] = forms.NullBooleanField(
            label=_("Status unit"), required=False, widget=self.fields["aktif_baru"].widget
        )
        use_autocomplete(
            self,
            "unit",
            "unit_tujuan",
            "jabatan",
            "jabatan_tujuan",
            "pegawai",
            filters={"pegawai": ("aktif",)},
        )


class KompensasiForm(PortalForm):
    tanggal_efektif = forms.DateField(label=_("Tanggal efektif pembalikan"), widget=forms.DateInput())


# --- Mutasi ------------------------------------------------------------------------------------------------
class UsulanMutasiForm(ScopedModelForm):
    class Meta:
        model = UsulanMutasi
        fields = ["pegawai", "jenis", "jabatan_tujuan", "tmt", "alasan"]
        widgets = {"alasan": forms.Textarea(attrs={"rows": 2}), "tmt": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(
            self, "pegawai", "jabatan_tujuan", filters={"pegawai": ("aktif",), "jabatan_tujuan": ("aktif",)}
        )


class SetujuiMutasiForm(PortalForm):
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100)
    tanggal_sk = forms.DateField(label=_("Tanggal SK"), widget=forms.DateInput())
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TolakForm(PortalForm):
    catatan = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))


# --- Bulk data ---------------------------------------------------------------------------------------------
class ImporForm(PortalForm):
    berkas = forms.FileField(label=_("Berkas CSV/XLSX"))
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[("uji", _("Uji coba (tidak menyimpan)")), ("simpan", _("Impor dan simpan"))],
        initial="uji",
        widget=forms.RadioSelect,
    )


class SiasnForm(PortalForm):
    berkas = forms.FileField(label=_("Ekstrak SIASN (CSV/XLSX)"))


class PutuskanSelisihForm(PortalForm):
    keputusan = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(c.value, c.label) for c in KeputusanSelisih if c != KeputusanSelisih.BELUM],
    )
    catatan = forms.CharField(label=_("Catatan"), required=False, max_length=255)


# --- Personnel file and self-service -------------------------------------------------------------------------
class DokumenPegawaiForm(ScopedModelForm):
    berkas = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"), validators=[document_validator])

    class Meta:
        model = DokumenPegawai
        fields = ["jenis", "nomor", "tanggal", "keterangan", "berkas"]
        widgets = {"tanggal": forms.DateInput()}


class UsulanDataForm(PortalForm):
    jenis = forms.ChoiceField(label=_("Jenis usulan"), choices=JenisUsulanData.choices)
    tempat_lahir = forms.CharField(label=_("Tempat lahir"), required=False, max_length=100)
    agama = forms.CharField(label=_("Agama"), required=False, max_length=20)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=16)
    alamat = forms.CharField(label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    telepon = forms.CharField(label=_("Telepon"), required=False, max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)
    pendidikan_terakhir = forms.ChoiceField(
        label=_("Pendidikan terakhir"), required=False, choices=[("", "—"), *Pendidikan.choices]
    )
    jurusan = forms.CharField(label=_("Jurusan / program studi"), required=False, max_length=150)
    gelar_depan = forms.CharField(label=_("Gelar depan"), required=False, max_length=40)
    gelar_belakang = forms.CharField(label=_("Gelar belakang"), required=False, max_length=60)
    jenis_dokumen = forms.ChoiceField(
        label=_("Jenis dokumen"), required=False, choices=[("", "—"), *JenisDokumen.choices]
    )
    nomor_dokumen = forms.CharField(label=_("Nomor dokumen"), required=False, max_length=100)
    dokumen = forms.FileField(
        label=_("Dokumen pendukung (PDF/JPG/PNG)"), required=False, validators=[document_validator]
    )
    keterangan = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_nik(self):
        nik = self.cleaned_data.get("nik", "")
        if nik:
            try:
                rules.validate_nik(nik)
            except rules.NipError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return nik


# --- Plt./Plh. ---------------------------------------------------------------------------------------------
class PenugasanPltForm(ScopedModelForm):
    """HR records the SK of a Plt./Plh.: who acts, in which position, from when to when."""

    class Meta:
        model = PenugasanPlt
        fields = [
            "pegawai",
            "jabatan",
            "jenis",
            "tanggal_mulai",
            "tanggal_selesai",
            "nomor_sk",
            "tanggal_sk",
            "keterangan",
        ]
        widgets = {
            "tanggal_mulai": forms.DateInput(),
            "tanggal_selesai": forms.DateInput(),
            "tanggal_sk": forms.DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = self.fields["pegawai"].queryset.filter(status_aktif="aktif")
        jab = self.fields["jabatan"]
        jab.queryset = jab.queryset.filter(aktif=True).select_related("unit_kerja")
        # Thousands of pegawai and positions: scoped autocompletes, never a long <select> (issue 16).
        use_autocomplete(self, "pegawai", "jabatan", filters={"pegawai": ("aktif",), "jabatan": ("aktif",)})

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("tanggal_selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


# --- A new daerah / instansi, set up by a superadmin from the portal ----------------------------------------
class InstansiForm(ScopedModelForm):
    class Meta:
        model = Instansi
        fields = [
            "kode",
            "nama",
            "nama_singkat",
            "jenis",
            "kode_wilayah",
            "provinsi",
            "ibu_kota",
            "alamat",
            "nama_badan_kepegawaian",
            "kop_baris",
            "wke_menit",
        ]
        widgets = {
            "alamat": forms.Textarea(attrs={"rows": 2}),
            "kop_baris": forms.Textarea(attrs={"rows": 3}),
        }
