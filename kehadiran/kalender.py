"""Loads the working calendar of an instansi for a period in a fixed number of queries and answers "what is
the schedule of this pegawai on this date" without further queries (used by the daily status computation,
leave day counting and the unit calendar)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from . import conf, rules
from .models import HariLibur, JadwalKerja, JadwalShift, LiburNasional


@dataclass
class _Pola:
    hari: frozenset[int]
    jam_masuk: dt.time
    jam_pulang: dt.time
    jam_pulang_jumat: dt.time | None
    toleransi: int
    shift: bool
    unit_path: str = ""
    nama: str = ""


@dataclass
class Kalender:
    """Calendar of one instansi over [mulai, selesai]."""

    mulai: dt.date
    selesai: dt.date
    libur: dict[dt.date, str] = field(default_factory=dict)
    pola_unit: list[_Pola] = field(default_factory=list)  # deepest unit first
    pola_bawaan: _Pola | None = None
    shift: dict[tuple[int, dt.date], tuple[dt.time, dt.time, str]] = field(default_factory=dict)

    def pola(self, unit_path: str | None) -> _Pola:
        for p in self.pola_unit:
            if unit_path and unit_path.startswith(p.unit_path):
                return p
        return self.pola_bawaan

    def jadwal(self, *, pegawai_id: int, unit_path: str | None, tanggal: dt.date) -> rules.Jadwal | None:
        """The schedule of a pegawai on a date, None on a day off (weekend, holiday, no shift)."""
        tz = timezone.get_current_timezone()
        pola = self.pola(unit_path)
        assigned = self.shift.get((pegawai_id, tanggal))
        if assigned is not None:
            # A rostered shift is worked even on a public holiday (Puskesmas/RSUD services run every day).
            return rules.jadwal_hari(tanggal, assigned[0], assigned[1], toleransi_menit=pola.toleransi, tz=tz)
        if pola.shift:
            return None
        if not rules.is_hari_kerja(tanggal, pola.hari, self.libur):
            return None
        pulang = (
            pola.jam_pulang_jumat if tanggal.weekday() == 4 and pola.jam_pulang_jumat else pola.jam_pulang
        )
        return rules.jadwal_hari(tanggal, pola.jam_masuk, pulang, toleransi_menit=pola.toleransi, tz=tz)

    def is_hari_kerja(self, *, pegawai_id: int, unit_path: str | None, tanggal: dt.date) -> bool:
        return self.jadwal(pegawai_id=pegawai_id, unit_path=unit_path, tanggal=tanggal) is not None


def _pola_from(j: JadwalKerja | None) -> _Pola:
    if j is None:
        d = conf.jadwal_bawaan()
        return _Pola(
            rules.parse_hari_kerja(d["hari_kerja"]),
            d["jam_masuk"],
            d["jam_pulang"],
            d.get("jam_pulang_jumat"),
            d.get("toleransi_menit", 0),
            False,
            nama="bawaan",
        )
    return _Pola(
        rules.parse_hari_kerja(j.hari_kerja),
        j.jam_masuk,
        j.jam_pulang,
        j.jam_pulang_jumat,
        j.toleransi_menit,
        j.berbasis_shift,
        unit_path=j.unit_kerja.path if j.unit_kerja_id else "",
        nama=j.nama,
    )


def libur_dalam(instansi_id: int | None, mulai: dt.date, selesai: dt.date) -> dict[dt.date, str]:
    """{date: name} of the non-working days in the range: the national holidays and cuti bersama (LiburNasional,
    the same for everyone) plus the instansi's own HariLibur (whose name wins on the same date). Two queries."""
    out = dict(LiburNasional.objects.filter(tanggal__range=(mulai, selesai)).values_list("tanggal", "nama"))
    if instansi_id:
        out.update(
            HariLibur.objects.for_instansi(instansi_id)
            .filter(tanggal__range=(mulai, selesai))
            .values_list("tanggal", "nama")
        )
    return out


def muat(instansi_id: int, mulai: dt.date, selesai: dt.date, *, pegawai_ids=None) -> Kalender:
    """Four queries: schedules, holidays (national and own), shift roster."""
    kal = Kalender(mulai=mulai, selesai=selesai)
    bawaan = None
    for j in JadwalKerja.objects.for_instansi(instansi_id).filter(aktif=True).select_related("unit_kerja"):
        if j.unit_kerja_id is None:
            bawaan = j
        else:
            kal.pola_unit.append(_pola_from(j))
    kal.pola_unit.sort(key=lambda p: -len(p.unit_path))
    kal.pola_bawaan = _pola_from(bawaan)
    kal.libur = libur_dalam(instansi_id, mulai, selesai)
    roster = JadwalShift.objects.for_instansi(instansi_id).filter(tanggal__range=(mulai, selesai))
    if pegawai_ids is not None:
        roster = roster.filter(pegawai_id__in=pegawai_ids)
    for pid, tgl, masuk, pulang, nama in roster.values_list(
        "pegawai_id", "tanggal", "shift__jam_masuk", "shift__jam_pulang", "shift__nama"
    ):
        kal.shift[(pid, tgl)] = (masuk, pulang, nama)
    return kal
