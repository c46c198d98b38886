"""Issue 16, smaller points: NIP against TMT CPNS."""

import datetime as dt

import pytest

from kepegawaian import rules


@pytest.mark.parametrize(
    ("nomor", "status", "tmt", "ok"),
    [
        ("198609262015051001", "PNS", dt.date(2015, 5, 1), True),
        ("198609262015051001", "PNS", dt.date(2015, 5, 20), True),  # the NIP has no day
        ("198609262015051001", "PNS", dt.date(2015, 6, 1), False),
        ("198609262015051001", "PNS", dt.date(2014, 5, 1), False),
        ("198609262015051001", "PNS", None, True),
        ("199009132025242014", "PPPK", dt.date(2025, 3, 1), True),
        ("199009132025242014", "PPPK", dt.date(2024, 3, 1), False),
    ],
)
def test_tmt_cpns_against_nip_digits_9_to_14(nomor, status, tmt, ok):
    pesan = rules.cek_tmt_cpns(rules.decode_nomor_induk(nomor, status), tmt)
    assert (pesan is None) == ok
    if not ok:
        assert "digit 9" in pesan


@pytest.mark.django_db
def test_pegawai_form_refuses_tmt_cpns_that_disagrees_with_nip(client_hr_bungo, pegawai_bungo):
    url = f"/kepegawaian/pegawai/{pegawai_bungo.pk}/ubah/"
    form = client_hr_bungo.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "foto"}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    data["jabatan"] = pegawai_bungo.jabatan_id
    data["tmt_cpns"] = "2010-01-01"
    r = client_hr_bungo.post(url, data)
    assert r.status_code == 200
    assert "TMT CPNS (01-2010) tidak sesuai dengan NIP: digit 9–14 menunjukkan 01-2005." in r.content.decode()
    data["tmt_cpns"] = "2005-01-01"
    assert client_hr_bungo.post(url, data).status_code == 302


# --- History people can read -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_history_panel_and_audit_page_read_like_sentences(
    client_hr_bungo, hr_bungo, pegawai_bungo, opd_bungo, client_auditor_bungo, client_hr_bengkulu
):
    import io

    from openpyxl import load_workbook

    from asnportal.models import AuditLog
    from asnportal.testing.factories import JabatanFactory
    from kepegawaian import services

    hr_bungo.first_name, hr_bungo.last_name = "Sri", "Wahyuni"
    hr_bungo.save()
    lama = pegawai_bungo.jabatan
    baru = JabatanFactory(instansi=opd_bungo.instansi, unit_kerja=opd_bungo, nama="Analis Mutasi Kepegawaian")
    services.pegawai_update(
        actor=hr_bungo, pegawai=pegawai_bungo, data={"jabatan": baru, "golongan": "III/b"}
    )
    entry = AuditLog.objects.filter(object_type="kepegawaian.Pegawai", action="update").latest("pk")
    # 02:30 UTC is 09:30 in Jakarta
    AuditLog.objects.filter(pk=entry.pk).update(created_at=dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC))
    html = client_hr_bungo.get(f"/kepegawaian/pegawai/{pegawai_bungo.pk}/").content.decode()
    panel = html[html.index("Riwayat perubahan") :]
    assert "02-03-2026 09:30 WIB" in panel and "Sri Wahyuni" in panel
    assert f"Jabatan: {lama.nama} → Analis Mutasi Kepegawaian" in panel
    assert "Golongan/ruang: III/a – Penata Muda → III/b – Penata Muda Tingkat I" in panel
    assert "Diperbarui" not in panel
    assert "jabatan_id" not in panel and "<code>" not in panel
    # /audit/: filters and export, same words
    r = client_auditor_bungo.get("/audit/", {"pelaku": "wahyuni", "object_type": "kepegawaian.Pegawai"})
    page = r.content.decode()
    assert "Analis Mutasi Kepegawaian" in page and "Sri Wahyuni" in page
    r = client_auditor_bungo.get("/audit/", {"pelaku": "orang lain"})
    assert "Analis Mutasi Kepegawaian" not in r.content.decode()
    r = client_auditor_bungo.get("/audit/", {"dari": "2026-03-02", "sampai": "2026-03-02", "aksi": "update"})
    assert "Analis Mutasi Kepegawaian" in r.content.decode()
    r = client_auditor_bungo.get("/audit/", {"dari": "2026-03-03"})
    assert "Analis Mutasi Kepegawaian" not in r.content.decode()
    r = client_auditor_bungo.get("/audit/", {"pelaku": "wahyuni", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert any(
        row[0] == "02-03-2026 09:30:00"
        and row[1] == "Sri Wahyuni"
        and "Golongan/ruang: III/a – Penata Muda → III/b" in row[5]
        for row in rows
    ), rows
    assert AuditLog.objects.filter(action="export", object_type="asnportal.AuditLog").exists()
    # another instansi's officer sees none of it
    assert "Analis Mutasi Kepegawaian" not in client_hr_bengkulu.get("/audit/").content.decode()


@pytest.mark.django_db
def test_django_admin_edits_are_audited(client_superadmin, superadmin, opd_bungo):
    from asnportal.models import AuditLog

    url = f"/admin/kepegawaian/instansi/{opd_bungo.instansi_id}/change/"
    inst = opd_bungo.instansi
    r = client_superadmin.post(
        url,
        {"kode": inst.kode, "nama": "Pemerintah Kabupaten Muara Bungo", "jenis": inst.jenis, "wke_menit": ""},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    log = AuditLog.objects.filter(object_type="kepegawaian.Instansi", action="update").latest("pk")
    assert log.actor == superadmin and log.reason == "Diubah lewat Django admin"
    assert log.changes["nama"] == [inst.nama, "Pemerintah Kabupaten Muara Bungo"]


# --- Due lists that reach every due person -----------------------------------------------------------------
def _nip_for(lahir, tmt, n):
    return f"{lahir:%Y%m%d}{tmt:%Y%m}1{n:03d}"


@pytest.mark.django_db
def test_kgb_dues_all_reachable_filtered_and_exportable(client_hr_bungo, pegawai_bungo, client_asn_bungo):
    import io

    from openpyxl import load_workbook

    from asnportal.testing.factories import PegawaiFactory

    target = dt.date.today() + dt.timedelta(days=30)
    tmt = dt.date(target.year - 4, target.month, 1)
    lahir = dt.date(1985, 3, 4)
    for n in range(1, 9):
        PegawaiFactory(
            jabatan=pegawai_bungo.jabatan,
            nip=_nip_for(lahir, tmt, n),
            tanggal_lahir=lahir,
            tmt_cpns=tmt,
            nama=f"Berkala {n}",
        )
    from kepegawaian import selectors

    total = selectors.pengingat_hr(user=client_hr_bungo.get("/").wsgi_request.user)["kgb_jumlah"]
    assert total >= 8  # the 8 above (and anyone of the fixtures due too)
    html = client_hr_bungo.get("/").content.decode()
    assert f"Lihat semua {total}" in html and "/kepegawaian/kgb/" in html
    html = client_hr_bungo.get("/kepegawaian/kgb/").content.decode()
    assert all(f"Berkala {n}<" in html for n in range(1, 9))
    r = client_hr_bungo.get("/kepegawaian/kgb/?hari=90&format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert ws.max_row == total + 1 and ws["A2"].number_format == "@"
    assert client_asn_bungo.get("/kepegawaian/kgb/").status_code == 403
    r = client_hr_bungo.get("/kepegawaian/kenaikan-pangkat/?format=csv")
    assert r.status_code == 200 and r["Content-Type"] == "text/csv"


@pytest.mark.django_db
def test_pensiun_lists_past_bup_with_tmt_ahead_and_profile_shows_tmt(client_hr_bungo, pegawai_bungo):
    from asnportal.testing.factories import PegawaiFactory
    from kepegawaian import rules as r

    today = dt.date.today()
    # reached BUP 58 earlier this month (or yesterday): TMT pensiun is the 1st of next month, still ahead
    lahir = (
        dt.date(today.year - 58, today.month, 1)
        if today.day > 1
        else dt.date(today.year - 58, today.month, 1)
    )
    if r.tanggal_bup(lahir, 58) >= today:
        pytest.skip("first day of the month: no 'past BUP this month' date exists today")
    p = PegawaiFactory(
        jabatan=pegawai_bungo.jabatan,
        nip=_nip_for(lahir, dt.date(2005, 1, 1), 7),
        tanggal_lahir=lahir,
        tmt_cpns=dt.date(2005, 1, 1),
        nama="Hampir Pensiun",
    )
    assert p.tmt_pensiun > today
    html = client_hr_bungo.get("/kepegawaian/pensiun/?tahun=1").content.decode()
    assert "Hampir Pensiun" in html
    html = client_hr_bungo.get("/").content.decode()  # the dashboard reminder reaches them too
    assert "Hampir Pensiun" in html and "/kepegawaian/pensiun/?tahun=1" in html
    html = client_hr_bungo.get(f"/kepegawaian/pegawai/{p.pk}/").content.decode()
    assert "TMT pensiun" in html and p.tmt_pensiun.strftime("%d-%m-%Y") in html


# --- Rank history with SK; SIASN corrects the history TMT ---------------------------------------------------
@pytest.mark.django_db
def test_rank_history_sk_editable_and_siasn_updates_history_tmt(
    client_hr_bungo, hr_bungo, pegawai_bungo, client_asn_bungo
):
    from asnportal.models import AuditLog
    from kepegawaian import impor
    from kepegawaian.models import RekonsiliasiSIASN, RiwayatPangkat, SelisihSIASN

    rp = RiwayatPangkat.objects.create(pegawai=pegawai_bungo, golongan="III/a", tmt=dt.date(2020, 4, 1))
    url = f"/kepegawaian/riwayat-pangkat/{rp.pk}/ubah/"
    assert client_asn_bungo.get(url).status_code in (403, 404)
    r = client_hr_bungo.post(
        url,
        {
            "golongan": "III/a",
            "tmt": "2020-04-01",
            "jenis": rp.jenis,
            "nomor_sk": "823/45/2020",
            "tanggal_sk": "2020-03-10",
        },
    )
    assert r.status_code == 302
    rp.refresh_from_db()
    assert (rp.nomor_sk, rp.tanggal_sk) == ("823/45/2020", dt.date(2020, 3, 10))
    html = client_hr_bungo.get(f"/kepegawaian/pegawai/{pegawai_bungo.pk}/").content.decode()
    assert "823/45/2020 (10-03-2020)" in html and "Nomor SK: — → 823/45/2020" in html
    r = client_hr_bungo.post(url, {"golongan": "", "tmt": "", "jenis": rp.jenis})
    assert r.status_code == 200  # invalid: golongan and TMT are required
    # SIASN says the TMT of the current golongan is 01-10-2020: taking it corrects the history row too
    rek = RekonsiliasiSIASN.objects.create(
        instansi=pegawai_bungo.instansi, nama_berkas="siasn.csv", dibuat_oleh=hr_bungo
    )
    sel = SelisihSIASN.objects.create(
        rekonsiliasi=rek,
        pegawai=pegawai_bungo,
        nip=pegawai_bungo.nip,
        jenis="beda",
        kolom="tmt_golongan",
        nilai_portal="01-04-2020",
        nilai_siasn="01-10-2020",
    )
    impor.siasn_putuskan(actor=hr_bungo, selisih=sel, keputusan="ambil_siasn", catatan="")
    rp.refresh_from_db()
    assert rp.tmt == dt.date(2020, 10, 1)
    assert (
        AuditLog.objects.filter(
            object_type="kepegawaian.RiwayatPangkat", object_id=str(rp.pk), action="update"
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_verified_proposal_copies_document_number_and_file_into_archive(asn_bungo, hr_bungo, pegawai_bungo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kepegawaian import services
    from kepegawaian.models import DokumenPegawai

    from .factories import PDF_BYTES

    usulan = services.usulan_data_ajukan(
        actor=asn_bungo,
        jenis="pendidikan",
        data={
            "pendidikan_terakhir": "S2",
            "jurusan": "Administrasi Publik",
            "nomor_dokumen": "IJZ/2024/0042",
        },
        dokumen=SimpleUploadedFile("ijazah.pdf", PDF_BYTES, content_type="application/pdf"),
        jenis_dokumen="ijazah",
    )
    services.usulan_data_verifikasi(actor=hr_bungo, usulan=usulan)
    dok = DokumenPegawai.objects.get(pegawai=pegawai_bungo)
    usulan.refresh_from_db()
    assert (dok.jenis, dok.nomor) == ("ijazah", "IJZ/2024/0042")
    assert dok.berkas.name == usulan.dokumen.name and dok.berkas.read().startswith(b"%PDF")
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.pendidikan_terakhir == "S2"


@pytest.mark.django_db
def test_potensi_entered_in_the_browser_by_hr_only(
    client_hr_bungo, client_asn_bungo, pegawai_bungo, pegawai_bengkulu
):
    from kinerja.models import NilaiPotensi

    url = "/kinerja/talenta/potensi/tambah/"
    assert client_asn_bungo.get(url).status_code == 403
    r = client_hr_bungo.post(url, {"pegawai": pegawai_bengkulu.pk, "tahun": 2026, "skor": "70"})
    assert r.status_code == 200 and not NilaiPotensi.objects.exists()  # another instansi's pegawai: refused
    r = client_hr_bungo.post(url, {"pegawai": pegawai_bungo.pk, "tahun": 2026, "skor": "101"})
    assert r.status_code == 200 and not NilaiPotensi.objects.exists()
    r = client_hr_bungo.post(
        url, {"pegawai": pegawai_bungo.pk, "tahun": 2026, "skor": "82.5", "sumber": "Assessment center"}
    )
    assert r.status_code == 302 and r["Location"].endswith("?tahun=2026")
    assert NilaiPotensi.objects.get(pegawai=pegawai_bungo, tahun=2026).skor == 82.5


@pytest.mark.django_db
def test_position_codes_visible_and_searchable(client_hr_bungo, opd_bungo):
    from asnportal.testing.factories import JabatanFactory

    j = JabatanFactory(instansi=opd_bungo.instansi, unit_kerja=opd_bungo, nama="Analis Kode", kode="AK-77")
    html = client_hr_bungo.get("/kepegawaian/jabatan/", {"q": "AK-77"}).content.decode()
    assert "<code>AK-77</code>" in html and "Analis Kode" in html
    assert "<code>AK-77</code>" in client_hr_bungo.get(f"/kepegawaian/jabatan/{j.pk}/").content.decode()


@pytest.mark.django_db
def test_restructuring_audits_each_unit_position_person_and_notifies(
    hr_bungo, opd_bungo, pegawai_bungo, asn_bungo, client_hr_bungo
):
    from asnportal.models import AuditLog, Notifikasi
    from asnportal.testing.factories import JabatanFactory
    from kepegawaian import services

    tujuan = JabatanFactory(instansi=opd_bungo.instansi, unit_kerja=opd_bungo, nama="Analis Kebijakan")
    rencana = services.rencana_create(
        actor=hr_bungo,
        instansi_id=opd_bungo.instansi_id,
        data={"nama": "Penyederhanaan 2026", "tanggal_efektif": dt.date.today(), "nomor_sk": "061/1/2026"},
    )
    services.perubahan_add(
        actor=hr_bungo,
        rencana=rencana,
        data={"jenis": "ubah_nama_unit", "unit": opd_bungo, "nama_baru": "BKPSDM Baru"},
    )
    services.perubahan_add(
        actor=hr_bungo,
        rencana=rencana,
        data={"jenis": "pindah_pegawai", "pegawai": pegawai_bungo, "jabatan_tujuan": tujuan},
    )
    services.rencana_terapkan(actor=hr_bungo, rencana=rencana)
    reason = "Penataan: Penyederhanaan 2026"
    unit_log = AuditLog.objects.get(
        object_type="kepegawaian.UnitKerja", object_id=str(opd_bungo.pk), reason=reason
    )
    assert unit_log.changes["nama"] == [opd_bungo.nama, "BKPSDM Baru"]
    peg_log = AuditLog.objects.get(
        object_type="kepegawaian.Pegawai", object_id=str(pegawai_bungo.pk), reason=reason
    )
    assert peg_log.changes["nama_jabatan"][1] == "Analis Kebijakan"
    assert AuditLog.objects.filter(
        object_type="kepegawaian.Jabatan", reason=reason
    ).exists()  # unit names moved
    # the staff member whose position moved is told; the history panel reads in words
    assert Notifikasi.objects.filter(user=asn_bungo, judul__icontains="Penataan").exists()
    html = client_hr_bungo.get(f"/kepegawaian/pegawai/{pegawai_bungo.pk}/").content.decode()
    assert "Jabatan: " in html and "→ Analis Kebijakan" in html and "— → —" not in html


# --- A new daerah from the portal ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_superadmin_sets_up_a_new_instansi_and_imports_its_unit_tree(client_superadmin, client_hr_bungo):
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from asnportal.models import AuditLog
    from kepegawaian.models import Instansi, UnitKerja

    assert client_hr_bungo.get("/kepegawaian/instansi/").status_code == 403
    r = client_superadmin.post(
        "/kepegawaian/instansi/tambah/",
        {"kode": "kab-tebo", "nama": "Pemerintah Kabupaten Tebo", "jenis": "kabupaten", "provinsi": "Jambi"},
    )
    tebo = Instansi.objects.get(kode="kab-tebo")
    assert r.status_code == 302 and r["Location"] == f"/kepegawaian/instansi/{tebo.pk}/impor-unit/"

    def berkas(rows):
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["kode", "nama", "jenis", "kode_induk"])
        w.writerows(rows)
        return SimpleUploadedFile("unit.csv", buf.getvalue().encode())

    rows = [
        ["SEKSI-1", "Seksi Pendaftaran", "seksi", "BID-1"],  # child before its parent: order is resolved
        ["DUKCAPIL", "Dinas Kependudukan dan Catatan Sipil", "dinas", ""],
        ["BID-1", "Bidang Pelayanan", "bidang", "DUKCAPIL"],
    ]
    url = f"/kepegawaian/instansi/{tebo.pk}/impor-unit/"
    bad = client_superadmin.post(
        url, {"berkas": berkas([*rows, ["X", "Salah", "bidang", "TIDAK-ADA"]]), "mode": "simpan"}
    )
    assert "TIDAK-ADA" in bad.content.decode() and not UnitKerja.objects.filter(instansi=tebo).exists()
    r = client_superadmin.post(url, {"berkas": berkas(rows), "mode": "simpan"})
    assert r.status_code == 302
    seksi = UnitKerja.objects.get(instansi=tebo, kode="SEKSI-1")
    assert seksi.label == "Seksi Pendaftaran · Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil"
    assert (
        AuditLog.objects.filter(object_type="kepegawaian.UnitKerja", instansi=tebo, action="create").count()
        == 3
    )
    # re-import updates by code, never duplicates
    rows[2][1] = "Bidang Pelayanan Publik"
    client_superadmin.post(url, {"berkas": berkas(rows), "mode": "simpan"})
    assert UnitKerja.objects.filter(instansi=tebo).count() == 3
    seksi.refresh_from_db()
    assert "Bidang Pelayanan Publik" in seksi.label
