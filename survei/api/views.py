from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from asnportal.api import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import selectors, services
from ..filtersets import RencanaFilterSet, ResponsFilterSet, UnitLayananFilterSet
from ..models import PopulasiLayanan, PublikasiIKM, RencanaTindakLanjut, Respons, UnitLayanan
from .serializers import (
    HasilIKMSerializer,
    PopulasiLayananSerializer,
    PublikasiIKMSerializer,
    RencanaTindakLanjutSerializer,
    ResponsSerializer,
    UnitLayananSerializer,
)


@contextmanager
def _model_errors():
    """Model validation (full_clean in services) as a 400 with field errors, not a 500."""
    try:
        yield
    except DjangoValidationError as exc:
        raise serializers.ValidationError(getattr(exc, "message_dict", {"detail": exc.messages})) from exc


PERIODE_PARAMS = [
    OpenApiParameter("jenis", OpenApiTypes.STR, enum=["bulan", "triwulan", "semester", "tahun"]),
    OpenApiParameter("tahun", OpenApiTypes.INT),
    OpenApiParameter("nomor", OpenApiTypes.INT),
]


class UnitLayananViewSet(ScopedModelViewSet):
    """Service units surveyed with the SKM. Writes go through the audited service."""

    serializer_class = UnitLayananSerializer
    queryset = UnitLayanan.objects.select_related("unit_kerja")
    filterset_class = UnitLayananFilterSet
    ordering_fields = ["nama", "slug"]

    def perform_create(self, serializer):
        with _model_errors():
            serializer.instance = services.unit_layanan_simpan(
                actor=self.request.user, data=dict(serializer.validated_data)
            )

    def perform_update(self, serializer):
        with _model_errors():
            serializer.instance = services.unit_layanan_simpan(
                actor=self.request.user, data=dict(serializer.validated_data), unit=serializer.instance
            )

    @extend_schema(parameters=PERIODE_PARAMS, responses=HasilIKMSerializer)
    @action(detail=True, methods=["get"])
    def ikm(self, request, pk=None):
        """IKM of this unit for a period, computed in the database (NRR per unsur, value, mutu, sample)."""
        unit = self.get_object()
        periode = selectors.Periode.dari(request.query_params)
        start, end = periode.batas
        hasil = selectors.ringkasan_unit(unit=unit, start=start, end=end)["hasil"]
        populasi = selectors.populasi(
            unit=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor
        )
        sampel = selectors.status_sampel(hasil, populasi)
        data = {
            "unit": unit.pk,
            "periode": periode.label,
            "jenis": periode.jenis,
            "tahun": periode.tahun,
            "nomor": periode.nomor,
            "jumlah_responden": sampel["jumlah"],
            "nrr": list(hasil.nrr) if hasil else [],
            "ikm": hasil.ikm if hasil else None,
            "nilai": hasil.nilai if hasil else None,
            "mutu": hasil.mutu if hasil else None,
            "kinerja": hasil.kinerja if hasil else None,
            "populasi": populasi,
            "sampel_minimum": sampel["minimum"],
            "sampel_cukup": sampel["cukup"],
        }
        return Response(HasilIKMSerializer(data).data)


class ResponsViewSet(ScopedReadOnlyViewSet):
    """Responses (read-only for HR and auditors); citizens submit through the public form."""

    serializer_class = ResponsSerializer
    queryset = Respons.objects.all()
    filterset_class = ResponsFilterSet
    ordering_fields = ["tanggal", "dibuat"]

    def get_queryset(self):
        from asnportal import scoping

        qs = super().get_queryset()
        return qs if scoping.can_read_instansi(self.request.user) else qs.none()


class PopulasiLayananViewSet(ScopedModelViewSet):
    serializer_class = PopulasiLayananSerializer
    queryset = PopulasiLayanan.objects.all()
    filterset_fields = ["unit", "jenis_periode", "tahun", "nomor"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.populasi_simpan(
            actor=self.request.user,
            unit=d["unit"],
            jenis_periode=d["jenis_periode"],
            tahun=d["tahun"],
            nomor=d.get("nomor", 1),
            jumlah_pengguna=d["jumlah_pengguna"],
        )

    def perform_update(self, serializer):
        o = serializer.instance
        d = {
            "unit": o.unit,
            "jenis_periode": o.jenis_periode,
            "tahun": o.tahun,
            "nomor": o.nomor,
            **serializer.validated_data,
        }
        serializer.instance = services.populasi_simpan(
            actor=self.request.user,
            unit=d["unit"],
            jenis_periode=d["jenis_periode"],
            tahun=d["tahun"],
            nomor=d["nomor"],
            jumlah_pengguna=d["jumlah_pengguna"],
        )


class RencanaTindakLanjutViewSet(ScopedModelViewSet):
    serializer_class = RencanaTindakLanjutSerializer
    queryset = RencanaTindakLanjut.objects.select_related("unit")
    filterset_class = RencanaFilterSet
    ordering_fields = ["tenggat", "status"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        unit = data.pop("unit")
        with _model_errors():
            serializer.instance = services.rtl_simpan(actor=self.request.user, data=data, unit=unit)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)  # a plan stays with its unit
        with _model_errors():
            serializer.instance = services.rtl_simpan(
                actor=self.request.user, data=data, rtl=serializer.instance
            )


class PublikasiIKMViewSet(ScopedReadOnlyViewSet):
    serializer_class = PublikasiIKMSerializer
    queryset = PublikasiIKM.objects.all()
    filterset_fields = ["unit", "jenis_periode", "tahun", "nomor"]
