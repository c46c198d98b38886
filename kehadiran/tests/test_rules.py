"""Table-driven tests of kehadiran.rules (pure, no database)."""

import datetime as dt

import pytest

from kehadiran import rules
from kehadiran.rules import Rekaman

D = dt.date(2026, 3, 2)  # a Monday


def t(hh, mm, day=D):
    return dt.datetime.combine(day, dt.time(hh, mm))


KANTOR = rules.jadwal_hari(D, dt.time(7, 30), dt.time(16, 0), toleransi_menit=0)
KANTOR_TOL = rules.jadwal_hari(D, dt.time(7, 30), dt.time(16, 0), toleransi_menit=15)
MALAM = rules.jadwal_hari(D, dt.time(21, 0), dt.time(7, 0), toleransi_menit=5)


def test_night_shift_ends_next_day():
    assert MALAM.masuk == t(21, 0)
    assert MALAM.pulang == t(7, 0, D + dt.timedelta(days=1))


STATUS_CASES = [
    # id, jadwal, records, kwargs, expected (status, late, early)
    ("tepat waktu", KANTOR, [Rekaman(t(7, 25)), Rekaman(t(16, 5))], {}, ("hadir", 0, 0)),
    ("terlambat 38 menit", KANTOR, [Rekaman(t(8, 8)), Rekaman(t(16, 2))], {}, ("terlambat", 38, 0)),
    ("dalam toleransi", KANTOR_TOL, [Rekaman(t(7, 44)), Rekaman(t(16, 0))], {}, ("hadir", 0, 0)),
    (
        "lewat toleransi dihitung dari jadwal",
        KANTOR_TOL,
        [Rekaman(t(7, 50)), Rekaman(t(16, 0))],
        {},
        ("terlambat", 20, 0),
    ),
    ("pulang cepat 45 menit", KANTOR, [Rekaman(t(7, 20)), Rekaman(t(15, 15))], {}, ("pulang_cepat", 0, 45)),
    (
        "terlambat dan pulang cepat",
        KANTOR,
        [Rekaman(t(7, 40)), Rekaman(t(15, 50))],
        {},
        ("terlambat", 10, 10),
    ),
    (
        "web masuk/pulang eksplisit",
        KANTOR,
        [Rekaman(t(7, 29), "masuk"), Rekaman(t(16, 1), "pulang")],
        {},
        ("hadir", 0, 0),
    ),
    (
        "banyak pindai: pertama dan terakhir",
        KANTOR,
        [Rekaman(t(7, 10)), Rekaman(t(12, 0)), Rekaman(t(7, 11)), Rekaman(t(16, 30))],
        {},
        ("hadir", 0, 0),
    ),
    ("tanpa presensi pulang", KANTOR, [Rekaman(t(7, 30))], {}, ("pulang_cepat", 0, 510)),
    ("tanpa presensi masuk", KANTOR, [Rekaman(t(16, 10), "pulang")], {}, ("terlambat", 510, 0)),
    ("tidak hadir", KANTOR, [], {}, ("tidak_hadir", 0, 0)),
    (
        "pindaian hari lain diabaikan",
        KANTOR,
        [Rekaman(t(7, 30, D - dt.timedelta(days=1)))],
        {},
        ("tidak_hadir", 0, 0),
    ),
    ("libur nasional / akhir pekan", None, [Rekaman(t(7, 30))], {}, ("libur", 0, 0)),
    ("cuti", KANTOR, [], {"cuti": True}, ("cuti", 0, 0)),
    ("dinas luar", KANTOR, [], {"dinas_luar": True}, ("dinas_luar", 0, 0)),
    ("hari berjalan, belum presensi", KANTOR, [], {"now": t(6, 0)}, ("belum", 0, 0)),
    ("hari berjalan, sudah masuk", KANTOR, [Rekaman(t(7, 35))], {"now": t(11, 0)}, ("terlambat", 5, 0)),
    (
        "shift malam lintas tengah malam",
        MALAM,
        [Rekaman(t(20, 55)), Rekaman(t(7, 3, D + dt.timedelta(days=1)))],
        {},
        ("hadir", 0, 0),
    ),
    (
        "shift malam terlambat",
        MALAM,
        [Rekaman(t(21, 20)), Rekaman(t(7, 0, D + dt.timedelta(days=1)))],
        {},
        ("terlambat", 20, 0),
    ),
    (
        "shift malam pulang cepat",
        MALAM,
        [Rekaman(t(21, 0)), Rekaman(t(5, 30, D + dt.timedelta(days=1)))],
        {},
        ("pulang_cepat", 0, 90),
    ),
]


@pytest.mark.parametrize(
    ("jadwal", "rekaman", "kwargs", "expected"),
    [c[1:] for c in STATUS_CASES],
    ids=[c[0] for c in STATUS_CASES],
)
def test_status_harian(jadwal, rekaman, kwargs, expected):
    hasil = rules.status_harian(jadwal=jadwal, rekaman=rekaman, **kwargs)
    assert (hasil.status, hasil.terlambat_menit, hasil.pulang_cepat_menit) == expected


def test_single_scan_before_midday_is_check_in():
    masuk, pulang = rules.pilih_masuk_pulang(KANTOR, [Rekaman(t(7, 0))])
    assert (masuk, pulang) == (t(7, 0), None)
    masuk, pulang = rules.pilih_masuk_pulang(KANTOR, [Rekaman(t(16, 0))])
    assert (masuk, pulang) == (None, t(16, 0))


@pytest.mark.parametrize(
    ("hari", "libur", "expected"),
    [
        (dt.date(2026, 3, 2), [], True),  # Monday
        (dt.date(2026, 3, 7), [], False),  # Saturday
        (dt.date(2026, 8, 17), [dt.date(2026, 8, 17)], False),  # holiday on a Monday
    ],
)
def test_is_hari_kerja(hari, libur, expected):
    assert rules.is_hari_kerja(hari, {0, 1, 2, 3, 4}, libur) is expected


def test_parse_hari_kerja():
    assert rules.parse_hari_kerja("0,1,2,3,4") == {0, 1, 2, 3, 4}
    for bad in ("", "7", "a"):
        with pytest.raises(ValueError):
            rules.parse_hari_kerja(bad)


def test_jarak_meter_known_distance():
    # One degree of latitude is about 111.2 km.
    assert rules.jarak_meter(0, 0, 1, 0) == pytest.approx(111_195, rel=1e-3)


@pytest.mark.parametrize(
    ("ip", "cidrs", "expected"),
    [
        ("10.17.3.4", ["10.17.0.0/16"], True),
        ("10.18.3.4", ["10.17.0.0/16"], False),
        ("192.168.1.9", ["bukan-cidr", "192.168.1.0/24"], True),
        (None, ["10.0.0.0/8"], False),
        ("2001:db8::1", ["2001:db8::/32"], True),
    ],
)
def test_ip_dalam_jaringan(ip, cidrs, expected):
    assert rules.ip_dalam_jaringan(ip, cidrs) is expected


KTR = [rules.Kantor(-1.4852, 102.1130, 150, "Kantor BKPSDM")]
LOKASI_CASES = [
    ("bebas", {"mode": "bebas"}, True, "bebas"),
    ("dalam radius", {"mode": "lokasi", "latitude": -1.4853, "longitude": 102.1131}, True, "lokasi"),
    ("di luar radius", {"mode": "lokasi", "latitude": -1.50, "longitude": 102.2}, False, ""),
    ("tanpa GPS, mode lokasi", {"mode": "lokasi"}, False, ""),
    ("tanpa GPS, fallback jaringan", {"mode": "lokasi_atau_jaringan", "ip": "10.17.0.5"}, True, "jaringan"),
    ("tanpa GPS, jaringan luar", {"mode": "lokasi_atau_jaringan", "ip": "8.8.8.8"}, False, ""),
    (
        "akurasi buruk",
        {"mode": "lokasi", "latitude": -1.4853, "longitude": 102.1131, "akurasi_m": 900},
        False,
        "",
    ),
    ("jaringan saja", {"mode": "jaringan", "ip": "10.17.9.9"}, True, "jaringan"),
]


@pytest.mark.parametrize(
    ("kwargs", "ok", "metode"), [c[1:] for c in LOKASI_CASES], ids=[c[0] for c in LOKASI_CASES]
)
def test_cek_lokasi(kwargs, ok, metode):
    kwargs = {"kantor": KTR, "cidrs": ["10.17.0.0/16"], "ip": None, **kwargs}
    hasil = rules.cek_lokasi(**kwargs)
    assert (hasil.ok, hasil.metode) == (ok, metode)
    if not ok:
        assert hasil.pesan  # an Indonesian explanation is always given


def test_cek_lokasi_message_names_distance_and_radius():
    hasil = rules.cek_lokasi(
        mode="lokasi", kantor=KTR, cidrs=[], ip=None, latitude=-1.4952, longitude=102.1130
    )
    assert "radius 150 m" in hasil.pesan and hasil.jarak_m == pytest.approx(1112, abs=5)


def test_hari_cuti_skips_weekend_and_holiday():
    libur = {dt.date(2026, 3, 4)}
    hari = rules.hari_cuti(
        dt.date(2026, 3, 2), dt.date(2026, 3, 9), lambda d: rules.is_hari_kerja(d, range(5), libur)
    )
    assert hari == 5  # Mon, Tue, Thu, Fri, next Mon


@pytest.mark.parametrize(("sisa", "maks", "expected"), [(10, 6, 6), (4, 6, 4), (-2, 6, 0), (8, 0, 0)])
def test_tangguhan_cuti(sisa, maks, expected):
    assert rules.tangguhan_cuti(sisa, maks) == expected


def test_saldo_cuti():
    assert rules.saldo_cuti(hak=12, tangguhan=6, penyesuaian=-1, terpakai=5) == 12


@pytest.mark.parametrize(
    ("status", "pns", "pppk", "expected"),
    [
        ("PNS", True, False, True),
        ("PPPK", True, False, False),
        ("PPPK", True, True, True),
        ("CPNS", False, True, False),
    ],
)
def test_boleh_jenis_cuti(status, pns, pppk, expected):
    assert rules.boleh_jenis_cuti(status, untuk_pns=pns, untuk_pppk=pppk) is expected


@pytest.mark.parametrize(
    ("hadir", "hk", "cuti", "expected"),
    [(20, 22, 0, 90.9), (18, 22, 4, 100.0), (0, 0, 0, 100.0), (10, 20, 0, 50.0)],
)
def test_persentase_kehadiran(hadir, hk, cuti, expected):
    assert rules.persentase_kehadiran(hadir, hk, cuti) == expected


def test_pelanggaran_ambang():
    out = rules.pelanggaran_ambang(
        persentase=85.0,
        terlambat_menit=150,
        tanpa_keterangan=0,
        min_persentase=90,
        maks_terlambat_menit=120,
        maks_tanpa_keterangan=0,
    )
    assert len(out) == 2 and out[0].startswith("kehadiran") and out[1].startswith("terlambat")
    assert (
        rules.pelanggaran_ambang(
            persentase=95.0,
            terlambat_menit=10,
            tanpa_keterangan=0,
            min_persentase=None,
            maks_terlambat_menit=None,
            maks_tanpa_keterangan=None,
        )
        == []
    )
