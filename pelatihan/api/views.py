"""API of the pelatihan app: every queryset through for_user; every workflow write through services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from asnportal import scoping
from asnportal.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from asnportal.filters import TAHUN_MAX, TAHUN_MIN
from kepegawaian.models import Pegawai

from .. import conf, rules, selectors, services
from ..filtersets import (
    EksternalFilterSet,
    JPFilterSet,
    KompetensiFilterSet,
    PesertaFilterSet,
    ProgramFilterSet,
    RekomendasiFilterSet,
    RencanaFilterSet,
    SertifikatFilterSet,
    SesiFilterSet,
)
from ..models import (
    Evaluasi,
    Kehadiran,
    Kompetensi,
    PelatihanEksternal,
    Peserta,
    Program,
    Rekomendasi,
    RencanaPelatihan,
    Sertifikat,
    Sesi,
)
from . import serializers as s


class _ServiceErrors:
    """Translate service errors to API errors (400 / 403)."""

    def call(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc


TAHUN = OpenApiParameter("tahun", OpenApiTypes.INT, description="Tahun (bawaan: tahun berjalan)")


def _tahun(request) -> int:
    try:
        tahun = int(request.query_params.get("tahun") or dt.date.today().year)
    except ValueError as exc:
        raise ValidationError({"tahun": "Tahun tidak valid."}) from exc
    if not TAHUN_MIN <= tahun <= TAHUN_MAX:  # the `__year` lookup overflows building its date bounds (a 500)
        raise ValidationError({"tahun": "Tahun tidak valid."})
    return tahun


class KompetensiViewSet(ScopedModelViewSet):
    serializer_class = s.KompetensiPelatihanSerializer
    queryset = Kompetensi.objects.prefetch_related("jabatan")
    filterset_class = KompetensiFilterSet


class ProgramViewSet(_ServiceErrors, ScopedModelViewSet):
    serializer_class = s.ProgramPelatihanSerializer
    queryset = Program.objects.select_related("instansi", "penyelenggara_instansi").prefetch_related(
        "kompetensi"
    )
    filterset_class = ProgramFilterSet
    ordering_fields = ["nama", "jp"]

    def _save(self, serializer, instance):
        data = dict(serializer.validated_data)
        kompetensi = data.pop("kompetensi", None)
        for k, v in data.items():
            setattr(instance, k, v)
        serializer.instance = self.call(
            services.program_save, actor=self.request.user, program=instance, kompetensi=kompetensi
        )

    def perform_create(self, serializer):
        instansi_id = self.request.user.instansi_id
        if instansi_id is None:
            raise ValidationError({"instansi": "Instansi tidak dapat ditentukan."})
        self._save(serializer, Program(instansi_id=instansi_id))

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        raise PermissionDenied("Program tidak dihapus; nonaktifkan saja.")


class SesiViewSet(_ServiceErrors, ScopedModelViewSet):
    serializer_class = s.SesiPelatihanSerializer
    queryset = Sesi.objects.select_related("program")
    filterset_class = SesiFilterSet
    ordering_fields = ["tanggal_mulai", "kapasitas"]

    def _save(self, serializer, instance):
        for k, v in serializer.validated_data.items():
            setattr(instance, k, v)
        instance.instansi_id = instance.program.instansi_id
        serializer.instance = self.call(services.sesi_save, actor=self.request.user, sesi=instance)

    def perform_create(self, serializer):
        self._save(serializer, Sesi())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        raise PermissionDenied("Sesi tidak dihapus; ubah statusnya menjadi batal.")


class PesertaViewSet(_ServiceErrors, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Enrolments. POST: an ASN applies (pegawai omitted) or HR / the atasan nominates (pegawai given).
    Actions: setujui / tolak (atasan), batal (pegawai, atasan, HR), selesaikan (HR)."""

    serializer_class = s.PesertaPelatihanSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = PesertaFilterSet
    queryset = Peserta.objects.all()

    def get_queryset(self):
        return selectors.peserta_visible(user=self.request.user).order_by("-id")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if isinstance(serializer, s.PesertaPelatihanSerializer) and "pegawai" in serializer.fields:
            # Nominations may name any pegawai of the instansi (the service checks HR / atasan).
            from kepegawaian.models import Pegawai

            user = self.request.user
            qs = Pegawai.objects.none()
            if user.is_authenticated and (user.instansi_id or scoping.is_superadmin(user)):
                qs = (
                    Pegawai.objects.all()
                    if scoping.is_superadmin(user)
                    else Pegawai.objects.for_instansi(user.instansi_id)
                )
            serializer.fields["pegawai"].queryset = qs
        return serializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        pegawai = data.get("pegawai") or getattr(self.request.user, "pegawai", None)
        if pegawai is None:
            raise ValidationError({"pegawai": "Pilih pegawai."})
        serializer.instance = self.call(
            services.peserta_daftar,
            actor=self.request.user,
            sesi=data["sesi"],
            pegawai=pegawai,
            catatan=data.get("catatan", ""),
        )

    def _aksi(self, request, service, body_class=None, fields=()):
        """Validate the optional body, run one enrolment service on this peserta, answer with the peserta."""
        data = {}
        if body_class is not None:
            body = body_class(data=request.data)
            body.is_valid(raise_exception=True)
            data = {f: body.validated_data.get(f) for f in fields}
        obj = self.call(service, actor=request.user, peserta=self.get_object(), **data)
        return Response(s.PesertaPelatihanSerializer(obj, context={"request": request}).data)

    @extend_schema(request=None, responses=s.PesertaPelatihanSerializer)
    @action(detail=True, methods=["post"])
    def setujui(self, request, pk=None):
        return self._aksi(request, services.peserta_setujui)

    @extend_schema(request=s.AlasanPelatihanSerializer, responses=s.PesertaPelatihanSerializer)
    @action(detail=True, methods=["post"])
    def tolak(self, request, pk=None):
        return self._aksi(request, services.peserta_tolak, s.AlasanPelatihanSerializer, ["alasan"])

    @extend_schema(request=s.AlasanPelatihanSerializer, responses=s.PesertaPelatihanSerializer)
    @action(detail=True, methods=["post"])
    def batal(self, request, pk=None):
        return self._aksi(request, services.peserta_batal, s.AlasanPelatihanSerializer, ["alasan"])

    @extend_schema(request=s.SelesaiPelatihanSerializer, responses=s.PesertaPelatihanSerializer)
    @action(detail=True, methods=["post"])
    def selesaikan(self, request, pk=None):
        return self._aksi(
            request, services.peserta_selesaikan, s.SelesaiPelatihanSerializer, ["hasil", "nilai"]
        )


class KehadiranViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.KehadiranPelatihanSerializer
    queryset = Kehadiran.objects.all()
    filterset_fields = ["peserta", "tanggal", "status"]


class EksternalViewSet(_ServiceErrors, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """External training: the ASN submits with evidence (multipart); HR verifies."""

    serializer_class = s.EksternalPelatihanSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = PelatihanEksternal.objects.select_related("pegawai")
    filterset_class = EksternalFilterSet

    def perform_create(self, serializer):
        """An ASN submits their own; an HR officer names the pegawai (`pegawai` id of its instansi) and the
        record is verified at once (services.eksternal_catat_sdm)."""
        user = self.request.user
        if scoping.can_manage(user):
            pegawai_id = self.request.data.get("pegawai")
            pegawai = (
                Pegawai.objects.for_user(user).filter(pk=pegawai_id).first()
                if str(pegawai_id or "").isdigit()
                else None
            )
            if pegawai is None:
                raise ValidationError({"pegawai": ["Pilih pegawai instansi Anda (id)."]})
            serializer.instance = self.call(
                services.eksternal_catat_sdm,
                actor=user,
                pegawai=pegawai,
                data=dict(serializer.validated_data),
            )
            return
        pegawai = getattr(user, "pegawai", None)
        if pegawai is None:
            raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
        serializer.instance = self.call(
            services.eksternal_ajukan,
            actor=user,
            pegawai=pegawai,
            data=dict(serializer.validated_data),
        )

    @extend_schema(request=s.VerifikasiPelatihanSerializer, responses=s.EksternalPelatihanSerializer)
    @action(detail=True, methods=["post"])
    def verifikasi(self, request, pk=None):
        body = s.VerifikasiPelatihanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = self.call(
            services.eksternal_verifikasi,
            actor=request.user,
            eksternal=self.get_object(),
            setuju=body.validated_data["setuju"],
            catatan=body.validated_data["catatan"],
        )
        return Response(s.EksternalPelatihanSerializer(obj, context={"request": request}).data)


class SertifikatViewSet(_ServiceErrors, ScopedReadOnlyViewSet):
    serializer_class = s.SertifikatPelatihanSerializer
    queryset = Sertifikat.objects.all()
    filterset_class = SertifikatFilterSet

    @extend_schema(request=s.AlasanPelatihanSerializer, responses=s.SertifikatPelatihanSerializer)
    @action(detail=True, methods=["post"])
    def cabut(self, request, pk=None):
        body = s.AlasanPelatihanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = self.call(
            services.sertifikat_cabut,
            actor=request.user,
            sertifikat=self.get_object(),
            alasan=body.validated_data["alasan"],
        )
        return Response(s.SertifikatPelatihanSerializer(obj, context={"request": request}).data)


class EvaluasiViewSet(_ServiceErrors, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    serializer_class = s.EvaluasiPelatihanSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Evaluasi.objects.select_related("peserta")
    filterset_fields = ["peserta"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        peserta = data.pop("peserta")
        serializer.instance = self.call(
            services.evaluasi_kirim, actor=self.request.user, peserta=peserta, data=data
        )

    @extend_schema(responses=s.EvaluasiProgramPelatihanSerializer(many=True))
    # A short list (one row per programme), not paginated: the schema must say so (fuzzing found the mismatch).
    @action(detail=False, methods=["get"], url_path="per-program", pagination_class=None)
    def per_program(self, request):
        if not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        rows = selectors.evaluasi_per_program(user=request.user)
        return Response(s.EvaluasiProgramPelatihanSerializer(rows, many=True).data)


class RekomendasiViewSet(_ServiceErrors, ScopedReadOnlyViewSet):
    serializer_class = s.RekomendasiPelatihanSerializer
    queryset = Rekomendasi.objects.select_related("pegawai")
    filterset_class = RekomendasiFilterSet

    @extend_schema(request=s.SusunPelatihanSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def susun(self, request):
        body = s.SusunPelatihanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not request.user.instansi_id:
            raise ValidationError({"instansi": "Akun ini tidak terikat pada satu instansi."})
        n = self.call(
            services.rekomendasi_susun,
            actor=request.user,
            instansi_id=request.user.instansi_id,
            tahun_kinerja=body.validated_data["tahun_kinerja"],
        )
        return Response({"dibuat": n, "tahun": body.validated_data["tahun_kinerja"] + 1})


class RencanaViewSet(_ServiceErrors, ScopedReadOnlyViewSet):
    serializer_class = s.RencanaPelatihanSerializer
    queryset = RencanaPelatihan.objects.select_related("program")
    filterset_class = RencanaFilterSet

    @extend_schema(request=s.RencanaBuatPelatihanSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="dari-rekomendasi")
    def dari_rekomendasi(self, request):
        body = s.RencanaBuatPelatihanSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        n = self.call(
            services.rencana_dari_rekomendasi,
            actor=request.user,
            rekomendasi=list(body.validated_data["rekomendasi"]),
            program=body.validated_data["program"],
            perkiraan_biaya=body.validated_data["perkiraan_biaya"],
        )
        return Response({"dibuat": n}, status=201)


class JPViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """JP per pegawai for a year against the target (HR, auditors, unit heads; an ASN sees only themself)."""

    serializer_class = s.JPPegawaiPelatihanSerializer
    filterset_class = JPFilterSet
    permission_classes = [permissions.IsAuthenticated]
    queryset = Pegawai.objects.none()  # for schema generation; the real queryset is below

    def get_queryset(self):
        return selectors.jp_pegawai(user=self.request.user, tahun=_tahun(self.request)).order_by(
            "total_jp", "nama"
        )

    @extend_schema(parameters=[TAHUN])
    def list(self, request, *args, **kwargs):
        # Paginated like every list, and documented so (it once said "array" and answered a page).
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        target = conf.target_jp()
        for p in page:
            p.target = target
            p.memenuhi = rules.memenuhi_target(p.total_jp, target=target)
            p.kekurangan = rules.kekurangan_jp(p.total_jp, target=target)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AnggaranViewSet(viewsets.GenericViewSet):
    """Planned vs realised training budget per programme for a year."""

    serializer_class = s.AnggaranPelatihanSerializer
    queryset = Sesi.objects.none()
    pagination_class = None

    @extend_schema(parameters=[TAHUN], responses=s.AnggaranPelatihanSerializer(many=True))
    def list(self, request):
        if not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        rows = selectors.anggaran(user=request.user, tahun=_tahun(request))
        return Response(s.AnggaranPelatihanSerializer(rows, many=True).data)
