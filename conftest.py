"""Shared fixtures: two instansi (Bengkulu, Bungo) with an HR officer, auditor, unit head and ASN each."""

import pytest
from django.test import Client

from asnportal.testing import otp as _otp
from asnportal.testing.factories import (
    PASSWORD,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    asn_user,
    auditor_user,
    hr_user,
    kepala_unit,
)

# force_login also passes the second factor (asnportal/testing/otp.py); real logins go through /masuk/.
_otp.install()


@pytest.fixture(autouse=True)
def _media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _clear_cache():
    """The process-local cache holds login rate-limit counters; start every test clean."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def instansi_bengkulu(db):
    return InstansiFactory(kode="prov-bengkulu", nama="Pemerintah Provinsi Bengkulu", jenis="provinsi")


@pytest.fixture
def instansi_bungo(db):
    return InstansiFactory(kode="kab-bungo", nama="Pemerintah Kabupaten Bungo", jenis="kabupaten")


@pytest.fixture
def opd_bungo(instansi_bungo):
    return UnitKerjaFactory(
        instansi=instansi_bungo, nama="Badan Kepegawaian dan Pengembangan SDM", jenis="badan"
    )


@pytest.fixture
def opd_bengkulu(instansi_bengkulu):
    return UnitKerjaFactory(instansi=instansi_bengkulu, nama="Badan Kepegawaian Daerah", jenis="badan")


@pytest.fixture
def kepala_bungo(opd_bungo):
    """The unit head of opd_bungo (a Pegawai)."""
    return kepala_unit(opd_bungo, nama="Kepala BKPSDM")


@pytest.fixture
def pegawai_bungo(opd_bungo, kepala_bungo):
    """A staff member of opd_bungo whose atasan is kepala_bungo."""
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, parent=kepala_bungo.jabatan)
    return PegawaiFactory(jabatan=jab, nama="Staf BKPSDM")


@pytest.fixture
def pegawai_bengkulu(opd_bengkulu):
    jab = JabatanFactory(unit_kerja=opd_bengkulu, instansi=opd_bengkulu.instansi)
    return PegawaiFactory(jabatan=jab, nama="Staf BKD Bengkulu")


@pytest.fixture
def hr_bungo(instansi_bungo):
    return hr_user(instansi_bungo, username="hr.bungo")


@pytest.fixture
def hr_bengkulu(instansi_bengkulu):
    return hr_user(instansi_bengkulu, username="hr.bengkulu")


@pytest.fixture
def auditor_bungo(instansi_bungo):
    return auditor_user(instansi_bungo, username="auditor.bungo")


@pytest.fixture
def asn_bungo(pegawai_bungo):
    return asn_user(pegawai_bungo, username="asn.bungo")


@pytest.fixture
def pimpinan_bungo(kepala_bungo):
    return asn_user(kepala_bungo, username="kepala.bungo")


@pytest.fixture
def superadmin(db):
    from asnportal.testing.factories import UserFactory

    return UserFactory(username="root", role="superadmin", instansi=None, is_superuser=True, is_staff=True)


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def client_hr_bungo(hr_bungo):
    return _client(hr_bungo)


@pytest.fixture
def client_hr_bengkulu(hr_bengkulu):
    return _client(hr_bengkulu)


@pytest.fixture
def client_asn_bungo(asn_bungo):
    return _client(asn_bungo)


@pytest.fixture
def client_pimpinan_bungo(pimpinan_bungo):
    return _client(pimpinan_bungo)


@pytest.fixture
def client_auditor_bungo(auditor_bungo):
    return _client(auditor_bungo)


@pytest.fixture
def client_superadmin(superadmin):
    return _client(superadmin)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def celery_worker_real(transactional_db):
    """A real Celery worker (in a thread) consuming from the configured broker: Redis when REDIS_URL is set
    (CI), the filesystem transport otherwise. Each pytest-xdist process has its own queue."""
    from celery.contrib.testing.worker import start_worker

    from asnportal.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
        yield app


def wait_for(predicate, timeout=20.0, interval=0.1):
    """Poll until predicate() is truthy (for work done by a real worker)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met within %.0f s" % timeout)


@pytest.fixture
def wait():
    return wait_for
