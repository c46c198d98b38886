"""Applicant e-mails, built in the worker from ids (the token link is signed, time-limited)."""

from __future__ import annotations

from django.core import signing
from django.core.mail import send_mail
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


def kirim_email_pelamar(*, pelamar_id: int, jenis: str, lamaran_id: int | None = None) -> int:
    pelamar = Pelamar.objects.filter(pk=pelamar_id).first()
    if pelamar is None:
        return 0
    lamaran = Lamaran.objects.filter(pk=lamaran_id, pelamar=pelamar).select_related("seleksi").first()
    if jenis == "konfirmasi":
        link = _url(reverse("rekrutmen:pelamar_konfirmasi", args=[token_konfirmasi(pelamar)]))
        subject = _("Konfirmasi e-mail pendaftaran seleksi ASN")
        body = _(
            "Yth. %(nama)s,\n\nUntuk mengaktifkan akun pelamar Anda, buka tautan berikut (berlaku 3 hari):\n%(link)s\n\n"
            "Jika Anda tidak mendaftar, abaikan e-mail ini."
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
        return 0
    return send_mail(subject, body, None, [pelamar.email], fail_silently=False)
