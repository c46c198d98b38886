"""Safe imports and exports: hostile XLSX refused quickly, formulas neutralised, uploads checked by content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal import tabular, uploads

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n"


def _xlsx(rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("data.xlsx", buf.getvalue())


def test_read_csv_with_semicolons_and_bom():
    f = SimpleUploadedFile("d.csv", "\ufeffNIP;Nama\n198609262015051001;Budi\n\n".encode())
    table = tabular.read_table(f, required=["nip", "nama"])
    assert table.rows == [{"nip": "198609262015051001", "nama": "Budi", "_row": 2}]


def test_read_xlsx():
    table = tabular.read_table(_xlsx([["NIP", "Nama Lengkap"], ["1", "Ani"]]))
    assert table.headers == ["nip", "nama_lengkap"] and table.rows[0]["nama_lengkap"] == "Ani"


def test_missing_required_column():
    with pytest.raises(tabular.ImportFileError, match="Kolom wajib"):
        tabular.read_table(SimpleUploadedFile("d.csv", b"nama\nBudi\n"), required=["nip"])


def test_pdf_is_not_a_table():
    with pytest.raises(tabular.ImportFileError, match="tidak didukung"):
        tabular.read_table(SimpleUploadedFile("d.csv", PDF))


def test_zip_bomb_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))
    with pytest.raises(tabular.ImportFileError, match="zip bomb"):
        tabular.read_table(SimpleUploadedFile("bom.xlsx", buf.getvalue()))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("xl/vbaProject.bin", b"macro", "makro"),
        ("xl/externalLinks/externalLink1.xml", b"<x/>", "tautan eksternal"),
        (
            "xl/workbook.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
            "deklarasi XML",
        ),
    ],
)
def test_hostile_xlsx_parts_refused(name, content, message):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(name, content)
    with pytest.raises(tabular.ImportFileError, match=message):
        tabular.read_table(SimpleUploadedFile("h.xlsx", buf.getvalue()))


def test_too_many_rows(settings):
    body = "nip\n" + "1\n" * 20
    with pytest.raises(tabular.ImportFileError, match="Terlalu banyak"):
        tabular.read_table(SimpleUploadedFile("d.csv", body.encode()), max_rows=10)


@pytest.mark.parametrize("value", ["=1+1", "+CMD", "-2+3", "@SUM(A1)", "\t=x"])
def test_formula_injection_neutralised(value):
    assert tabular.neutralise(value).startswith("'")
    assert tabular.neutralise(12) == 12
    out = tabular.write_csv(["a"], [[value]]).decode("utf-8-sig")
    assert f"'{value}" in out


def test_xlsx_export_keeps_numbers_as_numbers():
    from openpyxl import load_workbook

    data = tabular.write_xlsx({"Ringkasan": (["nama", "jumlah"], [["=HACK()", 5], ["B", 2.5]])})
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A2"].value == "'=HACK()" and ws["B2"].value == 5 and ws["B3"].value == 2.5


def test_upload_accepts_by_content():
    assert uploads.validate_upload(SimpleUploadedFile("x.bin", PDF)) == "application/pdf"
    assert uploads.validate_upload(SimpleUploadedFile("foto.pdf", PNG)) == "image/png"


def test_upload_rejects_mislabelled_and_oversized():
    with pytest.raises(ValidationError, match="Jenis berkas"):
        uploads.validate_upload(SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(ValidationError, match="terlalu besar"):
        uploads.validate_upload(SimpleUploadedFile("b.pdf", PDF + b"0" * 2000), max_bytes=1000)
    with pytest.raises(ValidationError, match="kosong"):
        uploads.validate_upload(SimpleUploadedFile("k.pdf", b""))
