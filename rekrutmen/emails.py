"""Applicant e-mails (the token link is signed, time-limited). They are built in the transaction that causes them
and stored in the outbox (asnportal.models.EmailKeluar): a Redis outage delays them, never loses them."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from asnportal.siteurl import absolute_url

from . import conf
from .models import Lamaran, Pelamar

SALT = "rekrutmen.konfirmasi-email"


def token_konfirmasi(pelamar: Pelamar) -> str:
    """Signed token binding the applicant id to the e-mail address it confirms."""
    return signing.dumps({"id": pelamar.pk, "email": pelamar.email}, salt=SALT)


def pelamar_dari_token(token: str) -> Pelamar | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=conf.konfirmasi_max_age())
    except signing.BadSignature:
        return None
    return Pelamar.objects.filter(pk=data.get("id"), email=data.get("email")).first()


def _url(path: str) -> str:
    return absolute_url(path)


def email_pelamar(
    *, pelamar_id: int, jenis: str, lamaran_id: int | None = None
) -> tuple[str, str, str] | None:
    """(subject, body, recipient) of one applicant e-mail, or None when there is nothing to send."""
    pelamar = Pelamar.objects.filter(pk=pelamar_id).first()
    if pelamar is None:
        return None
    lamaran = Lamaran.objects.filter(pk=lamaran_id, pelamar=pelamar).select_related("seleksi").first()
    if jenis == "konfirmasi":
        link = _url(reverse("rekrutmen:pelamar_konfirmasi", args=[token_konfirmasi(pelamar)]))
        subject = _("Konfirmasi e-mail pendaftaran seleksi ASN")
        body = _(
            "Yth. %(nama)s,\n\nUntuk mengaktifkan akun pelamar Anda, buka tautan berikut (berlaku 3 hari):\n%(link)s\n\n"
            "Jika Anda tidak mendaftar, abaikan e-mail ini."
        ) % {"nama": pelamar.nama, "link": link}
    elif jenis == "sudah_terdaftar":
        link = _url(reverse("rekrutmen:pelamar_masuk"))
        subject = _("Percobaan pendaftaran dengan data Anda")
        body = _(
            "Yth. %(nama)s,\n\nAda yang mencoba mendaftar akun pelamar seleksi ASN dengan NIK atau e-mail Anda, "
            "padahal akun Anda sudah ada. Jika itu Anda, cukup masuk di:\n%(link)s\n\n"
            "Jika bukan Anda, abaikan e-mail ini; akun Anda tidak berubah."
        ) % {"nama": pelamar.nama, "link": link}
    elif lamaran is not None:
        link = _url(reverse("rekrutmen:pelamar_lamaran", args=[lamaran.pk]))
        subject = {
            "dikirim": _("Lamaran Anda telah diterima (nomor peserta %(n)s)"),
            "status": _("Hasil verifikasi lamaran %(n)s"),
            "sanggah": _("Jawaban sanggah lamaran %(n)s"),
        }.get(jenis, _("Pemberitahuan lamaran %(n)s")) % {"n": lamaran.nomor_peserta}
        body = _(
            "Yth. %(nama)s,\n\nAda pembaruan pada lamaran Anda di %(seleksi)s. Lihat rinciannya di:\n%(link)s"
        ) % {
            "nama": pelamar.nama,
            "seleksi": lamaran.seleksi.nama,
            "link": link,
        }
    else:
        return None
    return subject, body, pelamar.email


def antre_email_pelamar(*, pelamar_id: int, jenis: str, lamaran_id: int | None = None):
    """Store one applicant e-mail in the outbox (published after commit; the sweeper retries). Returns the
    EmailKeluar row, or None when there is nothing to send."""
    from asnportal.notify import queue_email

    built = email_pelamar(pelamar_id=pelamar_id, jenis=jenis, lamaran_id=lamaran_id)
    if built is None:
        return None
    subject, body, to = built
    # Receipts, results and sanggah answers belong to the lamaran's instansi (its HR sees their status).
    instansi_id = (
        Lamaran.objects.filter(pk=lamaran_id).values_list("instansi_id", flat=True).first()
        if lamaran_id
        else None
    )
    return queue_email([to], subject, body, instansi_id=instansi_id)
