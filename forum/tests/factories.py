"""Forum test data. Rows are built directly (not through services) so tests control time and rate limits."""

from __future__ import annotations

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal.testing.factories import UserFactory
from forum import markdown as md
from forum.models import (
    AnggotaRuang,
    Kategori,
    Lampiran,
    LaporanPos,
    PeranAnggota,
    Pos,
    RuangKoordinasi,
    Topik,
)

_seq = itertools.count(1)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def kategori(*, instansi=None, **kw) -> Kategori:
    n = next(_seq)
    kw.setdefault("nama", f"Kategori {n}")
    kw.setdefault("slug", f"kategori-{n}")
    return Kategori.objects.create(instansi=instansi, **kw)


def ruang(*, members=(), koordinator=None, **kw) -> RuangKoordinasi:
    n = next(_seq)
    koordinator = koordinator or (members[0] if members else UserFactory())
    kw.setdefault("nama", f"Ruang koordinasi {n}")
    r = RuangKoordinasi.objects.create(dibuat_oleh=koordinator, instansi_id=koordinator.instansi_id, **kw)
    AnggotaRuang.objects.create(ruang=r, user=koordinator, peran=PeranAnggota.KOORDINATOR)
    for u in members:
        if u.pk != koordinator.pk:
            AnggotaRuang.objects.create(ruang=r, user=u)
    return r


def topik(*, penulis=None, kategori_obj=None, ruang_obj=None, posts: int = 1, judul=None, **kw) -> Topik:
    penulis = penulis or UserFactory()
    if kategori_obj is None and ruang_obj is None:
        kategori_obj = kategori()
    t = Topik.objects.create(
        judul=judul or f"Topik diskusi {next(_seq)}",
        kategori=kategori_obj,
        ruang=ruang_obj,
        penulis=penulis,
        instansi_id=penulis.instansi_id,
        **kw,
    )
    for _ in range(posts):
        pos(topik_obj=t, penulis=penulis)
    return t


def pos(*, topik_obj, penulis=None, isi="Isi pos **uji**.", **kw) -> Pos:
    penulis = penulis or topik_obj.penulis
    nomor = topik_obj.jumlah_pos + 1
    p = Pos.objects.create(
        topik=topik_obj,
        nomor=nomor,
        penulis=penulis,
        instansi_id=penulis.instansi_id,
        isi=isi,
        isi_html=md.render(isi),
        **kw,
    )
    topik_obj.jumlah_pos = nomor
    topik_obj.last_post_at = p.created_at
    topik_obj.save(update_fields=["jumlah_pos", "last_post_at"])
    return p


def lampiran(*, pos_obj) -> Lampiran:
    f = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    return Lampiran.objects.create(
        pos=pos_obj, berkas=f, nama="foto.png", content_type="image/png", ukuran=len(PNG)
    )


def png(name="foto.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _room_thread(instansi):
    user = UserFactory(instansi=instansi)
    r = ruang(members=[user])
    return topik(penulis=user, ruang_obj=r)


def _room_pos(instansi):
    return _room_thread(instansi).pos.first()


def _room_report(instansi):
    p = _room_pos(instansi)
    member = UserFactory(instansi=instansi)
    AnggotaRuang.objects.create(ruang=p.topik.ruang, user=member)
    return LaporanPos.objects.create(pos=p, pelapor=member, alasan="Data pribadi warga")


# The forum is inter-agency: threads in lintas-instansi categories are readable by every instansi ON PURPOSE.
# What belongs to one instansi only is an internal category and a coordination room whose members are all
# from that instansi; those are what another instansi's HR officer must get 404 for.
SCOPED_OBJECTS = {
    "forum.Kategori": lambda instansi: kategori(instansi=instansi),
    "forum.RuangKoordinasi": lambda instansi: ruang(members=[UserFactory(instansi=instansi)]),
    "forum.Topik": _room_thread,
    "forum.Pos": _room_pos,
    "forum.Lampiran": lambda instansi: lampiran(pos_obj=_room_pos(instansi)),
    "forum.LaporanPos": _room_report,
}
