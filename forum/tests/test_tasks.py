"""Mentions and subscriptions notify through a real Celery worker: in-portal notification + e-mail."""

import pytest
from django.core import mail

from asnportal.models import Notifikasi
from forum import services
from forum.models import NotifikasiPosJob

from . import factories as F


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_mentions_and_subscribers_notified_by_worker(
    celery_worker_real, wait, asn_bungo, petugas_bpbd, hr_bengkulu, pegawai_bengkulu, hr_bungo, settings
):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}
    mail.outbox.clear()
    kategori = F.kategori(nama="Kebencanaan", slug="kebencanaan")
    t = services.topik_create(
        actor=hr_bengkulu, judul="Kesiapsiagaan banjir", isi="Pembukaan topik.", kategori=kategori
    )
    wait(lambda: NotifikasiPosJob.objects.filter(pos__topik=t, status="success").exists(), timeout=60)
    services.langganan_set(actor=asn_bungo, topik=t, aktif=True)
    # A unit mention is a broadcast: the HR officer of Bungo may make it (services.may_broadcast).
    pos = services.pos_create(
        actor=hr_bungo,
        topik=t,
        isi="Mohon @kab-bungo/bpbd dan @hr.bengkulu memeriksa data posko.",
    )
    job = wait(lambda: NotifikasiPosJob.objects.filter(pos=pos, status="success").first(), timeout=60)
    # The BPBD officer was reached through the unit mention; hr.bengkulu through a personal mention (and is
    # a subscriber as the thread's author: one notification, not two); the subscriber asn_bungo gets the
    # reply notice; the author of the post gets none.
    mention = Notifikasi.objects.get(user=petugas_bpbd)
    assert "menyebut Anda" in mention.judul and mention.url.endswith(f"/forum/pos/{pos.pk}/")
    assert Notifikasi.objects.filter(user=hr_bengkulu).count() == 1
    assert not Notifikasi.objects.filter(user=hr_bungo).exists()
    assert job.jumlah_penerima == 3
    wait(lambda: len(mail.outbox) >= 3, timeout=60)
    # One message per recipient: nobody sees the other addresses.
    assert all(len(m.to) == 1 and not m.cc for m in mail.outbox)
    recipients = {r for m in mail.outbox for r in m.to}
    assert {petugas_bpbd.email, hr_bengkulu.email, asn_bungo.email} <= recipients
    assert hr_bungo.email not in recipients

    # A reply by someone else notifies the subscriber asn_bungo again.
    reply = services.pos_create(actor=petugas_bpbd, topik=t, isi="Data posko sudah diperbarui.")
    wait(lambda: NotifikasiPosJob.objects.filter(pos=reply, status="success").exists(), timeout=60)
    sub = Notifikasi.objects.filter(user=asn_bungo).latest("pk")
    assert "Balasan baru" in sub.judul


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_mention_never_leaks_a_room(celery_worker_real, wait, hr_bungo, petugas_bpbd, hr_bengkulu, settings):
    """Mentioning a non-member (or a whole instansi) in a room notifies only the room's members."""
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}
    r = services.ruang_create(actor=hr_bungo, nama="Tanggap darurat banjir", undangan="bpbd.bungo")
    Notifikasi.objects.all().delete()
    t = services.topik_create(
        actor=hr_bungo, judul="Posko pengungsian", isi="@hr.bengkulu @kab-bungo cek stok", ruang=r
    )
    job = wait(lambda: NotifikasiPosJob.objects.filter(pos__topik=t, status="success").first(), timeout=60)
    assert job.jumlah_penerima == 1
    assert list(Notifikasi.objects.values_list("user__username", flat=True)) == ["bpbd.bungo"]
