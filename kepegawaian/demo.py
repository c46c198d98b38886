"""Demo data for the kepegawaian features of issue #3 (ABK, codes, a mutation, a restructuring draft, a data
proposal). Called by `manage.py seed_demo` after the core data; idempotent (each part checks its marker)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from . import services
from .choices import JenisJabatan, JenisMutasi, JenisPerubahan, Jenjang, PeriodeVolume
from .models import (
    Jabatan,
    Pegawai,
    PerubahanPenataan,
    RencanaPenataan,
    UnitKerja,
    UraianTugas,
    User,
    UsulanMutasi,
    UsulanPerubahanData,
)

TUGAS = [
    ("Memverifikasi berkas usulan kenaikan pangkat", "berkas", PeriodeVolume.BULAN, (40, 120), (30, 60)),
    ("Menyusun draf surat keputusan", "SK", PeriodeVolume.BULAN, (10, 40), (60, 120)),
    ("Memutakhirkan data pegawai pada SIASN", "data", PeriodeVolume.HARI, (5, 20), (10, 20)),
    ("Menyusun laporan bulanan", "laporan", PeriodeVolume.BULAN, (1, 2), (240, 480)),
    ("Melayani konsultasi kepegawaian", "layanan", PeriodeVolume.MINGGU, (10, 30), (15, 30)),
]


def seed(*, instansi_list, rng, scale, stdout):
    if scale == "small":
        n = _akun_semua(instansi_list)
        stdout.write(f"kepegawaian: {n} akun pegawai dibuat (nama pengguna = NIP, kata sandi demo)")
    for inst in instansi_list:
        with transaction.atomic():
            _kode_jabatan(inst)
            n = _abk(inst, rng, 40 if scale == "large" else 10)
            tag = "bungo" if "bungo" in inst.kode else "bengkulu"
            _mutasi(inst, tag)
            _rencana(inst, tag)
            _usulan(tag)
            _plt(inst, tag)
        stdout.write(f"kepegawaian: {inst.nama_singkat or inst.nama}: ABK {n} jabatan")


def _akun_semua(instansi_list) -> int:
    """Every demo pegawai gets an activated account (username = NIP, the demo password) so every flow can be
    tried with real people. One precomputed hash for all and bulk inserts keep it fast; pegawai who already have
    an account (the named demo logins, a second run) are skipped."""
    from django.utils import timezone

    from .akun_services import demo_password_hash
    from .management.commands.seed_demo import DEMO_PASSWORD

    people = list(
        Pegawai.objects.filter(
            instansi__in=instansi_list, user__isnull=True, status_aktif="aktif"
        ).values_list("pk", "nip", "nama", "email", "instansi_id")
    )
    taken = set(User.objects.filter(username__in=[p[1] for p in people]).values_list("username", flat=True))
    if not people:
        return 0
    hashed, now = demo_password_hash(DEMO_PASSWORD), timezone.now()
    rows = [
        User(
            username=nip,
            password=hashed,
            role="asn",
            instansi_id=instansi_id,
            pegawai_id=pk,
            email=email,
            first_name=nama[:150],
            diaktifkan_at=now,
        )
        for pk, nip, nama, email, instansi_id in people
        if nip not in taken
    ]
    User.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _kode_jabatan(inst):
    rows = list(Jabatan.objects.filter(instansi=inst, kode=""))
    for j in rows:
        j.kode = f"J{j.pk:05d}"
    Jabatan.objects.bulk_update(rows, ["kode"], batch_size=1000)


def _abk(inst, rng, n) -> int:
    if UraianTugas.objects.filter(jabatan__instansi=inst).exists():
        return 0
    bkd = UnitKerja.objects.filter(instansi=inst, depth=0, singkatan__in=["BKD", "BKPSDM"]).first()
    qs = Jabatan.objects.filter(instansi=inst, is_kepala_unit=False)
    if bkd:
        qs = qs.filter(unit_kerja__path__startswith=bkd.path)
    jabatan = list(qs.order_by("id")[:n])
    rows = []
    for j in jabatan:
        for i, (uraian, hasil, periode, vol, norma) in enumerate(rng.sample(TUGAS, 3), start=1):
            rows.append(
                UraianTugas(
                    jabatan=j,
                    urutan=i,
                    uraian=uraian,
                    hasil_kerja=hasil,
                    periode=periode,
                    volume=Decimal(rng.randint(*vol)),
                    norma_waktu=rng.randint(*norma),
                )
            )
    UraianTugas.objects.bulk_create(rows)
    for j in jabatan:
        services.abk_hitung_ulang(actor=None, jabatan=j)
        if not j.ikhtisar:
            Jabatan.objects.filter(pk=j.pk).update(
                ikhtisar="Melakukan pengelolaan administrasi kepegawaian sesuai ketentuan untuk mendukung "
                "pelayanan kepegawaian yang tertib dan akuntabel."
            )
    return len(jabatan)


def _mutasi(inst, tag):
    if UsulanMutasi.objects.filter(instansi=inst).exists():
        return
    kepala = User.objects.filter(username=f"kepala.{tag}").select_related("pegawai__jabatan").first()
    asn = User.objects.filter(username=f"asn.{tag}").select_related("pegawai").first()
    if not (kepala and asn and kepala.pegawai and asn.pegawai):
        return
    unit = kepala.pegawai.jabatan.unit_kerja
    tujuan = (
        Jabatan.objects.filter(unit_kerja__path__startswith=unit.path, is_kepala_unit=False, aktif=True)
        .exclude(pk=asn.pegawai.jabatan_id)
        .order_by("id")
        .first()
    )
    if tujuan:
        services.mutasi_ajukan(
            actor=kepala,
            pegawai=asn.pegawai,
            jenis=JenisMutasi.ROTASI,
            jabatan_tujuan=tujuan,
            tmt=dt.date.today().replace(day=1) + dt.timedelta(days=45),
            alasan="Penyegaran dan pengembangan kompetensi.",
        )


def _rencana(inst, tag):
    if RencanaPenataan.objects.filter(instansi=inst).exists():
        return
    hr = User.objects.filter(username=f"hr.{tag}").first()
    pengawas = list(
        Jabatan.objects.filter(instansi=inst, jenis=JenisJabatan.PENGAWAS, aktif=True).order_by("id")[:3]
    )
    if not (hr and pengawas):
        return
    rencana = services.rencana_create(
        actor=hr,
        instansi_id=inst.pk,
        data={
            "nama": "Penyetaraan jabatan pengawas ke fungsional (tahap II)",
            "keterangan": "PermenPANRB 17/2021; pemetaan pengawas → JF Ahli Muda (belum dikonfirmasi).",
            "tanggal_efektif": dt.date(dt.date.today().year + 1, 1, 1),
        },
    )
    for j in pengawas:
        PerubahanPenataan.objects.create(
            rencana=rencana,
            urutan=rencana.perubahan.count() + 1,
            jenis=JenisPerubahan.SETARAKAN_JABATAN,
            jabatan=j,
            jenis_jabatan_baru=JenisJabatan.FUNGSIONAL,
            jenjang_baru=Jenjang.AHLI_MUDA,
            nama_baru=f"Analis SDM Aparatur Ahli Muda ({j.unit_kerja.parent or j.unit_kerja})"[:200],
        )


def _usulan(tag):
    asn = User.objects.filter(username=f"asn.{tag}").select_related("pegawai").first()
    if not (asn and asn.pegawai) or UsulanPerubahanData.objects.filter(pegawai=asn.pegawai).exists():
        return
    services.usulan_data_ajukan(
        actor=asn,
        jenis="pendidikan",
        data={"pendidikan_terakhir": "S2", "jurusan": "Magister Administrasi Publik"},
        keterangan="Lulus S2 tahun ini; ijazah menyusul diunggah.",
    )


def _plt(inst, tag):
    """A finished Plh. (the BKPSDM/BKD head was on leave last month; a colleague signed as Plh.): shows the
    Plt./Plh. register and profiles without giving any demo account extra powers today."""
    from django.utils import timezone

    from .models import PenugasanPlt

    if PenugasanPlt.objects.filter(instansi=inst).exists():
        return
    kepala = User.objects.filter(username=f"kepala.{tag}").select_related("pegawai").first()
    if not (kepala and kepala.pegawai and kepala.pegawai.jabatan_id):
        return
    from .atasan import bawahan_of

    # A direct bawahan of the head stands in for them (the usual Plh.).
    pelaksana = bawahan_of(kepala.pegawai).exclude(user__username__startswith="asn.").order_by("id").first()
    if pelaksana is None:
        return
    today = timezone.localdate()
    PenugasanPlt.objects.create(
        instansi=inst,
        pegawai=pelaksana,
        jabatan_id=kepala.pegawai.jabatan_id,
        jenis="plh",
        tanggal_mulai=today - dt.timedelta(days=40),
        tanggal_selesai=today - dt.timedelta(days=30),
        nomor_sk=f"800.1.3/{tag.upper()}/PLH/{today.year}",
        keterangan="Kepala cuti tahunan",
    )
