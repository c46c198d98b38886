import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kehadiran.models import HariLibur, LokasiKantor

from .factories import JadwalKerjaFactory, JenisCutiFactory

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=WIB)  # Tuesday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def kalender_bungo(instansi_bungo):
    """Default 5-day schedule and one holiday (Thursday 5 March 2026) for Bungo."""
    JadwalKerjaFactory(instansi=instansi_bungo)
    HariLibur.objects.create(instansi=instansi_bungo, tanggal=dt.date(2026, 3, 5), nama="Libur contoh")
    return instansi_bungo


@pytest.fixture
def cuti_tahunan_bungo(instansi_bungo):
    return JenisCutiFactory(instansi=instansi_bungo)


@pytest.fixture
def lokasi_bungo(opd_bungo):
    return LokasiKantor.objects.create(
        instansi=opd_bungo.instansi,
        unit_kerja=opd_bungo,
        nama="Kantor BKPSDM",
        mode="lokasi_atau_jaringan",
        latitude=-1.4852,
        longitude=102.1130,
        radius_m=150,
        jaringan="10.17.0.0/16",
    )


def wib(day, hh, mm=0):
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=WIB)
