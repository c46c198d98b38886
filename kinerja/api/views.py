from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from asnportal.api import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import services
from ..filtersets import EvaluasiFilterSet, PenghargaanFilterSet, SKPFilterSet
from ..models import SKP, Evaluasi, NilaiPotensi, Penghargaan, Realisasi, RencanaHasilKerja
from .serializers import (
    CatatanSerializer,
    EvaluasiSerializer,
    NilaiPotensiSerializer,
    PenghargaanSerializer,
    RealisasiSerializer,
    SKPSerializer,
)


class SKPViewSet(ScopedReadOnlyViewSet):
    """SKP the user may see; workflow actions go through the services (role checks there)."""

    serializer_class = SKPSerializer
    queryset = SKP.objects.select_related("pegawai").prefetch_related(
        Prefetch("rhk", queryset=RencanaHasilKerja.objects.prefetch_related("indikator"))
    )
    filterset_class = SKPFilterSet
    ordering_fields = ["tahun", "status"]
    permission_classes = [permissions.IsAuthenticated]

    def _run(self, fn, **kwargs):
        skp = self.get_object()
        try:
            skp = fn(actor=self.request.user, skp=skp, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return Response(SKPSerializer(self.get_queryset().get(pk=skp.pk)).data)

    @extend_schema(request=None, responses=SKPSerializer)
    @action(detail=True, methods=["post"])
    def ajukan(self, request, pk=None):
        return self._run(services.skp_submit)

    @extend_schema(request=None, responses=SKPSerializer)
    @action(detail=True, methods=["post"])
    def setujui(self, request, pk=None):
        return self._run(services.skp_approve)

    @extend_schema(request=CatatanSerializer, responses=SKPSerializer)
    @action(detail=True, methods=["post"])
    def kembalikan(self, request, pk=None):
        data = CatatanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(services.skp_return, catatan=data.validated_data.get("catatan", ""))


class RealisasiViewSet(ScopedReadOnlyViewSet):
    serializer_class = RealisasiSerializer
    queryset = Realisasi.objects.all()
    filterset_fields = ["periode", "indikator"]


class EvaluasiViewSet(ScopedReadOnlyViewSet):
    serializer_class = EvaluasiSerializer
    queryset = Evaluasi.objects.all()
    filterset_class = EvaluasiFilterSet


class PenghargaanViewSet(ScopedModelViewSet):
    serializer_class = PenghargaanSerializer
    queryset = Penghargaan.objects.select_related("pegawai")
    filterset_class = PenghargaanFilterSet

    def perform_create(self, serializer):
        serializer.instance = services.penghargaan_create(
            actor=self.request.user, data=dict(serializer.validated_data)
        )


class NilaiPotensiViewSet(ScopedModelViewSet):
    serializer_class = NilaiPotensiSerializer
    queryset = NilaiPotensi.objects.all()
    filterset_fields = ["tahun", "pegawai"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.potensi_save(
            actor=self.request.user,
            pegawai=d["pegawai"],
            tahun=d["tahun"],
            skor=d["skor"],
            sumber=d.get("sumber", ""),
        )
