from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from asnportal.api import ScopedModelSerializer

from ..models import Instansi, Jabatan, Pegawai, UnitKerja


class InstansiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instansi
        fields = ["id", "kode", "nama", "nama_singkat", "jenis", "kode_wilayah", "provinsi", "ibu_kota"]


class UnitKerjaSerializer(ScopedModelSerializer):
    class Meta:
        model = UnitKerja
        fields = [
            "id",
            "instansi",
            "parent",
            "nama",
            "singkatan",
            "jenis",
            "kode",
            "depth",
            "urutan",
            "aktif",
        ]
        read_only_fields = ["instansi", "depth"]


class JabatanSerializer(ScopedModelSerializer):
    class Meta:
        model = Jabatan
        fields = [
            "id",
            "instansi",
            "unit_kerja",
            "parent",
            "nama",
            "kode",
            "jenis",
            "jenjang",
            "kelas_jabatan",
            "jumlah_formasi",
            "is_kepala_unit",
            "aktif",
        ]
        read_only_fields = ["instansi"]


class PegawaiSerializer(ScopedModelSerializer):
    pangkat = serializers.CharField(read_only=True)
    nama_lengkap = serializers.CharField(read_only=True)
    unit_kerja_nama = serializers.CharField(source="unit_kerja.nama", read_only=True, default=None)
    jabatan_nama = serializers.CharField(source="jabatan.nama", read_only=True, default=None)
    nik = serializers.CharField(write_only=True, required=False, allow_blank=True)
    nik_tersamar = serializers.CharField(read_only=True)

    class Meta:
        model = Pegawai
        fields = [
            "id",
            "instansi",
            "nip",
            "nik",
            "nik_tersamar",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "nama_lengkap",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "status_kepegawaian",
            "status_aktif",
            "tmt_cpns",
            "golongan",
            "pangkat",
            "tmt_golongan",
            "jabatan",
            "jabatan_nama",
            "tmt_jabatan",
            "unit_kerja",
            "unit_kerja_nama",
            "pendidikan_terakhir",
            "jurusan",
            "email",
            "telepon",
        ]
        read_only_fields = ["instansi", "unit_kerja"]

    def validate(self, attrs):
        # Run the model's cross-field rules (NIP vs birth date and gender) on a throwaway instance.
        request = self.context["request"]
        instance = Pegawai(**{**self._current(), **attrs})
        instance.instansi_id = (self.instance.instansi_id if self.instance else request.user.instansi_id) or (
            attrs["jabatan"].instansi_id if attrs.get("jabatan") else None
        )
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs

    def _current(self):
        if not self.instance:
            return {}
        return {
            f.name: getattr(self.instance, f.name)
            for f in Pegawai._meta.concrete_fields
            if f.name not in ("id", "instansi", "foto", "updated_at")
        }
