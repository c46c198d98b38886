import datetime as dt

from django.utils import timezone

from rekrutmen import services
from rekrutmen.report import report_section

from . import factories as F


def test_report_section_counts_own_instansi_only(hr_bungo, instansi_bungo, instansi_bengkulu):
    f = F.formasi(F.seleksi(instansi_bungo), kuota=2)
    a, _b = F.lamaran(f), F.lamaran(f)
    services.verifikasi_simpan(
        actor=hr_bungo, lamaran=a, hasil={s.pk: ("MS", "") for s in f.persyaratan.all()}
    )
    F.lamaran(F.formasi(F.seleksi(instansi_bengkulu)))
    today = timezone.localdate()
    sec = report_section(instansi_id=instansi_bungo.pk, start=today - dt.timedelta(days=30), end=today)
    summary = dict(sec["summary"])
    assert summary["Seleksi"] == 1 and summary["Kuota formasi disetujui"] == 2
    assert summary["Pelamar (lamaran dikirim)"] == 2 and summary["Memenuhi syarat administrasi"] == 1
    assert sec["tables"][0]["rows"][0][1:] == [1, 2, 0]
    assert sec["charts"][0]["values"] == [2, 1, 0, 0]
    empty = report_section(
        instansi_id=instansi_bungo.pk,
        start=today - dt.timedelta(days=400),
        end=today - dt.timedelta(days=300),
    )
    assert dict(empty["summary"])["Pelamar (lamaran dikirim)"] == 0
