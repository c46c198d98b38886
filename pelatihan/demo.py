"""Demo data for pelatihan (idempotent): competencies, a catalogue, sessions with seats and a waitlist,
completions with JP and certificates, external training, evaluations."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kepegawaian.models import Pegawai, User

from .choices import Hasil, StatusPeserta, StatusVerifikasi, SumberJP, SumberPendaftaran
from .models import (
    Evaluasi,
    Kompetensi,
    KreditJP,
    PelatihanEksternal,
    Peserta,
    Program,
    Sertifikat,
    Sesi,
    kode_sertifikat,
)

KOMPETENSI = [
    ("DIG-01", "Literasi digital dan keamanan informasi", "teknis"),
    ("DIG-02", "Analisis data", "teknis"),
    ("PEL-01", "Pelayanan publik prima", "sosial_kultural"),
    ("KOM-01", "Komunikasi efektif", "sosial_kultural"),
    ("MAN-01", "Manajemen kinerja", "manajerial"),
]
PROGRAM = [
    ("TIK-01", "Literasi Digital ASN", "digital", "klasikal", 24, ["DIG-01"]),
    ("TIK-02", "Analisis Data dengan Spreadsheet", "digital", "nonklasikal", 16, ["DIG-02"]),
    ("PLY-01", "Pelayanan Publik Prima", "pelayanan_publik", "klasikal", 20, ["PEL-01"]),
    ("KOM-01", "Komunikasi Publik dan Kehumasan", "komunikasi", "nonklasikal", 12, ["KOM-01"]),
    ("MAN-01", "Manajemen Kinerja Pegawai (SKP)", "manajemen", "klasikal", 30, ["MAN-01"]),
    ("TEK-01", "Penyusunan Analisis Beban Kerja", "teknis", "klasikal", 18, []),
]


def seed(*, instansi_list, rng, scale, stdout):
    for inst in instansi_list:
        if Program.objects.filter(instansi=inst).exists():
            stdout.write(f"pelatihan {inst.nama}: sudah ada, dilewati")
            continue
        with transaction.atomic():
            n = _seed_instansi(inst, instansi_list, rng, scale)
        stdout.write(f"pelatihan {inst.nama}: {n} peserta dibuat")


def _seed_instansi(inst, instansi_list, rng, scale) -> int:
    today = dt.date.today()
    year = today.year
    hr = User.objects.filter(instansi=inst, role="admin_instansi").first()
    komp = {
        kode: Kompetensi.objects.create(instansi=inst, kode=kode, nama=nama, jenis=jenis)
        for kode, nama, jenis in KOMPETENSI
    }
    # Positions require competencies: digital literacy for every staff position, data for analysts.
    from kepegawaian.models import Jabatan

    staf_jab = list(
        Jabatan.objects.filter(instansi=inst, is_kepala_unit=False).values_list("id", flat=True)[:400]
    )
    komp["DIG-01"].jabatan.add(*staf_jab)
    komp["DIG-02"].jabatan.add(
        *Jabatan.objects.filter(instansi=inst, nama__icontains="analis").values_list("id", flat=True)
    )
    komp["MAN-01"].jabatan.add(
        *Jabatan.objects.filter(instansi=inst, is_kepala_unit=True).values_list("id", flat=True)
    )
    other = next((i for i in instansi_list if i.pk != inst.pk), None)
    programs = []
    for kode, nama, bidang, bentuk, jp, kk in PROGRAM:
        p = Program.objects.create(
            instansi=inst,
            kode=kode,
            nama=nama,
            bidang=bidang,
            bentuk=bentuk,
            jp=jp,
            penyelenggara_instansi=other if kode == "MAN-01" else None,
            penyelenggara_nama="LAN RI (e-learning)" if bentuk == "nonklasikal" else "",
            deskripsi=f"Program {nama} untuk ASN {inst.nama_singkat or inst.nama}.",
        )
        p.kompetensi.add(*[komp[k] for k in kk])
        programs.append(p)
    pegawai = list(
        Pegawai.objects.filter(instansi=inst, status_aktif="aktif")
        .select_related("jabatan")
        .order_by("id")[:400]
    )
    demo_asn = (
        User.objects.filter(instansi=inst, username__startswith="asn.")
        .values_list("pegawai_id", flat=True)
        .first()
    )
    sesi_rows = []
    for i, p in enumerate(programs):
        past_start = dt.date(year, 2 + i, 10)
        sesi_rows.append((p, "Angkatan I", past_start, 30, "selesai"))
        sesi_rows.append(
            (p, "Angkatan II", today + dt.timedelta(days=14 + 7 * i), 8 if i == 0 else 25, "dibuka")
        )
    rng.shuffle(pegawai)
    cursor = 0
    total = 0
    peserta_rows = []
    for program, nama, start, kap, status in sesi_rows:
        days = 2 if program.jp >= 20 else 1
        sesi = Sesi.objects.create(
            instansi=inst,
            program=program,
            nama=nama,
            tanggal_mulai=start,
            tanggal_selesai=start + dt.timedelta(days=days),
            tempat="" if program.bentuk == "nonklasikal" else f"Aula {inst.nama_badan_kepegawaian or 'BKD'}",
            tautan_daring="https://elearning.example.go.id/kelas" if program.bentuk == "nonklasikal" else "",
            kapasitas=kap,
            pengajar=rng.choice(
                ["Widyaiswara BPSDM", "Tim LAN RI", "Dosen Universitas Jambi", "Praktisi TI"]
            ),
            anggaran_rencana=kap * rng.choice([750_000, 1_000_000, 1_250_000]),
            biaya_realisasi=None,
            status=status,
        )
        n = kap if status == "selesai" else kap + 3  # the open first session is full with a waitlist
        chosen = pegawai[cursor : cursor + n]
        cursor += n
        if status == "dibuka" and demo_asn and program.kode == "TIK-01":
            chosen = [p for p in chosen if p.pk != demo_asn]
        terisi = 0
        for k, peg in enumerate(chosen):
            if status == "selesai":
                st, hasil, antrean = (
                    StatusPeserta.SELESAI,
                    (Hasil.LULUS if rng.random() < 0.9 else Hasil.TIDAK_LULUS),
                    None,
                )
                terisi += 1
            elif k < kap:
                st, hasil, antrean = StatusPeserta.TERDAFTAR, "", None
                terisi += 1
            else:
                st, hasil, antrean = StatusPeserta.DAFTAR_TUNGGU, "", k - kap + 1
            peserta_rows.append(
                Peserta(
                    instansi=inst,
                    sesi=sesi,
                    pegawai=peg,
                    status=st,
                    sumber=rng.choice([SumberPendaftaran.MANDIRI, SumberPendaftaran.NOMINASI_ATASAN]),
                    antrean=antrean,
                    diajukan_oleh=hr,
                    hasil=hasil,
                    nilai=rng.randint(70, 98)
                    if hasil == Hasil.LULUS
                    else (rng.randint(40, 69) if hasil else None),
                    selesai_pada=sesi.tanggal_selesai if hasil else None,
                )
            )
        if status == "selesai":
            sesi.biaya_realisasi = int(sesi.anggaran_rencana * rng.uniform(0.8, 1.05))
        sesi.terisi = terisi
        sesi.save(update_fields=["terisi", "biaya_realisasi"])
        total += len(chosen)
    Peserta.objects.bulk_create(peserta_rows, batch_size=1000)
    lulus = list(
        Peserta.objects.filter(instansi=inst, hasil=Hasil.LULUS).select_related("sesi__program", "pegawai")
    )
    KreditJP.objects.bulk_create(
        [
            KreditJP(
                instansi=inst,
                pegawai=p.pegawai,
                tahun=p.selesai_pada.year,
                tanggal=p.selesai_pada,
                jp=p.sesi.program.jp,
                sumber=SumberJP.PORTAL,
                uraian=str(p.sesi.program)[:250],
                peserta=p,
            )
            for p in lulus
        ],
        batch_size=1000,
    )
    Sertifikat.objects.bulk_create(
        [
            Sertifikat(
                peserta=p,
                kode=kode_sertifikat(),
                nomor=f"{p.sesi.program.kode}/{p.sesi_id}/{p.pk}/{p.selesai_pada:%Y}",
                nama_pegawai=p.pegawai.nama_lengkap,
                nama_program=p.sesi.program.nama,
                penyelenggara=p.sesi.program.penyelenggara,
                tanggal_mulai=p.sesi.tanggal_mulai,
                tanggal_selesai=p.sesi.tanggal_selesai,
                jp=p.sesi.program.jp,
            )
            for p in lulus
        ],
        batch_size=1000,
    )
    Evaluasi.objects.bulk_create(
        [
            Evaluasi(
                peserta=p,
                skor_materi=rng.randint(3, 5),
                skor_pengajar=rng.randint(3, 5),
                skor_penyelenggaraan=rng.randint(2, 5),
                skor_manfaat=rng.randint(3, 5),
                saran=rng.choice(
                    ["", "Tambah sesi praktik.", "Materi sangat bermanfaat.", "Waktu terlalu singkat."]
                ),
            )
            for p in lulus[: len(lulus) * 2 // 3]
        ],
        batch_size=1000,
    )
    # The demo ASN: one completed training (24 JP) and one external seminar waiting for verification.
    if demo_asn:
        _demo_asn(inst, demo_asn, programs[0], year, rng)
    return total


def _demo_asn(inst, pegawai_id, program, year, rng):
    from django.core.files.base import ContentFile

    peg = Pegawai.objects.get(pk=pegawai_id)
    eks = PelatihanEksternal(
        instansi=inst,
        pegawai=peg,
        nama="Seminar Nasional Transformasi Digital Pemerintahan",
        penyelenggara="Kementerian PANRB",
        bentuk="klasikal",
        tanggal_mulai=dt.date(year, 3, 5),
        tanggal_selesai=dt.date(year, 3, 5),
        durasi_menit=360,
        jp=8,
        status=StatusVerifikasi.DIAJUKAN,
    )
    eks.bukti.save("bukti-seminar.pdf", ContentFile(b"%PDF-1.4\n% demo\n%%EOF\n"), save=False)
    eks.save()
