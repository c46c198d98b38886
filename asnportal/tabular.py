"""Reading CSV/XLSX imports safely and writing exports that cannot inject formulas.

Imports: the whole file is validated before anything is written (callers run the writes in one transaction
only when `errors` is empty). XLSX is refused early when it looks hostile: not a zip, a zip bomb (declared
uncompressed size or ratio too large), macros (vbaProject.bin), external links, or XML with a DTD/entities
(openpyxl parses with defusedxml when it is installed, which it is).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, too big, hostile). Message is Indonesian."""


@dataclass
class RowError:
    row: int  # 1-based, header is row 1
    column: str
    message: str

    def __str__(self):
        return _("Baris %(row)s, kolom %(col)s: %(msg)s") % {
            "row": self.row,
            "col": self.column or "-",
            "msg": self.message,
        }


@dataclass
class Table:
    headers: list[str]
    rows: list[dict]  # each with "_row": the 1-based line number in the file
    errors: list[RowError] = field(default_factory=list)


def normalise_header(value) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(value or "").strip().lower()).strip("_")


def _check_xlsx(data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("Berkas XLSX rusak atau bukan XLSX.")) from exc
    names = zf.namelist()
    if "[Content_Types].xml" not in names:
        raise ImportFileError(_("Berkas bukan XLSX yang sah."))
    total = sum(i.file_size for i in zf.infolist())
    compressed = sum(i.compress_size for i in zf.infolist()) or 1
    if total > MAX_UNCOMPRESSED or total / compressed > MAX_RATIO:
        raise ImportFileError(
            _("Berkas XLSX ditolak: isi terkompresinya terlalu besar (kemungkinan zip bomb).")
        )
    lowered = [n.lower() for n in names]
    if any(n.endswith("vbaproject.bin") for n in lowered):
        raise ImportFileError(_("Berkas XLSX ditolak: berisi makro."))
    if any("externallink" in n for n in lowered):
        raise ImportFileError(_("Berkas XLSX ditolak: berisi tautan eksternal."))
    for name in names:
        if name.endswith(".xml") or name.endswith(".rels"):
            with zf.open(name) as fh:
                head = fh.read(2048)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ImportFileError(_("Berkas XLSX ditolak: berisi deklarasi XML yang tidak diizinkan."))


def _decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("Berkas CSV tidak dapat dibaca: gunakan encoding UTF-8."))


def read_table(
    uploaded, *, required: list[str] | None = None, max_rows: int | None = None, max_bytes: int | None = None
) -> Table:
    """Read an uploaded CSV or XLSX into rows keyed by normalised header names."""
    max_rows = max_rows or settings.PORTAL_MAX_IMPORT_ROWS
    max_bytes = max_bytes or settings.PORTAL_MAX_IMPORT_BYTES
    if uploaded.size > max_bytes:
        raise ImportFileError(
            _("Berkas terlalu besar; batasnya %(mb)s MB.") % {"mb": f"{max_bytes / 1_048_576:.0f}"}
        )
    data = uploaded.read()
    if data[:4] == b"PK\x03\x04":
        raw_rows = _xlsx_rows(data, max_rows)
    elif data[:5] == b"%PDF-" or b"\x00" in data:
        # NUL anywhere, not only in the sniffed head: no text file has one, and PostgreSQL refuses it in text.
        raise ImportFileError(_("Jenis berkas tidak didukung: unggah CSV atau XLSX."))
    else:
        text = _decode_csv(data)
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        raw_rows = []
        try:
            for i, row in enumerate(csv.reader(io.StringIO(text), dialect)):
                if i > max_rows:
                    raise ImportFileError(_("Terlalu banyak baris; batasnya %(n)s baris.") % {"n": max_rows})
                raw_rows.append(row)
        except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit (128 KB)
            raise ImportFileError(_("Berkas CSV rusak atau berisi sel yang terlalu panjang.")) from exc
    if not raw_rows:
        raise ImportFileError(_("Berkas kosong."))
    headers = [normalise_header(h) for h in raw_rows[0]]
    missing = [c for c in (required or []) if c not in headers]
    if missing:
        raise ImportFileError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    rows = []
    for line, values in enumerate(raw_rows[1:], start=2):
        if not any(str(v).strip() for v in values if v is not None):
            continue
        row = {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        row["_row"] = line
        rows.append(row)
    return Table(headers=headers, rows=rows)


def _xlsx_rows(data: bytes, max_rows: int) -> list[list]:
    _check_xlsx(data)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca.")) from exc
    out = []
    try:
        # read_only parses the sheet lazily: broken sheet XML only fails here, while iterating.
        for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
            if i > max_rows:
                raise ImportFileError(_("Terlalu banyak baris; batasnya %(n)s baris.") % {"n": max_rows})
            out.append(["" if v is None else v for v in row])
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca.")) from exc
    finally:
        wb.close()
    return out


def neutralise(value):
    """Make a cell value safe against formula injection (CSV/XLSX opened in a spreadsheet)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(headers: list[str], rows) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_xlsx(sheets: dict[str, tuple[list[str], object]], *, text_columns=()) -> bytes:
    """{sheet title: (headers, rows)} → XLSX bytes; numbers stay numbers, text is neutralised.

    Columns named in `text_columns` (NIP, NIK, NI PPPK) are formatted as text, the whole column included, so
    Excel never turns an 18-digit number into 1.99E+17 or rounds its last digits when someone types into it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    for title, (headers, rows) in sheets.items():
        ws = wb.create_sheet(title=title[:31])
        text_idx = {i for i, h in enumerate(headers) if h in text_columns}
        for i in text_idx:
            ws.column_dimensions[get_column_letter(i + 1)].number_format = "@"
        ws.append(headers)
        for row in rows:
            out = []
            for i, v in enumerate(row):
                v = neutralise(v)
                if i in text_idx:
                    cell = WriteOnlyCell(ws, value="" if v is None else str(v))
                    cell.number_format = "@"
                    v = cell
                out.append(v)
            ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
