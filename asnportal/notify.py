"""Notify users in the portal and by e-mail (the e-mail goes through a worker, after commit)."""

from __future__ import annotations

from .models import EmailKeluar, Notifikasi


def notify(users, *, judul: str, isi: str = "", url: str = "", email: bool = True) -> list[Notifikasi]:
    users = [u for u in users if u is not None]
    rows = Notifikasi.objects.bulk_create(
        [Notifikasi(user=u, judul=judul[:200], isi=isi, url=url) for u in users]
    )
    recipients = sorted({u.email for u in users if email and u.email})
    if recipients:
        queue_email(recipients, judul, f"{isi}\n\n{url}".strip())
    return rows


def queue_email(recipients: list[str], subjek: str, isi: str) -> EmailKeluar:
    """Store the e-mail in the outbox and publish it after commit (never blocks; the sweeper retries)."""
    from . import jobs

    row = EmailKeluar.objects.create(penerima=list(recipients), subjek=subjek[:250], isi=isi)
    jobs.enqueue(row, "asnportal.email_kirim_task")
    return row


def resolve(url: str) -> int:
    """Mark every unread notification pointing at `url` as read: the item it announced was decided or
    withdrawn (e.g. the other approvers of a leave request need not act any more). Returns rows resolved."""
    from django.utils import timezone

    if not url:
        return 0
    return Notifikasi.objects.filter(url=url, read_at__isnull=True).update(read_at=timezone.now())
