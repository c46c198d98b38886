"""Seats under concurrent requests: real threads, each with its own database connection and transaction.

On PostgreSQL the session row lock (select_for_update) queues the writers; on SQLite the IMMEDIATE
transaction mode serialises them. pytest-django's SQLite test database is in memory with a shared cache,
where a waiting writer gets "database table is locked" at once instead of waiting for the busy timeout, so
`_run` retries that one error (what the busy timeout does on the file database in production). That shared
cache also makes the answer a retried thread sees unreliable, so on SQLite the tests judge the outcome by the
database state (the guarantees that matter: seats, waitlist order, one enrolment per pegawai); on PostgreSQL
they check every thread's answer too.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, asn_user
from pelatihan import services
from pelatihan.choices import StatusPeserta
from pelatihan.models import Peserta, Sesi

from .factories import ProgramFactory, SesiFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _run(fn, n_threads):
    """Run fn(i) in n threads released together; return {i: result or exception}."""
    barrier = threading.Barrier(n_threads)
    results = {}

    def worker(i):
        try:
            barrier.wait(timeout=30)
            for _attempt in range(200):
                try:
                    results[i] = fn(i)
                    break
                except OperationalError as exc:
                    if "locked" not in str(exc) or connection.vendor != "sqlite":
                        raise
                    connection.close()  # start the retry on a clean connection
                    time.sleep(0.01)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.fixture
def setup(opd_bungo, kepala_bungo, instansi_bungo):
    atasan = asn_user(kepala_bungo, username="kepala.konkuren")
    staf = []
    for i in range(8):
        jab = JabatanFactory(unit_kerja=opd_bungo, instansi=instansi_bungo, parent=kepala_bungo.jabatan)
        p = PegawaiFactory(jabatan=jab, nama=f"Staf Konkuren {i}")
        asn_user(p, username=f"konkuren{i}")
        staf.append(p)
    sesi = SesiFactory(program=ProgramFactory(instansi=instansi_bungo), kapasitas=3)
    return atasan, staf, sesi


def _exact() -> bool:
    return connection.vendor != "sqlite"


def _invariants(sesi):
    sesi = Sesi.objects.get(pk=sesi.pk)
    duduk = Peserta.objects.filter(sesi=sesi, status__in=["terdaftar", "selesai"]).count()
    tunggu = list(
        Peserta.objects.filter(sesi=sesi, status="daftar_tunggu")
        .order_by("antrean")
        .values_list("antrean", flat=True)
    )
    assert sesi.terisi == duduk <= sesi.kapasitas
    assert len(tunggu) == len(set(tunggu))
    return sesi, duduk, tunggu


def test_pendaftaran_serentak_tidak_melebihi_kapasitas(setup):
    atasan, staf, sesi = setup
    results = _run(lambda i: services.peserta_daftar(actor=atasan, sesi=sesi, pegawai=staf[i]).status, 8)
    if _exact():
        assert sorted(results.values()) == ["daftar_tunggu"] * 5 + ["terdaftar"] * 3, results
    assert Peserta.objects.filter(sesi=sesi).count() == 8
    sesi, duduk, tunggu = _invariants(sesi)
    assert (duduk, tunggu) == (3, [1, 2, 3, 4, 5])


def test_pendaftaran_ganda_serentak_hanya_satu(setup):
    _atasan, staf, sesi = setup
    user = staf[0].user
    results = _run(lambda i: services.peserta_daftar(actor=user, sesi=sesi, pegawai=staf[0]).pk, 6)
    ok = [r for r in results.values() if isinstance(r, int)]
    errors = [r for r in results.values() if isinstance(r, ValidationError)]
    if _exact():
        assert len(ok) == 1 and len(errors) == 5, results
    assert len(ok) + len(errors) == 6, results
    assert Peserta.objects.filter(sesi=sesi, pegawai=staf[0]).count() == 1


def test_pembatalan_serentak_menaikkan_daftar_tunggu_tanpa_kursi_hilang(setup):
    atasan, staf, sesi = setup
    ps = [services.peserta_daftar(actor=atasan, sesi=sesi, pegawai=p) for p in staf]
    seated = [p for p in ps if p.status == StatusPeserta.TERDAFTAR]
    waiting = [p for p in ps if p.status == StatusPeserta.DAFTAR_TUNGGU]
    assert (len(seated), len(waiting)) == (3, 5)
    # Three seated participants cancel while two waiting ones cancel too, all at once.
    leaving = seated + waiting[3:]
    results = _run(
        lambda i: services.peserta_batal(actor=leaving[i].pegawai.user, peserta=leaving[i]).status,
        len(leaving),
    )
    if _exact():
        assert set(results.values()) == {"batal"}, results
    assert Peserta.objects.filter(pk__in=[p.pk for p in leaving], status="batal").count() == len(leaving)
    sesi, duduk, tunggu = _invariants(sesi)
    assert duduk == 3  # no seat lost: the three freed seats went to the waitlist
    promoted = set(Peserta.objects.filter(sesi=sesi, status="terdaftar").values_list("pk", flat=True))
    assert promoted == {p.pk for p in waiting[:3]}  # first come, first served
    assert tunggu == []


def test_batal_dan_daftar_bersamaan(setup):
    atasan, staf, sesi = setup
    ps = [services.peserta_daftar(actor=atasan, sesi=sesi, pegawai=p) for p in staf[:3]]

    def act(i):
        if i < 2:
            return services.peserta_batal(actor=atasan, peserta=ps[i]).status
        return services.peserta_daftar(actor=atasan, sesi=sesi, pegawai=staf[i + 1]).status

    results = _run(act, 6)
    if _exact():
        assert not [r for r in results.values() if isinstance(r, Exception)], results
    assert Peserta.objects.filter(pk__in=[ps[0].pk, ps[1].pk], status="batal").count() == 2
    assert Peserta.objects.filter(sesi=sesi, pegawai__in=staf[3:7]).count() == 4
    sesi, duduk, tunggu = _invariants(sesi)
    # 3 seats: 1 original + 2 of the 4 newcomers; the other 2 wait
    assert duduk == 3 and len(tunggu) == 2
