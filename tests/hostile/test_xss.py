"""Stored XSS: markup in every free-text field of every project model is rendered escaped on every page.

The field list comes from the models (tests/hostile/__init__.py: CharField/TextField without choices), the
objects from the apps' SCOPED_OBJECTS factories (plus the few models no factory builds, `_extra()` below), and the
pages from the URL conf (views name their model through `model`/`queryset`/`@scoped_model`, like the scoping
sweep). A new model, field or page is therefore covered without editing this file.

Not covered by the crawl (and why):
- API endpoints (`/api/v1/…`): JSON, not HTML; DRF's browsable API escapes (it is Django templates too).
- Files: PDFs, XLSX/CSV exports, downloads (NOT_HTML in __init__.py); export cells are checked for formula
  injection in test_imports.py.
- Pages that only answer POST (405 on GET) and pages the role may not open (403/404) render no stored data.
- `rekrutmen/pelamar/konfirmasi/<token>/` (a signed token, no stored text) and the pelamar POST-only actions
  (`unggah`, `kirim`, `sanggah`).
- Django admin (staff only; Django escapes its own templates).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from . import (
    NOT_HTML,
    all_free_text_fields,
    build_world,
    is_api,
    kwargs_for,
    project_patterns,
    reverse_pattern,
    write_text,
)

FIELDS = all_free_text_fields()
NUMBER = {label: k for k, (label, _m, _f) in enumerate(FIELDS, start=100)}
LABEL = {k: label for label, k in NUMBER.items()}


def variants(k: int) -> list[str]:
    """Longest first; the longest that fits the column is stored."""
    return [
        f'"><img src=x onerror=alert({k})><script>alert({k})</script>',
        f"<script>alert({k})</script>",
        f"'><svg/onload=alert({k})>",
        f"<i id=xss{k}>",
        f"<x{k}>",
    ]


# Raw (unescaped) markup of any variant; the captured number names the field.
RAW = re.compile(
    r"<script>alert\((\d+)\)|<img src=x onerror=alert\((\d+)\)|<svg/onload=alert\((\d+)\)"
    r"|<i id=xss(\d+)>|<x(\d+)>"
)
# The same markup escaped (what a correct page shows); used to measure which fields reached a page at all.
ESCAPED = re.compile(
    r"&lt;script&gt;alert\((\d+)\)|&lt;img src=x onerror=alert\((\d+)\)|&lt;svg/onload=alert\((\d+)\)"
    r"|&lt;i id=xss(\d+)&gt;|&lt;x(\d+)&gt;"
)
# A javascript: URL in an attribute of a real (unescaped) tag.
JS_URL = re.compile(r"""<[a-z][^<>]*\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:alert""", re.I)


def fill_payloads() -> tuple[dict[str, int], dict[str, str]]:
    """Every free-text field of every row holds its numbered payload (the longest variant that fits)."""
    return write_text(lambda label, room: next((v for v in variants(NUMBER[label]) if len(v) <= room), None))


def _numbers(match) -> int:
    return int(next(g for g in match.groups() if g))


# alert(1): the payloads put in JSON fields and in the publication by the `world` fixture (not numbered).
JSON_PAYLOADS = "AuditLog.changes / UsulanPerubahanData.data / Publikasi nomor, catatan"


def scan(html: str) -> list[str]:
    found = [f"{LABEL.get(_numbers(m), JSON_PAYLOADS)} as {m.group(0)!r}" for m in RAW.finditer(html)]
    found += [f"javascript: URL {m.group(0)!r}" for m in JS_URL.finditer(html)]
    return found


class Crawl:
    def __init__(self):
        self.problems: list[str] = []
        self.pages = 0
        self.rendered: set[str] = set()  # fields whose (escaped) payload reached some page

    def get(self, client, url):
        resp = client.get(url, headers={"user-agent": "<script>alert(1)</script>"})
        if resp.status_code >= 500:
            self.problems.append(f"GET {url} → {resp.status_code}")
            return resp
        if "text/html" not in resp.get("Content-Type", ""):
            return resp
        html = resp.content.decode("utf-8", "replace")
        self.pages += resp.status_code == 200
        self.rendered.update(LABEL.get(_numbers(m), "?") for m in ESCAPED.finditer(html))
        for hit in scan(html):
            self.problems.append(f"GET {url} → {resp.status_code}: unescaped {hit}")
        return resp

    def run(self, client, urls):
        client.raise_request_exception = False  # a 500 is reported with its URL, not as a traceback
        self.status = {url: self.get(client, url).status_code for url in urls}
        return self


def page_urls(world, *, public: bool):
    """HTML pages of the project as [(url, model label or None)]: pages without a parameter, and pages whose
    parameter names a model the world has an object of. public=True: only @public_view pages; else the others.
    Also returns the routes no URL could be built for."""
    urls, uncovered = [], []
    for route, pattern, model, params in project_patterns():
        if is_api(route) or NOT_HTML.search(route):
            continue
        is_public = model == "public" or getattr(pattern.callback, "public", False)
        if is_public != public:
            continue
        label = None
        if not params:
            kwargs = {}
        elif is_public:
            make = PUBLIC_KWARGS.get(route)
            kwargs = make(world) if make else None
            if route in PUBLIC_NOT_CRAWLED:
                continue
        elif model is None or model._meta.label not in world:
            kwargs = None
        else:
            label = model._meta.label
            kwargs = kwargs_for(pattern, world[label])
        url = reverse_pattern(pattern, kwargs) if kwargs is not None else None
        if url:
            urls.append((url, label))
        else:
            uncovered.append(route)
    return urls, uncovered


# Public pages with a parameter: which world object fills it. Routes missing here are reported as uncovered.
PUBLIC_KWARGS = {
    "rekrutmen/lowongan/<int:pk>/": lambda w: {"pk": w["rekrutmen.Formasi"].pk},
    "rekrutmen/hasil/<int:pk>/": lambda w: {"pk": w["publikasi"].seleksi_id},
    "rekrutmen/pelamar/lamar/<int:pk>/": lambda w: {"pk": w["rekrutmen.Formasi"].pk},
    "rekrutmen/pelamar/lamaran/<int:pk>/": lambda w: {"pk": w["lamaran_draft"].pk},
    "kinerja/publik/<slug:kode>/": lambda w: {"kode": w["instansi"].kode},
    "pelatihan/sertifikat/<str:kode>/": lambda w: {"kode": w["pelatihan.Sertifikat"].kode},
    "survei/<slug:slug>/": lambda w: {"slug": w["survei.UnitLayanan"].slug},
    "survei/<slug:slug>/terima-kasih/": lambda w: {"slug": w["survei.UnitLayanan"].slug},
}
PUBLIC_NOT_CRAWLED = {
    "rekrutmen/pelamar/konfirmasi/<str:token>/": "signed e-mail token; renders no stored text",
    "akun/aktivasi/<str:uidb64>/<str:token>/": "one-time token; renders only the username (validated characters)",
    "akun/atur-ulang/<str:uidb64>/<str:token>/": "one-time token; renders only the username (validated characters)",
    "rekrutmen/pelamar/atur-ulang/<str:uidb64>/<str:token>/": "one-time token; renders only the e-mail (validated)",
    "rekrutmen/pelamar/lamaran/<int:pk>/unggah/<int:syarat_pk>/": "POST only (see test_uploads.py)",
    "rekrutmen/pelamar/lamaran/<int:pk>/kirim/": "POST only",
    "rekrutmen/pelamar/lamaran/<int:pk>/sanggah/": "POST only",
}


# Models no SCOPED_OBJECTS factory builds; without a row their fields would not be tested.
def _extra(world, hr):
    from asnportal.models import AuditLog, EmailKeluar, Notifikasi
    from forum.models import Adopsi, ModerationLog, NotifikasiPosJob
    from kehadiran.models import HitungUlang, LiburNasional
    from kepegawaian.models import RiwayatJabatan, RiwayatPangkat
    from kinerja.models import PengaturanKinerja, UmpanBalikRHK
    from pelatihan.tests.factories import kredit_of
    from rekrutmen.models import ImporNilai, NilaiPanel, VerifikasiSyarat
    from rekrutmen.tests import factories as rf

    instansi = world["instansi"]
    pegawai = world["kepegawaian.Pegawai"]
    AuditLog.objects.create(
        instansi=instansi,
        actor=hr,
        action="update",
        object_type="kepegawaian.Pegawai",
        object_id=str(pegawai.pk),
        object_repr="x",
        changes={"nama": ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']},
    )
    Notifikasi.objects.create(user=hr, judul="x", isi="x", url="/")
    EmailKeluar.objects.create(subjek="x", penerima=[hr.email])
    RiwayatJabatan.objects.create(pegawai=pegawai, nama_jabatan="x", tmt_mulai=dt.date(2020, 1, 1))
    RiwayatPangkat.objects.create(pegawai=pegawai, golongan="III/a", tmt=dt.date(2020, 1, 1))
    usulan = world["kepegawaian.UsulanPerubahanData"]
    usulan.data = {"jurusan": "<script>alert(1)</script>", "alamat": '"><img src=x onerror=alert(1)>'}
    usulan.save(update_fields=["data"])
    ev = world["kinerja.Evaluasi"]
    UmpanBalikRHK.objects.create(
        evaluasi=ev, rhk=ev.skp.rhk.first() or world["kinerja.RencanaHasilKerja"], umpan_balik="x"
    )
    PengaturanKinerja.objects.update_or_create(instansi=instansi, defaults={"dipublikasikan": True})
    topik = world["forum.Topik"]
    Adopsi.objects.create(topik=topik, instansi=instansi, dicatat_oleh=hr, tanggal=dt.date(2026, 1, 5))
    ModerationLog.objects.create(aksi="hide", moderator=hr, topik=topik, alasan="x")
    NotifikasiPosJob.objects.create(pos=world["forum.Pos"])
    HitungUlang.objects.create(instansi=instansi, mulai=dt.date(2026, 3, 1), selesai=dt.date(2026, 3, 2))
    LiburNasional.objects.create(tanggal=dt.date(2026, 3, 10), nama="x", sumber="x")
    from rekrutmen.models import AmbangBatasKhusus

    AmbangBatasKhusus.objects.create(
        tahun=2031, jenis_formasi="cumlaude", min_total=300, min_tiu=80, dasar_hukum="x"
    )
    kredit_of(instansi, pegawai=world["pelatihan.Peserta"].pegawai, jp=8)
    lamaran = world["rekrutmen.Lamaran"]
    ImporNilai.objects.create(
        instansi=instansi, seleksi=lamaran.seleksi, jenis="skd", nama_berkas="x", sha256="0", jumlah_baris=1
    )
    VerifikasiSyarat.objects.create(
        lamaran=lamaran, persyaratan=lamaran.formasi.persyaratan.first(), hasil="tms", alasan="x"
    )
    sesi = world["rekrutmen.SesiPenilaian"]
    NilaiPanel.objects.create(sesi=sesi, penilai=sesi.panel.first(), nilai=80, catatan="x")
    # Document core (numbering, signing keys) and the national gaji pokok table (layanan).
    from django.utils import timezone

    from asnportal.dokumen.models import FormatNomor, KunciTandaTangan, NomorUrut
    from layanan.models import GajiPokok

    FormatNomor.objects.create(instansi=instansi, jenis="x", pola="x/{n}/{tahun}")
    NomorUrut.objects.create(instansi=instansi, jenis="x", tahun=2026, terakhir=1)
    KunciTandaTangan.objects.create(
        instansi=instansi,
        peran="penandatangan",
        subjek="x",
        nomor_seri="x",
        berlaku_mulai=timezone.now(),
        berlaku_sampai=timezone.now() + dt.timedelta(days=1),
        sertifikat_pem="x",
        kunci_terenkripsi=b"x",
        aktif=False,  # an inactive row: no page signs with it
    )
    GajiPokok.objects.create(golongan="III/a", mkg=0, gaji_pokok=2_785_700, berlaku_mulai=dt.date(2019, 1, 1))
    # An applicant with a draft application on the open formasi (pelamar pages).
    world["lamaran_draft"] = rf.lamaran(world["rekrutmen.Formasi"], dikirim=False)


# Free-text fields of models that no page shows (job internals, outbox); their rows exist but are not expected
# to reach HTML. Everything else must reach at least one page, escaped.
NOT_RENDERED = re.compile(
    r"\.(worker|error)$|^asnportal\.EmailKeluar\.|^survei\.BatasLaju\.|^asnportal\.AuditLog\.object_type$"
)


@pytest.fixture
def world(instansi_bungo, hr_bungo):
    from forum.models import AnggotaRuang, RuangKoordinasi
    from rekrutmen import services as rekrutmen_services

    w = build_world(instansi_bungo)
    w["instansi"] = instansi_bungo
    # The reconciliation page shows its differences: use the one the SelisihSIASN factory filled.
    w["kepegawaian.RekonsiliasiSIASN"] = w["kepegawaian.SelisihSIASN"].rekonsiliasi
    for ruang in RuangKoordinasi.objects.filter(instansi=instansi_bungo):
        AnggotaRuang.objects.get_or_create(ruang=ruang, user=hr_bungo)
    _extra(w, hr_bungo)
    w["written"], w["refused"] = fill_payloads()
    for obj in list(w.values()):
        if hasattr(obj, "refresh_from_db") and obj.pk:
            obj.refresh_from_db()
    # A publication computed from the (now hostile) data: its frozen JSON is what the public results show.
    w["publikasi"] = rekrutmen_services.seleksi_publikasikan(
        actor=hr_bungo,
        seleksi=w["rekrutmen.Formasi"].seleksi,
        tahap="administrasi",
        nomor="<script>alert(1)</script>",
        catatan='"><img src=x onerror=alert(1)>',
    )
    return w


@pytest.mark.django_db
def test_every_free_text_field_carries_a_payload(world):
    """Guards the crawl itself: a field with no row (a new model without a factory) would silently pass."""
    empty = sorted(lb for lb, n in world["written"].items() if n == 0 and lb not in world["refused"])
    assert not empty, (
        "no row holds a payload for these fields: add the model to its app's SCOPED_OBJECTS or to _extra() "
        f"in tests/hostile/test_xss.py: {empty}"
    )


def _assert_coverage(crawl, world, share):
    expected = {lb for lb, n in world["written"].items() if n and not NOT_RENDERED.search(lb)}
    shown = crawl.rendered & expected
    assert len(shown) >= share * len(expected), (
        f"only {len(shown)} of {len(expected)} payload fields reached any page; "
        f"never shown: {sorted(expected - shown)}"
    )


@pytest.mark.django_db
def test_stored_markup_is_escaped_on_every_page_for_hr(world, client_hr_bungo):
    pages, uncovered = page_urls(world, public=False)
    crawl = Crawl().run(client_hr_bungo, [u for u, _lb in pages])
    assert not crawl.problems, "\n".join(crawl.problems)
    assert not uncovered, f"pages the crawl could not build a URL for: {uncovered}"
    assert crawl.pages >= 100, f"only {crawl.pages} of {len(pages)} pages answered 200"
    _assert_coverage(crawl, world, 0.5)


def _owners(world) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """({pegawai id: labels of the world's personal objects about them}, {atasan pegawai id: labels of their
    subordinates' objects}): the people who open self-service and approval pages."""
    from kepegawaian.models import Pegawai

    owners: dict[int, set[str]] = {}
    for label, obj in world.items():
        path = getattr(type(obj), "scope_pegawai", None)
        if path is None or not hasattr(obj, "pk"):
            continue
        pid = (
            obj.pk
            if path == ""
            else type(obj)._base_manager.filter(pk=obj.pk).values_list(path, flat=True)[0]
        )
        if pid:
            owners.setdefault(pid, set()).add(label)
    atasan: dict[int, set[str]] = {}
    for pid, labels in owners.items():
        boss = Pegawai.objects.get(pk=pid).atasan
        if boss is not None:
            atasan.setdefault(boss.pk, set()).update(labels)
    return owners, atasan


def _app(url_or_label: str) -> str:
    return url_or_label.strip("/").split("/")[0].split(".")[0]


@pytest.mark.django_db
def test_stored_markup_is_escaped_on_self_service_pages(world, client_hr_bungo):
    """As every ASN the world's personal rows belong to: their own objects' pages and the pages an HR officer
    without a pegawai record cannot open (own SKP, own leave, new correction, ...) of the same app; as each of
    their atasan: every page of the apps their subordinates' rows are in (approvals, team boards)."""
    from asnportal.testing.factories import asn_user
    from kepegawaian.models import Pegawai

    pages, _uncovered = page_urls(world, public=False)
    lists = [u for u, lb in pages if lb is None]
    hr = Crawl().run(client_hr_bungo, lists)
    self_pages = [u for u, st in hr.status.items() if st in (403, 404)]
    owners, atasan = _owners(world)
    crawl = Crawl()
    plan = []
    for pid, labels in owners.items():
        apps_ = {_app(lb) for lb in labels}
        plan.append(
            (pid, [u for u in self_pages if _app(u) in apps_] + [u for u, lb in pages if lb in labels])
        )
    for pid, labels in atasan.items():
        apps_ = {_app(lb) for lb in labels}
        plan.append((pid, [u for u in lists if _app(u) in apps_]))
    for pid, urls in plan:
        pegawai = Pegawai.objects.get(pk=pid)
        client = Client()
        client.force_login(getattr(pegawai, "user", None) or asn_user(pegawai))
        crawl.run(client, urls)
    problems = hr.problems + crawl.problems
    assert not problems, "\n".join(problems)
    assert len(owners) >= 10 and len(atasan) >= 5 and crawl.pages >= 50, (
        len(owners),
        len(atasan),
        crawl.pages,
    )


@pytest.mark.django_db
def test_stored_markup_is_escaped_on_public_pages(world):
    """Anonymous visitors and a signed-in applicant: survey form, open formasi, published results, certificate
    check, performance transparency page, the applicant's own pages."""
    from rekrutmen.pelamar_auth import SESSION_KEY

    pages, uncovered = page_urls(world, public=True)
    urls = [u for u, _lb in pages]
    anonymous = Crawl().run(Client(), urls)
    applicant = Client()
    session = applicant.session
    session[SESSION_KEY] = world["lamaran_draft"].pelamar_id
    session.save()
    signed_in = Crawl().run(applicant, urls)
    problems = anonymous.problems + signed_in.problems
    assert not problems, "\n".join(problems)
    assert not uncovered, (
        f"public pages without a URL (add to PUBLIC_KWARGS or PUBLIC_NOT_CRAWLED): {uncovered}"
    )
    shown = anonymous.rendered | signed_in.rendered
    for label in ("survei.UnitLayanan.nama", "rekrutmen.Seleksi.nama", "kepegawaian.Jabatan.nama"):
        assert label in shown, f"{label} never reached a public page; the crawl is not testing them"
    assert signed_in.status[reverse("rekrutmen:pelamar_beranda")] == 200


# --- Payloads typed into the real forms ---------------------------------------------------------------------
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(1)"


def assert_escaped(html: str, where: str, *, must_show: str | None = None):
    for raw in (SCRIPT, "<img src=x onerror", "<svg/onload"):
        assert raw not in html, f"{where}: {raw!r} rendered unescaped"
    assert not JS_URL.search(html), f"{where}: {JS!r} rendered as a link"
    if must_show is not None:
        assert must_show in html, f"{where}: the escaped payload {must_show!r} is not on the page"


ESC_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.django_db
def test_survey_suggestion_typed_by_a_citizen_is_shown_escaped(client, opd_bungo, client_hr_bungo):
    from django.utils import timezone

    from survei.models import Respons
    from survei.tests.factories import UnitLayananFactory, old_token

    unit = UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, slug="loket-hostile")
    data = {f"u{i}": "3" for i in range(1, 10)}
    data.update(
        token=old_token(unit),
        situs_web="",
        usia="41",
        jenis_kelamin="L",
        pendidikan="SMA",
        pekerjaan="WIRAUSAHA",
        jenis_layanan="KTP-el",
        tanggal=timezone.localdate().isoformat(),
        slot_waktu="08-12",
        saran=f"{SCRIPT}\n{IMG}\n{JS}",
        nama=SCRIPT,
        kontak=IMG,
        persetujuan="on",
    )
    url = reverse("survei:isi", kwargs={"slug": unit.slug})
    resp = client.post(url, data)
    assert resp.status_code == 302, f"POST {url} with saran={data['saran']!r} → {resp.status_code}"
    row = Respons.objects.get(unit=unit)
    assert row.saran == data["saran"] and row.nama == SCRIPT, "the suggestion is stored as plain text"
    assert_escaped(client.get(resp["Location"]).content.decode(), f"GET {resp['Location']}")
    for name in ("survei:saran_list", "survei:dasbor"):
        page = reverse(name)
        assert_escaped(client_hr_bungo.get(page).content.decode(), f"GET {page} (saran={data['saran']!r})")
    page = reverse("survei:saran_list")
    assert_escaped(client_hr_bungo.get(page).content.decode(), f"GET {page}", must_show=ESC_SCRIPT)
    # The same markup typed into the form again (error path: missing consent) is re-rendered escaped.
    bad = client.post(url, {**data, "persetujuan": "", "token": old_token(unit)})
    assert bad.status_code == 400
    assert_escaped(bad.content.decode(), f"POST {url} re-rendered with errors", must_show=ESC_SCRIPT)


@pytest.mark.django_db
def test_forum_topic_with_markup_end_to_end(client_asn_bungo, client_hr_bungo):
    """One end-to-end check (forum/tests/test_markdown.py has the sanitiser battery)."""
    from forum.models import Topik
    from forum.tests import factories as F

    kat = F.kategori(nama="Lintas instansi", slug="lintas-hostile")
    judul = f"Antrean {SCRIPT}"
    isi = f'Halo {SCRIPT}\n\n{IMG}\n\n[klik]({JS}) <a href="{JS}">a</a>'
    url = reverse("forum:topik_create")
    resp = client_asn_bungo.post(url, {"judul": judul, "isi": isi, "kategori": kat.pk})
    assert resp.status_code == 302, f"POST {url} judul={judul!r} → {resp.status_code}"
    topik = Topik.objects.get()
    assert topik.judul == judul
    for client in (client_asn_bungo, client_hr_bungo):
        for page in (
            reverse("forum:topik_detail", args=[topik.pk]),
            reverse("forum:index"),
            reverse("forum:kategori_detail", args=[kat.slug]),
            reverse("forum:cari") + "?q=Antrean",
        ):
            assert_escaped(client.get(page).content.decode(), f"GET {page} (judul/isi={SCRIPT!r})")
    detail = client_hr_bungo.get(reverse("forum:topik_detail", args=[topik.pk])).content.decode()
    assert "Antrean &lt;script&gt;" in detail, "the title is shown, escaped"


@pytest.mark.django_db
def test_pegawai_name_typed_by_hr_is_shown_escaped(client_hr_bungo, pegawai_bungo, asn_bungo):
    from kepegawaian.forms import PegawaiForm
    from kepegawaian.models import Pegawai

    form = PegawaiForm(instance=pegawai_bungo)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name == "foto":
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    nama = f"{SCRIPT}{IMG}"[:150]
    data.update(nama=nama, gelar_depan="<b>Dr.", tempat_lahir=IMG, alamat=f"{SCRIPT}\n{JS}")
    url = reverse("kepegawaian:pegawai_update", args=[pegawai_bungo.pk])
    resp = client_hr_bungo.post(url, data)
    assert resp.status_code == 302, f"POST {url} nama={nama!r} → {resp.status_code}: " + (
        str(resp.context["form"].errors) if resp.context else ""
    )
    assert Pegawai.objects.get(pk=pegawai_bungo.pk).nama == nama, "stored as typed (plain text)"
    pages = [
        reverse("kepegawaian:pegawai_detail", args=[pegawai_bungo.pk]),
        reverse("kepegawaian:pegawai_list"),
        reverse("kepegawaian:pegawai_list") + "?q=script",
        reverse("kepegawaian:struktur") + "?q=script",
        reverse("kepegawaian:unitkerja_detail", args=[pegawai_bungo.unit_kerja_id]),
        reverse("kepegawaian:pegawai_update", args=[pegawai_bungo.pk]),
        reverse("audit_list"),
    ]
    for page in pages:
        assert_escaped(client_hr_bungo.get(page).content.decode(), f"GET {page} (nama={nama!r})")
    detail = client_hr_bungo.get(pages[0]).content.decode()
    assert ESC_SCRIPT in detail, "the name is shown, escaped"
    asn = Client()
    asn.force_login(asn_bungo)
    page = reverse("kepegawaian:profil_saya")
    assert_escaped(asn.get(page).content.decode(), f"GET {page} as the ASN", must_show=ESC_SCRIPT)


@pytest.mark.django_db
def test_link_fields_refuse_javascript_urls(client_hr_bungo, instansi_bungo):
    """The two stored URLs rendered as <a href> (training session link, SKP evidence link) only take http(s).
    (The realisasi API is read-only; the session API is checked too.)"""
    from kinerja.models import IndikatorKinerja, Realisasi
    from kinerja.tests.factories import skp_disetujui, struktur
    from pelatihan.models import Sesi
    from pelatihan.tests.factories import ProgramFactory

    program = ProgramFactory(instansi=instansi_bungo)
    url = reverse("pelatihan:sesi_create")
    data = {
        "program": program.pk,
        "nama": "Angkatan I",
        "tanggal_mulai": "2026-05-04",
        "tanggal_selesai": "2026-05-05",
        "tautan_daring": JS,
        "kapasitas": "30",
        "status": "dibuka",
    }
    resp = client_hr_bungo.post(url, data)
    assert resp.status_code == 200, f"POST {url} tautan_daring={JS!r} → {resp.status_code}"
    assert "tautan_daring" in resp.context["form"].errors, resp.context["form"].errors
    assert not Sesi.objects.exists(), f"POST {url} stored a session with tautan_daring={JS!r}"
    api = reverse("pelatihan-sesi-list")
    resp = client_hr_bungo.post(api, {**data, "tempat": "Aula"}, content_type="application/json")
    assert resp.status_code == 400 and "tautan_daring" in resp.json(), f"POST {api} → {resp.status_code}"
    assert not Sesi.objects.exists()

    s = struktur(instansi_bungo)
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    iki = IndikatorKinerja.objects.get(rhk__skp=skp)
    owner = Client()
    owner.force_login(s["u_staf"])
    url = reverse("kinerja:realisasi_periode", args=[skp.pk, 1])
    resp = owner.post(url, {"indikator": iki.pk, f"i{iki.pk}-nilai": "3", f"i{iki.pk}-tautan": JS})
    assert resp.status_code == 200 and "URL" in resp.content.decode(), f"POST {url} tautan={JS!r}"
    assert not Realisasi.objects.exists(), f"POST {url} stored tautan={JS!r}"
    assert_escaped(resp.content.decode(), f"POST {url} re-rendered")
