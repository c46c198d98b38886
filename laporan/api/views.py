from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from asnportal.api import ScopedReadOnlyViewSet

from .. import services
from ..filtersets import LaporanRunFilterSet
from ..models import LaporanRun
from ..views import _period
from .serializers import LaporanRequestSerializer, LaporanRunSerializer


class LaporanRunViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The report archive of the user's instansi. POST asks for a report (idempotent: an existing run for the
    same report and period is returned with 200 instead of 201)."""

    serializer_class = LaporanRunSerializer
    queryset = LaporanRun.objects.select_related("requested_by", "unit_kerja")
    filterset_class = LaporanRunFilterSet
    ordering_fields = ["created_at", "periode_mulai"]

    def get_serializer_class(self):
        if self.action == "create":
            return LaporanRequestSerializer
        return LaporanRunSerializer

    @extend_schema(
        request=LaporanRequestSerializer, responses={201: LaporanRunSerializer, 200: LaporanRunSerializer}
    )
    def create(self, request, *args, **kwargs):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        instansi_id = request.user.instansi_id or (
            data["unit_kerja"].instansi_id if data.get("unit_kerja") else None
        )
        if instansi_id is None:
            raise serializers.ValidationError({"unit_kerja": "Instansi tidak dapat ditentukan."})
        try:
            run, created = services.laporan_request(
                actor=request.user,
                instansi_id=instansi_id,
                jenis=data["jenis"],
                format=data["format"],
                **_period(data["jenis"], data["tanggal"]),
                unit_kerja=data.get("unit_kerja"),
                status_kepegawaian=data.get("status_kepegawaian") or "",
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"non_field_errors": exc.messages}) from exc
        out = LaporanRunSerializer(run, context=self.get_serializer_context())
        return Response(out.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses={202: LaporanRunSerializer})
    @action(detail=True, methods=["post"], url_path="coba-lagi")
    def coba_lagi(self, request, pk=None):
        run = self.get_object()
        try:
            services.laporan_retry(actor=request.user, run=run)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"non_field_errors": exc.messages}) from exc
        run.refresh_from_db()
        return Response(LaporanRunSerializer(run, context=self.get_serializer_context()).data, status=202)
