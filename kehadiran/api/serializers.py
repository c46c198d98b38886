from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from asnportal.api import ScopedModelSerializer

from ..models import (
    HariLibur,
    ImporPresensi,
    JadwalKerja,
    JadwalShift,
    JenisCuti,
    KoreksiPresensi,
    LokasiKantor,
    PengajuanCuti,
    Presensi,
    SaldoCuti,
    Shift,
    StatusHarianPegawai,
)


class JadwalKerjaSerializer(ScopedModelSerializer):
    class Meta:
        model = JadwalKerja
        fields = [
            "id",
            "instansi",
            "unit_kerja",
            "nama",
            "hari_kerja",
            "jam_masuk",
            "jam_pulang",
            "jam_pulang_jumat",
            "toleransi_menit",
            "berbasis_shift",
            "aktif",
        ]
        read_only_fields = ["instansi"]


class ShiftSerializer(ScopedModelSerializer):
    class Meta:
        model = Shift
        fields = ["id", "jadwal", "kode", "nama", "jam_masuk", "jam_pulang"]


class JadwalShiftSerializer(ScopedModelSerializer):
    class Meta:
        model = JadwalShift
        fields = ["id", "pegawai", "tanggal", "shift"]

    def validate(self, attrs):
        pegawai = attrs.get("pegawai") or getattr(self.instance, "pegawai", None)
        shift = attrs.get("shift") or getattr(self.instance, "shift", None)
        if pegawai and shift and shift.jadwal.instansi_id != pegawai.instansi_id:
            raise serializers.ValidationError({"shift": "Shift harus dari instansi pegawai."})
        return attrs


class HariLiburSerializer(ScopedModelSerializer):
    class Meta:
        model = HariLibur
        fields = ["id", "instansi", "tanggal", "nama", "jenis"]
        read_only_fields = ["instansi"]


class LokasiKantorSerializer(ScopedModelSerializer):
    class Meta:
        model = LokasiKantor
        fields = [
            "id",
            "instansi",
            "unit_kerja",
            "nama",
            "mode",
            "latitude",
            "longitude",
            "radius_m",
            "jaringan",
        ]
        read_only_fields = ["instansi"]


class JenisCutiSerializer(ScopedModelSerializer):
    class Meta:
        model = JenisCuti
        fields = [
            "id",
            "instansi",
            "kode",
            "nama",
            "untuk_pns",
            "untuk_pppk",
            "hak_hari_per_tahun",
            "maks_tangguhan_hari",
            "potong_saldo",
            "perlu_bukti",
            "maks_hari_per_pengajuan",
            "aktif",
        ]
        read_only_fields = ["instansi"]


class PresensiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Presensi
        fields = [
            "id",
            "pegawai",
            "waktu",
            "jenis",
            "sumber",
            "latitude",
            "longitude",
            "jarak_m",
            "metode_validasi",
            "mesin",
            "impor",
            "koreksi",
            "created_at",
        ]
        read_only_fields = fields


class CheckInSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=["masuk", "pulang"])
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    akurasi = serializers.FloatField(required=False, allow_null=True, min_value=0)


class ImporPresensiSerializer(serializers.ModelSerializer):
    berkas = serializers.FileField(write_only=True)

    class Meta:
        model = ImporPresensi
        fields = [
            "id",
            "instansi",
            "nama_berkas",
            "jumlah_baris",
            "jumlah_baru",
            "jumlah_duplikat",
            "created_at",
            "berkas",
        ]
        read_only_fields = [
            "instansi",
            "nama_berkas",
            "jumlah_baris",
            "jumlah_baru",
            "jumlah_duplikat",
            "created_at",
        ]


class StatusHarianSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusHarianPegawai
        fields = [
            "id",
            "pegawai",
            "tanggal",
            "status",
            "terlambat_menit",
            "pulang_cepat_menit",
            "jam_masuk",
            "jam_pulang",
            "jadwal_masuk",
            "jadwal_pulang",
            "keterangan",
        ]
        read_only_fields = fields


class KoreksiSerializer(serializers.ModelSerializer):
    class Meta:
        model = KoreksiPresensi
        fields = [
            "id",
            "pegawai",
            "tanggal",
            "jenis",
            "jam_masuk",
            "jam_pulang",
            "alasan",
            "bukti",
            "status",
            "diputuskan_oleh",
            "diputuskan_pada",
            "catatan_atasan",
            "created_at",
        ]
        read_only_fields = [
            "pegawai",
            "status",
            "diputuskan_oleh",
            "diputuskan_pada",
            "catatan_atasan",
            "created_at",
        ]


class KeputusanSerializer(serializers.Serializer):
    setuju = serializers.BooleanField()
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class PengajuanCutiSerializer(ScopedModelSerializer):
    class Meta:
        model = PengajuanCuti
        fields = [
            "id",
            "pegawai",
            "jenis",
            "tanggal_mulai",
            "tanggal_selesai",
            "jumlah_hari",
            "alasan",
            "alasan_mundur",
            "alamat_selama_cuti",
            "bukti",
            "status",
            "atasan_oleh",
            "atasan_pada",
            "sdm_oleh",
            "sdm_pada",
            "catatan",
            "created_at",
        ]
        read_only_fields = [
            "pegawai",
            "jumlah_hari",
            "status",
            "atasan_oleh",
            "atasan_pada",
            "sdm_oleh",
            "sdm_pada",
            "catatan",
            "created_at",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        mulai = attrs.get("tanggal_mulai")
        if mulai and mulai < timezone.localdate() and not (attrs.get("alasan_mundur") or "").strip():
            raise serializers.ValidationError(
                {
                    "alasan_mundur": _(
                        "Tanggal mulai sudah lewat: jelaskan mengapa cuti ini baru diajukan sekarang."
                    )
                }
            )
        return attrs


class SaldoCutiSerializer(serializers.ModelSerializer):
    jenis_nama = serializers.CharField(source="jenis.nama", read_only=True)

    class Meta:
        model = SaldoCuti
        fields = [
            "id",
            "pegawai",
            "jenis",
            "jenis_nama",
            "tahun",
            "hak_hari",
            "tangguhan_hari",
            "penyesuaian_hari",
        ]
        read_only_fields = fields


class RekapSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField()
    pegawai__nama = serializers.CharField()
    pegawai__nip = serializers.CharField()
    pegawai__unit_kerja__label = serializers.CharField(allow_null=True)
    hari_kerja = serializers.IntegerField()
    hadir = serializers.IntegerField()
    cuti = serializers.IntegerField()
    dinas_luar = serializers.IntegerField()
    terlambat_menit = serializers.IntegerField()
    pulang_cepat_menit = serializers.IntegerField()
    tanpa_keterangan = serializers.IntegerField()
    persen = serializers.FloatField()
