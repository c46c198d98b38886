"""Threads, replies, quotes, attachments, solutions, best practices, subscriptions, unread, rate limits."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from forum import selectors, services
from forum.models import Adopsi, Langganan, NotifikasiPosJob, Pos, StatusBaca

from . import factories as F


@pytest.fixture(autouse=True)
def _generous_rate(settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}


def test_topik_create_makes_opening_post_subscription_and_job(asn_bungo, kategori):
    t = services.topik_create(
        actor=asn_bungo, judul="Antrean daring adminduk", isi="Halo **semua**", kategori=kategori
    )
    p = t.pos.get()
    assert (p.nomor, t.jumlah_pos, t.instansi_id) == (1, 1, asn_bungo.instansi_id)
    assert p.isi_html == "<p>Halo <strong>semua</strong></p>\n"
    assert Langganan.objects.filter(topik=t, user=asn_bungo).exists()
    assert NotifikasiPosJob.objects.filter(pos=p, status="pending").exists()


def test_topik_needs_exactly_one_place(asn_bungo, kategori):
    r = F.ruang(members=[asn_bungo])
    with pytest.raises(ValidationError):
        services.topik_create(actor=asn_bungo, judul="Judul topik", isi="x", kategori=kategori, ruang=r)
    with pytest.raises(ValidationError):
        services.topik_create(actor=asn_bungo, judul="Judul topik", isi="x")


def test_cannot_open_thread_in_room_without_membership(asn_bungo, outsider):
    r = F.ruang(members=[asn_bungo])
    with pytest.raises(PermissionDenied):
        services.topik_create(actor=outsider, judul="Judul topik", isi="x", ruang=r)


def test_reply_numbers_sequentially_and_quotes_same_thread_only(asn_bungo, asn_bengkulu, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, posts=2)
    first = t.pos.get(nomor=1)
    reply = services.pos_create(actor=asn_bengkulu, topik=t, isi="Setuju", kutipan=first)
    assert reply.nomor == 3 and reply.kutipan == first and reply.instansi_id == asn_bengkulu.instansi_id
    other = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    with pytest.raises(ValidationError):
        services.pos_create(actor=asn_bengkulu, topik=t, isi="x", kutipan=other.pos.get())


def test_locked_thread_refuses_replies_except_moderator(asn_bungo, superadmin, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, is_locked=True)
    with pytest.raises(PermissionDenied):
        services.pos_create(actor=asn_bungo, topik=t, isi="x")
    assert services.pos_create(actor=superadmin, topik=t, isi="Catatan moderator").nomor == 2


def test_archived_room_is_read_only(asn_bungo):
    r = F.ruang(members=[asn_bungo])
    t = F.topik(penulis=asn_bungo, ruang_obj=r)
    services.ruang_arsip(actor=asn_bungo, ruang=r, alasan="Status tanggap darurat dicabut")
    with pytest.raises(PermissionDenied):
        services.pos_create(actor=asn_bungo, topik=t, isi="x")
    assert Pos.objects.filter(topik=t).count() == 1  # record kept


def test_attachments_checked_by_content_and_count(asn_bungo, kategori, settings):
    t = services.topik_create(
        actor=asn_bungo, judul="Lampiran SOP", isi="Lihat lampiran", kategori=kategori, files=[F.png()]
    )
    lampiran = t.pos.get().lampiran.get()
    assert (lampiran.content_type, lampiran.nama) == ("image/png", "foto.png")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.pos_create(actor=asn_bungo, topik=t, isi="x", files=[fake])
    assert "Jenis berkas tidak diizinkan" in str(exc.value)
    settings.PORTAL = {**settings.PORTAL, "FORUM_MAX_ATTACHMENTS": 1}
    with pytest.raises(ValidationError):
        services.pos_create(actor=asn_bungo, topik=t, isi="x", files=[F.png(), F.png("b.png")])
    settings.PORTAL_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        services.pos_create(actor=asn_bungo, topik=t, isi="x", files=[F.png()])
    assert "terlalu besar" in str(exc.value)


def test_solution_by_author_or_moderator_only(asn_bungo, asn_bengkulu, superadmin, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    reply = F.pos(topik_obj=t, penulis=asn_bengkulu)
    with pytest.raises(PermissionDenied):
        services.solusi_tandai(actor=asn_bengkulu, pos=reply)
    assert services.solusi_tandai(actor=asn_bungo, pos=reply).solusi == reply
    assert services.solusi_tandai(actor=superadmin, pos=reply).solusi is None  # toggles off
    with pytest.raises(ValidationError):
        services.solusi_tandai(actor=asn_bungo, pos=t.pos.get(nomor=1))


def test_best_practice_adoption_by_other_instansi_hr(hr_bungo, hr_bengkulu, asn_bungo, superadmin, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    with pytest.raises(PermissionDenied):  # not tagged yet
        services.adopsi_catat(actor=hr_bengkulu, topik=t)
    services.topik_moderate(actor=superadmin, topik=t, aksi="praktik_baik", alasan="Inovasi terbukti")
    t.refresh_from_db()
    with pytest.raises(PermissionDenied):  # the originating instansi does not adopt its own practice
        services.adopsi_catat(actor=hr_bungo, topik=t)
    with pytest.raises(PermissionDenied):  # an ASN does not record for the whole instansi
        services.adopsi_catat(actor=asn_bungo, topik=t)
    a = services.adopsi_catat(actor=hr_bengkulu, topik=t, catatan="Diterapkan di BKD")
    assert a.instansi_id == hr_bengkulu.instansi_id
    with pytest.raises(ValidationError):
        services.adopsi_catat(actor=hr_bengkulu, topik=t)
    lib = list(selectors.praktik_baik_list(user=asn_bungo))
    assert lib == [t] and lib[0].jumlah_adopsi == 1
    assert Adopsi.objects.count() == 1


def test_unread_tracking_moves_forward_only(asn_bungo, asn_bengkulu, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, posts=5)
    row = selectors.topik_list(user=asn_bengkulu).get(pk=t.pk)
    assert (row.nomor_dibaca, row.belum_dibaca) == (0, 5)
    services.tandai_dibaca(user=asn_bengkulu, topik=t, nomor=5)
    services.tandai_dibaca(user=asn_bengkulu, topik=t, nomor=2)
    assert StatusBaca.objects.get(user=asn_bengkulu, topik=t).nomor_terakhir == 5
    F.pos(topik_obj=t, penulis=asn_bungo)
    assert selectors.topik_list(user=asn_bengkulu).get(pk=t.pk).belum_dibaca == 1
    assert selectors.unread_count(user=asn_bengkulu) == 1


def test_rate_limit_is_configurable_and_counted_in_db(asn_bungo, kategori, settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 3, "FORUM_RATE_POSTS_WINDOW": 60}
    t = services.topik_create(actor=asn_bungo, judul="Uji banjir pesan", isi="1", kategori=kategori)
    services.pos_create(actor=asn_bungo, topik=t, isi="2")
    services.pos_create(actor=asn_bungo, topik=t, isi="3")
    with pytest.raises(ValidationError) as exc:
        services.pos_create(actor=asn_bungo, topik=t, isi="4")
    assert exc.value.code == "rate_limited"
    # Older posts fall out of the window.
    Pos.objects.filter(penulis=asn_bungo).update(created_at=t.created_at.replace(year=2020))
    assert services.pos_create(actor=asn_bungo, topik=t, isi="5").nomor == 4


def test_topic_rate_limit(asn_bungo, kategori, settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_TOPIKS": 1}
    services.topik_create(actor=asn_bungo, judul="Topik pertama", isi="a", kategori=kategori)
    with pytest.raises(ValidationError):
        services.topik_create(actor=asn_bungo, judul="Topik kedua", isi="b", kategori=kategori)


def test_mentions_resolve_people_instansi_and_units(
    asn_bungo, petugas_bpbd, hr_bengkulu, instansi_bungo, hr_bungo
):
    resolved = services.resolve_handles(
        ["bpbd.bungo", "kab-bungo", "kab-bungo/bpbd", "prov-bengkulu/bpbd", "siapa"], actor=hr_bungo
    )
    assert resolved["bpbd.bungo"] == [petugas_bpbd]
    assert set(resolved["kab-bungo"]) == {asn_bungo, petugas_bpbd, hr_bungo}
    assert resolved["kab-bungo/bpbd"] == [petugas_bpbd]
    assert "siapa" not in resolved and "prov-bengkulu/bpbd" not in resolved


def test_room_invitation_by_group_handle(hr_bungo, petugas_bpbd, hr_bengkulu):
    r = services.ruang_create(
        actor=hr_bungo, nama="Tanggap darurat banjir", undangan="@kab-bungo/bpbd, hr.bengkulu"
    )
    assert set(r.anggota.all()) == {hr_bungo, petugas_bpbd, hr_bengkulu}
    with pytest.raises(ValidationError):
        services.anggota_undang(actor=hr_bungo, ruang=r, undangan="@tidak-ada")
    with pytest.raises(PermissionDenied):
        services.anggota_undang(actor=petugas_bpbd, ruang=r, undangan="hr.bungo")


def test_asn_without_lead_role_cannot_open_room(asn_bungo):
    with pytest.raises(PermissionDenied):
        services.ruang_create(actor=asn_bungo, nama="Ruang koordinasi")


def test_failed_post_leaves_no_stray_attachment(asn_bungo, kategori, monkeypatch):
    """Issue 18: an attachment is written before the transaction ends; when a later step fails (here the
    notification job), the post is rolled back and the written file removed again."""
    from asnportal.testing.media import stored_files
    from forum.models import Lampiran

    t = services.topik_create(
        actor=asn_bungo, judul="Lampiran SOP", isi="Lihat lampiran", kategori=kategori, files=[F.png()]
    )
    kept = t.pos.get().lampiran.get()
    before = stored_files()
    assert kept.berkas.name in before

    def boom(*a, **kw):
        raise RuntimeError("antrean mati")

    monkeypatch.setattr(services.jobs, "enqueue", boom)
    with pytest.raises(RuntimeError):
        services.pos_create(actor=asn_bungo, topik=t, isi="Balasan", files=[F.png("b.png")])
    with pytest.raises(RuntimeError):
        services.topik_create(
            actor=asn_bungo, judul="Topik kedua", isi="x", kategori=kategori, files=[F.png("c.png")]
        )
    assert stored_files() == before
    assert Lampiran.objects.get() == kept and kept.berkas.storage.exists(kept.berkas.name)
    t.refresh_from_db()
    assert t.jumlah_pos == 1
