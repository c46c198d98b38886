"""Kepegawaian items for the Kotak persetujuan (kepegawaian.kotak): self-service data changes (HR verifies;
no atasan is involved, so they appear only in an HR officer's inbox)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asnportal import scoping

from .choices import StatusUsulanData
from .kotak import Kelompok
from .models import UsulanPerubahanData


def kelompok(user) -> list[Kelompok]:
    if not scoping.can_manage(user):
        return []
    return [
        Kelompok(
            "usulan_data",
            _("Usulan perubahan data ASN"),
            UsulanPerubahanData.objects.for_user(user)
            .filter(status=StatusUsulanData.DIAJUKAN)
            .select_related("pegawai")
            .order_by("created_at", "pk"),
            lambda u: {
                "pegawai": u.pegawai,
                "perihal": u.get_jenis_display(),
                "tanggal": u.created_at,
                "url": reverse("kepegawaian:usulan_data_detail", args=[u.pk]),
            },
            reverse("kepegawaian:usulan_data_list"),
        )
    ]
