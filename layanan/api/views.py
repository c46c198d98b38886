"""API of the layanan: usul (open, submit, verify documents, approve, reject, issue SK), bulk jobs, KGB history
and issued documents. Reads through for_user; every write goes through the same services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from asnportal import scoping
from asnportal.api import ScopedReadOnlyViewSet
from asnportal.dokumen.models import Dokumen

from .. import services
from ..models import BerkasUsul, ProsesMassal, RiwayatGajiBerkala, Usul
from . import serializers as s


def _drf_error(exc: DjangoValidationError):
    return serializers.ValidationError(
        exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
    )


class _Workflow:
    permission_classes = [permissions.IsAuthenticated]

    def _run(self, fn, **kwargs):
        try:
            return fn(actor=self.request.user, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc


class UsulViewSet(_Workflow, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = Usul.objects.select_related("pegawai", "dokumen")
    serializer_class = s.UsulSerializer
    filterset_fields = ["layanan", "status", "pegawai", "tmt"]

    def get_serializer_class(self):
        return s.UsulBuatSerializer if self.action == "create" else s.UsulSerializer

    @extend_schema(request=s.UsulBuatSerializer, responses={201: s.UsulSerializer})
    def create(self, request, *args, **kwargs):
        ser = s.UsulBuatSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        u = self._run(services.usul_buat, **ser.validated_data)
        return Response(s.UsulSerializer(u, context=self.get_serializer_context()).data, status=201)

    def _done(self, u):
        u.refresh_from_db()
        return Response(s.UsulSerializer(u, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: s.UsulSerializer})
    @action(detail=True, methods=["post"])
    def ajukan(self, request, pk=None):
        return self._done(self._run(services.usul_ajukan, usul=self.get_object()))

    @extend_schema(request=None, responses={200: s.UsulSerializer})
    @action(detail=True, methods=["post"])
    def setujui(self, request, pk=None):
        return self._done(self._run(services.usul_setujui, usul=self.get_object()))

    @extend_schema(request=s.AlasanSerializer, responses={200: s.UsulSerializer})
    @action(detail=True, methods=["post"])
    def tolak(self, request, pk=None):
        ser = s.AlasanSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._done(self._run(services.usul_tolak, usul=self.get_object(), **ser.validated_data))

    @extend_schema(request=None, responses={200: s.UsulSerializer})
    @action(detail=True, methods=["post"], url_path="terbitkan-sk")
    def terbitkan_sk(self, request, pk=None):
        u = self.get_object()
        self._run(services.sk_terbitkan, usul=u)
        return self._done(u)


class BerkasUsulViewSet(_Workflow, ScopedReadOnlyViewSet):
    queryset = BerkasUsul.objects.select_related("syarat")
    serializer_class = s.BerkasUsulSerializer
    filterset_fields = ["usul", "status"]

    @extend_schema(
        request={"multipart/form-data": s.UnggahSerializer}, responses={200: s.BerkasUsulSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def unggah(self, request, pk=None):
        from asnportal.uploads import validate_upload

        berkas = self.get_object()  # scope first: another instansi's row is a 404 whatever the body
        ser = s.UnggahSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        f = ser.validated_data["berkas"]
        try:
            validate_upload(f)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        b = self._run(services.berkas_unggah, berkas=berkas, file=f)
        return Response(s.BerkasUsulSerializer(b, context=self.get_serializer_context()).data)

    @extend_schema(request=s.VerifikasiSerializer, responses={200: s.BerkasUsulSerializer})
    @action(detail=True, methods=["post"])
    def verifikasi(self, request, pk=None):
        ser = s.VerifikasiSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        b = self._run(services.berkas_verifikasi, berkas=self.get_object(), **ser.validated_data)
        return Response(s.BerkasUsulSerializer(b, context=self.get_serializer_context()).data)


class ProsesMassalViewSet(_Workflow, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = ProsesMassal.objects.all()
    serializer_class = s.ProsesMassalSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if scoping.can_read_instansi(self.request.user):
            return qs
        return qs.filter(dibuat_oleh=self.request.user)  # others see only the jobs they started

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = self._run(
            services.proses_massal_minta,
            aksi=d["aksi"],
            ids=d.get("usul_ids") or [],
            layanan=d.get("layanan", ""),
        )


class RiwayatGajiBerkalaViewSet(ScopedReadOnlyViewSet):
    queryset = RiwayatGajiBerkala.objects.all()
    serializer_class = s.RiwayatGajiBerkalaSerializer
    filterset_fields = ["pegawai"]


class DokumenViewSet(ScopedReadOnlyViewSet):
    """Issued official documents (asnportal.dokumen) the user may see."""

    queryset = Dokumen.objects.all()
    serializer_class = s.DokumenSerializer
    filterset_fields = ["jenis", "status", "tahun", "pegawai"]
