from rest_framework import serializers

from asnportal.api import ScopedModelSerializer
from asnportal.dokumen.models import Dokumen

from ..models import BerkasUsul, ProsesMassal, RiwayatGajiBerkala, Usul


class DokumenSerializer(ScopedModelSerializer):
    verifikasi_url = serializers.SerializerMethodField()

    class Meta:
        model = Dokumen
        fields = [
            "id",
            "jenis",
            "judul",
            "nomor",
            "tanggal",
            "pegawai",
            "pemegang_nama",
            "penandatangan_nama",
            "penandatangan_jabatan",
            "kode",
            "sha256",
            "ditandatangani",
            "status",
            "alasan_status",
            "diganti_oleh",
            "created_at",
            "verifikasi_url",
        ]
        read_only_fields = fields

    def get_verifikasi_url(self, obj) -> str:
        """The public link printed in the document's QR code (absolute, PORTAL_SITE_URL)."""
        from asnportal.dokumen.services import verifikasi_url

        return verifikasi_url(obj)


class BerkasUsulSerializer(ScopedModelSerializer):
    syarat_nama = serializers.CharField(source="syarat.nama", read_only=True)
    wajib = serializers.BooleanField(source="syarat.wajib", read_only=True)

    class Meta:
        model = BerkasUsul
        fields = [
            "id",
            "usul",
            "syarat",
            "syarat_nama",
            "wajib",
            "status",
            "alasan",
            "diunggah_pada",
            "diverifikasi_pada",
        ]
        read_only_fields = fields


class UsulSerializer(ScopedModelSerializer):
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    nomor_sk = serializers.CharField(source="dokumen.nomor", read_only=True, default="")

    class Meta:
        model = Usul
        fields = [
            "id",
            "layanan",
            "sub_jenis",
            "pegawai",
            "pegawai_nama",
            "status",
            "tmt",
            "golongan_lama",
            "golongan_baru",
            "mkg_tahun",
            "gaji_pokok_lama",
            "gaji_pokok_baru",
            "gaji_terkonfirmasi",
            "kgb_berikut",
            "tanggal_bup",
            "bup",
            "catatan",
            "dokumen",
            "nomor_sk",
            "disetujui_pada",
            "diterapkan_pada",
            "created_at",
        ]
        read_only_fields = [f for f in fields if f not in ("layanan", "sub_jenis", "pegawai", "tmt")]


class UsulBuatSerializer(ScopedModelSerializer):
    class Meta:
        model = Usul
        fields = ["layanan", "sub_jenis", "pegawai", "tmt"]
        extra_kwargs = {"sub_jenis": {"required": False}, "tmt": {"required": False}}


class AlasanSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=1000)


class VerifikasiSerializer(serializers.Serializer):
    terima = serializers.BooleanField()
    alasan = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class UnggahSerializer(serializers.Serializer):
    berkas = serializers.FileField()


class ProsesMassalSerializer(ScopedModelSerializer):
    usul_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=2000)
    layanan = serializers.ChoiceField(choices=["", "kp", "kgb", "pensiun"], required=False, default="")

    class Meta:
        model = ProsesMassal
        fields = [
            "id",
            "aksi",
            "layanan",
            "usul_ids",
            "status",
            "progress",
            "total",
            "berhasil",
            "log",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = [f for f in fields if f not in ("aksi", "layanan", "usul_ids")]


class RiwayatGajiBerkalaSerializer(ScopedModelSerializer):
    class Meta:
        model = RiwayatGajiBerkala
        fields = [
            "id",
            "pegawai",
            "golongan",
            "mkg_tahun",
            "gaji_pokok",
            "tmt",
            "kgb_berikut",
            "nomor_sk",
            "tanggal_sk",
        ]
        read_only_fields = fields
