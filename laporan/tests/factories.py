"""Test objects of the laporan app and SCOPED_OBJECTS for the cross-instansi URL sweep."""

from __future__ import annotations

import datetime as dt

from laporan.models import LaporanRun


def make_run(instansi, *, jenis="bulanan", format="pdf", mulai=dt.date(2026, 1, 1), selesai=None, **kw):
    selesai = selesai or dt.date(2026, 1, 31)
    unit = kw.get("unit_kerja")
    return LaporanRun.objects.create(
        instansi=instansi,
        jenis=jenis,
        format=format,
        periode_mulai=mulai,
        periode_selesai=selesai,
        kunci=LaporanRun.make_kunci(
            jenis=jenis,
            format=format,
            mulai=mulai,
            selesai=selesai,
            unit_kerja_id=unit.pk if unit else None,
            status_kepegawaian=kw.get("status_kepegawaian", ""),
        ),
        **kw,
    )


SCOPED_OBJECTS = {"laporan.LaporanRun": lambda instansi: make_run(instansi)}
