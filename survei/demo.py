"""Demo data for the survei app: service units, a year of responses, populations, a published quarter and
follow-up plans, for both instansi. Idempotent: a unit that already has responses is left alone.

scale "small": ~200 responses per unit (seconds). scale "large": 200,000 responses in all, bulk_create.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

from django.db import transaction
from django.utils import timezone

from kepegawaian.models import UnitKerja

from . import conf, rules, selectors, services
from .choices import AlasanPenolakan, JenisKelamin, Pekerjaan, Pendidikan, SlotWaktu
from .models import PenolakanRespons, PopulasiLayanan, RencanaTindakLanjut, Respons, UnitLayanan

# (preferred unit kerja abbreviation, unit layanan name, slug suffix, services offered, quality profile)
SPEC = [
    (
        "Disdukcapil",
        "Layanan Adminduk Disdukcapil",
        "disdukcapil",
        ["KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Akta Kematian"],
        3.2,
    ),
    (
        "DPMPTSP",
        "Mal Pelayanan Publik / PTSP",
        "ptsp",
        ["Perizinan berusaha (OSS)", "PBG", "Izin reklame"],
        3.4,
    ),
    (
        "Dinkes",
        "Puskesmas Kota",
        "puskesmas-kota",
        ["Poli umum", "Poli KIA", "Laboratorium", "Imunisasi"],
        2.9,
    ),
    ("Dinsos", "Layanan Rehabilitasi Sosial", "dinsos", ["DTKS", "Bantuan sosial", "Rujukan"], 2.7),
    (
        "BKPSDM",
        "Layanan Kepegawaian",
        "layanan-kepegawaian",
        ["Kenaikan pangkat", "Pensiun", "Cuti", "Mutasi"],
        3.3,
    ),
    (
        "BKD",
        "Layanan Kepegawaian",
        "layanan-kepegawaian",
        ["Kenaikan pangkat", "Pensiun", "Cuti", "Mutasi"],
        3.3,
    ),
]
PER_UNIT_SMALL = 200
TOTAL_LARGE = 200_000
# Offsets per unsur around the unit's profile: biaya (U4) is usually free → high, pengaduan (U8) low.
OFFSET = [0.0, -0.1, -0.3, 0.6, 0.05, 0.1, 0.2, -0.45, -0.15]
SARAN = [
    "Antrean terlalu lama pada jam sibuk, mohon tambah loket.",
    "Petugas ramah dan membantu, terima kasih.",
    "Ruang tunggu panas, mohon kipas angin atau AC diperbaiki.",
    "Informasi persyaratan di website belum lengkap.",
    "Tidak tahu ke mana harus mengadu jika ada masalah.",
    "Parkir sempit dan tidak ada petugas parkir.",
    "Pelayanan cepat, pertahankan.",
    "Mohon disediakan layanan antrean online.",
]


def _units(instansi, stdout):
    tops = {u.singkatan: u for u in UnitKerja.objects.filter(instansi=instansi, parent__isnull=True)}
    out = []
    for singkatan, nama, suffix, layanan, profil in SPEC:
        uk = tops.get(singkatan)
        if uk is None:  # e.g. a province has no Disdukcapil
            continue
        slug = f"{instansi.kode}-{suffix}"[:60]
        unit, _created = UnitLayanan.objects.get_or_create(
            slug=slug,
            defaults={
                "instansi": instansi,
                "unit_kerja": uk,
                "nama": nama,
                "jenis_layanan": "\n".join(layanan),
                "alamat": instansi.alamat[:255],
            },
        )
        out.append((unit, profil))
    stdout.write(f"  survei: {len(out)} unit layanan untuk {instansi.nama}")
    return out


def _rows(unit, profil, n, rng, today):
    """Response objects for bulk_create; every choice list is computed once (200,000 rows must be quick)."""
    ip, now = services.hash_ip("demo"), timezone.now()
    layanan = unit.daftar_jenis_layanan or ["Umum"]
    jk, slot = JenisKelamin.values, SlotWaktu.values
    pend, pend_w = Pendidikan.values, list(itertools.accumulate([10, 15, 35, 12, 22, 5, 1]))
    kerja, kerja_w = Pekerjaan.values, list(itertools.accumulate([12, 2, 2, 30, 30, 24]))
    kode = list(enumerate(rules.KODE_UNSUR))
    gauss, rnd, randrange = rng.gauss, rng.random, rng.randrange
    for k in range(n):
        umur_hari = randrange(0, 365)
        mean = profil + (365 - umur_hari) / 365 * 0.2  # a slow improvement over the year
        nilai = {c: min(4, max(1, round(gauss(mean + OFFSET[i], 0.6)))) for i, c in kode}
        yield Respons(
            instansi_id=unit.instansi_id,
            unit_id=unit.pk,
            **nilai,
            usia=rng.randint(17, 75),
            jenis_kelamin=jk[k % 2],
            pendidikan=rng.choices(pend, cum_weights=pend_w)[0],
            pekerjaan=rng.choices(kerja, cum_weights=kerja_w)[0],
            jenis_layanan=layanan[k % len(layanan)],
            tanggal=today - dt.timedelta(days=umur_hari),
            slot_waktu=slot[randrange(2)],
            saran=SARAN[k % len(SARAN)] if rnd() < 0.15 else "",
            persetujuan=True,
            persetujuan_versi=conf.VERSI_PEMBERITAHUAN_PRIVASI,
            persetujuan_waktu=now,
            ip_hash=ip,
            token_hash=f"demo-{unit.pk}-{k}",
            sidik=f"demo-{unit.pk}-{k}",
        )


def seed(*, instansi_list, rng, scale, stdout):
    today = timezone.localdate()
    units = [u for inst in instansi_list for u in _units(inst, stdout)]
    if not units:
        return
    per_unit = PER_UNIT_SMALL if scale == "small" else TOTAL_LARGE // len(units)
    made = 0
    for unit, profil in units:
        if Respons.objects.filter(unit=unit).exists():
            continue
        batch = []
        with transaction.atomic():
            for obj in _rows(unit, profil, per_unit, rng, today):
                batch.append(obj)
                if len(batch) >= 5000:
                    Respons.objects.bulk_create(batch)
                    made += len(batch)
                    batch = []
            Respons.objects.bulk_create(batch)
            made += len(batch)
            _extras(unit, rng, today, per_unit)
    stdout.write(f"  survei: {made} respons dibuat")


def _extras(unit, rng, today, per_unit):
    """Population of the last complete quarter, its publication when the sample allows, follow-up plans,
    and a few rejected submissions."""
    q_now = rules.nomor_periode("triwulan", today)
    tahun, q = (today.year - 1, 4) if q_now == 1 else (today.year, q_now - 1)
    start, end = rules.batas_periode("triwulan", tahun, q)
    n = Respons.objects.filter(unit=unit, tanggal__range=(start, end)).count()
    # Populations chosen so some units have enough respondents and some do not (the dashboard warns).
    populasi = max(20, int(n * rng.choice([1.0, 1.05, 10])))
    PopulasiLayanan.objects.get_or_create(
        unit=unit,
        jenis_periode="triwulan",
        tahun=tahun,
        nomor=q,
        defaults={"instansi_id": unit.instansi_id, "jumlah_pengguna": populasi},
    )
    with contextlib.suppress(services.PublikasiError):
        services.publikasi_terbitkan(actor=None, unit=unit, jenis_periode="triwulan", tahun=tahun, nomor=q)
    hasil = selectors.ringkasan_unit(unit=unit, start=start, end=end)["hasil"]
    for idx in rules.unsur_terlemah(list(hasil.nrr), 2) if hasil else []:
        RencanaTindakLanjut.objects.get_or_create(
            unit=unit,
            jenis_periode="triwulan",
            tahun=tahun,
            nomor=q,
            unsur=idx + 1,
            defaults={
                "instansi_id": unit.instansi_id,
                "kegiatan": f"Perbaikan unsur {rules.UNSUR[idx][1]}: evaluasi SOP dan sosialisasi kepada petugas.",
                "penanggung_jawab": "Kepala Sub Bagian Umum",
                "tenggat": end + dt.timedelta(days=60),
            },
        )
    for alasan in (AlasanPenolakan.TERLALU_CEPAT, AlasanPenolakan.DUPLIKAT):
        PenolakanRespons.objects.get_or_create(
            unit=unit,
            tanggal=today - dt.timedelta(days=rng.randrange(1, 20)),
            alasan=alasan,
            defaults={"instansi_id": unit.instansi_id, "jumlah": rng.randint(1, 6)},
        )
