import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from asnportal import jobs
from asnportal.models import AuditLog
from laporan.models import LaporanRun

from .factories import make_run

pytestmark = pytest.mark.django_db


def _done(run, content=b"%PDF-1.7 isi laporan"):
    run.file.save(f"x{run.pk}.pdf", ContentFile(content), save=False)
    run.status = jobs.JobStatus.SUCCESS
    run.nama_berkas = "bulanan-uji.pdf"
    run.ukuran = len(content)
    run.save()
    return run


def test_list_shows_only_own_instansi(client_hr_bungo, instansi_bungo, instansi_bengkulu):
    make_run(instansi_bungo, jadwal="bulanan otomatis")
    make_run(instansi_bengkulu, mulai=dt.date(2025, 12, 1), selesai=dt.date(2025, 12, 31))
    resp = client_hr_bungo.get(reverse("laporan:laporan_list"))
    assert resp.status_code == 200
    assert "Januari 2026" in resp.content.decode() and "Desember 2025" not in resp.content.decode()


def test_list_forbidden_for_asn(client_asn_bungo):
    assert client_asn_bungo.get(reverse("laporan:laporan_list")).status_code == 403


@pytest.mark.parametrize("n", [5, 30])
def test_list_query_budget(client_hr_bungo, instansi_bungo, hr_bungo, django_assert_max_num_queries, n):
    for i in range(n):
        make_run(
            instansi_bungo,
            mulai=dt.date(2000 + i, 1, 1),
            selesai=dt.date(2000 + i, 1, 31),
            requested_by=hr_bungo,
        )
    with django_assert_max_num_queries(12):
        resp = client_hr_bungo.get(reverse("laporan:laporan_list"))
    assert resp.status_code == 200


def test_list_warns_when_background_work_is_delayed(client_hr_bungo, instansi_bungo):
    make_run(instansi_bungo)  # PENDING, enqueued_at empty: the broker never took it
    html = client_hr_bungo.get(reverse("laporan:laporan_list")).content.decode()
    assert "belum masuk antrean" in html and "Tertunda" in html


def test_detail_and_htmx_partial(client_hr_bungo, instansi_bungo, django_assert_max_num_queries):
    run = make_run(instansi_bungo)
    url = reverse("laporan:laporan_detail", args=[run.pk])
    with django_assert_max_num_queries(10):
        page = client_hr_bungo.get(url)
    assert page.status_code == 200 and "<html" in page.content.decode()
    partial = client_hr_bungo.get(url, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and 'hx-trigger="every 2s"' in body and "tidak tersedia" in body
    _done(run)
    body = client_hr_bungo.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in body and reverse("laporan:laporan_download", args=[run.pk]) in body


def test_other_instansi_gets_404_everywhere(client_hr_bengkulu, instansi_bungo):
    run = _done(make_run(instansi_bungo))
    for name in ("laporan_detail", "laporan_download", "laporan_retry"):
        url = reverse(f"laporan:{name}", args=[run.pk])
        assert client_hr_bengkulu.get(url).status_code == 404
    assert client_hr_bengkulu.post(reverse("laporan:laporan_retry", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.status == jobs.JobStatus.SUCCESS


def test_asn_and_pimpinan_cannot_download(client_asn_bungo, client_pimpinan_bungo, instansi_bungo):
    run = _done(make_run(instansi_bungo))
    url = reverse("laporan:laporan_download", args=[run.pk])
    assert client_asn_bungo.get(url).status_code in (403, 404)
    assert client_pimpinan_bungo.get(url).status_code in (403, 404)


def test_download_own_report_is_audited(client_hr_bungo, client_auditor_bungo, instansi_bungo):
    run = _done(make_run(instansi_bungo))
    url = reverse("laporan:laporan_download", args=[run.pk])
    resp = client_hr_bungo.get(url)
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == b"%PDF-1.7 isi laporan"
    assert 'filename="bulanan-uji.pdf"' in resp["Content-Disposition"]
    assert client_auditor_bungo.get(url).status_code == 200
    assert AuditLog.objects.filter(action="export", object_id=str(run.pk)).count() == 2


def test_download_not_ready_is_404(client_hr_bungo, instansi_bungo):
    run = make_run(instansi_bungo)
    assert client_hr_bungo.get(reverse("laporan:laporan_download", args=[run.pk])).status_code == 404


def test_download_via_x_accel_redirect(settings, client_hr_bungo, instansi_bungo):
    settings.PORTAL_X_ACCEL_REDIRECT = True
    run = _done(make_run(instansi_bungo))
    resp = client_hr_bungo.get(reverse("laporan:laporan_download", args=[run.pk]))
    assert resp.status_code == 200 and resp["X-Accel-Redirect"] == f"/protected/{run.file.name}"
    assert resp.content == b""


def test_create_form_redirects_and_duplicate_returns_existing(client_hr_bungo, instansi_bungo):
    data = {"jenis": "bulanan", "format": "pdf", "tanggal": "2026-01-15"}
    resp = client_hr_bungo.post(reverse("laporan:laporan_create"), data)
    run = LaporanRun.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("laporan:laporan_detail", args=[run.pk])
    assert (run.periode_mulai, run.periode_selesai, run.instansi_id) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
        instansi_bungo.pk,
    )
    resp2 = client_hr_bungo.post(reverse("laporan:laporan_create"), data)
    assert resp2["Location"] == resp["Location"] and LaporanRun.objects.count() == 1


def test_create_form_errors_keep_input(client_hr_bungo, instansi_bungo):
    resp = client_hr_bungo.post(
        reverse("laporan:laporan_create"), {"jenis": "duk", "format": "pdf", "tanggal": "2026-01-15"}
    )
    html = resp.content.decode()
    assert resp.status_code == 200 and "pilih unit kerja" in html and 'value="2026-01-15"' in html
    assert not LaporanRun.objects.exists()


def test_create_form_rejects_other_instansi_unit(client_hr_bungo, opd_bengkulu):
    resp = client_hr_bungo.post(
        reverse("laporan:laporan_create"),
        {"jenis": "duk", "format": "xlsx", "tanggal": "2026-01-15", "unit_kerja": opd_bengkulu.pk},
    )
    assert resp.status_code == 200 and not LaporanRun.objects.exists()


def test_create_forbidden_for_auditor(client_auditor_bungo):
    assert client_auditor_bungo.get(reverse("laporan:laporan_create")).status_code == 403


def test_superadmin_chooses_instansi(client_superadmin, instansi_bengkulu):
    resp = client_superadmin.post(
        reverse("laporan:laporan_create"),
        {"instansi": instansi_bengkulu.pk, "jenis": "tahunan", "format": "xlsx", "tanggal": "2025-06-01"},
    )
    assert resp.status_code == 302
    assert LaporanRun.objects.get().instansi_id == instansi_bengkulu.pk


def test_retry_button(client_hr_bungo, client_auditor_bungo, instansi_bungo):
    run = make_run(instansi_bungo, status=jobs.JobStatus.FAILED, error="gagal", finished_at=timezone.now())
    url = reverse("laporan:laporan_retry", args=[run.pk])
    assert client_hr_bungo.get(url).status_code == 405
    assert client_auditor_bungo.post(url).status_code == 403
    detail = client_hr_bungo.get(reverse("laporan:laporan_detail", args=[run.pk])).content.decode()
    assert "Coba lagi" in detail
    assert client_hr_bungo.post(url).status_code == 302
    run.refresh_from_db()
    assert run.status == jobs.JobStatus.PENDING


def test_dashboard_widget_and_nav(client_hr_bungo, client_asn_bungo):
    html = client_hr_bungo.get(reverse("dashboard")).content.decode()
    assert reverse("laporan:laporan_list") in html
    assert reverse("laporan:laporan_list") not in client_asn_bungo.get(reverse("dashboard")).content.decode()
