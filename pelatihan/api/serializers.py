from rest_framework import serializers

from asnportal.api import ScopedModelSerializer
from asnportal.uploads import document_validator
from kepegawaian.models import Instansi

from ..choices import Hasil
from ..models import (
    Evaluasi,
    Kehadiran,
    Kompetensi,
    PelatihanEksternal,
    Peserta,
    Program,
    Rekomendasi,
    RencanaPelatihan,
    Sertifikat,
    Sesi,
)


class KompetensiPelatihanSerializer(ScopedModelSerializer):
    class Meta:
        model = Kompetensi
        fields = ["id", "instansi", "kode", "nama", "jenis", "jabatan"]
        read_only_fields = ["instansi"]


class ProgramPelatihanSerializer(ScopedModelSerializer):
    penyelenggara_instansi = serializers.PrimaryKeyRelatedField(
        queryset=Instansi.objects.all(), required=False, allow_null=True
    )
    penyelenggara = serializers.CharField(read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "instansi",
            "kode",
            "nama",
            "bidang",
            "bentuk",
            "jp",
            "kompetensi",
            "penyelenggara_instansi",
            "penyelenggara_nama",
            "penyelenggara",
            "deskripsi",
            "aktif",
        ]
        read_only_fields = ["instansi"]

    def get_fields(self):
        fields = super().get_fields()
        # Any instansi may organise a programme (names of instansi are public).
        fields["penyelenggara_instansi"].queryset = Instansi.objects.all()
        return fields


class SesiPelatihanSerializer(ScopedModelSerializer):
    program_nama = serializers.CharField(source="program.nama", read_only=True)
    sisa_kursi = serializers.IntegerField(read_only=True)

    class Meta:
        model = Sesi
        fields = [
            "id",
            "instansi",
            "program",
            "program_nama",
            "nama",
            "tanggal_mulai",
            "tanggal_selesai",
            "tempat",
            "tautan_daring",
            "kapasitas",
            "terisi",
            "sisa_kursi",
            "pengajar",
            "anggaran_rencana",
            "biaya_realisasi",
            "status",
        ]
        read_only_fields = ["instansi", "terisi"]

    def validate(self, attrs):
        a = attrs.get("tanggal_mulai", getattr(self.instance, "tanggal_mulai", None))
        b = attrs.get("tanggal_selesai", getattr(self.instance, "tanggal_selesai", None))
        if a and b and b < a:
            raise serializers.ValidationError(
                {"tanggal_selesai": "Tanggal selesai tidak boleh sebelum tanggal mulai."}
            )
        return attrs


class PesertaPelatihanSerializer(ScopedModelSerializer):
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    sesi_nama = serializers.CharField(source="sesi.__str__", read_only=True)

    class Meta:
        model = Peserta
        fields = [
            "id",
            "sesi",
            "sesi_nama",
            "pegawai",
            "pegawai_nama",
            "status",
            "sumber",
            "antrean",
            "catatan",
            "disetujui_pada",
            "hasil",
            "nilai",
            "selesai_pada",
            "alasan",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "sumber",
            "antrean",
            "disetujui_pada",
            "hasil",
            "nilai",
            "selesai_pada",
            "alasan",
            "created_at",
        ]
        extra_kwargs = {"pegawai": {"required": False}}
        # One live enrolment per pegawai and session is enforced by the service and the database constraint;
        # DRF's generated unique-together validator would make `pegawai` required for self-applications.
        validators: list = []


class AlasanPelatihanSerializer(serializers.Serializer):
    alasan = serializers.CharField(required=False, allow_blank=True, default="")


class SelesaiPelatihanSerializer(serializers.Serializer):
    hasil = serializers.ChoiceField(choices=Hasil.choices)
    nilai = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )


class KehadiranPelatihanSerializer(ScopedModelSerializer):
    class Meta:
        model = Kehadiran
        fields = ["id", "peserta", "tanggal", "status"]


class EksternalPelatihanSerializer(ScopedModelSerializer):
    bukti = serializers.FileField(write_only=True, validators=[document_validator])

    class Meta:
        model = PelatihanEksternal
        fields = [
            "id",
            "pegawai",
            "nama",
            "penyelenggara",
            "bentuk",
            "tanggal_mulai",
            "tanggal_selesai",
            "durasi_menit",
            "jp",
            "kompetensi",
            "bukti",
            "status",
            "catatan_verifikasi",
            "created_at",
        ]
        read_only_fields = ["pegawai", "jp", "status", "catatan_verifikasi", "created_at"]

    def validate(self, attrs):
        if attrs["tanggal_selesai"] < attrs["tanggal_mulai"]:
            raise serializers.ValidationError(
                {"tanggal_selesai": "Tanggal selesai tidak boleh sebelum tanggal mulai."}
            )
        return attrs


class VerifikasiPelatihanSerializer(serializers.Serializer):
    setuju = serializers.BooleanField()
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class SertifikatPelatihanSerializer(ScopedModelSerializer):
    dicabut = serializers.BooleanField(read_only=True)

    class Meta:
        model = Sertifikat
        fields = [
            "id",
            "peserta",
            "kode",
            "nomor",
            "nama_pegawai",
            "nama_program",
            "penyelenggara",
            "tanggal_mulai",
            "tanggal_selesai",
            "jp",
            "diterbitkan_pada",
            "dicabut",
            "dicabut_pada",
            "alasan_cabut",
        ]
        read_only_fields = fields


class EvaluasiPelatihanSerializer(ScopedModelSerializer):
    class Meta:
        model = Evaluasi
        fields = [
            "id",
            "peserta",
            "skor_materi",
            "skor_pengajar",
            "skor_penyelenggaraan",
            "skor_manfaat",
            "saran",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class RekomendasiPelatihanSerializer(ScopedModelSerializer):
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)

    class Meta:
        model = Rekomendasi
        fields = [
            "id",
            "pegawai",
            "pegawai_nama",
            "tahun",
            "sumber",
            "kompetensi",
            "alasan",
            "program_saran",
            "status",
        ]
        read_only_fields = fields


class SusunPelatihanSerializer(serializers.Serializer):
    tahun_kinerja = serializers.IntegerField(min_value=2000, max_value=2100)


class RencanaPelatihanSerializer(ScopedModelSerializer):
    class Meta:
        model = RencanaPelatihan
        fields = ["id", "tahun", "pegawai", "program", "rekomendasi", "perkiraan_biaya"]
        read_only_fields = fields


class RencanaBuatPelatihanSerializer(ScopedModelSerializer):
    rekomendasi = serializers.PrimaryKeyRelatedField(queryset=Rekomendasi.objects.all(), many=True)
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all())
    perkiraan_biaya = serializers.DecimalField(max_digits=14, decimal_places=0, min_value=0, default=0)

    class Meta:
        model = RencanaPelatihan
        fields = ["rekomendasi", "program", "perkiraan_biaya"]


class JPPegawaiPelatihanSerializer(serializers.Serializer):
    pegawai = serializers.IntegerField(source="pk")
    nama = serializers.CharField(source="nama_lengkap")
    nip = serializers.CharField()
    unit_kerja = serializers.CharField(source="unit_kerja.label", default=None, allow_null=True)
    total_jp = serializers.IntegerField()
    target = serializers.IntegerField()
    memenuhi = serializers.BooleanField()
    kekurangan = serializers.IntegerField()


class AnggaranPelatihanSerializer(serializers.Serializer):
    program_id = serializers.IntegerField()
    program__kode = serializers.CharField()
    program__nama = serializers.CharField()
    sesi = serializers.IntegerField()
    peserta = serializers.IntegerField(allow_null=True)
    rencana = serializers.DecimalField(max_digits=16, decimal_places=0)
    realisasi = serializers.DecimalField(max_digits=16, decimal_places=0)
    selisih = serializers.DecimalField(max_digits=16, decimal_places=0)
    serapan = serializers.FloatField(allow_null=True)


class EvaluasiProgramPelatihanSerializer(serializers.Serializer):
    program_id = serializers.IntegerField(source="peserta__sesi__program_id")
    program = serializers.CharField(source="peserta__sesi__program__nama")
    jumlah = serializers.IntegerField()
    materi = serializers.FloatField()
    pengajar = serializers.FloatField()
    penyelenggaraan = serializers.FloatField()
    manfaat = serializers.FloatField()
