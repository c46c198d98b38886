import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from asnportal import scoping
from asnportal.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from asnportal.scoping import get_scoped_or_404

from .. import impor, rules, selectors, services
from ..filtersets import (
    DokumenPegawaiFilterSet,
    JabatanFilterSet,
    PegawaiFilterSet,
    PenugasanPltFilterSet,
    RencanaPenataanFilterSet,
    SelisihSIASNFilterSet,
    UnitKerjaFilterSet,
    UraianTugasFilterSet,
    UsulanDataFilterSet,
    UsulanMutasiFilterSet,
)
from ..models import (
    DokumenPegawai,
    Instansi,
    Jabatan,
    Pegawai,
    PenugasanPlt,
    RekonsiliasiSIASN,
    RencanaPenataan,
    SelisihSIASN,
    UnitKerja,
    UraianTugas,
    UsulanMutasi,
    UsulanPerubahanData,
)
from .serializers import (
    AlasanKeputusanSerializer,
    DokumenPegawaiSerializer,
    InstansiSerializer,
    JabatanSerializer,
    KandidatKPSerializer,
    KebutuhanSerializer,
    KompensasiSerializer,
    KomposisiItemSerializer,
    KotakSerializer,
    PegawaiSerializer,
    PensiunSerializer,
    PenugasanPltSerializer,
    PerubahanPenataanSerializer,
    PutuskanSerializer,
    RekonsiliasiSIASNSerializer,
    RencanaPenataanSerializer,
    SelisihSIASNSerializer,
    SetujuiMutasiSerializer,
    UnitKerjaSerializer,
    UraianTugasSerializer,
    UsulanDataSerializer,
    UsulanMutasiSerializer,
)


class InstansiViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InstansiSerializer
    queryset = Instansi.objects.all()

    def get_queryset(self):
        return Instansi.objects.for_user(self.request.user)


class UnitKerjaViewSet(ScopedModelViewSet):
    serializer_class = UnitKerjaSerializer
    queryset = UnitKerja.objects.select_related("instansi", "parent")
    filterset_class = UnitKerjaFilterSet
    ordering_fields = ["nama", "path"]


class JabatanViewSet(ScopedModelViewSet):
    serializer_class = JabatanSerializer
    queryset = Jabatan.objects.select_related("unit_kerja", "parent")
    filterset_class = JabatanFilterSet
    ordering_fields = ["nama", "kelas_jabatan"]

    def perform_create(self, serializer):
        serializer.save(instansi_id=serializer.validated_data["unit_kerja"].instansi_id)


class PegawaiViewSet(ScopedModelViewSet):
    serializer_class = PegawaiSerializer
    queryset = Pegawai.objects.select_related("unit_kerja", "jabatan")
    filterset_class = PegawaiFilterSet
    ordering_fields = ["nama", "nip", "golongan", "tanggal_lahir"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        instansi_id = self.request.user.instansi_id or (
            data["jabatan"].instansi_id if data.get("jabatan") else None
        )
        serializer.instance = services.pegawai_create(
            actor=self.request.user, instansi_id=instansi_id, data=data
        )

    def perform_update(self, serializer):
        serializer.instance = services.pegawai_update(
            actor=self.request.user, pegawai=serializer.instance, data=dict(serializer.validated_data)
        )

    def perform_destroy(self, instance):
        # Personnel records are never deleted through the API: set status_aktif instead.
        from rest_framework.exceptions import MethodNotAllowed

        raise MethodNotAllowed("DELETE")


def _as_drf(exc: DjangoValidationError):
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class UraianTugasViewSet(ScopedModelViewSet):
    """ANJAB/ABK: the tasks of a jabatan with volume and time norm; writes recompute the jabatan's kebutuhan."""

    serializer_class = UraianTugasSerializer
    queryset = UraianTugas.objects.select_related("jabatan")
    filterset_class = UraianTugasFilterSet

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        jabatan = data.pop("jabatan")
        serializer.instance = services.uraian_tugas_simpan(
            actor=self.request.user, jabatan=jabatan, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("jabatan", None)
        serializer.instance = services.uraian_tugas_simpan(
            actor=self.request.user,
            jabatan=serializer.instance.jabatan,
            data=data,
            uraian=serializer.instance,
        )

    def perform_destroy(self, instance):
        services.uraian_tugas_hapus(actor=self.request.user, uraian=instance)


class KebutuhanView(APIView):
    """Kebutuhan (ABK) vs bezetting per jabatan, per OPD and for the instansi (HR and auditors)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Batasi pada unit kerja ini dan bawahannya"),
            OpenApiParameter("instansi", int, description="Superadmin: instansi yang dilihat"),
        ],
        responses=KebutuhanSerializer,
    )
    def get(self, request):
        if not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        unit = None
        if request.query_params.get("unit"):
            unit = get_scoped_or_404(UnitKerja, request.user, pk=request.query_params["unit"])
        instansi_id = (
            unit.instansi_id
            if unit
            else request.user.instansi_id
            or get_scoped_or_404(Instansi, request.user, pk=request.query_params.get("instansi") or 0).pk
        )
        data = selectors.bezetting_per_unit(instansi_id=instansi_id, unit_path=unit.path if unit else None)
        return Response(KebutuhanSerializer(data).data)


class RencanaPenataanViewSet(ScopedModelViewSet):
    """Restructuring plans: create, add changes, preview, apply (or schedule), reverse by a compensating plan."""

    serializer_class = RencanaPenataanSerializer
    queryset = RencanaPenataan.objects.prefetch_related("perubahan")
    filterset_class = RencanaPenataanFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if not scoping.can_read_instansi(self.request.user):
            return RencanaPenataan.objects.none()
        return super().get_queryset()

    def perform_create(self, serializer):
        instansi_id = self.request.user.instansi_id
        if instansi_id is None:
            raise ValidationError({"instansi": "Superadmin membuat rencana lewat halaman instansi."})
        serializer.instance = services.rencana_create(
            actor=self.request.user, instansi_id=instansi_id, data=dict(serializer.validated_data)
        )

    def _run(self, fn):
        try:
            return fn()
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc

    @extend_schema(request=PerubahanPenataanSerializer, responses=PerubahanPenataanSerializer)
    @action(detail=True, methods=["post"])
    def perubahan(self, request, pk=None):
        rencana = self.get_object()
        ser = PerubahanPenataanSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        p = self._run(
            lambda: services.perubahan_add(actor=request.user, rencana=rencana, data=dict(ser.validated_data))
        )
        return Response(PerubahanPenataanSerializer(p).data, status=201)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def pratinjau(self, request, pk=None):
        rencana = self.get_object()
        data = services.rencana_preview(rencana=rencana)
        return Response(data)

    @extend_schema(request=None, responses=RencanaPenataanSerializer)
    @action(detail=True, methods=["post"])
    def terapkan(self, request, pk=None):
        rencana = self._run(lambda: services.rencana_terapkan(actor=request.user, rencana=self.get_object()))
        return Response(self.get_serializer(rencana).data)

    @extend_schema(request=KompensasiSerializer, responses=RencanaPenataanSerializer)
    @action(detail=True, methods=["post"])
    def balik(self, request, pk=None):
        rencana = self.get_object()
        ser = KompensasiSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        komp = self._run(
            lambda: services.rencana_buat_kompensasi(
                actor=request.user, rencana=rencana, tanggal_efektif=ser.validated_data["tanggal_efektif"]
            )
        )
        return Response(self.get_serializer(komp).data, status=201)


class UsulanMutasiViewSet(ScopedModelViewSet):
    """Mutasi/promosi/rotasi proposals: HR or the pegawai's unit head proposes; HR approves with the SK."""

    serializer_class = UsulanMutasiSerializer
    queryset = UsulanMutasi.objects.select_related("pegawai")
    filterset_class = UsulanMutasiFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return super().get_permissions()

    def perform_create(self, serializer):
        try:
            serializer.instance = services.mutasi_ajukan(actor=self.request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc

    @extend_schema(request=SetujuiMutasiSerializer, responses=UsulanMutasiSerializer)
    @action(detail=True, methods=["post"])
    def setujui(self, request, pk=None):
        usulan = self.get_object()
        ser = SetujuiMutasiSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            usulan = services.mutasi_setujui(actor=request.user, usulan=usulan, **ser.validated_data)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(usulan).data)

    @extend_schema(request=AlasanKeputusanSerializer, responses=UsulanMutasiSerializer)
    @action(detail=True, methods=["post"])
    def tolak(self, request, pk=None):
        usulan = self.get_object()
        ser = AlasanKeputusanSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            usulan = services.mutasi_tolak(
                actor=request.user, usulan=usulan, catatan=ser.validated_data["catatan"]
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(usulan).data)


class DokumenPegawaiViewSet(ScopedReadOnlyViewSet):
    """Personnel-file documents (metadata); the file itself is served by the permission-checked `unduh` URL."""

    serializer_class = DokumenPegawaiSerializer
    queryset = DokumenPegawai.objects.all()
    filterset_class = DokumenPegawaiFilterSet


class UsulanDataViewSet(ScopedModelViewSet):
    """ASN data-update proposals: the ASN creates (for themself), HR verifies or rejects."""

    serializer_class = UsulanDataSerializer
    queryset = UsulanPerubahanData.objects.select_related("pegawai")
    filterset_class = UsulanDataFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return super().get_permissions()

    def perform_create(self, serializer):
        d = serializer.validated_data
        try:
            serializer.instance = services.usulan_data_ajukan(
                actor=self.request.user,
                jenis=d["jenis"],
                data=d.get("data") or {},
                keterangan=d.get("keterangan", ""),
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc

    @extend_schema(request=None, responses=UsulanDataSerializer)
    @action(detail=True, methods=["post"])
    def verifikasi(self, request, pk=None):
        try:
            usulan = services.usulan_data_verifikasi(actor=request.user, usulan=self.get_object())
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(usulan).data)

    @extend_schema(request=AlasanKeputusanSerializer, responses=UsulanDataSerializer)
    @action(detail=True, methods=["post"])
    def tolak(self, request, pk=None):
        usulan = self.get_object()
        ser = AlasanKeputusanSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            usulan = services.usulan_data_tolak(
                actor=request.user, usulan=usulan, alasan=ser.validated_data["catatan"]
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(usulan).data)


class RekonsiliasiSIASNViewSet(ScopedReadOnlyViewSet):
    serializer_class = RekonsiliasiSIASNSerializer
    queryset = RekonsiliasiSIASN.objects.all()

    def get_queryset(self):
        if not scoping.can_read_instansi(self.request.user):
            return RekonsiliasiSIASN.objects.none()
        return super().get_queryset()


class SelisihSIASNViewSet(ScopedReadOnlyViewSet):
    """Differences between the portal and a SIASN extract; `putuskan` records HR's decision."""

    serializer_class = SelisihSIASNSerializer
    queryset = SelisihSIASN.objects.all()
    filterset_class = SelisihSIASNFilterSet

    def get_queryset(self):
        if not scoping.can_read_instansi(self.request.user):
            return SelisihSIASN.objects.none()
        return super().get_queryset()

    @extend_schema(request=PutuskanSerializer, responses=SelisihSIASNSerializer)
    @action(detail=True, methods=["post"])
    def putuskan(self, request, pk=None):
        selisih = self.get_object()
        if not scoping.can_manage(request.user):
            raise PermissionDenied
        ser = PutuskanSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            selisih = impor.siasn_putuskan(actor=request.user, selisih=selisih, **ser.validated_data)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(selisih).data)


class KenaikanPangkatViewSet(ScopedReadOnlyViewSet):
    """Candidates for KP reguler in a proposal period (?periode=YYYY-MM-DD; default: the next one)."""

    serializer_class = KandidatKPSerializer
    queryset = Pegawai.objects.all()

    def _periode(self):
        try:
            return dt.date.fromisoformat(self.request.query_params["periode"])
        except (KeyError, ValueError):
            return rules.periode_kp_untuk_usulan(dt.date.today())

    @extend_schema(parameters=[OpenApiParameter("periode", OpenApiTypes.DATE)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.kp_kandidat(user=self.request.user, periode=self._periode())


class PensiunView(APIView):
    """Who reaches BUP in the next 1–5 years (?tahun=, ?unit=)."""

    @extend_schema(
        parameters=[OpenApiParameter("tahun", int), OpenApiParameter("unit", int)],
        responses=PensiunSerializer(many=True),
    )
    def get(self, request):
        try:
            tahun = min(5, max(1, int(request.query_params.get("tahun", 5))))
        except ValueError:
            tahun = 5
        unit = None
        if request.query_params.get("unit"):
            unit = get_scoped_or_404(UnitKerja, request.user, pk=request.query_params["unit"])
        data = selectors.pensiun_proyeksi(user=request.user, pada=dt.date.today(), tahun=tahun, unit=unit)
        return Response(PensiunSerializer(data["daftar"], many=True).data)


class KomposisiView(APIView):
    """Composition of active pegawai (golongan, pendidikan, jenis kelamin, jenis jabatan, status, usia)."""

    @extend_schema(
        parameters=[OpenApiParameter("unit", int)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        unit = None
        if request.query_params.get("unit"):
            unit = get_scoped_or_404(UnitKerja, request.user, pk=request.query_params["unit"])
        data = selectors.komposisi_lengkap(user=request.user, unit=unit)
        return Response({k: KomposisiItemSerializer(v).data for k, v in data.items()})


class PenugasanPltViewSet(ScopedModelViewSet):
    """Plt./Plh. assignments (SK): HR records and corrects them (audited; to end one early set an earlier
    tanggal_selesai); everyone reads those in their scope. No delete: the history of who signed as Plt. stays."""

    serializer_class = PenugasanPltSerializer

    queryset = PenugasanPlt.objects.select_related("pegawai", "jabatan")
    filterset_class = PenugasanPltFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _simpan(self, serializer, penugasan=None):
        from .. import plt

        try:
            serializer.instance = plt.plt_simpan(
                actor=self.request.user, data=serializer.validated_data, penugasan=penugasan
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc

    def perform_create(self, serializer):
        self._simpan(serializer)

    def perform_update(self, serializer):
        self._simpan(serializer, serializer.instance)


class KotakPersetujuanView(APIView):
    """The user's approvals inbox (Kotak persetujuan): every item awaiting their decision across apps, grouped
    by kind, with the same counts as the dashboard. Read only: decisions go through each item's own endpoint."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=KotakSerializer)
    def get(self, request):
        from ..kotak import kotak_persetujuan

        groups = kotak_persetujuan(request.user)
        data = {
            "count": sum(g.jumlah for g in groups),
            "kelompok": [
                {
                    "kind": g.kind,
                    "judul": str(g.judul),
                    "jumlah": g.jumlah,
                    "url": g.url,
                    "items": [
                        {
                            "pegawai_id": i["pegawai"].pk,
                            "pegawai_nama": i["pegawai"].nama_lengkap,
                            "perihal": str(i["perihal"]),
                            "tanggal": i["tanggal"],
                            "url": i["url"],
                        }
                        for i in g.items
                    ],
                }
                for g in groups
            ],
        }
        return Response(KotakSerializer(data).data)
