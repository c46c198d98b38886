"""Forum API serializers. Authors are shown with name, position and instansi (the forum is inter-agency)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from asnportal.api import ScopedModelSerializer

from ..models import AnggotaRuang, Kategori, Lampiran, Pos, RuangKoordinasi, Topik


class PenulisSerializer(serializers.Serializer):
    username = serializers.CharField()
    nama = serializers.SerializerMethodField()
    jabatan = serializers.SerializerMethodField()
    unit_kerja = serializers.SerializerMethodField()
    instansi = serializers.SerializerMethodField()

    def get_nama(self, user) -> str:
        pegawai = getattr(user, "pegawai", None)
        return pegawai.nama_lengkap if pegawai else (user.get_full_name() or user.username)

    def get_jabatan(self, user) -> str | None:
        pegawai = getattr(user, "pegawai", None)
        return pegawai.jabatan.nama if pegawai and pegawai.jabatan_id else None

    def get_unit_kerja(self, user) -> str | None:
        pegawai = getattr(user, "pegawai", None)
        return pegawai.unit_kerja.label if pegawai and pegawai.unit_kerja_id else None

    def get_instansi(self, user) -> str | None:
        return user.instansi.nama if user.instansi_id else None


class KategoriSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kategori
        fields = ["id", "nama", "slug", "deskripsi", "ikon", "urutan", "aktif", "instansi"]


class LampiranSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Lampiran
        fields = ["id", "nama", "content_type", "ukuran", "url"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("forum:lampiran", args=[obj.pk])


class PosSerializer(ScopedModelSerializer):
    penulis = PenulisSerializer(read_only=True)
    lampiran = LampiranSerializer(many=True, read_only=True)
    isi_html = serializers.CharField(read_only=True)

    class Meta:
        model = Pos
        fields = [
            "id",
            "topik",
            "nomor",
            "penulis",
            "isi",
            "isi_html",
            "kutipan",
            "lampiran",
            "created_at",
            "is_hidden",
        ]
        read_only_fields = ["nomor", "created_at", "is_hidden"]


class TopikSerializer(ScopedModelSerializer):
    penulis = PenulisSerializer(read_only=True)
    instansi_nama = serializers.CharField(source="instansi.nama", read_only=True, default=None)
    isi = serializers.CharField(write_only=True, max_length=20_000)

    class Meta:
        model = Topik
        fields = [
            "id",
            "judul",
            "kategori",
            "ruang",
            "penulis",
            "instansi_nama",
            "created_at",
            "last_post_at",
            "jumlah_pos",
            "is_pinned",
            "is_locked",
            "praktik_baik",
            "solusi",
            "isi",
        ]
        read_only_fields = [
            "created_at",
            "last_post_at",
            "jumlah_pos",
            "is_pinned",
            "is_locked",
            "praktik_baik",
            "solusi",
        ]


class AnggotaSerializer(serializers.ModelSerializer):
    user = PenulisSerializer(read_only=True)

    class Meta:
        model = AnggotaRuang
        fields = ["user", "peran", "created_at"]


class RuangSerializer(serializers.ModelSerializer):
    anggota = serializers.SerializerMethodField()

    class Meta:
        model = RuangKoordinasi
        fields = ["id", "nama", "deskripsi", "status", "created_at", "archived_at", "anggota"]

    @extend_schema_field(AnggotaSerializer(many=True))
    def get_anggota(self, obj):
        rows = obj.keanggotaan.all()
        return AnggotaSerializer(rows, many=True).data
