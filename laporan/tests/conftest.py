import datetime as dt

import pytest

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory


@pytest.fixture
def workforce_bungo(opd_bungo, kepala_bungo, pegawai_bungo):
    """A small workforce in Bungo: a BKPSDM head, staff, a sub-unit and a few pegawai with varied data."""
    sub = UnitKerjaFactory(
        instansi=opd_bungo.instansi, parent=opd_bungo, nama="Bidang Mutasi", jenis="bidang"
    )
    jab = JabatanFactory(
        unit_kerja=sub, instansi=opd_bungo.instansi, jenis="PELAKSANA", kelas_jabatan=6, jumlah_formasi=4
    )
    people = [
        PegawaiFactory(
            jabatan=jab, golongan="II/c", tmt_golongan=dt.date(2019, 4, 1), tmt_cpns=dt.date(2026, 1, 1)
        ),
        PegawaiFactory(jabatan=jab, golongan="IV/a", tmt_golongan=dt.date(2018, 4, 1)),
        PegawaiFactory(
            jabatan=jab, golongan="III/b", tmt_golongan=dt.date(2021, 4, 1), status_aktif="pensiun"
        ),
    ]
    return {"sub": sub, "jabatan": jab, "people": people}
