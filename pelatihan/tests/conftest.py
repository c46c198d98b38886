import pytest

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, asn_user

from .factories import ProgramFactory, SesiFactory


@pytest.fixture
def sesi_bungo(instansi_bungo):
    return SesiFactory(program=ProgramFactory(instansi=instansi_bungo, jp=24), kapasitas=2)


@pytest.fixture
def bawahan_bungo(kepala_bungo, opd_bungo):
    """Five more staff whose atasan is kepala_bungo, each with an ASN account."""
    out = []
    for i in range(5):
        jab = JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, parent=kepala_bungo.jabatan)
        p = PegawaiFactory(jabatan=jab, nama=f"Staf {i}")
        asn_user(p, username=f"staf{i}.bungo")
        out.append(p)
    return out
