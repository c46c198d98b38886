"""Demo data: per instansi, one finished CPNS round (verified, SKD/SKB imported, ranked, announced, one sanggah)
and one PPPK round with registration open (the public list). Idempotent: an instansi with a round is skipped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kepegawaian import selectors as kp_selectors
from kepegawaian.models import User

from . import services
from .choices import JenisSeleksi, StatusAdministrasi, SumberPerubahan
from .models import DokumenLamaran, Lamaran, Pelamar, RiwayatNilai, Seleksi, VerifikasiSyarat

DEMO_PASSWORD = "DemoPortal2026"  # noqa: S105 - the documented demo password (seed_demo)
PER_FORMASI = {"small": 12, "large": 150}
NAMA_DEPAN = [
    "Ahmad",
    "Siti",
    "Rizky",
    "Dewi",
    "Fajar",
    "Nur",
    "Bayu",
    "Putri",
    "Hendra",
    "Wulan",
    "Yoga",
    "Intan",
]
NAMA_BELAKANG = [
    "Saputra",
    "Lestari",
    "Pratama",
    "Handayani",
    "Nugroho",
    "Rahmawati",
    "Hidayat",
    "Sari",
    "Kurniawan",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _jadwal(base: dt.date) -> dict:
    d = dt.timedelta
    return {
        "pendaftaran_mulai": base,
        "pendaftaran_selesai": base + d(days=14),
        "verifikasi_selesai": base + d(days=24),
        "sanggah_administrasi_mulai": base + d(days=25),
        "sanggah_administrasi_selesai": base + d(days=27),
        "skd_selesai": base + d(days=40),
        "skb_selesai": base + d(days=52),
        "pengumuman": base + d(days=59),
        "sanggah_selesai": base + d(days=61),
    }


def seed(*, instansi_list, rng, scale, stdout):
    admin = User.objects.filter(username="admin").first()
    for inst in instansi_list:
        if Seleksi.objects.filter(instansi=inst).exists():
            stdout.write(f"rekrutmen {inst.nama}: sudah ada, dilewati")
            continue
        tag = "bungo" if "bungo" in inst.kode else "bengkulu"
        hr = User.objects.filter(username=f"hr.{tag}").first()
        if hr is None or admin is None:
            continue
        with transaction.atomic():
            n = _seed_instansi(inst, hr=hr, admin=admin, rng=rng, per_formasi=PER_FORMASI[scale], tag=tag)
        stdout.write(f"rekrutmen {inst.nama}: {n} pelamar dibuat")


def _formasi(sel, hr, admin, rng, jumlah, offset=0):
    rows = sorted(
        (r for r in kp_selectors.kebutuhan_jabatan(instansi_id=sel.instansi_id) if r["selisih"] > 0),
        key=lambda r: (-r["selisih"], r["jabatan_id"]),
    )[offset : offset + jumlah]
    usulan = [
        {
            "jabatan_id": r["jabatan_id"],
            "kuota": min(r["selisih"], rng.randint(1, 3)),
            "pendidikan_minimal": "S1",
        }
        for r in rows
    ]
    created = services.formasi_usulkan(actor=hr, seleksi=sel, usulan=usulan) if usulan else []
    for f in created:
        services.formasi_setujui(actor=admin, formasi=f, kuota=f.kuota_usulan, alasan="Disetujui (data demo)")
    return created


def _seed_instansi(inst, *, hr, admin, rng, per_formasi, tag) -> int:
    today = timezone.localdate()
    wilayah = "1509" if tag == "bungo" else "1771"
    sel = services.seleksi_simpan(
        actor=hr,
        data=dict(
            nama=f"Seleksi CPNS {today.year} {inst.nama_singkat or inst.nama}",
            jenis=JenisSeleksi.CPNS,
            tahun=today.year,
            diumumkan=True,
            deskripsi="Seleksi CPNS berbasis merit: nilai SKD dan SKB menentukan peringkat.",
            **_jadwal(today - dt.timedelta(days=59)),
        ),
    )
    formasi = _formasi(sel, hr, admin, rng, 3)
    hash_ = make_password(DEMO_PASSWORD)
    pelamar, lamaran = [], []
    seq = Pelamar.objects.count() + 1
    for f in formasi:
        for _ in range(per_formasi):
            lahir = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 3650))
            nama = f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}"
            nik = f"{wilayah}01{lahir:%d%m%y}{seq:04d}"
            pelamar.append(
                Pelamar(
                    nik=nik,
                    nama=nama,
                    email=f"pelamar{seq}.{tag}@contoh.id",
                    password=hash_,
                    tempat_lahir=inst.ibu_kota or "Bungo",
                    tanggal_lahir=lahir,
                    jenis_kelamin=rng.choice("LP"),
                    email_terkonfirmasi_at=timezone.now(),
                )
            )
            lamaran.append((f, len(pelamar) - 1))
            seq += 1
    pelamar = Pelamar.objects.bulk_create(pelamar, batch_size=1000)
    now = timezone.now()
    rows = []
    for urut, (f, i) in enumerate(lamaran, start=1):
        tms = rng.random() < 0.12
        rows.append(
            Lamaran(
                instansi=inst,
                seleksi=sel,
                formasi=f,
                pelamar=pelamar[i],
                nomor_peserta=f"{sel.tahun % 100:02d}{sel.pk:04d}{urut:05d}",
                status="dikirim",
                dikirim_at=now,
                pendidikan="S1",
                jurusan=rng.choice(
                    ["Manajemen", "Akuntansi", "Ilmu Hukum", "Administrasi Publik", "Informatika"]
                ),
                institusi_pendidikan=rng.choice(
                    ["Universitas Jambi", "Universitas Bengkulu", "Universitas Andalas"]
                ),
                ipk=Decimal(rng.randint(280, 395)) / 100,
                status_administrasi=StatusAdministrasi.TMS if tms else StatusAdministrasi.MS,
                alasan_tms="Ijazah: belum dilegalisasi" if tms else "",  # persyaratan #2 is the ijazah
            )
        )
    rows = Lamaran.objects.bulk_create(rows, batch_size=1000)
    ledger = []
    for lam in rows:
        for field, before, after, sumber in (
            ("status_administrasi", "", "belum", SumberPerubahan.PENDAFTARAN),
            ("ipk", "", services.nilai_str(lam.ipk), SumberPerubahan.PENDAFTARAN),
            ("tanggal_lahir", "", lam.pelamar.tanggal_lahir.isoformat(), SumberPerubahan.PENDAFTARAN),
            ("status_administrasi", "belum", lam.status_administrasi, SumberPerubahan.VERIFIKASI),
        ):
            ledger.append(
                RiwayatNilai(
                    lamaran=lam, field=field, sebelum=before, sesudah=after, sumber=sumber, oleh_label="demo"
                )
            )
    RiwayatNilai.objects.bulk_create(ledger, batch_size=2000)
    syarat_by_formasi = {f.pk: list(f.persyaratan.all()) for f in formasi}
    verifikasi = []
    for lam in rows:
        syarat = syarat_by_formasi[lam.formasi_id]
        for j, s in enumerate(syarat):
            tms = lam.status_administrasi == StatusAdministrasi.TMS and j == 1
            verifikasi.append(
                VerifikasiSyarat(
                    lamaran=lam,
                    persyaratan=s,
                    hasil="TMS" if tms else "MS",
                    alasan="belum dilegalisasi" if tms else "",
                    verifikator=hr,
                )
            )
    VerifikasiSyarat.objects.bulk_create(verifikasi, batch_size=2000)
    for lam in rows[:3]:
        for syarat in lam.formasi.persyaratan.all():
            d = DokumenLamaran(
                lamaran=lam,
                persyaratan=syarat,
                nama_asli="dokumen.pdf",
                content_type="application/pdf",
                ukuran=len(PDF),
            )
            d.berkas.save("x.pdf", ContentFile(PDF), save=False)
            d.save()
    ms = [la for la in rows if la.status_administrasi == StatusAdministrasi.MS]
    skd = "nomor_peserta,twk,tiu,tkp\n" + "".join(
        f"{la.nomor_peserta},{rng.randint(11, 28) * 5},{rng.randint(14, 33) * 5},{rng.randint(150, 205)}\n"
        for la in ms
    )
    services.impor_nilai(
        actor=hr, seleksi=sel, jenis="skd", berkas=SimpleUploadedFile("skd.csv", skd.encode())
    )
    services.seleksi_hitung_peringkat(actor=hr, seleksi=sel, alasan="Peringkat SKD")
    ke_skb = Lamaran.objects.filter(seleksi=sel, ikut_skb=True)
    skb = "nomor_peserta,skb\n" + "".join(f"{la.nomor_peserta},{rng.randint(250, 470)}\n" for la in ke_skb)
    services.impor_nilai(
        actor=hr, seleksi=sel, jenis="skb", berkas=SimpleUploadedFile("skb.csv", skb.encode())
    )
    services.seleksi_publikasikan(
        actor=hr,
        seleksi=sel,
        tahap="administrasi",
        nomor=f"800/{sel.pk}/ADM/{sel.tahun}",
        catatan="Hasil seleksi administrasi.",
    )
    services.seleksi_publikasikan(actor=hr, seleksi=sel, tahap="skd", nomor=f"800/{sel.pk}/SKD/{sel.tahun}")
    services.seleksi_publikasikan(
        actor=hr,
        seleksi=sel,
        tahap="akhir",
        nomor=f"800/{sel.pk}/AKHIR/{sel.tahun}",
        catatan="Hasil integrasi SKD (40%) dan SKB (60%).",
    )
    cadangan = Lamaran.objects.filter(seleksi=sel, hasil="C").select_related("pelamar").first()
    if cadangan is not None:
        services.sanggah_ajukan(
            pelamar=cadangan.pelamar,
            lamaran=cadangan,
            tahap="hasil",
            alasan="Nilai TKP di layar CAT berbeda dengan yang diumumkan.",
        )
    # A second round with registration open today, for the public page.
    buka = services.seleksi_simpan(
        actor=hr,
        data=dict(
            nama=f"Seleksi PPPK {today.year} {inst.nama_singkat or inst.nama}",
            jenis=JenisSeleksi.PPPK,
            tahun=today.year,
            diumumkan=True,
            deskripsi="Pendaftaran daring. Satu pelamar satu formasi.",
            **_jadwal(today - dt.timedelta(days=3)),
        ),
    )
    _formasi(buka, hr, admin, rng, 4, offset=3)
    return len(rows)
