"""Thin Celery tasks of the rekrutmen app (ids as arguments: no personal data in the broker)."""

from celery import shared_task

from asnportal.jobs import PortalTask


@shared_task(base=PortalTask, name="rekrutmen.kirim_email_pelamar_task")
def kirim_email_pelamar_task(pelamar_id: int, jenis: str, lamaran_id: int | None = None) -> int:
    """Kept for messages published by an earlier release: the e-mail now goes through the outbox like every
    other (rekrutmen.services._kirim_email stores it in the request's transaction)."""
    from django.db import transaction

    from .emails import antre_email_pelamar

    with transaction.atomic():
        row = antre_email_pelamar(pelamar_id=pelamar_id, jenis=jenis, lamaran_id=lamaran_id)
    return 1 if row is not None else 0


@shared_task(base=PortalTask, name="rekrutmen.publikasi_dokumen_task")
def publikasi_dokumen_task(pub_id: int) -> str:
    """Render a published announcement once into the document core (idempotent)."""
    from . import services
    from .models import Publikasi

    if not Publikasi.objects.filter(pk=pub_id).exists():
        return "missing"
    return services.publikasi_dokumen(pub_id).nomor
