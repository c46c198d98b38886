"""National holidays (libur nasional) and cuti bersama, loaded into LiburNasional by
`manage.py muat_libur_nasional` (and by seed_demo). After loading, a superadmin edits the rows in the Django admin
(Kehadiran → Libur nasional & cuti bersama); loading again never overwrites an edited row.

TO BE CHECKED AGAINST THE SKB EACH YEAR: the SKB Menteri Agama, Menteri Ketenagakerjaan and Menteri PANRB sets the
dates every year, and the ASN cuti-bersama Keppres can differ from the SKB (domain.md §9.5: 2021 was cut to 2 days).

- 2026: SKB 1497/2025, 2/2025, 5/2025 as listed in domain.md §9.5 (17 libur nasional + 8 cuti bersama).
- 2027: NO SKB seen (domain.md: "Not found ... any 2027 SKB"). The libur nasional below are the fixed dates plus
  astronomical/calendar estimates of the movable ones (Hijri dates by the usual ~11-day shift, Easter computus,
  Imlek, Waisak, Nyepi); the cuti bersama follow the usual pattern around Idulfitri and Natal. All 2027 rows are
  marked PERKIRAAN (estimate) and must be replaced by the SKB and Keppres when they are issued.
"""

from __future__ import annotations

import datetime as dt

NASIONAL = "nasional"
CUTI_BERSAMA = "cuti_bersama"

SUMBER_2026 = "SKB Menag/Menaker/MenPANRB 1497/2025, 2/2025, 5/2025"
SUMBER_2027 = "PERKIRAAN: belum ada SKB 2027, periksa dan perbaiki"


def _d(y, m, d):
    return dt.date(y, m, d)


# (tanggal, nama, jenis, sumber)
DATA: dict[int, list[tuple[dt.date, str, str, str]]] = {
    2026: [
        (_d(2026, 1, 1), "Tahun Baru 2026 Masehi", NASIONAL, SUMBER_2026),
        (_d(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW", NASIONAL, SUMBER_2026),
        (_d(2026, 2, 16), "Cuti bersama Tahun Baru Imlek", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", NASIONAL, SUMBER_2026),
        (_d(2026, 3, 18), "Cuti bersama Hari Suci Nyepi", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948", NASIONAL, SUMBER_2026),
        (_d(2026, 3, 20), "Cuti bersama Idulfitri 1447 H", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 3, 21), "Hari Raya Idulfitri 1447 H", NASIONAL, SUMBER_2026),
        (_d(2026, 3, 22), "Hari Raya Idulfitri 1447 H", NASIONAL, SUMBER_2026),
        (_d(2026, 3, 23), "Cuti bersama Idulfitri 1447 H", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 3, 24), "Cuti bersama Idulfitri 1447 H", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 4, 3), "Wafat Yesus Kristus", NASIONAL, SUMBER_2026),
        (_d(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)", NASIONAL, SUMBER_2026),
        (_d(2026, 5, 1), "Hari Buruh Internasional", NASIONAL, SUMBER_2026),
        (_d(2026, 5, 14), "Kenaikan Yesus Kristus", NASIONAL, SUMBER_2026),
        (_d(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 5, 27), "Hari Raya Iduladha 1447 H", NASIONAL, SUMBER_2026),
        (_d(2026, 5, 28), "Cuti bersama Iduladha 1447 H", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 5, 31), "Hari Raya Waisak 2570 BE", NASIONAL, SUMBER_2026),
        (_d(2026, 6, 1), "Hari Lahir Pancasila", NASIONAL, SUMBER_2026),
        (_d(2026, 6, 16), "Tahun Baru Islam 1448 H", NASIONAL, SUMBER_2026),
        (_d(2026, 8, 17), "Hari Proklamasi Kemerdekaan RI", NASIONAL, SUMBER_2026),
        (_d(2026, 8, 25), "Maulid Nabi Muhammad SAW", NASIONAL, SUMBER_2026),
        (_d(2026, 12, 24), "Cuti bersama Hari Raya Natal", CUTI_BERSAMA, SUMBER_2026),
        (_d(2026, 12, 25), "Hari Raya Natal", NASIONAL, SUMBER_2026),
    ],
    2027: [
        (_d(2027, 1, 1), "Tahun Baru 2027 Masehi", NASIONAL, SUMBER_2027),
        (_d(2027, 1, 5), "Isra Mikraj Nabi Muhammad SAW (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 2, 6), "Tahun Baru Imlek 2578 Kongzili", NASIONAL, SUMBER_2027),
        (_d(2027, 3, 8), "Cuti bersama Idulfitri 1448 H (perkiraan)", CUTI_BERSAMA, SUMBER_2027),
        (_d(2027, 3, 9), "Hari Suci Nyepi Tahun Baru Saka 1949 (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 3, 10), "Hari Raya Idulfitri 1448 H (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 3, 11), "Hari Raya Idulfitri 1448 H (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 3, 12), "Cuti bersama Idulfitri 1448 H (perkiraan)", CUTI_BERSAMA, SUMBER_2027),
        (_d(2027, 3, 15), "Cuti bersama Idulfitri 1448 H (perkiraan)", CUTI_BERSAMA, SUMBER_2027),
        (_d(2027, 3, 26), "Wafat Yesus Kristus", NASIONAL, SUMBER_2027),
        (_d(2027, 3, 28), "Kebangkitan Yesus Kristus (Paskah)", NASIONAL, SUMBER_2027),
        (_d(2027, 5, 1), "Hari Buruh Internasional", NASIONAL, SUMBER_2027),
        (_d(2027, 5, 6), "Kenaikan Yesus Kristus", NASIONAL, SUMBER_2027),
        (_d(2027, 5, 16), "Hari Raya Iduladha 1448 H (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 5, 20), "Hari Raya Waisak 2571 BE (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 6, 1), "Hari Lahir Pancasila", NASIONAL, SUMBER_2027),
        (_d(2027, 6, 6), "Tahun Baru Islam 1449 H (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 8, 14), "Maulid Nabi Muhammad SAW (perkiraan)", NASIONAL, SUMBER_2027),
        (_d(2027, 8, 17), "Hari Proklamasi Kemerdekaan RI", NASIONAL, SUMBER_2027),
        (_d(2027, 12, 24), "Cuti bersama Hari Raya Natal (perkiraan)", CUTI_BERSAMA, SUMBER_2027),
        (_d(2027, 12, 25), "Hari Raya Natal", NASIONAL, SUMBER_2027),
    ],
}
