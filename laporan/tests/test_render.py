import datetime as dt
import io
import subprocess

import pytest
from openpyxl import load_workbook

from asnportal.dokumen import render as core_render
from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from laporan import render, sections

pytestmark = pytest.mark.django_db

HOSTILE = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.com/logo.png",
        "https://portal.invalid/media/laporan/1/x.pdf",
        "https://portal.invalid/static/../../etc/passwd",
        "https://portal.invalid/static/css/portal.css?x=1",
        "ftp://portal.invalid/static/css/portal.css",
        "data:text/html,<script>1</script>",
    ],
)
def test_fetcher_refuses_anything_but_portal_static(url):
    with pytest.raises((render.BlockedURL, ValueError)):
        render.safe_url_fetcher(url)


def test_fetcher_serves_portal_static_file():
    out = render.safe_url_fetcher("https://portal.invalid/static/css/portal.css")
    assert out.content_type == "text/css"
    assert len(out.read()) > 0
    png = render.safe_url_fetcher("data:image/png;base64,iVBORw0KGgo=")
    assert png.read().startswith(b"\x89PNG")


def _spy(monkeypatch) -> list:
    """Record every URL WeasyPrint asks the portal fetcher for."""
    asked = []
    original = core_render.portal_url_fetcher

    def make():
        fetcher = original()
        inner = fetcher.fetch

        def fetch(url, headers=None):
            asked.append(url)
            return inner(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(core_render, "portal_url_fetcher", make)
    return asked


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_raw_hostile_html_cannot_fetch(tmp_path, monkeypatch):
    """Even HTML that was not escaped cannot pull a local file or a network resource into the PDF."""
    asked = _spy(monkeypatch)
    target = tmp_path / "x.pdf"
    render.html_to_pdf(
        f"<html><body><p>Isi</p>{HOSTILE}<img src='/static/css/portal.css'>"
        "<iframe src='file:///etc/hostname'></iframe></body></html>",
        str(target),
    )
    assert "file:///etc/passwd" in asked and "http://127.0.0.1:9/x.css" in asked
    text = _pdf_text(target)
    assert "Isi" in text and "root:" not in text


def test_hostile_text_in_data_is_escaped_in_report(tmp_path, monkeypatch, opd_bungo, instansi_bungo):
    instansi_bungo.kop_baris = f"PEMERINTAH KABUPATEN BUNGO\n{HOSTILE}"
    instansi_bungo.save()
    UnitKerjaFactory(instansi=instansi_bungo, nama='<img src="http://127.0.0.1:9/unit.png">')
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=instansi_bungo, nama='<img src="file:///etc/shadow">')
    PegawaiFactory(jabatan=jab, nama='Budi <img src="file:///etc/passwd">')
    asked = _spy(monkeypatch)
    secs = sections.all_sections(
        instansi_id=instansi_bungo.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
    )
    html = render.report_html(
        instansi=instansi_bungo, periode_label="Januari 2026", jenis_label="Laporan", sections=secs
    )
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    target = tmp_path / "r.pdf"
    render.html_to_pdf(html, str(target))
    assert asked == []  # escaped text is text: nothing was even requested
    text = _pdf_text(target)
    assert '<img src="file:///etc/passwd">' in text  # shown literally in the kop
    assert "DAFTAR ISI" in text.upper() and "Halaman 2 dari" in text and "PENGESAHAN" in text.upper()


def test_logo_embedded_only_when_real_image(instansi_bungo):
    from django.core.files.base import ContentFile

    instansi_bungo.logo.save("logo.png", ContentFile(b"<svg onload=alert(1)>"), save=True)
    assert render.logo_data_uri(instansi_bungo) == ""
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\x9d\x1c\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    instansi_bungo.logo.save("logo2.png", ContentFile(png), save=True)
    assert render.logo_data_uri(instansi_bungo).startswith("data:image/png;base64,")


def test_report_xlsx_one_sheet_per_section_with_numbers():
    secs = [
        {
            "title": "Kepegawaian",
            "summary": [("Pegawai aktif", 12)],
            "note": "",
            "tables": [
                {"title": "Per golongan", "headers": ["Gol", "Jumlah"], "rows": [["III", 7], ["=1+1", 5]]}
            ],
        },
        {"title": "Kinerja", "summary": [], "note": "Modul Kinerja belum tersedia.", "tables": []},
        {"title": "Kinerja", "summary": [("x", 1.5)], "note": "", "tables": []},
    ]
    wb = load_workbook(io.BytesIO(render.report_xlsx(secs)))
    assert wb.sheetnames == ["Kepegawaian", "Kinerja", "Kinerja 2"]
    ws = wb["Kepegawaian"]
    values = list(ws.iter_rows(values_only=True))
    assert values[1] == ("Pegawai aktif", 12)
    assert ("III", 7) in values and ("'=1+1", 5) in values
    assert isinstance(wb["Kinerja 2"]["B2"].value, float)


def test_roster_row_numbers_and_dates(pegawai_bungo):
    from laporan import selectors

    row = next(iter(selectors.nominatif_queryset(instansi_id=pegawai_bungo.instansi_id, unit_path=None)))
    out = render.roster_row(1, row, dt.date(2026, 1, 1))
    assert (
        out[0] == 1 and isinstance(out[4], dt.date) and isinstance(out[13], int) and isinstance(out[16], int)
    )


def test_periodic_report_lists_no_person(instansi_bungo, opd_bungo):
    """Rendering stays bounded: the periodic report aggregates; no pegawai name or NIP appears in it."""
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=instansi_bungo)
    people = [PegawaiFactory(jabatan=jab, nama=f"Pegawai Rahasia {i}") for i in range(3)]
    secs = sections.all_sections(
        instansi_id=instansi_bungo.pk, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    html = render.report_html(
        instansi=instansi_bungo, periode_label="Tahun 2025", jenis_label="Laporan tahunan", sections=secs
    )
    assert "Pegawai Rahasia" not in html
    assert not any(p.nip in html for p in people)
