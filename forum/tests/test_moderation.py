"""Moderation: pin, lock, move, hide, restore; reports; every action recorded with who and why."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from asnportal.models import AuditLog
from forum import services
from forum.models import LaporanPos, ModerationLog, Pos, Topik

from . import factories as F


@pytest.fixture
def moderator(instansi_bengkulu, kategori):
    from asnportal.testing.factories import UserFactory

    user = UserFactory(instansi=instansi_bengkulu, username="mod.bengkulu")
    kategori.moderator.add(user)
    return user


@pytest.mark.parametrize(
    "aksi,field,value",
    [
        ("pin", "is_pinned", True),
        ("lock", "is_locked", True),
        ("hide", "is_hidden", True),
        ("praktik_baik", "praktik_baik", True),
    ],
)
def test_topik_actions_are_logged_with_who_and_why(moderator, asn_bungo, kategori, aksi, field, value):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    services.topik_moderate(actor=moderator, topik=t, aksi=aksi, alasan="Sesuai pedoman forum")
    t.refresh_from_db()
    assert getattr(t, field) is value
    log = ModerationLog.objects.get(topik=t)
    assert (log.aksi, log.moderator, log.alasan) == (aksi, moderator, "Sesuai pedoman forum")
    entry = AuditLog.objects.get(object_type="forum.Topik", object_id=str(t.pk))
    assert entry.actor == moderator and entry.reason == "Sesuai pedoman forum"
    assert entry.changes["moderasi"] == aksi


def test_unpin_unlock_restore(moderator, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, is_pinned=True, is_locked=True, is_hidden=True)
    for aksi in ("unpin", "unlock", "restore"):
        services.topik_moderate(actor=moderator, topik=t, aksi=aksi, alasan="Pemulihan setelah klarifikasi")
    t.refresh_from_db()
    assert not (t.is_pinned or t.is_locked or t.is_hidden)
    assert ModerationLog.objects.filter(topik=t).count() == 3


def test_move_needs_a_target_the_moderator_moderates(moderator, superadmin, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    other = F.kategori(nama="Kepegawaian")
    with pytest.raises(PermissionDenied):
        services.topik_moderate(
            actor=moderator, topik=t, aksi="move", alasan="Salah kategori", kategori=other
        )
    services.topik_moderate(actor=superadmin, topik=t, aksi="move", alasan="Salah kategori", kategori=other)
    t.refresh_from_db()
    assert t.kategori == other
    assert ModerationLog.objects.get(topik=t).detail == {"dari": kategori.pk, "ke": other.pk}


def test_reason_is_required(moderator, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    with pytest.raises(ValidationError):
        services.topik_moderate(actor=moderator, topik=t, aksi="lock", alasan="  ")
    assert not ModerationLog.objects.exists()


def test_non_moderator_cannot_moderate(asn_bungo, hr_bengkulu, kategori, client_for):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    with pytest.raises(PermissionDenied):
        services.topik_moderate(actor=hr_bengkulu, topik=t, aksi="pin", alasan="Saya ingin menyematkan")
    c = client_for(hr_bengkulu)
    assert c.get(reverse("forum:topik_moderasi", args=[t.pk])).status_code == 403
    assert (
        c.post(
            reverse("forum:pos_moderasi", args=[t.pos.get().pk]), {"aksi": "hide", "alasan": "xxxxxx"}
        ).status_code
        == 403
    )
    assert c.get(reverse("forum:moderasi")).status_code == 403


def test_report_then_hide_keeps_post_in_db_and_closes_report(
    moderator, asn_bungo, asn_bengkulu, kategori, client_for
):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    p = F.pos(topik_obj=t, penulis=asn_bungo, isi="Nomor HP pribadi warga: 0812xxxx")
    c = client_for(asn_bengkulu)
    resp = c.post(reverse("forum:pos_laporkan", args=[p.pk]), {"alasan": "Memuat data pribadi warga"})
    assert resp.status_code == 302
    laporan = LaporanPos.objects.get(pos=p)
    assert laporan.status == "terbuka" and laporan.pelapor == asn_bengkulu
    # The moderator sees it in the queue and hides the post through the page.
    mc = client_for(moderator)
    assert "Memuat data pribadi warga" in mc.get(reverse("forum:moderasi")).content.decode()
    resp = mc.post(
        reverse("forum:pos_moderasi", args=[p.pk]), {"aksi": "hide", "alasan": "Data pribadi (UU 27/2022)"}
    )
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.is_hidden and Pos.objects.filter(pk=p.pk).exists()
    laporan.refresh_from_db()
    assert laporan.status == "ditindak" and laporan.ditangani_oleh == moderator
    # Readers no longer see it; the moderator still does, and can restore it.
    assert "0812" not in c.get(reverse("forum:topik_detail", args=[t.pk])).content.decode()
    assert "0812" in mc.get(reverse("forum:topik_detail", args=[t.pk])).content.decode()
    services.pos_moderate(actor=moderator, pos=p, aksi="restore", alasan="Data sudah disamarkan penulis")
    p.refresh_from_db()
    assert not p.is_hidden
    assert list(ModerationLog.objects.filter(pos=p).order_by("id").values_list("aksi", flat=True)) == [
        "hide",
        "restore",
    ]
    assert (
        AuditLog.objects.filter(object_type="forum.Pos", object_id=str(p.pk), action="workflow").count() == 2
    )


def test_report_can_be_closed_without_action(moderator, asn_bungo, asn_bengkulu, kategori, client_for):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    laporan = services.laporan_create(actor=asn_bengkulu, pos=t.pos.get(), alasan="Tidak setuju isinya")
    resp = client_for(moderator).post(
        reverse("forum:laporan_tutup", args=[laporan.pk]), {"alasan": "Bukan pelanggaran"}
    )
    assert resp.status_code == 302
    laporan.refresh_from_db()
    assert laporan.status == "ditolak"
    assert ModerationLog.objects.get(aksi="report_close").alasan == "Bukan pelanggaran"


def test_moderation_page_flow_pin_and_lock(moderator, asn_bungo, kategori, client_for):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    c = client_for(moderator)
    url = reverse("forum:topik_moderasi", args=[t.pk])
    bad = c.post(url, {"aksi": "lock", "alasan": ""})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert c.post(url, {"aksi": "lock", "alasan": "Diskusi sudah selesai"}).status_code == 302
    assert Topik.objects.get(pk=t.pk).is_locked


def test_room_coordinator_moderates_room_but_superadmin_outsider_cannot(hr_bungo, asn_bungo, superadmin):
    r = F.ruang(members=[hr_bungo, asn_bungo])
    t = F.topik(penulis=asn_bungo, ruang_obj=r)
    services.topik_moderate(actor=hr_bungo, topik=t, aksi="pin", alasan="Informasi utama posko")
    with pytest.raises(PermissionDenied):
        services.topik_moderate(actor=superadmin, topik=t, aksi="hide", alasan="Bukan anggota ruang")
    with pytest.raises(PermissionDenied):
        services.topik_moderate(actor=asn_bungo, topik=t, aksi="hide", alasan="Anggota biasa")
