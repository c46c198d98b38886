from django import forms
from django.utils.translation import gettext_lazy as _

from asnportal.forms import ScopedModelForm
from asnportal.uploads import image_validator

from .models import Jabatan, Pegawai, UnitKerja


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
        super().__init__(*args, **kwargs)
        self._instansi_id = instansi_id
        self.fields["jabatan"].queryset = self.fields["jabatan"].queryset.select_related("unit_kerja")

    def _post_clean(self):
        # The model's clean() cross-checks NIP against birth date and gender; it needs the instansi.
        if self._instansi_id and not self.instance.instansi_id:
            self.instance.instansi_id = self._instansi_id
        super()._post_clean()


class ProfilKontakForm(ScopedModelForm):
    class Meta:
        model = Pegawai
        fields = ["email", "telepon", "alamat"]
        widgets = {"alamat": forms.Textarea(attrs={"rows": 2})}


class UnitKerjaForm(ScopedModelForm):
    class Meta:
        model = UnitKerja
        fields = ["nama", "singkatan", "jenis", "parent", "kode", "urutan", "aktif"]


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
