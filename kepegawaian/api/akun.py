"""API for portal accounts (issue 15): account status per pegawai, bulk creation jobs, resend activation,
deactivate/reactivate, and the public "forgot password" request. Same services and scoping as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from asnportal import scoping
from asnportal.tautan import batas_permintaan

from .. import akun_selectors, akun_services
from ..choices import CakupanAkun, StatusAkun
from ..filtersets import AkunPegawaiFilterSet
from ..models import Pegawai, PembuatanAkun, UnitKerja


class AkunPegawaiSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)  # may be blank: shown as is, not validated as an address
    status_akun = serializers.ChoiceField(choices=StatusAkun.choices, read_only=True)
    username = serializers.CharField(source="user.username", read_only=True, default=None, allow_null=True)
    aktivasi_dikirim_at = serializers.DateTimeField(
        source="user.aktivasi_dikirim_at", read_only=True, default=None, allow_null=True
    )
    diaktifkan_at = serializers.DateTimeField(
        source="user.diaktifkan_at", read_only=True, default=None, allow_null=True
    )
    terakhir_masuk = serializers.DateTimeField(
        source="user.last_login", read_only=True, default=None, allow_null=True
    )
    alasan_nonaktif = serializers.CharField(
        source="user.alasan_nonaktif", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Pegawai
        fields = [
            "id",
            "nip",
            "nama",
            "unit_kerja",
            "status_aktif",
            "email",
            "status_akun",
            "username",
            "aktivasi_dikirim_at",
            "diaktifkan_at",
            "terakhir_masuk",
            "alasan_nonaktif",
        ]
        read_only_fields = fields


class AlasanSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=200)


class PembuatanAkunSerializer(serializers.ModelSerializer):
    pegawai = serializers.PrimaryKeyRelatedField(
        queryset=Pegawai.objects.all(), many=True, required=False, write_only=True
    )
    unit_kerja = serializers.PrimaryKeyRelatedField(
        queryset=UnitKerja.objects.all(), required=False, allow_null=True
    )
    cakupan = serializers.ChoiceField(choices=CakupanAkun.choices)

    class Meta:
        model = PembuatanAkun
        fields = [
            "id",
            "cakupan",
            "unit_kerja",
            "pegawai",
            "status",
            "progress",
            "jumlah_target",
            "jumlah_dibuat",
            "jumlah_email",
            "jumlah_tanpa_email",
            "jumlah_dilewati",
            "catatan",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = [f for f in fields if f not in ("cakupan", "unit_kerja", "pegawai")]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["pegawai"].child_relation.queryset = Pegawai.objects.for_user(request.user)
            fields["unit_kerja"].queryset = UnitKerja.objects.for_user(request.user)
        return fields


def _drf(exc: DjangoValidationError):
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class _ReaderMixin:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not scoping.can_read_instansi(request.user):
            raise PermissionDenied


class AkunPegawaiViewSet(_ReaderMixin, viewsets.ReadOnlyModelViewSet):
    """Pegawai with the state of their portal account (HR officers and auditors; actions for HR)."""

    serializer_class = AkunPegawaiSerializer
    queryset = Pegawai.objects.select_related("user").annotate(status_akun=akun_selectors.status_akun_expr())
    filterset_class = AkunPegawaiFilterSet
    ordering_fields = ["nama", "nip"]

    def get_queryset(self):
        return self.queryset.all().for_user(self.request.user).order_by("nama", "id")

    def _act(self, fn, serializer_class=None):
        """Scope first (another instansi's pegawai is a 404 whatever the body), then the body, then the service."""
        if not scoping.can_manage(self.request.user):
            raise PermissionDenied
        pegawai = self.get_object()
        kw = {}
        if serializer_class is not None:
            s = serializer_class(data=self.request.data)
            s.is_valid(raise_exception=True)
            kw = dict(s.validated_data)
        try:
            fn(actor=self.request.user, pegawai=pegawai, **kw)
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        return Response(AkunPegawaiSerializer(self.get_queryset().get(pk=pegawai.pk)).data)

    @extend_schema(request=None, responses=AkunPegawaiSerializer)
    @action(detail=True, methods=["post"], url_path="kirim-aktivasi")
    def kirim_aktivasi(self, request, pk=None):
        return self._act(akun_services.akun_kirim_aktivasi)

    @extend_schema(request=AlasanSerializer, responses=AkunPegawaiSerializer)
    @action(detail=True, methods=["post"])
    def nonaktifkan(self, request, pk=None):
        return self._act(akun_services.akun_nonaktifkan_pegawai, AlasanSerializer)

    @extend_schema(request=None, responses=AkunPegawaiSerializer)
    @action(detail=True, methods=["post"])
    def aktifkan(self, request, pk=None):
        return self._act(akun_services.akun_aktifkan_kembali)


class PembuatanAkunViewSet(
    _ReaderMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Bulk account creation jobs: POST starts one (202 with its id), GET follows its progress."""

    serializer_class = PembuatanAkunSerializer
    queryset = PembuatanAkun.objects.select_related("unit_kerja")

    def get_queryset(self):
        return self.queryset.all().for_user(self.request.user)

    def create(self, request, *args, **kwargs):
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        try:
            job = akun_services.akun_buat_massal_minta(
                actor=request.user,
                cakupan=d["cakupan"],
                pegawai_ids=[p.pk for p in d.get("pegawai") or []],
                unit_kerja=d.get("unit_kerja"),
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)


class IdentitasSerializer(serializers.Serializer):
    identitas = serializers.CharField(max_length=200, help_text="NIP, nama pengguna, atau e-mail")


class PesanSerializer(serializers.Serializer):
    detail = serializers.CharField()


class LupaKataSandiView(APIView):
    """Public: ask for a password-reset link by e-mail. The answer is the same whether or not the account
    exists; limited per IP and per identity (429 over the per-IP limit)."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    public = True

    @extend_schema(request=IdentitasSerializer, responses={202: PesanSerializer, 429: PesanSerializer})
    def post(self, request):
        from ..akun_views import SAMA_UNTUK_SEMUA

        s = IdentitasSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        ident = s.validated_data["identitas"]
        ip_ok, id_ok = batas_permintaan(request, jenis="reset", identitas=ident)
        if not ip_ok:
            return Response({"detail": "Terlalu banyak permintaan dari alamat ini."}, status=429)
        if id_ok:
            akun_services.lupa_kata_sandi_minta(identitas=ident, request=request)
        return Response({"detail": str(SAMA_UNTUK_SEMUA)}, status=202)
