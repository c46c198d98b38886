"""Issue 19: forum e-mails go one per recipient, group mentions only from roles that may broadcast (capped),
and topic titles are one line so their mention/reply e-mails can be sent."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from asnportal.models import EmailKeluar
from asnportal.tasks import email_kirim_task
from asnportal.testing.factories import UserFactory
from forum import services
from forum.models import NotifikasiPosJob, Topik

from . import factories as F


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}


def _post_and_notify(actor, topik, isi):
    pos = services.pos_create(actor=actor, topik=topik, isi=isi)
    EmailKeluar.objects.all().delete()
    services.pos_notify(NotifikasiPosJob.objects.get(pos=pos))
    return pos


def _recipients():
    return [row.penerima for row in EmailKeluar.objects.order_by("pk")]


def test_instansi_mention_by_hr_mails_each_member_separately(hr_bungo, asn_bungo, petugas_bpbd, kategori):
    t = F.topik(penulis=hr_bungo, kategori_obj=kategori)
    pos = _post_and_notify(hr_bungo, t, "Mohon perhatian @kab-bungo: jadwal apel berubah.")
    assert pos.sebutan == ["kab-bungo"]
    rows = _recipients()
    assert sorted(r[0] for r in rows) == sorted([asn_bungo.email, petugas_bpbd.email])
    assert all(len(r) == 1 for r in rows)  # never a list of addresses in To:


def test_asn_cannot_mention_a_whole_instansi_or_unit(asn_bungo, hr_bungo, petugas_bpbd, kategori):
    t = F.topik(penulis=hr_bungo, kategori_obj=kategori)
    pos = _post_and_notify(asn_bungo, t, "Halo @kab-bungo dan @kab-bungo/bpbd, ada info?")
    assert pos.sebutan == []
    assert "@kab-bungo" in pos.isi_html and 'href="' not in pos.isi_html.split("@kab-bungo")[0][-30:]
    assert _recipients() == []  # no broadcast (the factory's thread has no subscribers)


def test_hr_cannot_broadcast_to_another_instansi(hr_bungo, hr_bengkulu, kategori):
    UserFactory(instansi=hr_bengkulu.instansi)
    t = F.topik(penulis=hr_bungo, kategori_obj=kategori)
    pos = _post_and_notify(hr_bungo, t, "Salam untuk @prov-bengkulu semua.")
    assert pos.sebutan == []
    assert _recipients() == []


def test_unit_head_may_mention_own_unit_only(pimpinan_bungo, opd_bungo, bpbd_bungo):
    instansi_id = opd_bungo.instansi_id
    assert services.may_broadcast(pimpinan_bungo, instansi_id=instansi_id, unit_path=opd_bungo.path)
    assert not services.may_broadcast(pimpinan_bungo, instansi_id=instansi_id)  # not the whole instansi
    assert not bpbd_bungo.path.startswith(opd_bungo.path)
    assert not services.may_broadcast(pimpinan_bungo, instansi_id=instansi_id, unit_path=bpbd_bungo.path)


def test_group_mention_is_capped(hr_bungo, asn_bungo, petugas_bpbd, kategori, settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_MAX_MENTION_RECIPIENTS": 2}
    for _ in range(4):
        UserFactory(instansi=hr_bungo.instansi)
    t = F.topik(penulis=hr_bungo, kategori_obj=kategori)
    _post_and_notify(hr_bungo, t, "@kab-bungo rapat pukul 09.00")
    assert len(_recipients()) <= 2


@pytest.mark.parametrize(
    "judul", ["Baris satu\nbaris dua", "Judul\r\nBcc: semua@contoh.id", "Tab\x0bvertikal"]
)
def test_title_must_be_one_line(judul, asn_bungo, kategori, client_asn_bungo):
    with pytest.raises(ValidationError) as exc:
        services.topik_create(actor=asn_bungo, judul=judul, isi="Isi", kategori=kategori)
    assert "satu baris" in str(exc.value)
    resp = client_asn_bungo.post(
        reverse("forum:topik_create"), {"judul": judul, "isi": "Isi topik", "kategori": kategori.pk}
    )
    assert resp.status_code == 200 and "satu baris" in resp.content.decode()
    api = client_asn_bungo.post(
        reverse("forum-topik-list"),
        {"judul": judul, "isi": "Isi topik", "kategori": kategori.pk},
        content_type="application/json",
    )
    assert api.status_code == 400 and "satu baris" in api.content.decode()
    assert not Topik.objects.exists()


def test_mail_of_a_topic_with_a_line_break_in_its_title_is_sent(hr_bungo, asn_bungo, kategori, settings):
    """Titles stored before the validation: the subject is flattened instead of the send failing."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    Topik.objects.filter(pk=t.pk).update(judul="Banjir\nBcc: semua@contoh.id")
    t.refresh_from_db()
    _post_and_notify(hr_bungo, t, "Mohon @asn.bungo cek data.")
    row = EmailKeluar.objects.get()
    mail.outbox.clear()
    email_kirim_task(row.pk)
    row.refresh_from_db()
    assert row.status == "success", row.error
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and "Banjir Bcc:" in mail.outbox[0].subject
    assert mail.outbox[0].to == [asn_bungo.email] and not mail.outbox[0].bcc
