"""Notify users in the portal and by e-mail (the e-mail goes through a worker, after commit)."""

from __future__ import annotations

from .models import EmailKeluar, Notifikasi
from .siteurl import absolute_url


def notify(
    users, *, judul: str, isi: str = "", url: str = "", email: bool = True, kunci: str = ""
) -> list[Notifikasi]:
    """Notify in the portal and queue the e-mail. With `kunci` (kind:period/object, e.g.
    "kinerja.pengingat.draf:2026-W10") each user is notified at most once under that key, ever: a second beat, a
    retried or redelivered task sends nothing twice (the key is unique per user in the database)."""
    users = [u for u in users if u is not None]
    if kunci:
        return _notify_once(users, judul=judul, isi=isi, url=url, email=email, kunci=kunci)
    rows = Notifikasi.objects.bulk_create(
        [Notifikasi(user=u, judul=judul[:200], isi=isi, url=url) for u in users]
    )
    # One message per recipient: an address list in To: tells every recipient who else was mailed.
    # The portal row keeps the relative URL; the e-mail needs an absolute one (PORTAL_SITE_URL).
    instansi = {u.instansi_id for u in users}
    instansi_id = instansi.pop() if len(instansi) == 1 else None
    for address in sorted({u.email for u in users if email and u.email}):
        queue_email([address], judul, f"{isi}\n\n{absolute_url(url)}".strip(), instansi_id=instansi_id)
    return rows


def safe_subject(subjek: str) -> str:
    """A mail subject is one line: line breaks and control characters (which make Django refuse to send the
    message, BadHeaderError) become spaces; at most 250 characters."""
    return " ".join("".join(" " if not ch.isprintable() else ch for ch in str(subjek)).split())[:250]


def _notify_once(users, *, judul, isi, url, email, kunci) -> list[Notifikasi]:
    from django.db import IntegrityError, transaction

    kunci = kunci[:200]
    users = list({u.pk: u for u in users}.values())
    rows = []
    with transaction.atomic():  # a notification and its e-mail commit together, or neither does
        sent = set(Notifikasi.objects.filter(kunci=kunci, user__in=users).values_list("user_id", flat=True))
        for u in users:
            if u.pk in sent:
                continue
            try:
                # A savepoint per user: a concurrent run that inserted the same key first makes this one wait on
                # the unique index and then fail here; that user is skipped, the others go on.
                with transaction.atomic():
                    row = Notifikasi.objects.create(user=u, judul=judul[:200], isi=isi, url=url, kunci=kunci)
            except IntegrityError:
                continue
            rows.append(row)
            if email and u.email:
                queue_email(
                    [u.email], judul, f"{isi}\n\n{absolute_url(url)}".strip(), instansi_id=u.instansi_id
                )
    return rows


def queue_email(recipients: list[str], subjek: str, isi: str, *, instansi_id=None) -> EmailKeluar:
    """Store the e-mail in the outbox and publish it after commit (never blocks; the sweeper retries)."""
    from . import jobs

    row = EmailKeluar.objects.create(
        penerima=list(recipients), subjek=safe_subject(subjek), isi=isi, instansi_id=instansi_id
    )
    jobs.enqueue(row, "asnportal.email_kirim_task")
    return row


def resolve(url: str) -> int:
    """Mark every unread notification pointing at `url` as read: the item it announced was decided or
    withdrawn (e.g. the other approvers of a leave request need not act any more). Returns rows resolved."""
    from django.utils import timezone

    if not url:
        return 0
    return Notifikasi.objects.filter(url=url, read_at__isnull=True).update(read_at=timezone.now())
