"""The approval matrix, generated from kepegawaian.atasan.APPROVAL_KINDS (the one list of approval kinds).

For every kind: the direct atasan who is NOT kepala unit can open the item and decide it; a sibling, a
subordinate, the person themself and a pimpinan of another instansi cannot (404/403, and nothing changes); the
atasan's dashboard counts equal what the Kotak persetujuan lists (HTML and API), and the item leaves the inbox
once decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from asnportal.testing.factories import (
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    asn_user,
    kepala_unit,
)
from kepegawaian import atasan
from kepegawaian.kotak import kotak_persetujuan

# A fixed working day in the third quarter, so a finished evaluation period exists (periodic evaluation kind).
HARI = dt.datetime(2026, 8, 12, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _frozen():
    import time_machine

    with time_machine.travel(HARI, tick=False):
        yield


@pytest.fixture
def org(instansi_bungo, instansi_bengkulu):
    i = instansi_bungo
    opd = UnitKerjaFactory(instansi=i, nama="Dinas Uji")
    bidang = UnitKerjaFactory(instansi=i, nama="Bidang Uji", parent=opd)
    j_kadis = JabatanFactory(instansi=i, unit_kerja=opd, nama="Kepala Dinas", is_kepala_unit=True)
    j_sek = JabatanFactory(instansi=i, unit_kerja=opd, nama="Sekretaris", parent=j_kadis)
    j_kabid = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Kepala Bidang", parent=j_sek)
    j_a = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Analis A", parent=j_kabid)
    j_b = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Analis B", parent=j_kabid)
    j_c = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Pelaksana C", parent=j_a)
    people = {
        "kadis": PegawaiFactory(jabatan=j_kadis, nama="Kadis"),
        "sek": PegawaiFactory(jabatan=j_sek, nama="Sekretaris"),
        "kabid": PegawaiFactory(jabatan=j_kabid, nama="Kabid"),
        "a": PegawaiFactory(jabatan=j_a, nama="Staf A"),
        "b": PegawaiFactory(jabatan=j_b, nama="Staf B"),
        "c": PegawaiFactory(jabatan=j_c, nama="Pelaksana C"),
        "lain": kepala_unit(UnitKerjaFactory(instansi=instansi_bengkulu), nama="Kepala di Bengkulu"),
    }
    users = {k: asn_user(p, username=f"m.{k}") for k, p in people.items()}
    assert not j_kabid.is_kepala_unit and not j_sek.is_kepala_unit
    return {"opd": opd, "p": people, "u": users}


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- one adapter per approval kind: make the waiting item, open it, decide it, tell whether it was decided --


@dataclass
class Kasus:
    make: Callable  # (org) -> object waiting for a decision
    open_url: Callable  # (obj) -> URL of the page where it is decided
    decide: Callable  # (client, obj) -> response of the deciding POST
    decided: Callable  # (obj) -> bool
    decider: str = "kabid"  # who decides: the direct atasan (for a keberatan the atasan of the penilai)
    also_denied: tuple = ()


def _skp_diajukan(org):
    from kinerja import services
    from kinerja.tests.factories import skp_draft

    skp = skp_draft(org["u"]["a"], tahun=timezone.localdate().year)
    return services.skp_submit(actor=org["u"]["a"], skp=skp)


def _skp_disetujui(org):
    from kinerja import services

    return services.skp_approve(actor=org["u"]["kabid"], skp=_skp_diajukan(org))


def _keberatan(org):
    from kinerja import services

    skp = _skp_disetujui(org)
    services.evaluasi_save(
        actor=org["u"]["kabid"], skp=skp, periode=0, rating_hasil="di_bawah", rating_perilaku="sesuai"
    )
    services.unit_finalize(
        actor=org["u"]["kadis"], unit=org["opd"], tahun=skp.tahun, predikat_organisasi="baik", konfirmasi=True
    )
    ev = skp.evaluasi.get(periode=0)
    return services.keberatan_create(actor=org["u"]["a"], evaluasi=ev, alasan="Realisasi belum dihitung")


def _jadwal(instansi):
    from kehadiran.models import JadwalKerja
    from kehadiran.tests.factories import JadwalKerjaFactory

    if not JadwalKerja.objects.filter(instansi=instansi).exists():
        JadwalKerjaFactory(instansi=instansi)


def _jenis_cuti(instansi):
    from kehadiran.tests.factories import JenisCutiFactory

    _jadwal(instansi)
    return JenisCutiFactory(instansi=instansi)


def _senin_depan():
    d = timezone.localdate() + dt.timedelta(days=7)
    return d - dt.timedelta(days=d.weekday())


def _cuti(org):
    from kehadiran import services

    senin = _senin_depan()
    return services.cuti_ajukan(
        actor=org["u"]["a"],
        data={
            "jenis": _jenis_cuti(org["p"]["a"].instansi),
            "tanggal_mulai": senin,
            "tanggal_selesai": senin + dt.timedelta(days=1),
            "alasan": "Keluarga",
        },
    )


def _koreksi(org):
    from kehadiran import services
    from kehadiran.tests.factories import bukti

    _jadwal(org["p"]["a"].instansi)
    kemarin = timezone.localdate() - dt.timedelta(days=1)
    return services.koreksi_ajukan(
        actor=org["u"]["a"],
        data={
            "tanggal": kemarin,
            "jenis": "lupa_masuk",
            "jam_masuk": dt.time(7, 15),
            "jam_pulang": None,
            "alasan": "Lupa",
            "bukti": bukti(),
        },
    )


def _peserta(org):
    from pelatihan import services
    from pelatihan.tests.factories import ProgramFactory, SesiFactory

    sesi = SesiFactory(program=ProgramFactory(instansi=org["p"]["a"].instansi, jp=24), kapasitas=5)
    return services.peserta_daftar(actor=org["u"]["a"], sesi=sesi, pegawai=org["p"]["a"])


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


KASUS = {
    atasan.SKP: Kasus(
        make=_skp_diajukan,
        open_url=lambda s: f"/kinerja/skp/{s.pk}/",
        decide=lambda c, s: c.post(f"/kinerja/skp/{s.pk}/aksi/setujui/"),
        decided=lambda s: _fresh(s).status == "disetujui",
    ),
    atasan.EVALUASI: Kasus(
        make=_skp_disetujui,
        open_url=lambda s: f"/kinerja/skp/{s.pk}/evaluasi/1/",
        decide=lambda c, s: c.post(
            f"/kinerja/skp/{s.pk}/evaluasi/1/", {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"}
        ),
        decided=lambda s: s.evaluasi.filter(periode=1).exists(),
    ),
    atasan.KEBERATAN: Kasus(
        make=_keberatan,
        open_url=lambda kb: f"/kinerja/keberatan/{kb.pk}/putuskan/",
        decide=lambda c, kb: c.post(
            f"/kinerja/keberatan/{kb.pk}/putuskan/", {"diterima": "0", "keputusan": "Predikat sesuai bukti"}
        ),
        decided=lambda kb: _fresh(kb).status != "diajukan",
        decider="sek",
        also_denied=("kabid",),  # the penilai does not decide an objection to their own rating
    ),
    atasan.CUTI: Kasus(
        make=_cuti,
        open_url=lambda c: f"/kehadiran/cuti/{c.pk}/",
        decide=lambda cl, c: cl.post(f"/kehadiran/cuti/{c.pk}/", {"keputusan": "setuju", "catatan": ""}),
        decided=lambda c: _fresh(c).status == "disetujui_atasan",
    ),
    atasan.KOREKSI: Kasus(
        make=_koreksi,
        open_url=lambda k: f"/kehadiran/koreksi/{k.pk}/",
        decide=lambda cl, k: cl.post(f"/kehadiran/koreksi/{k.pk}/", {"keputusan": "setuju", "catatan": ""}),
        decided=lambda k: _fresh(k).status == "disetujui",
    ),
    atasan.PELATIHAN: Kasus(
        make=_peserta,
        open_url=lambda p: f"/pelatihan/peserta/{p.pk}/",
        decide=lambda c, p: c.post(f"/pelatihan/peserta/{p.pk}/setujui/"),
        decided=lambda p: _fresh(p).status in ("terdaftar", "daftar_tunggu"),
    ),
}


def test_matrix_covers_every_approval_kind():
    assert set(KASUS) == set(atasan.APPROVAL_KINDS)


@pytest.mark.parametrize("kind", atasan.APPROVAL_KINDS)
def test_direct_atasan_not_kepala_unit_opens_and_decides(kind, org):
    kasus = KASUS[kind]
    obj = kasus.make(org)
    user = org["u"][kasus.decider]
    assert not org["p"][kasus.decider].jabatan.is_kepala_unit
    assert atasan.may_approve(user, org["p"]["a"], kind)
    c = _client(user)
    assert c.get(kasus.open_url(obj)).status_code == 200
    r = kasus.decide(c, obj)
    assert r.status_code == 302, r.content[:500]
    assert kasus.decided(obj)


# sibling (b), subordinate (c), the person themself (a), a pimpinan of another instansi, plus per-kind extras
DENIED = [
    (kind, who) for kind in atasan.APPROVAL_KINDS for who in ("b", "c", "a", "lain", *KASUS[kind].also_denied)
]


@pytest.mark.parametrize(("kind", "who"), DENIED)
def test_sibling_subordinate_self_and_other_instansi_cannot_decide(kind, who, org):
    kasus = KASUS[kind]
    obj = kasus.make(org)
    user = org["u"][who]
    assert not atasan.may_approve(user, org["p"]["a"], kind)
    c = _client(user)
    if who != "a":  # the person themself may read their own item, never decide it
        assert c.get(kasus.open_url(obj)).status_code in (403, 404)
    assert kasus.decide(c, obj).status_code in (403, 404)
    assert not kasus.decided(obj)


@pytest.mark.parametrize("kind", atasan.APPROVAL_KINDS)
def test_dashboard_counts_equal_inbox_and_item_leaves_inbox_once_decided(kind, org):
    kasus = KASUS[kind]
    obj = kasus.make(org)
    user = org["u"][kasus.decider]
    c = _client(user)
    groups = {g.kind: g for g in kotak_persetujuan(user)}
    assert kind in groups, f"{kind} item missing from the inbox"
    urls = {i["url"] for i in groups[kind].items}
    # the inbox links straight to where it is decided (an evaluation: the form of the period that ended)
    assert kasus.open_url(obj) in urls or any(u.startswith(f"/kinerja/skp/{obj.pk}/evaluasi/") for u in urls)
    total = sum(g.jumlah for g in groups.values())
    dash = c.get("/").content.decode()
    assert f'data-total="{total}"' in dash
    for g in groups.values():
        assert f'<li data-kind="{g.kind}">' in dash and f"<strong>{g.jumlah}</strong>" in dash
    page = c.get("/kepegawaian/kotak-persetujuan/")
    assert page.status_code == 200 and f'id="kotak-total">{total}<' in page.content.decode()
    api = c.get("/api/v1/kotak-persetujuan/").json()
    assert api["count"] == total
    assert {g["kind"]: g["jumlah"] for g in api["kelompok"]} == {k: g.jumlah for k, g in groups.items()}
    if kind != atasan.EVALUASI:  # a periodic evaluation item stays until the period is evaluated
        kasus.decide(c, obj)
        after = {g.kind: g.jumlah for g in kotak_persetujuan(user)}
        assert after.get(kind, 0) == groups[kind].jumlah - 1


def test_evaluation_item_leaves_inbox_once_period_evaluated(org):
    from kinerja import rules, services

    skp = _skp_disetujui(org)
    periode_lalu = (
        rules.periode_dari_tanggal(
            services.pengaturan_for(skp.instansi_id).periode_evaluasi, timezone.localdate()
        )
        - 1
    )
    kabid = org["u"]["kabid"]
    assert periode_lalu >= 1
    waiting = {g.kind: g.jumlah for g in kotak_persetujuan(kabid)}
    assert waiting[atasan.EVALUASI] == 1
    services.evaluasi_save(
        actor=kabid, skp=skp, periode=periode_lalu, rating_hasil="sesuai", rating_perilaku="sesuai"
    )
    assert atasan.EVALUASI not in {g.kind for g in kotak_persetujuan(kabid)}


def test_plain_asn_has_no_approvals_menu_or_inbox(org):
    c = _client(org["u"]["b"])
    html = c.get("/").content.decode()
    assert "/kinerja/persetujuan/" not in html and "/kepegawaian/kotak-persetujuan/" not in html
    assert c.get("/kepegawaian/kotak-persetujuan/").status_code == 403
    assert c.get("/kinerja/persetujuan/").status_code == 403
    atasan_html = _client(org["u"]["kabid"]).get("/").content.decode()
    assert "/kinerja/persetujuan/" in atasan_html and "/kepegawaian/kotak-persetujuan/" in atasan_html


def test_withdrawn_leave_leaves_inbox_and_resolves_notification(org):
    from kehadiran import services

    c = _cuti(org)
    kabid = org["u"]["kabid"]
    url = f"/kehadiran/cuti/{c.pk}/"
    assert kabid.notifikasi.filter(url=url, read_at__isnull=True).exists()
    services.cuti_batalkan(actor=org["u"]["a"], cuti=c)
    assert atasan.CUTI not in {g.kind for g in kotak_persetujuan(kabid)}
    assert not kabid.notifikasi.filter(url=url, read_at__isnull=True).exists()


def test_inbox_query_count_does_not_grow_with_items(org, django_assert_max_num_queries):
    from asnportal.testing.queries import queries_for

    for kind in (atasan.SKP, atasan.CUTI, atasan.KOREKSI, atasan.PELATIHAN):
        KASUS[kind].make(org)
    c = _client(org["u"]["kabid"])
    small = queries_for(c, "/kepegawaian/kotak-persetujuan/")
    small_api = queries_for(c, "/api/v1/kotak-persetujuan/")
    small_dash = queries_for(c, "/")
    # three more bawahan of the same atasan, each with a waiting SKP, leave request and correction
    for n in range(3):
        p = PegawaiFactory(
            jabatan=JabatanFactory(
                instansi=org["p"]["a"].instansi,
                unit_kerja=org["p"]["a"].unit_kerja,
                parent=org["p"]["kabid"].jabatan,
            ),
            nama=f"Staf tambahan {n}",
        )
        user = asn_user(p, username=f"m.extra{n}")
        extra = {"u": {**org["u"], "a": user}, "p": {**org["p"], "a": p}, "opd": org["opd"]}
        _skp_diajukan(extra)
        _koreksi(extra)
    with django_assert_max_num_queries(small):
        assert c.get("/kepegawaian/kotak-persetujuan/").status_code == 200
    with django_assert_max_num_queries(small_api):
        assert c.get("/api/v1/kotak-persetujuan/").json()["count"] >= 6
    with django_assert_max_num_queries(small_dash):
        assert c.get("/").status_code == 200


def test_hr_decides_for_pegawai_without_atasan_and_finds_it_in_inbox(org, hr_bungo):
    kadis = org["p"]["kadis"]
    assert atasan.atasan_of(kadis) is None
    top = {"u": {**org["u"], "a": org["u"]["kadis"]}, "p": {**org["p"], "a": kadis}, "opd": org["opd"]}
    k = _koreksi(top)
    peserta = _peserta(top)
    a_k = _koreksi(org)  # a correction of staff A: their atasan's, never HR's
    hr_inbox = {g.kind: g for g in kotak_persetujuan(hr_bungo)}
    assert [i["url"] for i in hr_inbox["koreksi_sdm"].items] == [f"/kehadiran/koreksi/{k.pk}/"]
    assert [i["url"] for i in hr_inbox["pelatihan_sdm"].items] == [f"/pelatihan/peserta/{peserta.pk}/"]
    assert atasan.may_approve(hr_bungo, kadis, atasan.KOREKSI)
    assert not atasan.may_approve(hr_bungo, org["p"]["a"], atasan.KOREKSI)
    assert not atasan.may_approve(org["u"]["sek"], kadis, atasan.KOREKSI)
    c = _client(hr_bungo)
    assert c.post(f"/kehadiran/koreksi/{a_k.pk}/", {"keputusan": "setuju", "catatan": ""}).status_code == 403
    assert c.post(f"/kehadiran/koreksi/{k.pk}/", {"keputusan": "setuju", "catatan": ""}).status_code == 302
    assert c.post(f"/pelatihan/peserta/{peserta.pk}/setujui/").status_code == 302
    assert {"koreksi_sdm", "pelatihan_sdm"}.isdisjoint(g.kind for g in kotak_persetujuan(hr_bungo))
