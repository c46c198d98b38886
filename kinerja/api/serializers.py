from rest_framework import serializers

from asnportal.api import ScopedModelSerializer

from ..models import SKP, Evaluasi, IndikatorKinerja, NilaiPotensi, Penghargaan, Realisasi, RencanaHasilKerja


class IndikatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndikatorKinerja
        fields = ["id", "aspek", "indikator", "target", "satuan"]


class RHKSerializer(serializers.ModelSerializer):
    indikator = IndikatorSerializer(many=True, read_only=True)

    class Meta:
        model = RencanaHasilKerja
        fields = ["id", "jenis", "urutan", "uraian", "rhk_atasan", "indikator"]


class SKPSerializer(serializers.ModelSerializer):
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True)
    rhk = RHKSerializer(many=True, read_only=True)

    class Meta:
        model = SKP
        fields = [
            "id",
            "pegawai",
            "pegawai_nama",
            "tahun",
            "revisi",
            "berlaku",
            "status",
            "pendekatan",
            "periode_mulai",
            "periode_selesai",
            "catatan_pengembalian",
            "penilai_nama",
            "diajukan_at",
            "disetujui_at",
            "rhk",
        ]
        read_only_fields = fields


class CatatanSerializer(serializers.Serializer):
    catatan = serializers.CharField(required=False, allow_blank=True)


class RealisasiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Realisasi
        fields = ["id", "indikator", "periode", "nilai", "catatan", "bukti_tautan", "diperbarui"]
        read_only_fields = fields


class EvaluasiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluasi
        fields = [
            "id",
            "skp",
            "periode",
            "rating_hasil",
            "rating_perilaku",
            "predikat",
            "status",
            "catatan",
            "dinilai_at",
            "final_at",
        ]
        read_only_fields = fields


class PenghargaanSerializer(ScopedModelSerializer):
    class Meta:
        model = Penghargaan
        fields = ["id", "instansi", "pegawai", "tahun", "jenis", "nama", "uraian", "tanggal"]
        read_only_fields = ["instansi"]


class NilaiPotensiSerializer(ScopedModelSerializer):
    class Meta:
        model = NilaiPotensi
        fields = ["id", "instansi", "pegawai", "tahun", "skor", "sumber"]
        read_only_fields = ["instansi"]
