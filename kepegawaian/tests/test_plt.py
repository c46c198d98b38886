"""Plt./Plh.: HR assigns a pegawai to act in a position from a date to a date (SK); inside the window the
acting pegawai has the position's approval powers and sees its team, outside it not; shown on both profiles,
audited, listed at /kepegawaian/plt/, and an approval by a Plt. records "Plt." in its audit row and document."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from asnportal.models import AuditLog
from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, asn_user
from kepegawaian import atasan
from kepegawaian.models import Pegawai, PenugasanPlt

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 8, 12, 9, 0, tzinfo=WIB), tick=False):
        yield


@pytest.fixture
def org(instansi_bungo):
    i = instansi_bungo
    unit = UnitKerjaFactory(instansi=i, nama="Bidang Mutasi")
    j_kepala = JabatanFactory(instansi=i, unit_kerja=unit, nama="Kepala Bidang Mutasi")  # vacant
    j_atas = JabatanFactory(instansi=i, unit_kerja=unit, nama="Sekretaris")
    j_kepala.parent = j_atas
    j_kepala.save()
    sek = PegawaiFactory(jabatan=j_atas, nama="Sekretaris")
    staf = PegawaiFactory(jabatan=JabatanFactory(instansi=i, unit_kerja=unit, parent=j_kepala), nama="Staf")
    pelaksana = PegawaiFactory(
        jabatan=JabatanFactory(instansi=i, unit_kerja=unit, parent=j_atas), nama="Calon Plt"
    )
    return {
        "j_kepala": j_kepala,
        "sek": sek,
        "staf": staf,
        "plt": pelaksana,
        "u_staf": asn_user(staf, username="p.staf"),
        "u_plt": asn_user(pelaksana, username="p.plt"),
    }


def _c(user):
    c = Client()
    c.force_login(user)
    return c


def _form(org, **kw):
    data = {
        "pegawai": org["plt"].pk,
        "jabatan": org["j_kepala"].pk,
        "jenis": "plt",
        "tanggal_mulai": "2026-08-01",
        "tanggal_selesai": "2026-08-31",
        "nomor_sk": "821/45/BKPSDM/2026",
        "tanggal_sk": "2026-07-30",
        "keterangan": "Jabatan lowong",
    }
    data.update(kw)
    return data


def test_hr_records_plt_with_valid_form_audited_and_listed(org, client_hr_bungo):
    r = client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    assert r.status_code == 302
    t = PenugasanPlt.objects.get()
    assert (t.pegawai, t.jabatan, t.nomor_sk) == (org["plt"], org["j_kepala"], "821/45/BKPSDM/2026")
    assert AuditLog.objects.filter(
        object_type="kepegawaian.PenugasanPlt", object_id=str(t.pk), action="create"
    )
    page = client_hr_bungo.get("/kepegawaian/plt/").content.decode()
    assert "Calon Plt" in page and "821/45/BKPSDM/2026" in page
    assert client_hr_bungo.get(f"/kepegawaian/plt/{t.pk}/").status_code == 200
    assert org["u_plt"].notifikasi.filter(judul__icontains="Plt.").exists()


def test_invalid_plt_form_shows_indonesian_errors_and_saves_nothing(org, client_hr_bungo):
    r = client_hr_bungo.post(
        "/kepegawaian/plt/tambah/", _form(org, tanggal_selesai="2026-07-01", nomor_sk="")
    )
    html = r.content.decode()
    assert r.status_code == 200 and "Tanggal selesai tidak boleh sebelum tanggal mulai." in html
    r = client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org, jabatan=org["plt"].jabatan_id))
    assert "Pegawai sudah memangku jabatan ini secara definitif." in r.content.decode()
    assert not PenugasanPlt.objects.exists()


def test_overlapping_plt_on_same_position_refused(org, client_hr_bungo):
    assert client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org)).status_code == 302
    r = client_hr_bungo.post(
        "/kepegawaian/plt/tambah/", _form(org, pegawai=org["sek"].pk, tanggal_mulai="2026-08-20")
    )
    assert r.status_code == 200 and "sudah dilaksanakan oleh" in r.content.decode()
    assert PenugasanPlt.objects.count() == 1


def test_plt_form_and_list_hr_only_and_other_instansi_choices_refused(
    org, client_asn_bungo, client_hr_bengkulu, client_hr_bungo
):
    assert client_asn_bungo.get("/kepegawaian/plt/tambah/").status_code == 403
    r = client_hr_bengkulu.post("/kepegawaian/plt/tambah/", _form(org))
    assert r.status_code == 200 and not PenugasanPlt.objects.exists()  # Bungo's ids are not valid choices
    client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    t = PenugasanPlt.objects.get()
    assert client_hr_bengkulu.get(f"/kepegawaian/plt/{t.pk}/").status_code == 404
    assert client_hr_bengkulu.get(f"/kepegawaian/plt/{t.pk}/ubah/").status_code == 404


def test_plt_has_powers_and_team_inside_window_only(org, client_hr_bungo):
    client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    u = org["u_plt"]
    assert atasan.may_approve(u, org["staf"], atasan.CUTI)
    assert Pegawai.objects.for_user(u).filter(pk=org["staf"].pk).exists()
    assert _c(u).get(f"/kepegawaian/pegawai/{org['staf'].pk}/").status_code == 200
    assert not atasan.may_approve(u, org["staf"], atasan.CUTI, dt.date(2026, 9, 1))
    with time_machine.travel(dt.datetime(2026, 9, 1, 9, 0, tzinfo=WIB), tick=False):
        u2 = type(u).objects.get(pk=u.pk)
        assert not Pegawai.objects.for_user(u2).filter(pk=org["staf"].pk).exists()
        assert _c(u2).get(f"/kepegawaian/pegawai/{org['staf'].pk}/").status_code == 404


def test_hr_ends_plt_early_by_editing_end_date_audited(org, client_hr_bungo):
    client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    t = PenugasanPlt.objects.get()
    r = client_hr_bungo.post(f"/kepegawaian/plt/{t.pk}/ubah/", _form(org, tanggal_selesai="2026-08-11"))
    assert r.status_code == 302
    assert not atasan.may_approve(org["u_plt"], org["staf"], atasan.CUTI)
    row = AuditLog.objects.get(object_type="kepegawaian.PenugasanPlt", action="update")
    assert row.changes["tanggal_selesai"] == ["2026-08-31", "2026-08-11"]


def test_plt_shown_on_both_profiles(org, client_hr_bungo):
    client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    acting = client_hr_bungo.get(f"/kepegawaian/pegawai/{org['plt'].pk}/").content.decode()
    assert "Bertindak sebagai Plt. Kepala Bidang Mutasi" in acting
    own = _c(org["u_plt"]).get("/kepegawaian/profil-saya/").content.decode()
    assert "Bertindak sebagai Plt. Kepala Bidang Mutasi" in own
    # The position's own page lists who acts in it.
    holder = PegawaiFactory(jabatan=org["j_kepala"], nama="Kabid Definitif")
    page = client_hr_bungo.get(f"/kepegawaian/pegawai/{holder.pk}/").content.decode()
    assert "ditugaskan sebagai Plt. jabatan ini" in page
    jabatan_page = client_hr_bungo.get(f"/kepegawaian/jabatan/{org['j_kepala'].pk}/").content.decode()
    assert "Plt. Calon Plt" in jabatan_page


def test_approval_by_plt_records_capacity_in_audit_and_on_leave_row(org, client_hr_bungo):
    from kehadiran import services
    from kehadiran.tests.factories import JadwalKerjaFactory, JenisCutiFactory

    client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    JadwalKerjaFactory(instansi=org["staf"].instansi)
    jenis = JenisCutiFactory(instansi=org["staf"].instansi)
    c = services.cuti_ajukan(
        actor=org["u_staf"],
        data={
            "jenis": jenis,
            "tanggal_mulai": dt.date(2026, 8, 17),
            "tanggal_selesai": dt.date(2026, 8, 18),
            "alasan": "x",
        },
    )
    assert org["u_plt"].notifikasi.filter(judul__icontains="cuti").exists()
    r = _c(org["u_plt"]).post(f"/kehadiran/cuti/{c.pk}/", {"keputusan": "setuju", "catatan": ""})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == "disetujui_atasan" and c.atasan_kapasitas == "Plt. Kepala Bidang Mutasi"
    row = AuditLog.objects.filter(
        object_type="kehadiran.PengajuanCuti", object_id=str(c.pk), action="workflow"
    ).get()
    assert row.changes["kapasitas"] == [None, "Plt."]
    # the notification asking for the decision is resolved
    assert not org["u_plt"].notifikasi.filter(url=f"/kehadiran/cuti/{c.pk}/", read_at__isnull=True).exists()


def test_definitive_approval_records_no_capacity(org):
    assert atasan.kapasitas(asn_user(org["sek"], username="p.sek"), org["plt"], atasan.CUTI) == ""
    assert atasan.audit_kapasitas(org["u_staf"], org["plt"]) == {}


def test_skp_approved_by_plt_prints_plt_on_document_header(org, client_hr_bungo):
    from kinerja import services
    from kinerja.tests.factories import skp_draft

    client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    skp = skp_draft(org["u_staf"], tahun=2026)
    services.skp_submit(actor=org["u_staf"], skp=skp)
    skp = services.skp_approve(actor=org["u_plt"], skp=skp)
    assert skp.penilai_jabatan == "Plt. Kepala Bidang Mutasi" and skp.penilai_nama == "Calon Plt"
    row = (
        AuditLog.objects.filter(object_type="kinerja.SKP", object_id=str(skp.pk), action="workflow")
        .order_by("pk")
        .last()
    )
    assert row.changes["kapasitas"] == [None, "Plt."]


def test_plt_api_create_invalid_and_scoped(org, client_hr_bungo, client_hr_bengkulu, client_asn_bungo):
    body = _form(org)
    body.pop("keterangan")
    r = client_hr_bungo.post("/api/v1/plt/", body, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["singkatan"] == "Plt."
    bad = client_hr_bungo.post(
        "/api/v1/plt/", {**body, "tanggal_mulai": "2026-08-10"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "tanggal_mulai" in bad.json()
    assert client_asn_bungo.post("/api/v1/plt/", body, content_type="application/json").status_code == 403
    assert client_hr_bengkulu.get(f"/api/v1/plt/{pk}/").status_code == 404
    assert client_hr_bengkulu.get("/api/v1/plt/").json()["count"] == 0
    r = client_hr_bungo.patch(
        f"/api/v1/plt/{pk}/", {"tanggal_selesai": "2026-08-20"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["tanggal_selesai"] == "2026-08-20"
    assert client_hr_bungo.delete(f"/api/v1/plt/{pk}/").status_code == 405


def test_plt_list_query_budget(org, client_hr_bungo, django_assert_max_num_queries):
    from kepegawaian.tests.factories import penugasan_plt

    for _ in range(3):
        penugasan_plt(org["staf"].instansi)
    from asnportal.testing.queries import queries_for

    small = queries_for(client_hr_bungo, "/kepegawaian/plt/")
    for _ in range(10):
        penugasan_plt(org["staf"].instansi)
    with django_assert_max_num_queries(small):
        assert client_hr_bungo.get("/kepegawaian/plt/").status_code == 200


def test_evaluation_by_plt_signs_as_plt_on_its_pdf(org, client_hr_bungo):
    from kinerja import services
    from kinerja.tests.factories import skp_draft

    client_hr_bungo.post("/kepegawaian/plt/tambah/", _form(org))
    skp = skp_draft(org["u_staf"], tahun=2026)
    services.skp_submit(actor=org["u_staf"], skp=skp)
    services.skp_approve(actor=org["u_plt"], skp=skp)
    ev = services.evaluasi_save(
        actor=org["u_plt"], skp=skp, periode=1, rating_hasil="sesuai", rating_perilaku="sesuai"
    )
    assert ev.dinilai_sebagai == "Plt. Kepala Bidang Mutasi"
    r = _c(org["u_plt"]).get(f"/kinerja/evaluasi/{ev.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    import subprocess

    data = b"".join(r.streaming_content) if r.streaming else r.content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "Plt. Kepala Bidang Mutasi" in text and "Calon Plt" in text
    row = AuditLog.objects.filter(object_type="kinerja.Evaluasi", object_id=str(ev.pk)).get()
    assert row.changes["kapasitas"] == [None, "Plt."]
