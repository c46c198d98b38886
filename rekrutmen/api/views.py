"""HR-side API of the rekrutmen app. Every queryset goes through for_user; applicant data (lamaran, sanggah,
ledger) is visible to HR officers, auditors and superadmins of the instansi only (PetugasQuerySet)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from asnportal.api import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import selectors, services
from ..filtersets import FormasiFilterSet, LamaranFilterSet, SanggahFilterSet, SeleksiFilterSet
from ..models import Formasi, Lamaran, Publikasi, RiwayatNilai, Sanggah, Seleksi
from .serializers import (
    FormasiSerializer,
    JawabSanggahSerializer,
    LamaranSerializer,
    PublikasiSerializer,
    RingkasanFormasiSerializer,
    RiwayatNilaiSerializer,
    SanggahSerializer,
    SeleksiSerializer,
    SetujuiSerializer,
)


class PerubahanSerializer(drf_serializers.Serializer):
    perubahan = drf_serializers.IntegerField(help_text="Jumlah catatan riwayat nilai yang ditulis.")


def _call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError(exc.messages) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from exc


class SeleksiViewSet(ScopedModelViewSet):
    serializer_class = SeleksiSerializer
    queryset = Seleksi.objects.select_related("instansi")
    filterset_class = SeleksiFilterSet
    ordering_fields = ["tahun", "pendaftaran_mulai", "nama"]

    def perform_create(self, serializer):
        serializer.instance = _call(
            services.seleksi_simpan, actor=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = _call(
            services.seleksi_simpan,
            actor=self.request.user,
            seleksi=serializer.instance,
            data=dict(serializer.validated_data),
        )

    def perform_destroy(self, instance):
        from rest_framework.exceptions import MethodNotAllowed

        raise MethodNotAllowed("DELETE")  # rounds are part of the merit record

    @extend_schema(responses=RingkasanFormasiSerializer(many=True))
    @action(detail=True, methods=["get"])
    def ringkasan(self, request, pk=None):
        data = selectors.ringkasan_seleksi(seleksi=self.get_object())
        rows = [
            {
                "formasi": f.pk,
                "jabatan": f.jabatan.nama,
                "kuota": f.kuota,
                "pelamar": f.pelamar,
                "ms": f.ms,
                "tms": f.tms,
                "lulus_skd": f.lulus_skd_n,
                "ikut_skb": f.ikut_skb_n,
                "lulus": f.lulus,
                "cadangan": f.cadangan,
            }
            for f in data["formasi"]
        ]
        return Response(RingkasanFormasiSerializer(rows, many=True).data)

    @extend_schema(request=None, responses=PerubahanSerializer)
    @action(detail=True, methods=["post"], url_path="hitung-peringkat")
    def hitung_peringkat(self, request, pk=None):
        n = _call(services.seleksi_hitung_peringkat, actor=request.user, seleksi=self.get_object())
        return Response({"perubahan": n})


class FormasiViewSet(ScopedReadOnlyViewSet):
    serializer_class = FormasiSerializer
    queryset = Formasi.objects.select_related("jabatan", "unit_kerja")
    filterset_class = FormasiFilterSet

    @extend_schema(request=SetujuiSerializer, responses=FormasiSerializer)
    @action(detail=True, methods=["post"])
    def setujui(self, request, pk=None):
        formasi = self.get_object()
        ser = SetujuiSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        formasi = _call(services.formasi_setujui, actor=request.user, formasi=formasi, **ser.validated_data)
        return Response(FormasiSerializer(formasi, context={"request": request}).data)


class LamaranViewSet(ScopedReadOnlyViewSet):
    serializer_class = LamaranSerializer
    queryset = Lamaran.objects.filter(status="dikirim").select_related("pelamar")
    filterset_class = LamaranFilterSet
    ordering_fields = ["nomor_peserta", "peringkat", "nilai_akhir"]


class SanggahViewSet(ScopedReadOnlyViewSet):
    serializer_class = SanggahSerializer
    queryset = Sanggah.objects.select_related("lamaran")
    filterset_class = SanggahFilterSet

    @extend_schema(request=JawabSanggahSerializer, responses=SanggahSerializer)
    @action(detail=True, methods=["post"])
    def jawab(self, request, pk=None):
        sanggah = self.get_object()
        ser = JawabSanggahSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        sanggah = _call(
            services.sanggah_jawab,
            actor=request.user,
            sanggah=sanggah,
            diterima=ser.validated_data["diterima"],
            jawaban=ser.validated_data["jawaban"],
            koreksi_nilai=ser.validated_data.get("koreksi_nilai"),
        )
        return Response(SanggahSerializer(sanggah, context={"request": request}).data)


class RiwayatNilaiViewSet(ScopedReadOnlyViewSet):
    serializer_class = RiwayatNilaiSerializer
    queryset = RiwayatNilai.objects.select_related("lamaran")
    filterset_fields = ["lamaran", "field", "sumber"]


class PublikasiViewSet(ScopedReadOnlyViewSet):
    serializer_class = PublikasiSerializer
    queryset = Publikasi.objects.all()
    filterset_fields = ["seleksi", "tahap"]
