"""API of kehadiran. Reads through for_user; ASN actions (check-in, corrections, leave) go through services,
which check who may do what."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from asnportal import scoping
from asnportal.api import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import selectors, services
from ..filtersets import (
    CutiFilterSet,
    HariLiburFilterSet,
    KoreksiFilterSet,
    PresensiFilterSet,
    StatusHarianFilterSet,
)
from ..models import (
    AmbangDisiplin,
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
from . import serializers as s


def _drf_error(exc: DjangoValidationError):
    return serializers.ValidationError(
        exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
    )


class JadwalKerjaViewSet(ScopedModelViewSet):
    queryset = JadwalKerja.objects.select_related("unit_kerja")
    serializer_class = s.JadwalKerjaSerializer


class ShiftViewSet(ScopedModelViewSet):
    queryset = Shift.objects.select_related("jadwal")
    serializer_class = s.ShiftSerializer


class JadwalShiftViewSet(ScopedModelViewSet):
    queryset = JadwalShift.objects.select_related("shift")
    serializer_class = s.JadwalShiftSerializer
    filterset_fields = ["pegawai", "tanggal"]


class HariLiburViewSet(ScopedModelViewSet):
    queryset = HariLibur.objects.all()
    serializer_class = s.HariLiburSerializer
    filterset_class = HariLiburFilterSet


class LokasiKantorViewSet(ScopedModelViewSet):
    queryset = LokasiKantor.objects.select_related("unit_kerja")
    serializer_class = s.LokasiKantorSerializer


class JenisCutiViewSet(ScopedModelViewSet):
    queryset = JenisCuti.objects.all()
    serializer_class = s.JenisCutiSerializer


class PresensiViewSet(ScopedReadOnlyViewSet):
    queryset = Presensi.objects.all()
    serializer_class = s.PresensiSerializer
    filterset_class = PresensiFilterSet

    @extend_schema(request=s.CheckInSerializer, responses={201: s.PresensiSerializer})
    @action(
        detail=False, methods=["post"], url_path="check-in", permission_classes=[permissions.IsAuthenticated]
    )
    def check_in(self, request):
        """Web check-in/out of the logged-in ASN (office radius and/or network checked)."""
        ser = s.CheckInSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            rec = services.presensi_web(
                actor=request.user,
                jenis=d["jenis"],
                ip=request.META.get("REMOTE_ADDR"),
                latitude=d.get("latitude"),
                longitude=d.get("longitude"),
                akurasi=d.get("akurasi"),
            )
        except services.PresensiDitolak as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(s.PresensiSerializer(rec).data, status=status.HTTP_201_CREATED)


class ImporPresensiViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = ImporPresensi.objects.all()
    serializer_class = s.ImporPresensiSerializer

    def create(self, request, *args, **kwargs):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        if request.user.instansi_id is None:
            raise serializers.ValidationError({"detail": "Impor dilakukan oleh petugas SDM instansi."})
        imp, errors = services.impor_presensi(
            actor=request.user, instansi_id=request.user.instansi_id, uploaded=ser.validated_data["berkas"]
        )
        if imp is None:
            return Response(
                {"errors": [{"baris": e.row, "kolom": e.column, "pesan": e.message} for e in errors[:500]]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(self.get_serializer(imp).data, status=status.HTTP_201_CREATED)


class StatusHarianViewSet(ScopedReadOnlyViewSet):
    queryset = StatusHarianPegawai.objects.all()
    serializer_class = s.StatusHarianSerializer
    filterset_class = StatusHarianFilterSet


class _WorkflowViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def _run(self, fn, **kwargs):
        try:
            return fn(actor=self.request.user, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc


class KoreksiPresensiViewSet(_WorkflowViewSet):
    queryset = KoreksiPresensi.objects.all()
    serializer_class = s.KoreksiSerializer
    filterset_class = KoreksiFilterSet

    def perform_create(self, serializer):
        serializer.instance = self._run(services.koreksi_ajukan, data=dict(serializer.validated_data))

    @extend_schema(request=s.KeputusanSerializer, responses={200: s.KoreksiSerializer})
    @action(detail=True, methods=["post"])
    def putuskan(self, request, pk=None):
        k = self.get_object()
        ser = s.KeputusanSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        k = self._run(services.koreksi_putuskan, koreksi=k, **ser.validated_data)
        return Response(s.KoreksiSerializer(k).data)


class PengajuanCutiViewSet(_WorkflowViewSet):
    queryset = PengajuanCuti.objects.select_related("jenis")
    serializer_class = s.PengajuanCutiSerializer
    filterset_class = CutiFilterSet

    def perform_create(self, serializer):
        serializer.instance = self._run(services.cuti_ajukan, data=dict(serializer.validated_data))

    @extend_schema(request=s.KeputusanSerializer, responses={200: s.PengajuanCutiSerializer})
    @action(detail=True, methods=["post"])
    def putuskan(self, request, pk=None):
        """Atasan decides a request in status 'diajukan'; HR decides one in status 'disetujui_atasan'."""
        c = self.get_object()
        ser = s.KeputusanSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        fn = services.cuti_putuskan_atasan if c.status == "diajukan" else services.cuti_putuskan_sdm
        c = self._run(fn, cuti=c, **ser.validated_data)
        return Response(s.PengajuanCutiSerializer(c, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: s.PengajuanCutiSerializer})
    @action(detail=True, methods=["post"])
    def batalkan(self, request, pk=None):
        c = self._run(services.cuti_batalkan, cuti=self.get_object())
        return Response(s.PengajuanCutiSerializer(c, context=self.get_serializer_context()).data)


class SaldoCutiViewSet(ScopedReadOnlyViewSet):
    queryset = SaldoCuti.objects.select_related("jenis")
    serializer_class = s.SaldoCutiSerializer
    filterset_fields = ["pegawai", "tahun", "jenis"]


class RekapDisiplinViewSet(viewsets.GenericViewSet):
    """Monthly discipline recap the user may see (ASN own, atasan unit, HR instansi)."""

    serializer_class = s.RekapSerializer
    queryset = StatusHarianPegawai.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("tahun", OpenApiTypes.INT),
            OpenApiParameter("bulan", OpenApiTypes.INT),
            OpenApiParameter("melewati_ambang", OpenApiTypes.BOOL),
        ],
        responses={200: s.RekapSerializer(many=True)},
    )
    def list(self, request):
        today = timezone.localdate()
        try:
            tahun = int(request.query_params.get("tahun", today.year))
            bulan = int(request.query_params.get("bulan", today.month))
            if not 1950 <= tahun <= 2100:
                raise ValueError(tahun)
            dt.date(tahun, bulan, 1)
        except (ValueError, OverflowError) as exc:
            raise serializers.ValidationError({"bulan": "Tahun/bulan tidak sah."}) from exc
        ambang = None
        if request.query_params.get("melewati_ambang") in ("1", "true", "True"):
            if not scoping.can_read_others(request.user):
                raise PermissionDenied
            ambang = AmbangDisiplin.objects.filter(user=request.user).first() or AmbangDisiplin()
        qs = selectors.rekap_bulanan(user=request.user, tahun=tahun, bulan=bulan, ambang=ambang)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.RekapSerializer(page, many=True).data)
