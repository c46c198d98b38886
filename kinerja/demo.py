"""Demo data for kinerja (idempotent): last year's full cycle for every pegawai (approved SKP, annual
evaluation, potensi) and this year's SKPs in the BKD/BKPSDM in every workflow state. Bulk inserts only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kepegawaian.models import Pegawai, UnitKerja, User

from . import rules
from .models import (
    SKP,
    Evaluasi,
    IndikatorKinerja,
    NilaiPotensi,
    PengaturanKinerja,
    Penghargaan,
    PerilakuKerja,
    Realisasi,
    RencanaHasilKerja,
)

RHK_TEKS = [
    (
        "Terlaksananya layanan administrasi kepegawaian yang tepat waktu",
        "Jumlah layanan diselesaikan",
        120,
        "layanan",
    ),
    ("Tersusunnya dokumen perencanaan kebutuhan ASN", "Jumlah dokumen", 2, "dokumen"),
    ("Meningkatnya kualitas data kepegawaian", "Persentase data valid", 100, "%"),
    ("Terselenggaranya pengembangan kompetensi pegawai", "Jumlah pegawai dilatih", 40, "orang"),
    ("Tersedianya laporan kinerja unit", "Jumlah laporan", 4, "laporan"),
]


def _atasan_map(pegawai):
    """jabatan_id -> the incumbent Pegawai.atasan would pick (earliest TMT, then id)."""
    first = {}
    for p in sorted(pegawai, key=lambda p: (p.tmt_jabatan or dt.date.min, p.pk)):
        first.setdefault(p.jabatan_id, p)
    return first


def _build_year(inst, pegawai, tahun, rng, status_for, atasan_by_jabatan):
    skps = []
    for p in pegawai:
        atasan = atasan_by_jabatan.get(p.jabatan.parent_id) if p.jabatan.parent_id else None
        atasan2 = (
            atasan_by_jabatan.get(atasan.jabatan.parent_id) if atasan and atasan.jabatan.parent_id else None
        )
        status = status_for(p)
        skps.append(
            SKP(
                instansi=inst,
                pegawai=p,
                tahun=tahun,
                status=status,
                periode_mulai=dt.date(tahun, 1, 1),
                periode_selesai=dt.date(tahun, 12, 31),
                pegawai_nama=p.nama_lengkap[:200],
                pegawai_nip=p.nip,
                pegawai_pangkat=p.golongan,
                pegawai_jabatan=p.jabatan.nama,
                pegawai_unit=p.unit_kerja.nama if p.unit_kerja_id else "",
                penilai_nama=atasan.nama_lengkap[:200] if atasan else "",
                penilai_nip=atasan.nip if atasan else "",
                penilai_jabatan=atasan.jabatan.nama if atasan else "",
                atasan_penilai_nama=atasan2.nama_lengkap[:200] if atasan2 else "",
                atasan_penilai_nip=atasan2.nip if atasan2 else "",
                atasan_penilai_jabatan=atasan2.jabatan.nama if atasan2 else "",
                diajukan_at=timezone.now() if status in ("diajukan", "disetujui") else None,
                disetujui_at=timezone.now() if status == "disetujui" else None,
            )
        )
    SKP.objects.bulk_create(skps, batch_size=1000)
    skps = list(SKP.objects.filter(instansi=inst, tahun=tahun).select_related("pegawai__jabatan"))
    rhks = []
    for s in skps:
        for k in rng.sample(range(len(RHK_TEKS)), 2):
            rhks.append(
                RencanaHasilKerja(skp=s, jenis="utama", urutan=len(rhks) % 2 + 1, uraian=RHK_TEKS[k][0])
            )
    RencanaHasilKerja.objects.bulk_create(rhks, batch_size=2000)
    rhks = list(RencanaHasilKerja.objects.filter(skp__instansi=inst, skp__tahun=tahun).select_related("skp"))
    first_rhk = {}
    for r in rhks:
        first_rhk.setdefault(r.skp.pegawai_id, r)
    by_teks = {t[0]: t for t in RHK_TEKS}
    ikis, changed = [], []
    peg_by_id = {p.pk: p for p in pegawai}
    for r in rhks:
        teks = by_teks[r.uraian]
        ikis.append(
            IndikatorKinerja(rhk=r, aspek="kuantitas", indikator=teks[1], target=teks[2], satuan=teks[3])
        )
        ikis.append(
            IndikatorKinerja(rhk=r, aspek="waktu", indikator="Waktu penyelesaian", target=12, satuan="bulan")
        )
        p = peg_by_id[r.skp.pegawai_id]
        atasan = atasan_by_jabatan.get(p.jabatan.parent_id) if p.jabatan.parent_id else None
        if atasan and atasan.pk in first_rhk:
            r.rhk_atasan = first_rhk[atasan.pk]
            changed.append(r)
    IndikatorKinerja.objects.bulk_create(ikis, batch_size=2000)
    RencanaHasilKerja.objects.bulk_update(changed, ["rhk_atasan"], batch_size=2000)
    PerilakuKerja.objects.bulk_create(
        [
            PerilakuKerja(skp=s, nilai=v)
            for s in skps
            for v in [c[0] for c in PerilakuKerja._meta.get_field("nilai").choices]
        ],
        batch_size=5000,
    )
    return skps


def _rating(rng, weights):
    x = rng.random()
    acc = 0.0
    for value, w in weights:
        acc += w
        if x < acc:
            return value
    return weights[-1][0]


@transaction.atomic
def _seed_instansi(inst, rng, stdout):
    tahun = timezone.localdate().year
    lalu = tahun - 1
    PengaturanKinerja.objects.get_or_create(
        instansi=inst,
        defaults={"umpan_balik_rekan": True, "dipublikasikan": True, "tahun_publikasi": lalu},
    )
    pegawai = list(
        Pegawai.objects.filter(instansi=inst, status_aktif="aktif", jabatan__isnull=False).select_related(
            "jabatan", "unit_kerja"
        )
    )
    atasan_by_jabatan = _atasan_map(pegawai)
    bkd = UnitKerja.objects.filter(
        instansi=inst, parent__isnull=True, singkatan__in=["BKD", "BKPSDM"]
    ).first()

    # Last year: full cycle. BKD/BKPSDM is left "dinilai" so the unit head can walk through finalisation.
    skps = _build_year(inst, pegawai, lalu, rng, lambda p: "disetujui", atasan_by_jabatan)
    evs = []
    for s in skps:
        h = _rating(rng, [("di_atas", 0.2), ("sesuai", 0.65), ("di_bawah", 0.15)])
        b = _rating(rng, [("di_atas", 0.2), ("sesuai", 0.72), ("di_bawah", 0.08)])
        in_bkd = (
            bkd is not None and s.pegawai.unit_kerja_id and s.pegawai.unit_kerja.path.startswith(bkd.path)
        )
        evs.append(
            Evaluasi(
                skp=s,
                periode=0,
                rating_hasil=h,
                rating_perilaku=b,
                predikat=rules.predikat(h, b),
                status="dinilai" if in_bkd else "final",
                diterima_tanggal=None if in_bkd else dt.date(tahun, 1, 20),
                final_at=None if in_bkd else timezone.now(),
                catatan="Pertahankan capaian dan tingkatkan ketepatan waktu.",
            )
        )
    Evaluasi.objects.bulk_create(evs, batch_size=2000)
    NilaiPotensi.objects.bulk_create(
        [
            NilaiPotensi(
                instansi=inst, pegawai=p, tahun=lalu, skor=rng.randint(55, 95), sumber="Asesmen demo"
            )
            for p in pegawai
        ],
        batch_size=2000,
    )
    sangat_baik = [e for e in evs if e.predikat == "sangat_baik"][:5]
    Penghargaan.objects.bulk_create(
        [
            Penghargaan(
                instansi=inst,
                pegawai=e.skp.pegawai,
                tahun=lalu,
                jenis="sangat_baik",
                nama=f"Pegawai berkinerja Sangat Baik {lalu}",
                tanggal=dt.date(tahun, 2, 1),
            )
            for e in sangat_baik
        ]
    )

    # This year: SKPs in the BKD/BKPSDM subtree in every state.
    if bkd is not None:
        bkd_people = [p for p in pegawai if p.unit_kerja_id and p.unit_kerja.path.startswith(bkd.path)]
        asn_user = User.objects.filter(username__startswith="asn.", instansi=inst).first()
        asn_id = asn_user.pegawai_id if asn_user else None

        def status_for(p):
            if p.jabatan.is_kepala_unit or p.pk == asn_id:
                return "disetujui"
            return rng.choice(["draft", "diajukan", "diajukan", "disetujui", "disetujui", "dikembalikan"])

        now_skps = _build_year(inst, bkd_people, tahun, rng, status_for, atasan_by_jabatan)
        for s in now_skps:
            if s.status == "dikembalikan":
                s.catatan_pengembalian = "Indikator kualitas belum terukur; tambahkan target persentase."
        SKP.objects.bulk_update([s for s in now_skps if s.status == "dikembalikan"], ["catatan_pengembalian"])
        if asn_id:
            mine = next(s for s in now_skps if s.pegawai_id == asn_id)
            done = rules.periode_dari_tanggal("triwulanan", timezone.localdate()) - 1
            Realisasi.objects.bulk_create(
                [
                    Realisasi(
                        indikator=iki,
                        periode=p,
                        nilai=round(float(iki.target) / 4 * rng.uniform(0.7, 1.2), 2),
                        catatan="Sesuai laporan bulanan.",
                        bukti_tautan="https://drive.example.go.id/bukti/laporan",
                    )
                    for iki in IndikatorKinerja.objects.filter(rhk__skp=mine)
                    for p in range(1, done + 1)
                ]
            )
            atasan = atasan_by_jabatan.get(mine.pegawai.jabatan.parent_id)
            tag = asn_user.username.split(".", 1)[1]
            mine_user = User.objects.filter(pegawai=atasan).first() if atasan else None
            if mine_user is not None and mine_user.username == atasan.nip:
                # The workforce seed gave every pegawai an account named by NIP; the README's named demo login
                # of this atasan is that same account (the NIP still logs in: login accepts NIP or username).
                mine_user.username = f"atasan.{tag}"
                mine_user.save(update_fields=["username"])
                stdout.write(f"  akun demo atasan langsung asn.{tag}: atasan.{tag} (pejabat penilai)")
            if atasan and mine_user is None:
                user = User(
                    username=f"atasan.{tag}",
                    role="asn",
                    instansi=inst,
                    pegawai=atasan,
                    first_name=atasan.nama[:150],
                    email=f"atasan.{tag}@demo.portal-asn.local",
                )
                user.set_password("DemoPortal2026")
                user.save()
                stdout.write(f"  akun demo atasan langsung asn.{tag}: atasan.{tag} (pejabat penilai)")
    stdout.write(f"{inst.nama}: data kinerja dibuat")


def seed(*, instansi_list, rng, scale, stdout):
    for inst in instansi_list:
        if SKP.objects.filter(instansi=inst).exists():
            stdout.write(f"{inst.nama}: data kinerja sudah ada, dilewati")
            continue
        _seed_instansi(inst, rng, stdout)
