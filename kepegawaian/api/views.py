from rest_framework import viewsets

from asnportal.api import ScopedModelViewSet

from .. import services
from ..filtersets import JabatanFilterSet, PegawaiFilterSet, UnitKerjaFilterSet
from ..models import Instansi, Jabatan, Pegawai, UnitKerja
from .serializers import InstansiSerializer, JabatanSerializer, PegawaiSerializer, UnitKerjaSerializer


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
