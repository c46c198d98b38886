from rest_framework import serializers

from asnportal.api import ScopedModelSerializer

from ..models import PopulasiLayanan, PublikasiIKM, RencanaTindakLanjut, Respons, UnitLayanan


class UnitLayananSerializer(ScopedModelSerializer):
    class Meta:
        model = UnitLayanan
        fields = ["id", "instansi", "unit_kerja", "nama", "slug", "alamat", "jenis_layanan", "bobot", "aktif"]
        read_only_fields = ["instansi"]


class ResponsSerializer(ScopedModelSerializer):
    class Meta:
        model = Respons
        fields = [
            "id",
            "unit",
            "tanggal",
            "slot_waktu",
            "u1",
            "u2",
            "u3",
            "u4",
            "u5",
            "u6",
            "u7",
            "u8",
            "u9",
            "usia",
            "jenis_kelamin",
            "pendidikan",
            "pekerjaan",
            "jenis_layanan",
            "saran",
            "nama",
            "kontak",
            "persetujuan_versi",
            "persetujuan_waktu",
            "dibuat",
        ]
        read_only_fields = fields


class PopulasiLayananSerializer(ScopedModelSerializer):
    class Meta:
        model = PopulasiLayanan
        fields = ["id", "instansi", "unit", "jenis_periode", "tahun", "nomor", "jumlah_pengguna"]
        read_only_fields = ["instansi"]


class RencanaTindakLanjutSerializer(ScopedModelSerializer):
    class Meta:
        model = RencanaTindakLanjut
        fields = [
            "id",
            "instansi",
            "unit",
            "jenis_periode",
            "tahun",
            "nomor",
            "unsur",
            "kegiatan",
            "penanggung_jawab",
            "tenggat",
            "status",
            "catatan",
        ]
        read_only_fields = ["instansi"]


class PublikasiIKMSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublikasiIKM
        fields = [
            "id",
            "unit",
            "jenis_periode",
            "tahun",
            "nomor",
            "jumlah_responden",
            "nilai",
            "mutu",
            "kinerja",
            "populasi",
            "diterbitkan",
        ]
        read_only_fields = fields


class HasilIKMSerializer(serializers.Serializer):
    """The computed IKM of a unit for a period."""

    unit = serializers.IntegerField()
    periode = serializers.CharField()
    jenis = serializers.CharField()
    tahun = serializers.IntegerField()
    nomor = serializers.IntegerField()
    jumlah_responden = serializers.IntegerField()
    nrr = serializers.ListField(child=serializers.DecimalField(max_digits=6, decimal_places=3))
    ikm = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    nilai = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    mutu = serializers.CharField(allow_null=True)
    kinerja = serializers.CharField(allow_null=True)
    populasi = serializers.IntegerField(allow_null=True)
    sampel_minimum = serializers.IntegerField(allow_null=True)
    sampel_cukup = serializers.BooleanField(allow_null=True)
