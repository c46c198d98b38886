"""Naskah dinas numbering: per instansi, per document type and year, gap-free and race-free.

`nomor_berikut` increments the counter row with ONE statement (INSERT ... ON CONFLICT DO UPDATE ... RETURNING),
which PostgreSQL and SQLite (3.35+) both run atomically. The updated row stays locked until the issuing
transaction ends: a second officer issuing at the same moment waits, then gets the next number; if the first
transaction rolls back, its number is rolled back too, so the sequence has no gaps. Call it inside the
transaction that stores the document.
"""

from __future__ import annotations

import re

from django.db import connection, transaction

ROMAWI = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_PLACEHOLDER = re.compile(r"\{(n(?::\d)?|tahun|year|bulan|bulan_romawi)\}")
_ANY_BRACE = re.compile(r"[{}]")


def pola_valid(pola: str) -> bool:
    """A format may contain only the known placeholders and must contain {n}."""
    rest = _PLACEHOLDER.sub("", pola)
    return "{n" in pola and not _ANY_BRACE.search(rest)


def format_nomor(pola: str, *, n: int, tahun: int, bulan: int) -> str:
    """`800.1.3/{n}/BKPSDM/{tahun}` with n=7, tahun=2026 → `800.1.3/7/BKPSDM/2026`. `{n:3}` pads to 007."""

    def repl(m: re.Match) -> str:
        key = m.group(1)
        if key.startswith("n"):
            width = int(key[2:]) if ":" in key else 0
            return str(n).zfill(width)
        if key in ("tahun", "year"):
            return str(tahun)
        if key == "bulan":
            return f"{bulan:02d}"
        return ROMAWI[bulan - 1]

    return _PLACEHOLDER.sub(repl, pola)


def nomor_berikut(*, instansi_id: int, jenis: str, tahun: int) -> int:
    """The next number of (instansi, jenis, tahun); must run inside the issuing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("nomor_berikut must run inside the transaction that stores the document")
    from .models import NomorUrut

    table = connection.ops.quote_name(NomorUrut._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (instansi_id, jenis, tahun, terakhir) VALUES (%s, %s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (instansi_id, jenis, tahun) DO UPDATE SET terakhir = {table}.terakhir + 1 "
            "RETURNING terakhir",
            [instansi_id, jenis, tahun],
        )
        return cur.fetchone()[0]
