from rest_framework import serializers

from asnportal.api import ScopedModelSerializer

from ..choices import KOREKSI_FIELDS
from ..models import Formasi, Lamaran, Publikasi, RiwayatNilai, Sanggah, Seleksi


class SeleksiSerializer(ScopedModelSerializer):
    fase = serializers.CharField(read_only=True)

    class Meta:
        model = Seleksi
        fields = [
            "id",
            "instansi",
            "nama",
            "jenis",
            "tahun",
            "deskripsi",
            "diumumkan",
            "fase",
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
        read_only_fields = ["instansi"]


class FormasiSerializer(ScopedModelSerializer):
    jabatan_nama = serializers.CharField(source="jabatan.nama", read_only=True)
    unit_kerja_nama = serializers.CharField(source="unit_kerja.nama", read_only=True)

    class Meta:
        model = Formasi
        fields = [
            "id",
            "seleksi",
            "jabatan",
            "jabatan_nama",
            "unit_kerja",
            "unit_kerja_nama",
            "jenis_formasi",
            "kebutuhan_abk",
            "kuota_usulan",
            "kuota",
            "status",
            "pendidikan_minimal",
            "jurusan",
            "disetujui_at",
        ]
        read_only_fields = fields


class SetujuiSerializer(serializers.Serializer):
    kuota = serializers.IntegerField(min_value=1)
    alasan = serializers.CharField(required=False, allow_blank=True, default="")


class LamaranSerializer(ScopedModelSerializer):
    pelamar_nama = serializers.CharField(source="pelamar.nama", read_only=True)
    nik_tersamar = serializers.CharField(source="pelamar.nik_tersamar", read_only=True)
    skd = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Lamaran
        fields = [
            "id",
            "seleksi",
            "formasi",
            "nomor_peserta",
            "pelamar_nama",
            "nik_tersamar",
            "status",
            "pendidikan",
            "ipk",
            "status_administrasi",
            "alasan_tms",
            "twk",
            "tiu",
            "tkp",
            "skd",
            "skb_cat",
            "nilai_skb",
            "lulus_skd",
            "ikut_skb",
            "nilai_akhir",
            "peringkat",
            "hasil",
        ]
        read_only_fields = fields


class SanggahSerializer(ScopedModelSerializer):
    nomor_peserta = serializers.CharField(source="lamaran.nomor_peserta", read_only=True)

    class Meta:
        model = Sanggah
        fields = [
            "id",
            "lamaran",
            "nomor_peserta",
            "tahap",
            "alasan",
            "status",
            "jawaban",
            "dijawab_at",
            "diajukan_at",
        ]
        read_only_fields = fields


class JawabSanggahSerializer(serializers.Serializer):
    diterima = serializers.BooleanField()
    jawaban = serializers.CharField()
    koreksi_nilai = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2), required=False
    )

    def validate_koreksi_nilai(self, value):
        bad = set(value) - set(KOREKSI_FIELDS)
        if bad:
            raise serializers.ValidationError(f"Tidak dapat dikoreksi: {', '.join(sorted(bad))}")
        return value


class RiwayatNilaiSerializer(serializers.ModelSerializer):
    nomor_peserta = serializers.CharField(source="lamaran.nomor_peserta", read_only=True)

    class Meta:
        model = RiwayatNilai
        fields = [
            "id",
            "lamaran",
            "nomor_peserta",
            "field",
            "sebelum",
            "sesudah",
            "sumber",
            "alasan",
            "oleh_label",
            "dicatat_at",
        ]
        read_only_fields = fields


class PublikasiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publikasi
        fields = ["id", "seleksi", "tahap", "nomor", "catatan", "isi", "riwayat_sampai", "diumumkan_at"]
        read_only_fields = fields


class RingkasanFormasiSerializer(serializers.Serializer):
    formasi = serializers.IntegerField()
    jabatan = serializers.CharField()
    kuota = serializers.IntegerField()
    pelamar = serializers.IntegerField()
    ms = serializers.IntegerField()
    tms = serializers.IntegerField()
    lulus_skd = serializers.IntegerField()
    ikut_skb = serializers.IntegerField()
    lulus = serializers.IntegerField()
    cadangan = serializers.IntegerField()
