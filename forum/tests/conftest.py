import pytest
from django.test import Client

from asnportal.testing.factories import UserFactory

from . import factories as F


@pytest.fixture
def kategori(db):
    return F.kategori(nama="Pelayanan Publik", slug="pelayanan-publik")


@pytest.fixture
def bpbd_bungo(instansi_bungo):
    from asnportal.testing.factories import UnitKerjaFactory

    return UnitKerjaFactory(
        instansi=instansi_bungo, nama="Badan Penanggulangan Bencana Daerah", singkatan="BPBD"
    )


@pytest.fixture
def petugas_bpbd(bpbd_bungo):
    from asnportal.testing.factories import JabatanFactory, PegawaiFactory, asn_user

    jab = JabatanFactory(unit_kerja=bpbd_bungo, instansi=bpbd_bungo.instansi, nama="Analis Kebencanaan")
    return asn_user(PegawaiFactory(jabatan=jab, nama="Rahmat Petugas BPBD"), username="bpbd.bungo")


@pytest.fixture
def asn_bengkulu(pegawai_bengkulu):
    from asnportal.testing.factories import asn_user

    return asn_user(pegawai_bengkulu, username="asn.bengkulu")


@pytest.fixture
def client_asn_bengkulu(asn_bengkulu):
    c = Client()
    c.force_login(asn_bengkulu)
    return c


@pytest.fixture
def outsider(instansi_bengkulu):
    return UserFactory(instansi=instansi_bengkulu, username="luar.bengkulu")


@pytest.fixture
def client_for():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make
