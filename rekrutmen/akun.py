"""Applicant accounts (issue 15): "lupa kata sandi" and "kirim ulang e-mail konfirmasi".

Applicants (Pelamar) are not portal users, but their reset links use the same Django token machinery
(asnportal.tautan.TokenBerbatasWaktu): one-time (the hash covers the password), expiring
(PASSWORD_RESET_TIMEOUT), absolute links from PORTAL_SITE_URL. E-mails go through the outbox. Requests get the
same answer whether or not an applicant exists (the views), and are rate-limited per IP and per identity.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit
from asnportal.notify import queue_email
from asnportal.tautan import TokenBerbatasWaktu, uid_decode, uid_encode, url_situs

from . import conf, emails
from .models import Pelamar


class PelamarResetTokenGenerator(TokenBerbatasWaktu):
    key_salt = "rekrutmen.pelamar.reset"

    def _make_hash_value(self, pelamar, timestamp):
        return f"{pelamar.pk}{pelamar.password}{pelamar.email}{timestamp}"


reset_token = PelamarResetTokenGenerator()


def pelamar_cari(identitas: str) -> Pelamar | None:
    ident = identitas.strip().lower()
    if not ident:
        return None
    return Pelamar.objects.filter(nik=ident).first() or Pelamar.objects.filter(email=ident).first()


def pelamar_dari_uid(uidb64: str) -> Pelamar | None:
    pk = uid_decode(uidb64)
    if not pk or not pk.isdigit():
        return None
    return Pelamar.objects.filter(pk=int(pk)).first()


def url_reset(pelamar: Pelamar) -> str:
    return url_situs(
        reverse(
            "rekrutmen:pelamar_atur_ulang",
            kwargs={"uidb64": uid_encode(pelamar.pk), "token": reset_token.make_token(pelamar)},
        )
    )


def _catat(pelamar: Pelamar, alasan: str) -> None:
    audit.record(
        actor=None,
        action=audit.Action.WORKFLOW,
        obj=pelamar,
        object_repr=f"Pelamar #{pelamar.pk}",
        reason=alasan,
    )


def pelamar_lupa_sandi_minta(*, identitas: str) -> bool:
    """Queue a reset link when the NIK/e-mail belongs to an applicant; False otherwise (the caller answers the
    same either way)."""
    pelamar = pelamar_cari(identitas)
    if pelamar is None:
        return False
    with transaction.atomic():
        queue_email(
            [pelamar.email],
            _("Atur ulang kata sandi akun pelamar"),
            _(
                "Yth. %(nama)s,\n\nAda permintaan mengatur ulang kata sandi akun pelamar Anda.\n"
                "Buka tautan berikut untuk membuat kata sandi baru (berlaku %(menit)s menit, sekali pakai):\n"
                "%(link)s\n\nJika Anda tidak memintanya, abaikan e-mail ini."
            )
            % {"nama": pelamar.nama, "menit": reset_token.masa_berlaku() // 60, "link": url_reset(pelamar)},
        )
        _catat(pelamar, _("Tautan atur ulang kata sandi dikirim"))
    return True


def pelamar_atur_ulang_sandi(*, pelamar: Pelamar, password: str) -> Pelamar:
    """The applicant opened a valid reset link and chose a new password. Opening a link sent to the address also
    proves the address, so an unconfirmed e-mail becomes confirmed."""
    with transaction.atomic():
        pelamar = Pelamar.objects.select_for_update().get(pk=pelamar.pk)
        pelamar.set_password(password)
        fields = ["password"]
        if pelamar.email_terkonfirmasi_at is None:
            pelamar.email_terkonfirmasi_at = timezone.now()
            fields.append("email_terkonfirmasi_at")
        pelamar.save(update_fields=fields)
        _catat(pelamar, _("Kata sandi diatur ulang"))
    return pelamar


def pelamar_kirim_ulang_konfirmasi(*, identitas: str) -> bool:
    """Queue the confirmation e-mail again for an applicant whose address is not confirmed yet."""
    pelamar = pelamar_cari(identitas)
    if pelamar is None or pelamar.terkonfirmasi:
        return False
    link = url_situs(reverse("rekrutmen:pelamar_konfirmasi", args=[emails.token_konfirmasi(pelamar)]))
    with transaction.atomic():
        queue_email(
            [pelamar.email],
            _("Konfirmasi e-mail pendaftaran seleksi ASN"),
            _(
                "Yth. %(nama)s,\n\nUntuk mengaktifkan akun pelamar Anda, buka tautan berikut (berlaku %(hari)s hari):\n"
                "%(link)s\n\nJika Anda tidak mendaftar, abaikan e-mail ini."
            )
            % {"nama": pelamar.nama, "hari": conf.konfirmasi_max_age() // 86400, "link": link},
        )
        _catat(pelamar, _("E-mail konfirmasi dikirim ulang"))
    return True
