"""Notify users in the portal and by e-mail (the e-mail goes through a worker, after commit)."""

from __future__ import annotations

from .models import EmailKeluar, Notifikasi


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
    recipients = sorted({u.email for u in users if email and u.email})
    if recipients:
        instansi = {u.instansi_id for u in users}
        queue_email(
            recipients,
            judul,
            f"{isi}\n\n{url}".strip(),
            instansi_id=instansi.pop() if len(instansi) == 1 else None,
        )
    return rows


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
                queue_email([u.email], judul, f"{isi}\n\n{url}".strip(), instansi_id=u.instansi_id)
    return rows


def queue_email(recipients: list[str], subjek: str, isi: str, *, instansi_id=None) -> EmailKeluar:
    """Store the e-mail in the outbox and publish it after commit (never blocks; the sweeper retries)."""
    from . import jobs

    row = EmailKeluar.objects.create(
        penerima=list(recipients), subjek=subjek[:250], isi=isi, instansi_id=instansi_id
    )
    jobs.enqueue(row, "asnportal.email_kirim_task")
    return row
