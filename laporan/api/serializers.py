from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from asnportal.api import ScopedModelSerializer
from kepegawaian.choices import StatusKepegawaian
from kepegawaian.models import UnitKerja

from ..models import FormatBerkas, JenisLaporan, LaporanRun


class LaporanRunSerializer(ScopedModelSerializer):
    periode_label = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()
    menunggu_antrean = serializers.BooleanField(read_only=True)

    class Meta:
        model = LaporanRun
        fields = [
            "id",
            "instansi",
            "jenis",
            "format",
            "periode_mulai",
            "periode_selesai",
            "periode_label",
            "unit_kerja",
            "status_kepegawaian",
            "status",
            "progress",
            "attempts",
            "error",
            "requested_by",
            "jadwal",
            "created_at",
            "enqueued_at",
            "started_at",
            "finished_at",
            "nama_berkas",
            "ukuran",
            "sha256",
            "catatan",
            "menunggu_antrean",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, obj):
        if obj.status != "success":
            return None
        return reverse("laporan:laporan_download", args=[obj.pk])


class LaporanRequestSerializer(ScopedModelSerializer):
    """Input of POST /api/v1/laporan/: the period is the one that contains `tanggal` (or the roster date)."""

    tanggal = serializers.DateField(default=timezone.localdate)
    jenis = serializers.ChoiceField(choices=JenisLaporan.choices)
    format = serializers.ChoiceField(choices=FormatBerkas.choices, default=FormatBerkas.PDF)
    unit_kerja = serializers.PrimaryKeyRelatedField(
        queryset=UnitKerja.objects.all(), required=False, allow_null=True
    )
    status_kepegawaian = serializers.ChoiceField(
        choices=StatusKepegawaian.choices, required=False, allow_blank=True, default=""
    )

    class Meta:
        model = LaporanRun
        fields = ["jenis", "format", "tanggal", "unit_kerja", "status_kepegawaian"]
