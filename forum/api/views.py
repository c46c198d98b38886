"""Forum API. Access comes from forum.selectors (through `for_user`), writes from forum.services; the
permission below replaces the portal default (which lets only HR officers write), because every ASN may
post in the forum."""

from __future__ import annotations

import django_filters as df
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from .. import selectors, services
from ..models import AnggotaRuang, Kategori, Lampiran, Pos, RuangKoordinasi, Topik
from .serializers import KategoriSerializer, PosSerializer, RuangSerializer, TopikSerializer

AUTHOR = ("penulis__pegawai__jabatan", "penulis__pegawai__unit_kerja", "penulis__instansi")


class ForumPermission(permissions.BasePermission):
    """Logged-in users read (rows narrowed by selectors) and post; categories are written by superadmins."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "superadmin_writes", False):
            return selectors.can_manage_kategori(request.user)
        return True


def _service_errors(call):
    try:
        return call()
    except DjangoValidationError as exc:
        raise serializers.ValidationError(
            getattr(exc, "message_dict", None) or {"detail": exc.messages}
        ) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied from exc


class KategoriViewSet(viewsets.ModelViewSet):
    serializer_class = KategoriSerializer
    permission_classes = [ForumPermission]
    superadmin_writes = True
    queryset = Kategori.objects.all()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Kategori.objects.for_user(self.request.user).order_by("urutan", "nama")


class TopikFilterSet(df.FilterSet):
    kategori = df.NumberFilter(field_name="kategori_id")
    ruang = df.NumberFilter(field_name="ruang_id")
    instansi = df.NumberFilter(field_name="instansi_id")
    praktik_baik = df.BooleanFilter()

    class Meta:
        model = Topik
        fields = ["kategori", "ruang", "instansi", "praktik_baik"]


class TopikViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TopikSerializer
    permission_classes = [ForumPermission]
    filterset_class = TopikFilterSet
    queryset = Topik.objects.all()
    ordering_fields = ["last_post_at", "created_at"]

    def get_queryset(self):
        return (
            Topik.objects.for_user(self.request.user)
            .select_related("instansi", *AUTHOR)
            .order_by("-is_pinned", "-last_post_at", "-id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        ruang = data.get("ruang")
        if ruang is not None and not selectors.is_member(self.request.user, ruang):
            raise serializers.ValidationError({"ruang": "Ruang tidak ditemukan."})
        serializer.instance = _service_errors(
            lambda: services.topik_create(
                actor=self.request.user,
                judul=data["judul"],
                isi=data["isi"],
                kategori=data.get("kategori"),
                ruang=ruang,
            )
        )


class PosFilterSet(df.FilterSet):
    topik = df.NumberFilter(field_name="topik_id")
    penulis = df.CharFilter(field_name="penulis__username", lookup_expr="iexact")

    class Meta:
        model = Pos
        fields = ["topik", "penulis"]


class PosViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PosSerializer
    permission_classes = [ForumPermission]
    filterset_class = PosFilterSet
    queryset = Pos.objects.all()

    def get_queryset(self):
        return (
            Pos.objects.for_user(self.request.user)
            .select_related(*AUTHOR)
            .prefetch_related(Prefetch("lampiran", queryset=Lampiran.objects.order_by("id")))
            .order_by("topik_id", "nomor")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        topik = data["topik"]  # scoped choice: a thread the user cannot read is "does not exist"
        kutipan = data.get("kutipan")
        serializer.instance = _service_errors(
            lambda: services.pos_create(
                actor=self.request.user, topik=topik, isi=data["isi"], kutipan=kutipan
            )
        )


class RuangViewSet(viewsets.ReadOnlyModelViewSet):
    """Coordination rooms the user is a member of (others: 404)."""

    serializer_class = RuangSerializer
    permission_classes = [ForumPermission]
    queryset = RuangKoordinasi.objects.all()

    def get_queryset(self):
        return (
            RuangKoordinasi.objects.for_user(self.request.user)
            .prefetch_related(
                Prefetch(
                    "keanggotaan",
                    queryset=AnggotaRuang.objects.select_related(
                        "user__pegawai__jabatan", "user__pegawai__unit_kerja", "user__instansi"
                    ),
                )
            )
            .order_by("-created_at")
        )
