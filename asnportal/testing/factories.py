"""Factories for the core: instansi, units, positions, pegawai and users of every role."""

import datetime as dt

import factory

from kepegawaian.models import Instansi, Jabatan, Pegawai, UnitKerja, User

PASSWORD = "RahasiaUji2026"


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"instansi-{n}")
    nama = factory.LazyAttribute(lambda o: f"Pemerintah {o.kode}")
    jenis = "kabupaten"


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    jenis = "dinas"


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    instansi = factory.SelfAttribute("unit_kerja.instansi")
    nama = factory.Sequence(lambda n: f"Analis {n}")
    jenis = "PELAKSANA"
    kelas_jabatan = 7


def _nip(n: int, jk: str = "1") -> str:
    lahir = dt.date(1980, 1, 1) + dt.timedelta(days=n % 7000)
    return f"{lahir:%Y%m%d}200501{jk}{(n % 999) + 1:03d}"


class PegawaiFactory(factory.django.DjangoModelFactory):
    """A valid PNS: NIP, birth date and gender agree (kepegawaian.rules.decode_nip)."""

    class Meta:
        model = Pegawai

    class Params:
        seq = factory.Sequence(lambda n: n)

    jabatan = factory.SubFactory(JabatanFactory)
    instansi = factory.SelfAttribute("jabatan.instansi")
    unit_kerja = factory.SelfAttribute("jabatan.unit_kerja")
    nip = factory.LazyAttribute(lambda o: _nip(o.seq + 1000 * (o.seq // 999)))
    tanggal_lahir = factory.LazyAttribute(
        lambda o: dt.date(int(o.nip[0:4]), int(o.nip[4:6]), int(o.nip[6:8]))
    )
    jenis_kelamin = "L"
    nama = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    status_kepegawaian = "PNS"
    golongan = "III/a"
    tmt_golongan = dt.date(2020, 4, 1)
    tmt_cpns = dt.date(2005, 1, 1)
    tmt_jabatan = dt.date(2021, 1, 1)
    pendidikan_terakhir = "S1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = "asn"
    instansi = factory.SubFactory(InstansiFactory)
    email = factory.LazyAttribute(lambda o: f"{o.username}@uji.local")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def hr_user(instansi, **kw):
    return UserFactory(role="admin_instansi", instansi=instansi, **kw)


def auditor_user(instansi, **kw):
    return UserFactory(role="auditor", instansi=instansi, **kw)


def asn_user(pegawai, **kw):
    return UserFactory(role="asn", instansi=pegawai.instansi, pegawai=pegawai, **kw)


def kepala_unit(unit, **kw) -> Pegawai:
    """A pegawai heading `unit` (pimpinan scope over its subtree)."""
    jab = JabatanFactory(
        unit_kerja=unit,
        instansi=unit.instansi,
        jenis="ADMINISTRATOR",
        is_kepala_unit=True,
        kelas_jabatan=11,
        nama=f"Kepala {unit.nama}",
    )
    return PegawaiFactory(jabatan=jab, **kw)


# Objects of the core models owned by a given instansi, for the scoping sweep (tests/test_scoping_sweep.py).
def dokumen(instansi, **kw):
    """An issued document row (no PDF rendering: the file is a stand-in)."""
    import uuid

    from django.core.files.base import ContentFile

    from asnportal.dokumen.models import Dokumen

    n = Dokumen.objects.filter(instansi=instansi).count() + 1
    d = Dokumen(
        instansi=instansi,
        jenis=kw.pop("jenis", "asnportal.surat_umum"),
        judul="Surat uji",
        nomor=f"000/{n}/UJI/2026",
        nomor_urut=n,
        tahun=2026,
        tanggal=kw.pop("tanggal", None) or __import__("datetime").date(2026, 1, 5),
        pemegang_nama="Pemegang Uji",
        kode=uuid.uuid4(),
        **kw,
    )
    d.berkas.save(f"uji-{d.kode.hex}.pdf", ContentFile(b"%PDF-1.4 uji"), save=False)
    d.save()
    return d


SCOPED_OBJECTS = {
    "asnportal.Dokumen": lambda instansi: dokumen(instansi),
    "kepegawaian.UnitKerja": lambda instansi: UnitKerjaFactory(instansi=instansi),
    "kepegawaian.Jabatan": lambda instansi: JabatanFactory(
        unit_kerja=UnitKerjaFactory(instansi=instansi), instansi=instansi
    ),
    "kepegawaian.Pegawai": lambda instansi: PegawaiFactory(
        jabatan=JabatanFactory(unit_kerja=UnitKerjaFactory(instansi=instansi), instansi=instansi)
    ),
    "asnportal.EmailKeluar": lambda instansi: _email_keluar(instansi),
}


def _email_keluar(instansi):
    from asnportal.models import EmailKeluar

    return EmailKeluar.objects.create(
        instansi=instansi,
        penerima=["pegawai@uji.local"],
        subjek="Uji",
        isi="isi",
        status="failed",
        attempts=8,
    )
