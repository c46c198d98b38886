"""Notify users in the portal and by e-mail (the e-mail goes through a worker, after commit)."""

from __future__ import annotations

from django.db import transaction

from .models import Notifikasi


def notify(users, *, judul: str, isi: str = "", url: str = "", email: bool = True) -> list[Notifikasi]:
    users = [u for u in users if u is not None]
    rows = Notifikasi.objects.bulk_create(
        [Notifikasi(user=u, judul=judul[:200], isi=isi, url=url) for u in users]
    )
    recipients = sorted({u.email for u in users if email and u.email})
    if recipients:
        from .tasks import send_email_task

        def _send():
            try:
                send_email_task.apply_async(args=[recipients, judul, f"{isi}\n\n{url}".strip()], retry=False)
            except Exception:  # broker down: the in-portal notification is already stored
                import logging

                logging.getLogger(__name__).warning("e-mail to %s not queued: broker unavailable", recipients)

        transaction.on_commit(_send)
    return rows
