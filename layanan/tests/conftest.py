import datetime as dt

import pytest

from asnportal.dokumen import keys
from asnportal.testing.factories import asn_user


@pytest.fixture
def kunci_bungo(instansi_bungo, kepala_bungo):
    """A DEMO CA and the signing certificate of the head of BKPSDM (the pejabat)."""
    ca = keys.buat_ca_demo(instansi=instansi_bungo, nama="Uji Bungo")
    return keys.buat_penandatangan(
        ca=ca, nama=kepala_bungo.nama, jabatan="Kepala BKPSDM", instansi=instansi_bungo, pegawai=kepala_bungo
    )


@pytest.fixture
def gaji_tabel(db):
    from layanan.demo import BERLAKU, GAJI_PP_5_2024
    from layanan.models import GajiPokok

    for g, m, v, ok in GAJI_PP_5_2024:
        GajiPokok.objects.create(golongan=g, mkg=m, gaji_pokok=v, berlaku_mulai=BERLAKU, terkonfirmasi=ok)


@pytest.fixture
def pejabat_bungo(kepala_bungo):
    return asn_user(kepala_bungo, username="kepala.bungo")


@pytest.fixture
def hari_ini():
    return dt.date.today()
