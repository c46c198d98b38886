"""Hostile CSV/XLSX imports on every import endpoint, and formula neutralisation in every export.

Endpoints (each posts a real file through the real view): kepegawaian pegawai and jabatan import, SIASN
reconciliation, rekrutmen SKD and SKB score import, kehadiran fingerprint import (page and API).
test_every_importer_is_covered scans the apps' code for asnportal.tabular.read_table calls, so a new import path
fails it until it is added here.

For each endpoint:
- malformed files (UTF-16, latin-1 with undecodable bytes, binary junk, a NUL byte after the sniffed first 4 KB,
  a cell over the csv module's field limit, a broken zip, an XLSX whose sheet XML is cut, a PDF named .csv) are
  refused with an Indonesian message, never a 500, and import nothing;
- formula-looking cells (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`, `+1+1`, `@SUM(1)`) in CSV and XLSX (as text
  cells and as real formula cells) are stored as plain text or refused, never evaluated or half-imported, and
  every export that shows them starts the cell with a quote;
- score cells that are not numbers (NaN, Infinity, 1e999, 5,000 digits, "²") are refused (SKD/SKB);
- more rows than PORTAL_MAX_IMPORT_ROWS (set small here) or more bytes than PORTAL_MAX_IMPORT_BYTES are refused
  with a row/size message and import nothing; a file with one bad row after good ones imports nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import random
import re
import zipfile
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from . import PROJECT_APPS

FORMULAS = [
    '=HYPERLINK("http://contoh.invalid/x","klik")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1)",
    "-2+3+cmd|' /C calc'!A0",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# --- files ---------------------------------------------------------------------------------------------------
def csv_bytes(header, rows, encoding="utf-8") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(header, rows, *, formulas_as_formulas=False) -> bytes:
    """Text cells stay text (a cell starting with '=' is forced to a string) unless formulas_as_formulas."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("=") and not formulas_as_formulas:
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def broken_sheet_xlsx(header, rows) -> bytes:
    """A valid workbook whose worksheet XML is cut in half (zip and [Content_Types].xml intact)."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(header, rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            data = good.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            z.writestr(info, data)
    return out.getvalue()


def malformed_files(header, rows):
    """(description, file name, bytes). `rows` are valid rows: the damage is the only problem."""
    junk = random.Random(7).randbytes(6000)  # noqa: S311 - deterministic junk, not a secret
    padded = [*header, "catatan"]
    filler = [[*rows[0], "x" * 5000], *[[*r, ""] for r in rows[1:]]]
    nul_late = [[*filler[0][:-1], filler[0][-1]], *filler[1:]]
    nul_late[-1] = [*nul_late[-1][:-2], f"{nul_late[-1][-2]}\x00", ""]
    return [
        ("UTF-16 CSV", "data.csv", csv_bytes(header, rows, "utf-16")),
        ("latin-1 with undecodable bytes", "data.csv", csv_bytes(header, rows) + b"\x81\x8d\x8f\x90\x9d\n"),
        ("binary junk", "data.csv", junk),
        ("binary junk without NUL", "data.csv", bytes(b for b in junk if b)),
        ("NUL byte after the first 4 KB", "data.csv", csv_bytes(padded, nul_late)),
        ("a cell over 128 KB", "data.csv", csv_bytes(padded, [[*rows[0], "x" * 200_000], *filler[1:]])),
        ("zip header then junk, named .xlsx", "data.xlsx", b"PK\x03\x04" + junk[:500]),
        ("XLSX with its sheet XML cut", "data.xlsx", broken_sheet_xlsx(header, rows)),
        ("PDF named .csv", "data.csv", b"%PDF-1.4\n1 0 obj<<>>endobj\n"),
    ]


REFUSALS = (
    "tidak didukung",
    "tidak dapat dibaca",
    "rusak",
    "bukan XLSX",
    "encoding UTF-8",
    "Kolom wajib",
)


# --- endpoints ---------------------------------------------------------------------------------------------
@dataclass
class Importer:
    name: str
    client: object
    url: str
    data: dict
    header: list
    rows: object  # rows(n) -> n valid rows
    text_col: str | None  # a free-text column (formulas go there)
    count: object  # rows an import adds
    stored: object  # stored(values) -> which of `values` are stored verbatim in the text column
    bad_row: object = None  # bad_row(row): make one row invalid; None: every readable row is stored (SIASN)
    api: bool = False
    job: bool = False  # the upload becomes a background job (kepegawaian.ImporData) the browser follows
    _page: str | None = None

    def page(self) -> str:
        """The endpoint's page before any upload (its static text is not a refusal message)."""
        if self._page is None:
            self._page = self.client.get(self.url).content.decode()
        return self._page


def _nip(i: int, day: int = 1) -> str:
    return f"1990{(i % 12) + 1:02d}{day:02d}2015011{i + 1:03d}"


def pegawai_importer(req):
    from kepegawaian.models import Pegawai

    def rows(n):
        return [[_nip(i), f"Pegawai Impor {i}", "PNS", "Muara Bungo"] for i in range(n)]

    return Importer(
        name="kepegawaian:impor_pegawai",
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("kepegawaian:impor_pegawai"),
        data={"mode": "simpan"},
        header=["nip", "nama", "status_kepegawaian", "tempat_lahir"],
        rows=rows,
        text_col="nama",
        count=Pegawai.objects.count,
        stored=lambda vs: set(Pegawai.objects.filter(nama__in=vs).values_list("nama", flat=True)),
        bad_row=lambda row: row.__setitem__(0, "1234"),  # not an 18-digit NIP
        job=True,
    )


def jabatan_importer(req):
    from kepegawaian.models import Jabatan

    opd = req.getfixturevalue("opd_bungo")
    return Importer(
        name="kepegawaian:impor_jabatan",
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("kepegawaian:impor_jabatan"),
        data={"mode": "simpan"},
        header=["kode", "nama", "unit_kerja", "jenis"],
        rows=lambda n: [[f"J-{i}", f"Analis Impor {i}", opd.nama, "PELAKSANA"] for i in range(n)],
        text_col="nama",
        count=Jabatan.objects.count,
        stored=lambda vs: set(Jabatan.objects.filter(nama__in=vs).values_list("nama", flat=True)),
        bad_row=lambda row: row.__setitem__(2, "Unit yang tidak ada"),
        job=True,
    )


def unit_importer(req):
    """The unit tree of a (new) instansi, imported by a superadmin."""
    from kepegawaian.models import UnitKerja

    instansi = req.getfixturevalue("instansi_bungo")
    return Importer(
        name="kepegawaian:instansi_unit_impor",
        client=req.getfixturevalue("client_superadmin"),
        url=reverse("kepegawaian:instansi_unit_impor", args=[instansi.pk]),
        data={"mode": "simpan"},
        header=["kode", "nama", "jenis", "kode_induk"],
        rows=lambda n: [[f"U-{i}", f"Unit Impor {i}", "bidang", ""] for i in range(n)],
        text_col="nama",
        count=UnitKerja.objects.count,
        stored=lambda vs: set(UnitKerja.objects.filter(nama__in=vs).values_list("nama", flat=True)),
        bad_row=lambda row: row.__setitem__(3, "INDUK-TIDAK-ADA"),
    )


def siasn_importer(req):
    from kepegawaian.models import RekonsiliasiSIASN, SelisihSIASN

    req.getfixturevalue("pegawai_bungo")
    return Importer(
        name="kepegawaian:siasn_list",
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("kepegawaian:siasn_list"),
        data={},
        header=["nip", "nama"],
        rows=lambda n: [[_nip(i, day=2), f"Pegawai SIASN {i}"] for i in range(n)],
        text_col="nama",
        count=lambda: RekonsiliasiSIASN.objects.count() + SelisihSIASN.objects.count(),
        stored=lambda vs: set(SelisihSIASN.objects.filter(nama__in=vs).values_list("nama", flat=True)),
    )


def skd_importer(req):
    from rekrutmen.models import ImporNilai, Lamaran, RiwayatNilai
    from rekrutmen.tests import factories as rf

    f = rf.formasi(rf.seleksi(req.getfixturevalue("instansi_bungo")), kuota=8)
    nomor = [rf.lamaran(f, dokumen=False, status_administrasi="MS").nomor_peserta for _ in range(8)]
    return Importer(
        name="rekrutmen:impor_nilai (SKD)",
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("rekrutmen:impor_nilai", args=[f.seleksi_id]),
        data={"jenis": "skd"},
        header=["nomor_peserta", "twk", "tiu", "tkp"],
        rows=lambda n: [[nomor[i % len(nomor)], 80 + i, 90, 160] for i in range(n)],
        text_col="nomor_peserta",
        count=lambda: ImporNilai.objects.count() + RiwayatNilai.objects.count(),
        stored=lambda vs: set(
            Lamaran.objects.filter(nomor_peserta__in=vs).values_list("nomor_peserta", flat=True)
        ),
        bad_row=lambda row: row.__setitem__(0, "9999999999"),  # no such registration number
    )


def skb_importer(req):
    from rekrutmen.models import ImporNilai, Lamaran, RiwayatNilai
    from rekrutmen.tests import factories as rf

    f = rf.formasi(rf.seleksi(req.getfixturevalue("instansi_bungo")), kuota=8)
    nomor = [
        rf.lamaran(f, dokumen=False, status_administrasi="MS", ikut_skb=True).nomor_peserta for _ in range(8)
    ]
    return Importer(
        name="rekrutmen:impor_nilai (SKB)",
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("rekrutmen:impor_nilai", args=[f.seleksi_id]),
        data={"jenis": "skb"},
        header=["nomor_peserta", "skb"],
        rows=lambda n: [[nomor[i % len(nomor)], f"{300 + i},5"] for i in range(n)],
        text_col="nomor_peserta",
        count=lambda: ImporNilai.objects.count() + RiwayatNilai.objects.count(),
        stored=lambda vs: set(
            Lamaran.objects.filter(nomor_peserta__in=vs).values_list("nomor_peserta", flat=True)
        ),
        bad_row=lambda row: row.__setitem__(1, "NaN"),
    )


def _presensi_rows(nip):
    start = timezone.localdate() - dt.timedelta(days=20)

    def rows(n):
        return [
            [nip, (start + dt.timedelta(days=i // 2)).isoformat(), f"{7 + i % 2 * 9:02d}:1{i % 10}", "FP-01"]
            for i in range(n)
        ]

    return rows


def presensi_importer(req, api=False):
    from kehadiran.models import ImporPresensi, Presensi

    p = req.getfixturevalue("pegawai_bungo")
    return Importer(
        name="api kehadiran/impor" if api else "kehadiran:impor",
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("kehadiran-impor-list") if api else reverse("kehadiran:impor"),
        data={},
        header=["nip", "tanggal", "jam", "mesin"],
        rows=_presensi_rows(p.nip),
        text_col="mesin",
        count=lambda: Presensi.objects.count() + ImporPresensi.objects.count(),
        stored=lambda vs: set(Presensi.objects.filter(mesin__in=vs).values_list("mesin", flat=True)),
        bad_row=lambda row: row.__setitem__(0, "199001012015011999"),  # not a pegawai of this instansi
        api=api,
    )


IMPORTERS = {
    "kepegawaian:impor_pegawai": pegawai_importer,
    "kepegawaian:impor_jabatan": jabatan_importer,
    "kepegawaian:siasn_list": siasn_importer,
    "kepegawaian:instansi_unit_impor": lambda req: unit_importer(req),
    "rekrutmen:impor_nilai SKD": skd_importer,
    "rekrutmen:impor_nilai SKB": skb_importer,
    "kehadiran:impor": presensi_importer,
    "api kehadiran/impor": lambda req: presensi_importer(req, api=True),
}

# Where the apps call asnportal.tabular.read_table (file → number of calls); each is reached by an importer above.
READ_TABLE_CALLS = {
    "kepegawaian/impor.py": 4,  # pegawai, jabatan, SIASN, unit tree
    "rekrutmen/services.py": 1,  # SKD and SKB scores (two importers above)
    "kehadiran/services.py": 1,  # fingerprint machine (page and API)
}


def test_every_importer_is_covered():
    root = pathlib.Path(django_settings.BASE_DIR)
    found = {}
    for path in (p for app in PROJECT_APPS for p in (root / app).rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "asnportal/tabular.py" or "/tests/" in rel or "/migrations/" in rel:
            continue
        n = len(re.findall(r"\bread_table\(", path.read_text(encoding="utf-8")))
        if n:
            found[rel] = n
    assert found == READ_TABLE_CALLS, f"read_table callers changed; add hostile-import tests for: {found}"


def post(imp: Importer, name: str, content: bytes):
    data = {**imp.data, "berkas": SimpleUploadedFile(name, content)}
    if imp.api:
        return imp.client.post(imp.url, data, HTTP_ACCEPT="application/json")
    resp = imp.client.post(imp.url, data)
    if imp.job and resp.status_code == 302:
        # The upload was kept as a job: run it as the worker would, then read what the browser is shown.
        # A job that refused the file or a row answers with its page (200, the errors); a clean one keeps
        # the redirect (the import succeeded).
        from kepegawaian import impor
        from kepegawaian.models import ImporData

        job_id = int(resp["Location"].rstrip("/").rsplit("/", 1)[-1])
        impor.impor_jalankan(job_id)
        if not ImporData.objects.get(pk=job_id).ok:
            return imp.client.get(resp["Location"])
    return resp


def succeeded(imp: Importer, resp) -> bool:
    return resp.status_code in ((201,) if imp.api else (302,))


def assert_refused(imp: Importer, resp, before: int, where: str, messages=REFUSALS):
    assert resp.status_code < 500, f"{where} → {resp.status_code}"
    assert not succeeded(imp, resp), f"{where} → {resp.status_code}: accepted"
    assert resp.status_code == 400 if imp.api else resp.status_code in (200, 400), (
        f"{where} → {resp.status_code}"
    )
    body = resp.content.decode()
    shown = [m for m in messages if m in body and m not in imp.page()]  # not static text of the page
    assert shown, f"{where}: no Indonesian refusal ({messages}) in the response"
    assert imp.count() == before, f"{where}: {imp.count() - before} rows imported"


# SIASN reconciliation has no "bad row": it records every difference it can read.
ROW_CHECKING = [name for name in IMPORTERS if name != "kepegawaian:siasn_list"]


@pytest.fixture(params=list(IMPORTERS))
def importer(request):
    return IMPORTERS[request.param](request)


@pytest.fixture(params=ROW_CHECKING)
def row_checking_importer(request):
    return IMPORTERS[request.param](request)


@pytest.mark.django_db
def test_valid_file_imports(importer):
    """Control: the same data, undamaged, imports (so the refusals below are about the damage)."""
    for name, content in (
        ("data.csv", csv_bytes(importer.header, importer.rows(3))),
        ("data.xlsx", xlsx_bytes(importer.header, importer.rows(4))),
    ):
        before = importer.count()
        resp = post(importer, name, content)
        assert succeeded(importer, resp), f"{importer.name}: POST {importer.url} {name} → {resp.status_code}"
        assert importer.count() > before, f"{importer.name}: {name} imported nothing"


@pytest.mark.django_db
def test_malformed_files_are_refused(importer):
    for desc, name, content in malformed_files(importer.header, importer.rows(3)):
        before = importer.count()
        resp = post(importer, name, content)
        assert_refused(importer, resp, before, f"{importer.name}: POST {importer.url} {name} ({desc})")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx text cells", "xlsx formula cells"])
def test_formula_cells_are_plain_text_or_refused(importer, fmt):
    header, col = importer.header, importer.header.index(importer.text_col)
    rows = importer.rows(len(FORMULAS))
    for row, formula in zip(rows, FORMULAS, strict=True):
        row[col] = formula
    if fmt == "csv":
        name, content = "data.csv", csv_bytes(header, rows)
    else:
        name, content = (
            "data.xlsx",
            xlsx_bytes(header, rows, formulas_as_formulas=fmt == "xlsx formula cells"),
        )
    before = importer.count()
    resp = post(importer, name, content)
    where = f"{importer.name}: POST {importer.url} {name} ({fmt}) with {importer.text_col}={FORMULAS}"
    assert resp.status_code < 500, f"{where} → {resp.status_code}"
    stored = importer.stored(FORMULAS)
    # openpyxl writes only '='-cells as formulas; '+', '-', '@' cells are text cells in every format.
    formula_cells = {f for f in FORMULAS if f.startswith("=")} if fmt == "xlsx formula cells" else set()
    if succeeded(importer, resp):
        assert importer.count() > before
        assert stored == set(FORMULAS) - formula_cells, (
            f"{where}: stored {stored}; text must be stored verbatim, formula cells never as formulas"
        )
    else:
        assert importer.count() == before and not stored, f"{where}: refused but rows were imported"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_more_rows_than_the_limit_are_refused(importer, fmt, settings):
    settings.PORTAL_MAX_IMPORT_ROWS = 3
    rows = importer.rows(12)
    content = csv_bytes(importer.header, rows) if fmt == "csv" else xlsx_bytes(importer.header, rows)
    before = importer.count()
    resp = post(importer, f"data.{fmt}", content)
    where = f"{importer.name}: POST {importer.url} 12-row {fmt} with PORTAL_MAX_IMPORT_ROWS=3"
    assert_refused(importer, resp, before, where, messages=("Terlalu banyak baris; batasnya 3 baris",))


@pytest.mark.django_db
def test_more_bytes_than_the_limit_are_refused(importer, settings):
    content = csv_bytes(importer.header, importer.rows(3))
    settings.PORTAL_MAX_IMPORT_BYTES = len(content) - 1
    before = importer.count()
    resp = post(importer, "data.csv", content)
    where = f"{importer.name}: POST {importer.url} {len(content)} bytes with PORTAL_MAX_IMPORT_BYTES={len(content) - 1}"
    assert_refused(importer, resp, before, where, messages=("Berkas terlalu besar",))


@pytest.mark.django_db
def test_one_bad_row_imports_nothing(row_checking_importer):
    importer = row_checking_importer
    rows = importer.rows(4)
    importer.bad_row(rows[-1])
    before = importer.count()
    resp = post(importer, "data.csv", csv_bytes(importer.header, rows))
    where = f"{importer.name}: POST {importer.url} with a bad row 5: {rows[-1]}"
    messages = ("Baris 5", "<td>5</td>", '"baris":5')  # message, error table cell, API JSON
    assert_refused(importer, resp, before, where, messages=messages)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["rekrutmen:impor_nilai SKD", "rekrutmen:impor_nilai SKB"])
def test_score_cells_that_are_not_numbers_are_refused(name, request):
    """Score columns parsed with int()/Decimal(): NaN, infinities, huge exponents, 5,000 digits, "²"."""
    importer = IMPORTERS[name](request)
    for value in ["NaN", "sNaN", "Infinity", "-Infinity", "1e999", "9" * 5000, "\u00b2"]:
        rows = importer.rows(3)
        rows[1][1] = value
        before = importer.count()
        resp = post(importer, "data.csv", csv_bytes(importer.header, rows))
        where = f"{importer.name}: POST {importer.url} with a score {value[:20]!r} in row 3"
        assert_refused(importer, resp, before, where, messages=("Baris 3",))


# --- exports -------------------------------------------------------------------------------------------------
def _cells(fmt: str, content: bytes) -> list[str]:
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        return [c for row in csv.reader(io.StringIO(text)) for c in row]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula cell {cell.coordinate}={cell.value!r} in an export"
                if isinstance(cell.value, str):
                    out.append(cell.value)
    return out


def assert_neutralised(where: str, fmt: str, content: bytes, values):
    cells = _cells(fmt, content)
    for v in values:
        assert v not in cells, f"{where}: cell {v!r} exported as is (a spreadsheet would run it)"
        assert "'" + v in cells, f"{where}: {v!r} is not in the export at all (quoted)"
    bad = [c for c in cells if c.startswith(FORMULA_PREFIXES)]
    assert not bad, f"{where}: cells starting with a formula character: {bad}"


@pytest.mark.django_db
def test_exports_neutralise_imported_formulas(client_hr_bungo, request):
    """Rows imported with formula text come out of the exports that show them with a leading quote."""
    imp = pegawai_importer(request)
    rows = imp.rows(len(FORMULAS))
    for row, formula in zip(rows, FORMULAS, strict=True):
        row[1] = formula
    assert succeeded(imp, post(imp, "data.csv", csv_bytes(imp.header, rows)))
    for fmt in ("csv", "xlsx"):
        url = reverse("kepegawaian:pegawai_ekspor") + f"?format={fmt}"
        resp = client_hr_bungo.get(url)
        assert resp.status_code == 200, f"GET {url} → {resp.status_code}"
        assert_neutralised(f"GET {url}", fmt, resp.content, FORMULAS)


@pytest.mark.django_db
def test_every_export_neutralises_formula_text(client_hr_bungo, opd_bungo, pegawai_bungo, request):
    """Names typed by HR and suggestions typed by citizens, in the portal's other exports."""
    from kehadiran.models import StatusHarianPegawai
    from rekrutmen.tests import factories as rf
    from survei.tests.factories import respons, unit_for

    opd_bungo.__class__.objects.filter(pk=opd_bungo.pk).update(nama=FORMULAS[2], label=FORMULAS[2])
    pegawai_bungo.__class__.objects.filter(pk=pegawai_bungo.pk).update(nama=FORMULAS[0])
    pegawai_bungo.jabatan.__class__.objects.filter(pk=pegawai_bungo.jabatan_id).update(nama=FORMULAS[3])
    today = timezone.localdate()
    StatusHarianPegawai.objects.create(pegawai=pegawai_bungo, tanggal=today.replace(day=1), status="hadir")
    unit = unit_for(opd_bungo.instansi)
    respons(unit, saran=FORMULAS[1], nama=FORMULAS[4], kontak="@SUM(1)", jenis_layanan="=1+1")
    seleksi = rf.seleksi(opd_bungo.instansi)
    rf.formasi(seleksi, jabatan=pegawai_bungo.jabatan)
    exports = [
        (reverse("kepegawaian:pegawai_ekspor") + "?format=csv", "csv", [FORMULAS[0]]),
        (reverse("kepegawaian:pegawai_ekspor") + "?format=xlsx", "xlsx", [FORMULAS[0], FORMULAS[3]]),
        (reverse("kehadiran:rekap") + f"?format=csv&bulan={today:%Y-%m}", "csv", [FORMULAS[0]]),
        (reverse("kehadiran:rekap") + f"?format=xlsx&bulan={today:%Y-%m}", "xlsx", [FORMULAS[0]]),
        (reverse("survei:ekspor", args=[unit.pk]) + "?format=csv", "csv", [FORMULAS[1], FORMULAS[4]]),
        (reverse("survei:ekspor", args=[unit.pk]) + "?format=xlsx", "xlsx", [FORMULAS[1], "=1+1"]),
        (reverse("rekrutmen:ringkasan_ekspor", args=[seleksi.pk]), "xlsx", [FORMULAS[3]]),
    ]
    for url, fmt, values in exports:
        resp = client_hr_bungo.get(url)
        assert resp.status_code == 200, f"GET {url} → {resp.status_code}"
        assert_neutralised(f"GET {url}", fmt, resp.content, values)
    # The roster reports (DUK / daftar nominatif) are written by a worker through the same writer.
    from kepegawaian.models import Pegawai
    from laporan import render

    qs = Pegawai.objects.filter(pk=pegawai_bungo.pk).values(
        "nip",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "tempat_lahir",
        "tanggal_lahir",
        "jenis_kelamin",
        "status_kepegawaian",
        "golongan",
        "tmt_golongan",
        "jabatan__nama",
        "jabatan__kelas_jabatan",
        "tmt_jabatan",
        "tmt_cpns",
        "pendidikan_terakhir",
        "unit_kerja__label",
    )
    content = render.roster_xlsx(qs, pada=today, sheet="Nominatif")
    assert_neutralised("laporan.render.roster_xlsx", "xlsx", content, [FORMULAS[0], FORMULAS[3], FORMULAS[2]])
