"""Deterministic demo data for Pemerintah Provinsi Bengkulu and Pemerintah Kabupaten Bungo.

    python manage.py seed_demo [--scale small|large] [--seed N]

`small` (default): a few hundred pegawai in seconds, for `make run`. `large`: 50,000 pegawai over both
instansi with bulk inserts, for benchmarks. Idempotent: an instansi that already has pegawai is left as it
is, so a second run does not duplicate anything. Each app may add its own demo data in `<app>/demo.py`
with `seed(*, instansi_list, rng, scale, stdout)`; those hooks must be idempotent too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from kepegawaian import demo_data as D
from kepegawaian import rules
from kepegawaian.models import Instansi, Jabatan, Pegawai, RiwayatJabatan, RiwayatPangkat, UnitKerja, User

DEMO_PASSWORD = "DemoPortal2026"
TARGET = {"small": 600, "large": 50_000}


class Command(BaseCommand):
    help = "Load deterministic demo data for Bengkulu and Bungo (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        started = time.monotonic()
        per_instansi = TARGET[scale] // len(D.INSTANSI)
        instansi_list = []
        for spec in D.INSTANSI:
            inst = self._instansi(spec)
            instansi_list.append(inst)
            if Pegawai.objects.filter(instansi=inst).exists():
                self.stdout.write(f"{inst.nama}: sudah ada data, dilewati")
                continue
            with transaction.atomic():
                n = Builder(inst, spec, random.Random(f"{seed}-{spec['kode']}"), per_instansi).build()
            self.stdout.write(f"{inst.nama}: {n} pegawai dibuat")
        self._users(instansi_list)
        for app in settings.INSTALLED_APPS:
            if "." in app:
                continue
            try:
                mod = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            mod.seed(
                instansi_list=instansi_list,
                rng=random.Random(f"{seed}-{app}"),
                scale=scale,
                stdout=self.stdout,
            )
        self.stdout.write(self.style.SUCCESS(f"seed_demo selesai dalam {time.monotonic() - started:.1f} s"))
        self.stdout.write(self._logins_text())

    def _instansi(self, spec) -> Instansi:
        fields = {
            k: spec[k]
            for k in (
                "nama",
                "nama_singkat",
                "jenis",
                "kode_wilayah",
                "provinsi",
                "ibu_kota",
                "alamat",
                "nama_badan_kepegawaian",
            )
        }
        fields["kop_baris"] = (
            f"{spec['nama'].upper()}\n{spec['nama_badan_kepegawaian'].upper()}\n{spec['alamat']}"
        )
        inst, _ = Instansi.objects.get_or_create(kode=spec["kode"], defaults=fields)
        return inst

    def _users(self, instansi_list):
        bengkulu, bungo = instansi_list
        self._demo_totp(
            self._user(
                "admin",
                role="superadmin",
                instansi=None,
                is_staff=True,
                is_superuser=True,
                first_name="Superadmin",
            )
        )
        for inst, tag in ((bengkulu, "bengkulu"), (bungo, "bungo")):
            self._demo_totp(
                self._user(
                    f"hr.{tag}", role="admin_instansi", instansi=inst, first_name=f"Petugas SDM {tag.title()}"
                )
            )
            self._demo_totp(
                self._user(
                    f"auditor.{tag}", role="auditor", instansi=inst, first_name=f"Auditor {tag.title()}"
                )
            )
            bkd = UnitKerja.objects.filter(
                instansi=inst, parent__isnull=True, singkatan__in=["BKD", "BKPSDM"]
            ).first()
            kepala = Pegawai.objects.filter(jabatan__unit_kerja=bkd, jabatan__is_kepala_unit=True).first()
            staff = (
                (
                    Pegawai.objects.filter(
                        unit_kerja__path__startswith=bkd.path, jabatan__is_kepala_unit=False
                    )
                    .order_by("id")
                    .first()
                )
                if bkd
                else None
            )
            if kepala:
                self._user(f"kepala.{tag}", role="asn", instansi=inst, pegawai=kepala, first_name=kepala.nama)
            if staff:
                self._user(f"asn.{tag}", role="asn", instansi=inst, pegawai=staff, first_name=staff.nama)

    @staticmethod
    def _user(username, *, pegawai=None, **fields):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, **fields, pegawai=pegawai, email=f"{username}@demo.portal-asn.local"
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    @staticmethod
    def _demo_totp(user):
        """DEMO ONLY: the documented fixed TOTP secret (asnportal.mfa.DEMO_TOTP_BASE32), set idempotently, so
        demos and automated checks can pass the second factor of these accounts."""
        from asnportal import mfa

        mfa.set_demo_device(user)
        return user

    @staticmethod
    def _logins_text() -> str:
        rows = [
            ("admin", "Superadmin (semua instansi)"),
            ("hr.bungo / hr.bengkulu", "Admin Instansi / Petugas SDM"),
            ("auditor.bungo / auditor.bengkulu", "Auditor (hanya baca)"),
            ("kepala.bungo / kepala.bengkulu", "Pimpinan (kepala BKPSDM / BKD)"),
            ("asn.bungo / asn.bengkulu", "ASN (layanan mandiri)"),
        ]
        lines = ["", "Akun demo (kata sandi semua: %s):" % DEMO_PASSWORD]
        lines += [f"  {u:34s} {r}" for u, r in rows]
        from asnportal import mfa

        lines += [
            "",
            "Verifikasi dua langkah (TOTP) admin, hr.*, auditor.* -- KHUSUS DEMO, jangan dipakai di produksi:",
            f"  kunci rahasia demo: {mfa.DEMO_TOTP_BASE32}",
            "  (masukkan ke aplikasi autentikator, atau lihat kode saat ini: python manage.py kode_totp_demo)",
        ]
        return "\n".join(lines)


class Builder:
    """Builds one instansi's units, positions and pegawai with bulk inserts."""

    def __init__(self, inst: Instansi, spec: dict, rng: random.Random, target: int):
        self.inst, self.spec, self.rng, self.target = inst, spec, rng, target
        self.nips: set[str] = set(Pegawai.objects.values_list("nip", flat=True))
        self.kepala_jabatan: list[Jabatan] = []
        self.staff_jabatan: list[Jabatan] = []

    def unit(self, nama, singkatan, jenis, parent=None, urutan=0) -> UnitKerja:
        u = UnitKerja(
            instansi=self.inst, nama=nama, singkatan=singkatan, jenis=jenis, parent=parent, urutan=urutan
        )
        u.save()
        return u

    def jabatan(
        self, unit, nama, jenis, jenjang="", kelas=None, parent=None, kepala=False, formasi=1
    ) -> Jabatan:
        j = Jabatan.objects.create(
            instansi=self.inst,
            unit_kerja=unit,
            nama=nama,
            jenis=jenis,
            jenjang=jenjang,
            kelas_jabatan=kelas,
            parent=parent,
            is_kepala_unit=kepala,
            jumlah_formasi=formasi,
        )
        (self.kepala_jabatan if kepala else self.staff_jabatan).append(j)
        return j

    def structure(self):
        spec = self.spec
        kab = self.inst.jenis != "provinsi"
        top = self.jabatan(
            self.unit("Sekretariat Daerah", "Setda", "sekretariat", urutan=1),
            "Sekretaris Daerah",
            "JPT",
            "JPT_MADYA" if not kab else "JPT_PRATAMA",
            15,
            kepala=True,
        )
        setda = top.unit_kerja
        for i, nama in enumerate(spec["setda_sub"]):
            sub = self.unit(nama, "", "biro", setda, i)
            kep = self.jabatan(
                sub,
                f"Kepala {nama}",
                "ADMINISTRATOR" if kab else "JPT",
                "" if kab else "JPT_PRATAMA",
                12 if kab else 14,
                parent=top,
                kepala=True,
            )
            self._staff(sub, kep, STAFF=D.STAFF_JABATAN[:3])
        opds = [(spec["bkd"][0], spec["bkd"][1], "badan")] + D.OPD_COMMON + spec["opd_extra"]
        opds += [(f"Kecamatan {k}", f"Kec. {k}", "kecamatan") for k in spec["kecamatan"]]
        for i, (nama, singkatan, jenis) in enumerate(opds, start=2):
            opd = self.unit(nama, singkatan, jenis, urutan=i)
            kepala_nama = (
                "Camat"
                if jenis == "kecamatan"
                else ("Inspektur" if jenis == "inspektorat" else f"Kepala {nama}")
            )
            kep = self.jabatan(
                opd,
                kepala_nama,
                "JPT" if jenis != "kecamatan" else "ADMINISTRATOR",
                "JPT_PRATAMA" if jenis != "kecamatan" else "",
                14 if jenis != "kecamatan" else 12,
                parent=top,
                kepala=True,
            )
            sek = self.unit(
                "Sekretariat" if jenis != "kecamatan" else "Sekretariat Kecamatan", "", "bidang", opd, 0
            )
            kep_sek = self.jabatan(sek, "Sekretaris", "ADMINISTRATOR", "", 11, parent=kep, kepala=True)
            sub = self.unit("Subbagian Umum dan Kepegawaian", "", "seksi", sek, 0)
            kep_sub = self.jabatan(
                sub, "Kepala Subbagian Umum dan Kepegawaian", "PENGAWAS", "", 9, parent=kep_sek, kepala=True
            )
            self._staff(sub, kep_sub, STAFF=D.STAFF_JABATAN[3:])
            if jenis == "kecamatan":
                continue
            bidang_names = (
                D.BKD_BIDANG if singkatan in ("BKD", "BKPSDM") else D.BIDANG.get(nama, D.BIDANG_DEFAULT)
            )
            staff = (
                D.STAFF_JABATAN
                + (D.STAFF_DINKES if nama == "Dinas Kesehatan" else [])
                + (D.STAFF_DISDIK if nama.startswith("Dinas Pendidikan") else [])
            )
            for k, bn in enumerate(bidang_names, start=1):
                bid = self.unit(bn, "", "bidang", opd, k)
                kep_bid = self.jabatan(bid, f"Kepala {bn}", "ADMINISTRATOR", "", 11, parent=kep, kepala=True)
                self._staff(bid, kep_bid, STAFF=staff[:4] if k % 2 else staff[2:])
            if nama == "Dinas Kesehatan":
                upt = self.unit("UPTD Puskesmas " + self.spec["ibu_kota"], "Puskesmas", "upt", opd, 9)
                kep_upt = self.jabatan(
                    upt, "Kepala UPTD Puskesmas", "PENGAWAS", "", 9, parent=kep, kepala=True
                )
                self._staff(upt, kep_upt, STAFF=D.STAFF_DINKES + D.STAFF_JABATAN[4:5])

    def _staff(self, unit, atasan, STAFF):
        for nama, jenis, jenjang, kelas in STAFF:
            self.jabatan(unit, nama, jenis, jenjang, kelas, parent=atasan)

    def nip(self, lahir: dt.date, tmt: dt.date, jk: str, pppk: bool) -> str:
        g = "1" if jk == "L" else "2"
        for seq in range(1, 1000):
            if pppk:
                n = f"{lahir:%Y%m%d}{tmt.year}21{g}{seq:03d}"
            else:
                n = f"{lahir:%Y%m%d}{tmt:%Y%m}{g}{seq:03d}"
            if n not in self.nips:
                self.nips.add(n)
                return n
        raise RuntimeError("NIP sequence exhausted")

    def person(self, jabatan: Jabatan, today: dt.date) -> Pegawai:
        rng = self.rng
        jk = rng.choice("LP")
        pppk = not jabatan.is_kepala_unit and rng.random() < 0.15
        lahir = dt.date(rng.randint(1966, 1999), rng.randint(1, 12), rng.randint(1, 28))
        if jabatan.is_kepala_unit:
            lahir = dt.date(rng.randint(1966, 1982), rng.randint(1, 12), rng.randint(1, 28))
        start_age = rng.randint(22, 32)
        tmt_year = min(lahir.year + start_age, today.year - 1)
        tmt = dt.date(
            tmt_year if not pppk else rng.randint(2022, 2025), rng.choice([1, 2, 3, 4, 5, 10, 12]), 1
        )
        if jabatan.jenis in ("JPT", "ADMINISTRATOR") or jabatan.jenjang.startswith("AHLI"):
            pend = rng.choice(["S1", "S1", "S2"] if jabatan.jenis == "FUNGSIONAL" else ["S1", "S2", "S2"])
        elif jabatan.jenjang in ("TERAMPIL",):
            pend = "D3"
        else:
            pend = rng.choice(["SMA", "D3", "S1"])
        years = max(0, today.year - tmt.year)
        if pppk:
            gol = {"SMA": "V", "D3": "VII", "S1": "IX", "S2": "X"}[pend]
            status = "PPPK"
        else:
            start = {"SMA": "II/a", "D3": "II/c", "S1": "III/a", "S2": "III/b"}[pend]
            i = rules.GOLONGAN_PNS.index(start) + years // 4
            if jabatan.jenis == "JPT":
                i = max(i, rules.GOLONGAN_PNS.index("IV/b"))
            elif jabatan.jenis == "ADMINISTRATOR":
                i = max(i, rules.GOLONGAN_PNS.index("III/d"))
            gol = rules.GOLONGAN_PNS[min(i, rules.GOLONGAN_PNS.index("IV/d"))]
            status = "CPNS" if years < 1 else "PNS"
        depan = rng.choice(D.NAMA_DEPAN_L if jk == "L" else D.NAMA_DEPAN_P)
        nama = f"{depan} {rng.choice(D.NAMA_BELAKANG)}"
        gelar = rng.choice(D.GELAR[pend]) if pend in D.GELAR else ""
        nip = self.nip(lahir, tmt, jk, pppk)
        tmt_gol = dt.date(max(tmt.year, today.year - rng.randint(0, 4)), rng.choice([2, 4, 6, 8, 10, 12]), 1)
        if tmt_gol > today:
            tmt_gol = dt.date(today.year - 1, tmt_gol.month, 1)
        return Pegawai(
            instansi=self.inst,
            nip=nip,
            nik=f"{self.spec['kode_wilayah'].replace('.', '')[:4]:0<4}{rng.randint(10, 99)}"
            f"{lahir:%d%m%y}{rng.randint(1, 9999):04d}"[:16].ljust(16, "0"),
            nama=nama,
            gelar_belakang=gelar,
            gelar_depan="dr." if jabatan.nama.startswith("Dokter") else "",
            tempat_lahir=rng.choice(self.spec["kota"]),
            tanggal_lahir=lahir,
            jenis_kelamin=jk,
            agama=rng.choice(D.AGAMA),
            status_kepegawaian=status,
            tmt_cpns=tmt,
            golongan=gol,
            tmt_golongan=tmt_gol,
            jabatan=jabatan,
            unit_kerja_id=jabatan.unit_kerja_id,
            tmt_jabatan=dt.date(max(tmt.year, today.year - rng.randint(0, 6)), rng.randint(1, 12), 1),
            pendidikan_terakhir=pend,
            email=f"{nip}@asn.demo",
            telepon=f"08{rng.randint(1000000000, 9999999999)}",
        )

    def build(self) -> int:
        today = dt.date.today()
        self.structure()
        people = [self.person(j, today) for j in self.kepala_jabatan]
        remaining = max(0, self.target - len(people))
        # Spread staff over staff positions; leave some positions short so the ABK gap is visible.
        weights = [self.rng.randint(1, 4) for _ in self.staff_jabatan]
        total_w = sum(weights)
        for j, w in zip(self.staff_jabatan, weights, strict=True):
            n = round(remaining * w / total_w)
            j.jumlah_formasi = max(1, n + self.rng.randint(-1, 3))
            people.extend(self.person(j, today) for _ in range(n))
        Jabatan.objects.bulk_update(self.staff_jabatan, ["jumlah_formasi"], batch_size=1000)
        Pegawai.objects.bulk_create(people, batch_size=2000)
        created = list(
            Pegawai.objects.filter(instansi=self.inst)
            .select_related("jabatan", "unit_kerja")
            .only(
                "id",
                "golongan",
                "tmt_golongan",
                "tmt_jabatan",
                "tmt_cpns",
                "jabatan__nama",
                "unit_kerja__nama",
                "jabatan_id",
            )
        )
        RiwayatJabatan.objects.bulk_create(
            [
                RiwayatJabatan(
                    pegawai=p,
                    jabatan_id=p.jabatan_id,
                    nama_jabatan=p.jabatan.nama,
                    nama_unit=p.unit_kerja.nama,
                    tmt_mulai=p.tmt_jabatan,
                    jenis="awal",
                )
                for p in created
            ],
            batch_size=2000,
        )
        RiwayatPangkat.objects.bulk_create(
            [
                RiwayatPangkat(pegawai=p, golongan=p.golongan, tmt=p.tmt_golongan, jenis="reguler")
                for p in created
            ],
            batch_size=2000,
        )
        return len(created)
