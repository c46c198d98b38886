"""Demo data for kehadiran (idempotent): calendars, holidays, office locations, a Puskesmas shift roster,
leave kinds, two months of attendance for a sample of pegawai, some leave and corrections."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kepegawaian.models import Pegawai, UnitKerja, User

from . import kalender, services
from .choices import JenisPresensi, StatusPengajuan, SumberPresensi
from .models import (
    JadwalKerja,
    JadwalShift,
    JenisCuti,
    LokasiKantor,
    PengajuanCuti,
    Presensi,
    Shift,
)

KOORDINAT = {"prov-bengkulu": (-3.795600, 102.259200), "kab-bungo": (-1.485200, 102.113000)}


def seed(*, instansi_list, rng, scale, stdout):
    for inst in instansi_list:
        if JadwalKerja.objects.filter(instansi=inst).exists():
            stdout.write(f"kehadiran {inst.nama}: sudah ada, dilewati")
            continue
        with transaction.atomic():
            n = _seed_instansi(inst, rng, scale)
        stdout.write(f"kehadiran {inst.nama}: {n} rekaman presensi")


def _seed_instansi(inst, rng, scale) -> int:
    today = timezone.localdate()
    services.jenis_cuti_awal(instansi_id=inst.pk)
    JadwalKerja.objects.create(
        instansi=inst,
        nama="Jadwal kerja 5 hari",
        hari_kerja="0,1,2,3,4",
        jam_masuk=dt.time(7, 30),
        jam_pulang=dt.time(16, 0),
        jam_pulang_jumat=dt.time(16, 30),
        toleransi_menit=0,
    )
    # National holidays and cuti bersama (2026, 2027) are shared reference data (LiburNasional).
    services.libur_nasional_muat()
    bkd = UnitKerja.objects.filter(
        instansi=inst, parent__isnull=True, singkatan__in=["BKD", "BKPSDM"]
    ).first()
    if bkd is not None:
        lat, lon = KOORDINAT.get(inst.kode, (-2.0, 102.0))
        LokasiKantor.objects.create(
            instansi=inst,
            unit_kerja=bkd,
            nama=f"Kantor {bkd.singkatan}",
            mode="lokasi_atau_jaringan",
            latitude=lat,
            longitude=lon,
            radius_m=150,
            jaringan="10.17.0.0/16",
        )
    puskesmas = UnitKerja.objects.filter(instansi=inst, singkatan="Puskesmas").first()
    shifts = []
    if puskesmas is not None:
        jadwal = JadwalKerja.objects.create(
            instansi=inst,
            unit_kerja=puskesmas,
            nama="Shift Puskesmas (24 jam)",
            jam_masuk=dt.time(7, 0),
            jam_pulang=dt.time(14, 0),
            berbasis_shift=True,
            hari_kerja="0,1,2,3,4,5,6",
            toleransi_menit=5,
        )
        shifts = [
            Shift.objects.create(
                jadwal=jadwal, kode="P", nama="Pagi", jam_masuk=dt.time(7, 0), jam_pulang=dt.time(14, 0)
            ),
            Shift.objects.create(
                jadwal=jadwal, kode="S", nama="Siang", jam_masuk=dt.time(14, 0), jam_pulang=dt.time(21, 0)
            ),
            Shift.objects.create(
                jadwal=jadwal, kode="M", nama="Malam", jam_masuk=dt.time(21, 0), jam_pulang=dt.time(7, 0)
            ),
        ]
        LokasiKantor.objects.create(
            instansi=inst,
            unit_kerja=puskesmas,
            nama="Gedung Puskesmas",
            mode="lokasi",
            latitude=KOORDINAT.get(inst.kode, (-2.0, 102.0))[0] + 0.01,
            longitude=KOORDINAT.get(inst.kode, (-2.0, 102.0))[1],
            radius_m=200,
        )
    mulai = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    selesai = today - dt.timedelta(days=1)
    sample_n = 150 if scale == "small" else 3000
    base = Pegawai.objects.for_instansi(inst.pk).aktif().select_related("unit_kerja")
    chosen = list(base.filter(unit_kerja__path__startswith=bkd.path)) if bkd else []
    chosen += list(base.exclude(pk__in=[p.pk for p in chosen]).order_by("id")[:sample_n])
    if puskesmas is not None:
        chosen += list(base.filter(unit_kerja=puskesmas).exclude(pk__in=[p.pk for p in chosen]))
    tz = timezone.get_current_timezone()
    roster = []
    puskesmas_ids = {p.pk for p in chosen if puskesmas is not None and p.unit_kerja_id == puskesmas.pk}
    d = mulai
    while d <= today + dt.timedelta(days=7):
        for i, pid in enumerate(sorted(puskesmas_ids)):
            k = (d.toordinal() + i) % 4  # P, S, M, off
            if k < 3:
                roster.append(JadwalShift(pegawai_id=pid, tanggal=d, shift=shifts[k]))
        d += dt.timedelta(days=1)
    JadwalShift.objects.bulk_create(roster, batch_size=2000, ignore_conflicts=True)
    shift_of = {(r.pegawai_id, r.tanggal): r.shift for r in roster}
    libur = set(kalender.libur_dalam(inst.pk, mulai, selesai))
    records = []
    for p in chosen:
        disiplin = rng.random()  # per-person habit: most punctual, a few often late or absent
        d = mulai
        while d <= selesai:
            sh = shift_of.get((p.pk, d))
            if sh is not None:
                masuk_t, pulang_t = sh.jam_masuk, sh.jam_pulang
            elif p.pk in puskesmas_ids or d.weekday() >= 5 or d in libur:
                d += dt.timedelta(days=1)
                continue
            else:
                masuk_t, pulang_t = dt.time(7, 30), dt.time(16, 30) if d.weekday() == 4 else dt.time(16, 0)
            r = rng.random()
            if r < (0.02 if disiplin > 0.15 else 0.12):
                d += dt.timedelta(days=1)
                continue  # absent without reason
            masuk = dt.datetime.combine(d, masuk_t, tzinfo=tz) + dt.timedelta(minutes=rng.randint(-25, 3))
            if rng.random() < (0.08 if disiplin > 0.2 else 0.35):
                masuk += dt.timedelta(minutes=rng.randint(5, 70))
            pulang = dt.datetime.combine(d, pulang_t, tzinfo=tz)
            if pulang <= dt.datetime.combine(d, masuk_t, tzinfo=tz):
                pulang += dt.timedelta(days=1)
            pulang += dt.timedelta(minutes=rng.randint(0, 40))
            if rng.random() < 0.05:
                pulang -= dt.timedelta(minutes=rng.randint(20, 90))
            sumber = SumberPresensi.MESIN if rng.random() < 0.6 else SumberPresensi.WEB
            jm, jp = (
                (JenisPresensi.SCAN, JenisPresensi.SCAN)
                if sumber == SumberPresensi.MESIN
                else (JenisPresensi.MASUK, JenisPresensi.PULANG)
            )
            records.append(
                Presensi(
                    pegawai=p,
                    waktu=masuk.replace(second=rng.randint(0, 59)),
                    jenis=jm,
                    sumber=sumber,
                    metode_validasi="jaringan" if sumber == "web" else "",
                )
            )
            if rng.random() > 0.03:
                records.append(
                    Presensi(
                        pegawai=p,
                        waktu=pulang.replace(second=rng.randint(0, 59)),
                        jenis=jp,
                        sumber=sumber,
                        metode_validasi="jaringan" if sumber == "web" else "",
                    )
                )
            d += dt.timedelta(days=1)
    Presensi.objects.bulk_create(records, batch_size=5000, ignore_conflicts=True)
    # A few approved leaves (annual) inside the period, and one pending for the demo ASN's atasan to decide.
    tahunan = JenisCuti.objects.get(instansi=inst, kode="tahunan")
    hr = User.objects.filter(instansi=inst, role="admin_instansi").first()
    cuti = []
    for p in rng.sample(chosen, min(8, len(chosen))):
        start = mulai + dt.timedelta(days=rng.randint(0, 35))
        while start.weekday() >= 5:
            start += dt.timedelta(days=1)
        cuti.append(
            PengajuanCuti(
                pegawai=p,
                jenis=tahunan,
                tanggal_mulai=start,
                tanggal_selesai=start + dt.timedelta(days=1),
                jumlah_hari=2,
                alasan="Keperluan keluarga",
                status=StatusPengajuan.DISETUJUI,
                sdm_oleh=hr,
                sdm_pada=timezone.now(),
            )
        )
    PengajuanCuti.objects.bulk_create(cuti)
    for p in chosen:
        if p.status_kepegawaian != "PPPK" or tahunan.untuk_pppk:
            services.saldo_get_or_create(pegawai=p, jenis=tahunan, tahun=today.year)
    services.hitung_status(
        instansi_id=inst.pk, mulai=mulai, selesai=selesai, pegawai_ids=[p.pk for p in chosen]
    )
    return len(records)
