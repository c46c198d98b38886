from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from asnportal.api import ScopedModelSerializer
from kepegawaian import selectors

from ..models import (
    DokumenPegawai,
    Instansi,
    Jabatan,
    Pegawai,
    PenugasanPlt,
    PerubahanPenataan,
    RekonsiliasiSIASN,
    RencanaPenataan,
    SelisihSIASN,
    UnitKerja,
    UraianTugas,
    UsulanMutasi,
    UsulanPerubahanData,
)


class InstansiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instansi
        fields = ["id", "kode", "nama", "nama_singkat", "jenis", "kode_wilayah", "provinsi", "ibu_kota"]


class UnitKerjaSerializer(ScopedModelSerializer):
    label = serializers.CharField(
        read_only=True, help_text="Nama dengan induknya: unit · … · perangkat daerah."
    )
    path = serializers.ListField(
        source="path_names",
        child=serializers.CharField(),
        read_only=True,
        help_text="Nama dari perangkat daerah sampai unit ini.",
    )

    class Meta:
        model = UnitKerja
        fields = [
            "id",
            "instansi",
            "parent",
            "nama",
            "label",
            "path",
            "singkatan",
            "jenis",
            "kode",
            "depth",
            "urutan",
            "aktif",
        ]
        read_only_fields = ["instansi", "depth"]


class JabatanSerializer(ScopedModelSerializer):
    label = serializers.CharField(
        read_only=True, help_text="Nama jabatan — unit kerja · … · perangkat daerah."
    )

    class Meta:
        model = Jabatan
        fields = [
            "id",
            "instansi",
            "unit_kerja",
            "parent",
            "nama",
            "label",
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
    unit_kerja_label = serializers.CharField(source="unit_kerja.label", read_only=True, default=None)
    jabatan_nama = serializers.CharField(source="jabatan.nama", read_only=True, default=None)
    jabatan_kode = serializers.CharField(source="jabatan.kode", read_only=True, default=None)
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
            "jabatan_kode",
            "tmt_jabatan",
            "unit_kerja",
            "unit_kerja_nama",
            "unit_kerja_label",
            "pendidikan_terakhir",
            "jurusan",
            "email",
            "telepon",
        ]
        read_only_fields = ["instansi", "unit_kerja"]
        # NIP uniqueness is checked by validate_nip, whose message does not tell whether another instansi has it.
        extra_kwargs = {"nip": {"validators": []}}

    def validate_nip(self, value):
        instansi_id = self.instance.instansi_id if self.instance else self.context["request"].user.instansi_id
        pesan = selectors.nip_tidak_tersedia(
            value, instansi_id=instansi_id, exclude_pk=self.instance.pk if self.instance else None
        )
        if pesan:
            raise serializers.ValidationError(pesan, code="nip_tidak_tersedia")
        return value

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


# --- ANJAB / ABK -------------------------------------------------------------------------------------------
class UraianTugasSerializer(ScopedModelSerializer):
    volume_tahunan = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    beban_kerja = serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True)

    class Meta:
        model = UraianTugas
        fields = [
            "id",
            "jabatan",
            "urutan",
            "uraian",
            "hasil_kerja",
            "volume",
            "periode",
            "norma_waktu",
            "volume_tahunan",
            "beban_kerja",
        ]


class KebutuhanJabatanSerializer(serializers.Serializer):
    jabatan_id = serializers.IntegerField()
    jabatan = serializers.CharField()
    unit_kerja_id = serializers.IntegerField()
    unit_kerja = serializers.CharField()
    kebutuhan = serializers.IntegerField()
    bezetting = serializers.IntegerField()
    selisih = serializers.IntegerField()


class KebutuhanUnitSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    kebutuhan = serializers.IntegerField()
    bezetting = serializers.IntegerField()
    selisih = serializers.IntegerField()


class KebutuhanTotalSerializer(serializers.Serializer):
    kebutuhan = serializers.IntegerField()
    bezetting = serializers.IntegerField()
    selisih = serializers.IntegerField()


class KebutuhanSerializer(serializers.Serializer):
    jabatan = KebutuhanJabatanSerializer(many=True)
    unit = KebutuhanUnitSerializer(many=True)
    instansi = KebutuhanTotalSerializer()


# --- Penataan ----------------------------------------------------------------------------------------------
class PerubahanPenataanSerializer(ScopedModelSerializer):
    class Meta:
        model = PerubahanPenataan
        fields = [
            "id",
            "rencana",
            "urutan",
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
            "kebalikan",
        ]
        read_only_fields = ["rencana", "urutan", "kebalikan"]


class RencanaPenataanSerializer(ScopedModelSerializer):
    perubahan = PerubahanPenataanSerializer(many=True, read_only=True)

    class Meta:
        model = RencanaPenataan
        fields = [
            "id",
            "instansi",
            "nama",
            "keterangan",
            "nomor_sk",
            "tanggal_efektif",
            "status",
            "membalik",
            "diterapkan_pada",
            "created_at",
            "perubahan",
        ]
        read_only_fields = ["instansi", "status", "membalik", "diterapkan_pada", "created_at"]


class KompensasiSerializer(serializers.Serializer):
    tanggal_efektif = serializers.DateField()


# --- Mutasi ------------------------------------------------------------------------------------------------
class UsulanMutasiSerializer(ScopedModelSerializer):
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True)

    class Meta:
        model = UsulanMutasi
        fields = [
            "id",
            "pegawai",
            "pegawai_nama",
            "jenis",
            "jabatan_asal",
            "jabatan_tujuan",
            "tmt",
            "alasan",
            "status",
            "nomor_sk",
            "tanggal_sk",
            "catatan_keputusan",
            "diputuskan_pada",
            "created_at",
        ]
        read_only_fields = [
            "jabatan_asal",
            "status",
            "nomor_sk",
            "tanggal_sk",
            "catatan_keputusan",
            "diputuskan_pada",
            "created_at",
        ]


class SetujuiMutasiSerializer(serializers.Serializer):
    nomor_sk = serializers.CharField(max_length=100)
    tanggal_sk = serializers.DateField()
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class AlasanKeputusanSerializer(serializers.Serializer):
    catatan = serializers.CharField()


# --- Personnel file, proposals, SIASN -------------------------------------------------------------------------
class DokumenPegawaiSerializer(ScopedModelSerializer):
    unduh = serializers.SerializerMethodField()

    class Meta:
        model = DokumenPegawai
        fields = ["id", "pegawai", "jenis", "nomor", "tanggal", "keterangan", "created_at", "unduh"]

    def get_unduh(self, obj) -> str:
        return reverse("kepegawaian:dokumen_unduh", args=[obj.pk])


class UsulanDataSerializer(ScopedModelSerializer):
    class Meta:
        model = UsulanPerubahanData
        fields = [
            "id",
            "pegawai",
            "jenis",
            "data",
            "keterangan",
            "jenis_dokumen",
            "status",
            "alasan_tolak",
            "diverifikasi_pada",
            "created_at",
        ]
        read_only_fields = ["pegawai", "status", "alasan_tolak", "diverifikasi_pada", "created_at"]


class RekonsiliasiSIASNSerializer(ScopedModelSerializer):
    class Meta:
        model = RekonsiliasiSIASN
        fields = ["id", "instansi", "nama_berkas", "jumlah_baris", "created_at"]


class SelisihSIASNSerializer(ScopedModelSerializer):
    class Meta:
        model = SelisihSIASN
        fields = [
            "id",
            "rekonsiliasi",
            "pegawai",
            "nip",
            "nama",
            "jenis",
            "kolom",
            "nilai_portal",
            "nilai_siasn",
            "keputusan",
            "catatan",
            "diputuskan_pada",
        ]
        read_only_fields = fields


class PutuskanSerializer(serializers.Serializer):
    keputusan = serializers.ChoiceField(choices=["ambil_siasn", "pertahankan"])
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class KandidatKPSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pegawai
        fields = ["id", "nip", "nama", "golongan", "tmt_golongan", "jabatan", "unit_kerja"]


class PensiunSerializer(serializers.Serializer):
    pegawai = serializers.IntegerField(source="pegawai.pk")
    nip = serializers.CharField(source="pegawai.nip")
    nama = serializers.CharField(source="pegawai.nama")
    opd = serializers.CharField()
    bup = serializers.IntegerField()
    tanggal_bup = serializers.DateField()
    tmt_pensiun = serializers.DateField()


class KomposisiItemSerializer(serializers.Serializer):
    label = serializers.CharField()
    labels = serializers.ListField(child=serializers.CharField())
    values = serializers.ListField(child=serializers.IntegerField())


class PenugasanPltSerializer(ScopedModelSerializer):
    """A Plt./Plh. SK: the acting pegawai, the position, the window. Written through kepegawaian.plt."""

    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    jabatan_nama = serializers.CharField(source="jabatan.nama", read_only=True)
    singkatan = serializers.CharField(read_only=True)

    class Meta:
        model = PenugasanPlt
        fields = [
            "id",
            "pegawai",
            "pegawai_nama",
            "jabatan",
            "jabatan_nama",
            "jenis",
            "singkatan",
            "tanggal_mulai",
            "tanggal_selesai",
            "nomor_sk",
            "tanggal_sk",
            "keterangan",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class KotakItemSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField()
    pegawai_nama = serializers.CharField()
    perihal = serializers.CharField()
    tanggal = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField()


class KotakKelompokSerializer(serializers.Serializer):
    kind = serializers.CharField()
    judul = serializers.CharField()
    jumlah = serializers.IntegerField()
    url = serializers.CharField()
    items = KotakItemSerializer(many=True)


class KotakSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    kelompok = KotakKelompokSerializer(many=True)
