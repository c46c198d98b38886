"""Autocomplete at the scale of a real instansi (issue 16): p50/p95 of the picker endpoints over 25,000 pegawai.

    DATABASE_URL=postgres://… .venv/bin/python bench/autocomplete.py [--pegawai 25000] [--requests 200]

Builds (once, idempotent) an instansi "bench-autocomplete" with ~360 units (40 OPD, each with the same bidang and
seksi names, as real instansi have), ~1,100 positions with repeated names, and N pegawai, bulk-inserted; runs
VACUUM ANALYZE; then times GET /kepegawaian/pilih/{pegawai,jabatan,unit-kerja}/ as that instansi's HR officer
through the whole Django stack (middleware, session, scoping, query, template) with the test client in this
process (production settings, DEBUG off). Not measured: network and the WSGI server (a few ms on loopback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-autocomplete-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

DEPAN = "Agus Ahmad Andi Ani Budi Dedi Dewi Eko Fitri Hadi Hendra Indah Joko Kartika Lina Maya Nur Putri Rina Sari"
BELAKANG = (
    "Saputra Santoso Wijaya Hidayat Lestari Pratama Kurniawan Susanti Rahman Siregar Nasution Harahap Putra"
)
OPD = [f"Dinas Urusan {i:02d}" for i in range(1, 41)]
BIDANG = ["Sekretariat", "Bidang Pelayanan", "Bidang Perencanaan", "Bidang Pengawasan"]
SEKSI = ["Subbagian Umum dan Kepegawaian", "Seksi Data dan Informasi"]


def seed(n_pegawai: int):
    from django.db import connection

    from kepegawaian.models import Instansi, Jabatan, Pegawai, UnitKerja, User

    inst, _ = Instansi.objects.get_or_create(
        kode="bench-autocomplete", defaults={"nama": "Pemerintah Kabupaten Bench", "jenis": "kabupaten"}
    )
    user, created = User.objects.get_or_create(
        username="hr.bench.autocomplete", defaults={"role": "admin_instansi", "instansi": inst}
    )
    if created:
        user.set_unusable_password()
        user.save()
    have = Pegawai.objects.filter(instansi=inst).count()
    if have >= n_pegawai:
        return inst, user
    t0 = time.monotonic()
    jabatan = list(Jabatan.objects.filter(instansi=inst))
    if not jabatan:
        k = 0
        for i, opd_nama in enumerate(OPD):
            opd = UnitKerja(instansi=inst, nama=opd_nama, jenis="dinas", urutan=i)
            opd.save()
            for b in BIDANG:
                bidang = UnitKerja(instansi=inst, nama=b, parent=opd, jenis="bidang")
                bidang.save()
                for s in SEKSI:
                    seksi = UnitKerja(instansi=inst, nama=s, parent=bidang, jenis="seksi")
                    seksi.save()
                    for nama in (f"Kepala {s}", "Analis Kepegawaian", "Pengelola Data"):
                        k += 1
                        jabatan.append(
                            Jabatan(
                                instansi=inst,
                                unit_kerja=seksi,
                                nama=nama,
                                kode=f"BA{k:05d}",
                                jenis="PELAKSANA",
                                is_kepala_unit=nama.startswith("Kepala"),
                            )
                        )
        Jabatan.objects.bulk_create(jabatan, batch_size=1000)
        jabatan = list(Jabatan.objects.filter(instansi=inst))
    rng = random.Random(16)
    depan, belakang = DEPAN.split(), BELAKANG.split()
    rows = []
    for i in range(have, n_pegawai):
        lahir = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 13000))
        j = jabatan[i % len(jabatan)]
        rows.append(
            Pegawai(
                instansi=inst,
                nip=f"{lahir:%Y%m%d}2010{rng.randrange(1, 13):02d}1{(i % 1000):03d}"[:14] + f"9{i:05d}"[-4:],
                nama=f"{rng.choice(depan)} {rng.choice(belakang)} {rng.choice(belakang)}",
                tanggal_lahir=lahir,
                jenis_kelamin="L",
                status_kepegawaian="PNS",
                golongan="III/a",
                jabatan=j,
                unit_kerja_id=j.unit_kerja_id,
            )
        )
    # NIPs here only need to be unique (the bench measures search, not NIP rules): 14 digits + a counter.
    for idx, p in enumerate(rows, start=have):
        p.nip = f"{p.nip[:8]}{idx:010d}"
    Pegawai.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE kepegawaian_pegawai")
        c.execute("VACUUM ANALYZE kepegawaian_jabatan")
        c.execute("VACUUM ANALYZE kepegawaian_unitkerja")
    print(f"seeded {Pegawai.objects.filter(instansi=inst).count()} pegawai in {time.monotonic() - t0:.0f} s")
    return inst, user


def timed(client, url, params_list):
    times = []
    for params in params_list:
        t = time.perf_counter()
        r = client.get(url, params)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, params, r.status_code)
    times.sort()
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "max": times[-1],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pegawai", type=int, default=25_000)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    import django

    django.setup()
    from django.test import Client

    from kepegawaian.models import Pegawai

    inst, user = seed(args.pegawai)
    n = Pegawai.objects.filter(instansi=inst).count()
    client = Client()
    client.force_login(user)
    rng = random.Random(7)
    nips = list(Pegawai.objects.filter(instansi=inst).values_list("nip", flat=True)[:5000])
    words = DEPAN.split() + BELAKANG.split()
    scenarios = [
        (
            "pegawai by name",
            "/kepegawaian/pilih/pegawai/",
            [{"q": rng.choice(words)[:4]} for _ in range(args.requests)],
        ),
        (
            "pegawai by name, 2 words",
            "/kepegawaian/pilih/pegawai/",
            [
                {"q": f"{rng.choice(DEPAN.split())} {rng.choice(BELAKANG.split())}"}
                for _ in range(args.requests)
            ],
        ),
        (
            "pegawai by NIP prefix",
            "/kepegawaian/pilih/pegawai/",
            [{"q": rng.choice(nips)[:10]} for _ in range(args.requests)],
        ),
        (
            "jabatan by words",
            "/kepegawaian/pilih/jabatan/",
            [{"q": f"kepala subbagian {rng.randrange(1, 41):02d}"} for _ in range(args.requests)],
        ),
        (
            "unit by words",
            "/kepegawaian/pilih/unit-kerja/",
            [{"q": f"pelayanan {rng.randrange(1, 41):02d}"} for _ in range(args.requests)],
        ),
    ]
    for _name, url, params in scenarios:  # warm-up: connections, templates, plans
        timed(client, url, params[:10])
    load = os.getloadavg()
    print(f"{n} pegawai in the instansi; load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("| scenario | requests | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for name, url, params in scenarios:
        r = timed(client, url, params)
        print(f"| {name} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} |")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
