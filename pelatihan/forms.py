from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from asnportal.forms import InstansiUniqueFormMixin, PortalForm, ScopedModelForm
from asnportal.uploads import validate_upload
from kepegawaian.autocomplete import AutocompleteModelMultipleChoiceField, use_autocomplete
from kepegawaian.models import Instansi, Pegawai

from .choices import Hasil, StatusKehadiran
from .models import Evaluasi, Kompetensi, PelatihanEksternal, Program, Rekomendasi, Sesi


class KompetensiForm(InstansiUniqueFormMixin, ScopedModelForm):
    class Meta:
        model = Kompetensi
        fields = ["kode", "nama", "jenis", "jabatan"]
        # Issue 16: never a <select> of every position of the instansi; chosen ones are ticked checkboxes.
        field_classes = {"jabatan": AutocompleteModelMultipleChoiceField}


class ProgramForm(InstansiUniqueFormMixin, ScopedModelForm):
    class Meta:
        model = Program
        fields = [
            "kode",
            "nama",
            "bidang",
            "bentuk",
            "jp",
            "kehadiran_minimal_persen",
            "kompetensi",
            "penyelenggara_instansi",
            "penyelenggara_nama",
            "deskripsi",
            "aktif",
        ]
        widgets = {
            "deskripsi": forms.Textarea(attrs={"rows": 3}),
            "kompetensi": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The organiser may be any instansi (e.g. the province's BPSDM): names of instansi are public.
        self.fields["penyelenggara_instansi"].queryset = Instansi.objects.all()


class SesiForm(ScopedModelForm):
    class Meta:
        model = Sesi
        fields = [
            "program",
            "nama",
            "tanggal_mulai",
            "tanggal_selesai",
            "tempat",
            "tautan_daring",
            "kapasitas",
            "pengajar",
            "anggaran_rencana",
            "biaya_realisasi",
            "status",
        ]
        widgets = {"tanggal_mulai": forms.DateInput(), "tanggal_selesai": forms.DateInput()}

    def clean(self):
        data = super().clean()
        if not data.get("tempat") and not data.get("tautan_daring"):
            self.add_error("tempat", _("Isi tempat atau tautan daring."))
        return data


class AlasanForm(PortalForm):
    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NominasiForm(PortalForm):
    pegawai = forms.ModelChoiceField(label=_("Pegawai"), queryset=Pegawai.objects.none())
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, pegawai_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = pegawai_qs if pegawai_qs is not None else Pegawai.objects.none()
        use_autocomplete(self, "pegawai")
        # StyledFormMixin validated the bound form while marking invalid fields; validate again with the choices.
        self._errors = None


class SelesaiForm(PortalForm):
    hasil = forms.ChoiceField(label=_("Hasil"), choices=Hasil.choices)
    nilai = forms.DecimalField(
        label=_("Nilai (0–100)"), required=False, min_value=0, max_value=100, decimal_places=2
    )


class KehadiranForm(PortalForm):
    tanggal = forms.DateField(label=_("Tanggal"), widget=forms.DateInput())

    def __init__(self, *args, peserta=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.peserta = list(peserta)
        for p in self.peserta:
            self.fields[f"p{p.pk}"] = forms.ChoiceField(
                label=p.pegawai.nama_lengkap,
                choices=StatusKehadiran.choices,
                initial=StatusKehadiran.HADIR,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        self._errors = None  # validate again now that every participant has a field

    def status_per_peserta(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"p{p.pk}"] for p in self.peserta}


class EksternalForm(ScopedModelForm):
    class Meta:
        model = PelatihanEksternal
        fields = [
            "nama",
            "penyelenggara",
            "bentuk",
            "tanggal_mulai",
            "tanggal_selesai",
            "durasi_menit",
            "kompetensi",
            "bukti",
        ]
        widgets = {"tanggal_mulai": forms.DateInput(), "tanggal_selesai": forms.DateInput()}
        help_texts = {"durasi_menit": _("1 JP = 45 menit; contoh: seminar 6 jam = 360 menit = 8 JP.")}

    def __init__(self, *args, untuk_pegawai_lain: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai = None
        if untuk_pegawai_lain:
            # HR records it for a pegawai (who may have no portal account): typed NIP, looked up in the
            # user's own instansi only (a long <select> of every pegawai would not scale).
            self.fields = {
                "nip_pegawai": forms.CharField(
                    label=_("NIP / NI PPPK pegawai"),
                    max_length=30,
                    help_text=_("18 digit; spasi boleh. Pegawai tidak perlu memiliki akun portal."),
                    widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
                ),
                **self.fields,
            }

    def clean_nip_pegawai(self):
        from kepegawaian.models import Pegawai

        nip = "".join(ch for ch in self.cleaned_data["nip_pegawai"] if ch.isdigit())
        self.pegawai = Pegawai.objects.for_user(self.user).filter(nip=nip).first() if nip else None
        if self.pegawai is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP itu di instansi Anda."))
        return nip

    def clean(self):
        data = super().clean()
        a, b = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        if a and b and b < a:
            self.add_error("tanggal_selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    def clean_bukti(self):
        bukti = self.cleaned_data.get("bukti")
        if bukti is not None and hasattr(bukti, "content_type"):
            validate_upload(bukti)
        return bukti

    def _post_clean(self):
        # pegawai/instansi/jp are set by the service; only validate the fields of this form here.
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        try:
            self.instance.full_clean(
                exclude=["pegawai", "instansi", "jp", "bukti"],
                validate_unique=False,
                validate_constraints=False,
            )
        except forms.ValidationError as exc:
            self._update_errors(exc)


class VerifikasiForm(PortalForm):
    keputusan = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("setuju", _("Verifikasi")), ("tolak", _("Tolak"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


SKOR_CHOICES = [(i, str(i)) for i in range(1, 6)]


class EvaluasiForm(ScopedModelForm):
    class Meta:
        model = Evaluasi
        fields = ["skor_materi", "skor_pengajar", "skor_penyelenggaraan", "skor_manfaat", "saran"]
        widgets = {
            "skor_materi": forms.RadioSelect(choices=SKOR_CHOICES, attrs={"class": "form-check-input"}),
            "skor_pengajar": forms.RadioSelect(choices=SKOR_CHOICES, attrs={"class": "form-check-input"}),
            "skor_penyelenggaraan": forms.RadioSelect(
                choices=SKOR_CHOICES, attrs={"class": "form-check-input"}
            ),
            "skor_manfaat": forms.RadioSelect(choices=SKOR_CHOICES, attrs={"class": "form-check-input"}),
            "saran": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"skor_materi": _("1 = sangat kurang, 5 = sangat baik")}

    def _post_clean(self):
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        try:
            self.instance.full_clean(exclude=["peserta"], validate_unique=False, validate_constraints=False)
        except forms.ValidationError as exc:
            self._update_errors(exc)


class SusunRekomendasiForm(PortalForm):
    tahun_kinerja = forms.IntegerField(label=_("Tahun hasil kinerja"), min_value=2000, max_value=2100)


class RencanaForm(ScopedModelForm):
    """Turn selected recommendations into plan lines for one programme."""

    rekomendasi = forms.ModelMultipleChoiceField(
        label=_("Rekomendasi"), queryset=Rekomendasi.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.filter(aktif=True))
    perkiraan_biaya = forms.DecimalField(label=_("Perkiraan biaya per peserta (Rp)"), min_value=0, initial=0)

    class Meta:
        model = Rekomendasi
        fields: list = []
