"""Services: ABK feeding kebutuhan, restructuring applied and reversed, mutation workflow, data proposals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal.models import AuditLog
from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, hr_user
from kepegawaian import selectors, services
from kepegawaian.models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja

from .factories import PDF_BYTES

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


# --- pegawai create/edit with audit ------------------------------------------------------------------------
def test_pegawai_create_writes_histories_and_audit(hr_bungo, opd_bungo):
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi)
    p = services.pegawai_create(
        actor=hr_bungo,
        instansi_id=opd_bungo.instansi_id,
        data={
            "nip": "198609262015051001",
            "nama": "Budi Santoso",
            "tanggal_lahir": dt.date(1986, 9, 26),
            "jenis_kelamin": "L",
            "status_kepegawaian": "PNS",
            "golongan": "III/b",
            "jabatan": jab,
        },
    )
    assert p.unit_kerja_id == opd_bungo.pk
    assert p.riwayat_jabatan.count() == 1 and p.riwayat_pangkat.count() == 1
    log = AuditLog.objects.get(object_type="kepegawaian.Pegawai", object_id=str(p.pk), action="create")
    assert log.actor == hr_bungo and log.changes["nama"] == [None, "Budi Santoso"]


def test_pegawai_create_rejects_nip_mismatch(hr_bungo, opd_bungo):
    with pytest.raises(ValidationError) as exc:
        services.pegawai_create(
            actor=hr_bungo,
            instansi_id=opd_bungo.instansi_id,
            data={
                "nip": "198609262015051001",
                "nama": "X",
                "tanggal_lahir": dt.date(1986, 9, 27),
                "jenis_kelamin": "P",
                "status_kepegawaian": "PNS",
            },
        )
    assert {"tanggal_lahir", "jenis_kelamin"} <= set(exc.value.message_dict)
    assert not Pegawai.objects.filter(nip="198609262015051001").exists()


def test_pegawai_update_audits_before_after(hr_bungo, pegawai_bungo):
    services.pegawai_update(actor=hr_bungo, pegawai=pegawai_bungo, data={"golongan": "III/b"}, reason="SK")
    log = AuditLog.objects.filter(object_id=str(pegawai_bungo.pk), action="update").latest("id")
    assert log.changes["golongan"] == ["III/a", "III/b"]
    assert pegawai_bungo.riwayat_pangkat.filter(golongan="III/b").exists()


# --- ABK ---------------------------------------------------------------------------------------------------
def test_abk_vector_26_sets_kebutuhan_and_contract(hr_bungo, pegawai_bungo):
    jab = pegawai_bungo.jabatan
    for vol, norma in [(250, 60), (500, 90), (40, 300)]:
        services.uraian_tugas_simpan(
            actor=hr_bungo,
            jabatan=jab,
            data={"uraian": f"Tugas {vol}", "volume": Decimal(vol), "norma_waktu": norma},
        )
    jab.refresh_from_db()
    assert jab.kebutuhan_abk == Decimal("0.9600") and jab.jumlah_formasi == 1
    abk = selectors.abk_jabatan(jabatan=jab)
    assert abk["total_beban"] == 72_000 and abk["ej"] == Decimal("0.96") and abk["predikat_ej"][0] == "B"
    rows = selectors.kebutuhan_jabatan(instansi_id=jab.instansi_id)
    row = next(r for r in rows if r["jabatan_id"] == jab.pk)
    assert set(row) == {
        "jabatan_id",
        "jabatan",
        "unit_kerja_id",
        "unit_kerja",
        "kebutuhan",
        "bezetting",
        "selisih",
    }
    assert (row["kebutuhan"], row["bezetting"], row["selisih"]) == (1, 1, 0)


def test_abk_vector_25_monthly_volume_and_wke_per_instansi(hr_bungo, pegawai_bungo):
    jab = pegawai_bungo.jabatan
    u = services.uraian_tugas_simpan(
        actor=hr_bungo,
        jabatan=jab,
        data={"uraian": "Dokumen", "volume": Decimal(100), "periode": "bulan", "norma_waktu": 120},
    )
    jab.refresh_from_db()
    assert jab.kebutuhan_abk == Decimal("1.9200") and jab.jumlah_formasi == 2
    inst = jab.instansi
    inst.wke_menit = 90_000
    inst.save()
    services.abk_hitung_ulang(actor=hr_bungo, jabatan=jab)
    jab.refresh_from_db()
    assert jab.kebutuhan_abk == Decimal("1.6000")
    services.uraian_tugas_hapus(actor=hr_bungo, uraian=u)
    jab.refresh_from_db()
    assert jab.kebutuhan_abk is None


def test_rollup_per_opd_and_instansi(opd_bungo, pegawai_bungo):
    bidang = UnitKerjaFactory(instansi=opd_bungo.instansi, parent=opd_bungo, nama="Bidang Mutasi")
    JabatanFactory(unit_kerja=bidang, instansi=opd_bungo.instansi, jumlah_formasi=3)
    data = selectors.bezetting_per_unit(instansi_id=opd_bungo.instansi_id)
    assert data["unit"] == [
        {"unit_id": opd_bungo.pk, "unit": opd_bungo.nama, "kebutuhan": 5, "bezetting": 2, "selisih": 3}
    ]
    assert data["instansi"] == {"kebutuhan": 5, "bezetting": 2, "selisih": 3}


def test_uraian_tugas_needs_hr(asn_bungo, pegawai_bungo):
    with pytest.raises(PermissionDenied):
        services.uraian_tugas_simpan(
            actor=asn_bungo,
            jabatan=pegawai_bungo.jabatan,
            data={"uraian": "x", "volume": 1, "norma_waktu": 1},
        )


# --- Restructuring -----------------------------------------------------------------------------------------
@pytest.fixture
def struktur(opd_bungo, kepala_bungo, pegawai_bungo):
    """OPD → Bidang A (pengawas + staf) and Bidang B (staf)."""
    inst = opd_bungo.instansi
    a = UnitKerjaFactory(instansi=inst, parent=opd_bungo, nama="Bidang A", jenis="bidang")
    b = UnitKerjaFactory(instansi=inst, parent=opd_bungo, nama="Bidang B", jenis="bidang")
    jab_a = JabatanFactory(
        instansi=inst,
        unit_kerja=a,
        jenis="PENGAWAS",
        nama="Kepala Seksi A",
        is_kepala_unit=True,
        parent=kepala_bungo.jabatan,
    )
    staf_b = JabatanFactory(instansi=inst, unit_kerja=b, nama="Pengelola B", parent=kepala_bungo.jabatan)
    peg_a = PegawaiFactory(jabatan=jab_a, nama="Ani")
    peg_b = PegawaiFactory(jabatan=staf_b, nama="Beni")
    for p in (peg_a, peg_b):
        RiwayatJabatan.objects.create(
            pegawai=p,
            jabatan=p.jabatan,
            nama_jabatan=p.jabatan.nama,
            nama_unit=p.unit_kerja.nama,
            tmt_mulai=dt.date(2020, 1, 1),
        )
    return {"a": a, "b": b, "jab_a": jab_a, "staf_b": staf_b, "peg_a": peg_a, "peg_b": peg_b}


def _snapshot(inst_id):
    return (
        sorted(
            UnitKerja.objects.filter(instansi_id=inst_id).values_list(
                "id", "nama", "parent_id", "aktif", "path"
            )
        ),
        sorted(
            Jabatan.objects.filter(instansi_id=inst_id).values_list(
                "id", "nama", "jenis", "jenjang", "unit_kerja_id", "parent_id", "is_kepala_unit"
            )
        ),
        sorted(Pegawai.objects.filter(instansi_id=inst_id).values_list("id", "jabatan_id", "unit_kerja_id")),
    )


def test_restructuring_preview_apply_and_reverse_keep_history(hr_bungo, opd_bungo, struktur):
    s = struktur
    inst_id = opd_bungo.instansi_id
    before = _snapshot(inst_id)
    plan = services.rencana_create(
        actor=hr_bungo,
        instansi_id=inst_id,
        data={"nama": "Penataan 2026", "tanggal_efektif": TODAY, "nomor_sk": "800/12/2026"},
    )
    services.perubahan_add(
        actor=hr_bungo,
        rencana=plan,
        data={"jenis": "ubah_nama_unit", "unit": s["a"], "nama_baru": "Bidang Alfa"},
    )
    services.perubahan_add(
        actor=hr_bungo,
        rencana=plan,
        data={
            "jenis": "setarakan_jabatan",
            "jabatan": s["jab_a"],
            "jenis_jabatan_baru": "FUNGSIONAL",
            "jenjang_baru": "AHLI_MUDA",
            "nama_baru": "Analis SDM Ahli Muda",
        },
    )
    services.perubahan_add(
        actor=hr_bungo,
        rencana=plan,
        data={"jenis": "buat_unit", "nama_baru": "Bidang C", "unit_tujuan": opd_bungo},
    )
    services.perubahan_add(
        actor=hr_bungo, rencana=plan, data={"jenis": "gabung_unit", "unit": s["b"], "unit_tujuan": s["a"]}
    )

    preview = services.rencana_preview(rencana=plan)
    assert preview["error"] is None
    assert {r["id"] for r in preview["pegawai"]} == {s["peg_a"].pk, s["peg_b"].pk}
    assert _snapshot(inst_id) == before  # the preview wrote nothing

    services.rencana_terapkan(actor=hr_bungo, rencana=plan)
    plan.refresh_from_db()
    assert plan.status == "diterapkan"
    s["jab_a"].refresh_from_db()
    assert (s["jab_a"].jenis, s["jab_a"].jenjang, s["jab_a"].is_kepala_unit) == (
        "FUNGSIONAL",
        "AHLI_MUDA",
        False,
    )
    s["b"].refresh_from_db()
    assert not s["b"].aktif
    peg_b = Pegawai.objects.get(pk=s["peg_b"].pk)
    assert peg_b.unit_kerja_id == s["a"].pk
    assert UnitKerja.objects.filter(nama="Bidang C", parent=opd_bungo).exists()
    ra = list(RiwayatJabatan.objects.filter(pegawai=s["peg_a"]).order_by("tmt_mulai", "id"))
    assert [r.nama_jabatan for r in ra] == ["Kepala Seksi A", "Analis SDM Ahli Muda"]
    assert ra[0].tmt_selesai == TODAY and ra[0].nama_unit == "Bidang A"  # the past is not rewritten
    assert ra[1].jenis == "penyetaraan" and ra[1].nomor_sk == "800/12/2026"
    assert "Bidang Alfa" in ra[1].nama_unit

    komp = services.rencana_buat_kompensasi(actor=hr_bungo, rencana=plan, tanggal_efektif=TODAY)
    assert komp.membalik == plan and komp.status == "draft"
    services.rencana_terapkan(actor=hr_bungo, rencana=komp)
    after = _snapshot(inst_id)
    # Everything that existed is back as it was; the unit created by the plan stays, deactivated.
    created = UnitKerja.objects.get(nama="Bidang C")
    assert not created.aktif
    assert [u for u in after[0] if u[0] != created.pk] == before[0]
    assert after[1] == before[1] and after[2] == before[2]
    hist = list(
        RiwayatJabatan.objects.filter(pegawai=s["peg_a"])
        .order_by("id")
        .values_list("nama_jabatan", flat=True)
    )
    assert hist == ["Kepala Seksi A", "Analis SDM Ahli Muda", "Kepala Seksi A"]
    assert RiwayatJabatan.objects.filter(pegawai=s["peg_b"]).count() == 3
    with pytest.raises(ValidationError):
        services.rencana_buat_kompensasi(actor=hr_bungo, rencana=plan, tanggal_efektif=TODAY)


def test_restructuring_future_date_is_scheduled_then_applied_by_task(hr_bungo, struktur):
    s = struktur
    plan = services.rencana_create(
        actor=hr_bungo,
        instansi_id=s["a"].instansi_id,
        data={"nama": "Nanti", "tanggal_efektif": TODAY + dt.timedelta(days=10)},
    )
    services.perubahan_add(
        actor=hr_bungo,
        rencana=plan,
        data={"jenis": "pindah_pegawai", "pegawai": s["peg_b"], "jabatan_tujuan": s["jab_a"]},
    )
    services.rencana_terapkan(actor=hr_bungo, rencana=plan)
    plan.refresh_from_db()
    assert plan.status == "terjadwal"
    assert services.efektifkan_terjadwal(today=TODAY)["rencana"] == 0
    assert services.efektifkan_terjadwal(today=TODAY + dt.timedelta(days=10))["rencana"] == 1
    plan.refresh_from_db()
    assert plan.status == "diterapkan"
    assert Pegawai.objects.get(pk=s["peg_b"].pk).jabatan_id == s["jab_a"].pk


def test_perubahan_validation(hr_bungo, struktur, instansi_bengkulu, opd_bengkulu):
    s = struktur
    plan = services.rencana_create(
        actor=hr_bungo, instansi_id=s["a"].instansi_id, data={"nama": "V", "tanggal_efektif": TODAY}
    )
    with pytest.raises(ValidationError) as exc:
        services.perubahan_add(actor=hr_bungo, rencana=plan, data={"jenis": "ubah_nama_unit", "unit": s["a"]})
    assert "nama_baru" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.perubahan_add(
            actor=hr_bungo, rencana=plan, data={"jenis": "pindah_unit", "unit": opd_bengkulu}
        )
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.perubahan_add(
            actor=hr_bungo,
            rencana=plan,
            data={"jenis": "pindah_unit", "unit": s["a"].parent, "unit_tujuan": s["a"]},
        )
    with pytest.raises(ValidationError):
        services.rencana_terapkan(actor=hr_bungo, rencana=plan)  # empty plan


# --- Mutasi ------------------------------------------------------------------------------------------------
def test_mutation_workflow(pimpinan_bungo, hr_bungo, pegawai_bungo, kepala_bungo):
    tujuan = JabatanFactory(
        instansi=pegawai_bungo.instansi, unit_kerja=pegawai_bungo.unit_kerja, nama="Analis Mutasi"
    )
    asal = pegawai_bungo.jabatan
    usulan = services.mutasi_ajukan(
        actor=pimpinan_bungo,
        pegawai=pegawai_bungo,
        jenis="rotasi",
        jabatan_tujuan=tujuan,
        tmt=TODAY,
        alasan="Penyegaran",
    )
    assert usulan.status == "diajukan" and usulan.jabatan_asal == asal
    with pytest.raises(PermissionDenied):
        services.mutasi_setujui(actor=pimpinan_bungo, usulan=usulan, nomor_sk="X", tanggal_sk=TODAY)
    with pytest.raises(ValidationError):
        services.mutasi_setujui(actor=hr_bungo, usulan=usulan, nomor_sk=" ", tanggal_sk=TODAY)
    usulan = services.mutasi_setujui(
        actor=hr_bungo, usulan=usulan, nomor_sk="821/45/BKPSDM/2026", tanggal_sk=TODAY
    )
    usulan.refresh_from_db()
    assert usulan.status == "berlaku" and usulan.riwayat.nomor_sk == "821/45/BKPSDM/2026"
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.jabatan == tujuan and pegawai_bungo.tmt_jabatan == TODAY
    r = pegawai_bungo.riwayat_jabatan.order_by("-id").first()
    assert (r.jenis, r.nama_jabatan, r.tanggal_sk) == ("rotasi", "Analis Mutasi", TODAY)
    assert AuditLog.objects.filter(object_type="kepegawaian.UsulanMutasi", reason="Disetujui").exists()
    with pytest.raises(ValidationError):
        services.mutasi_tolak(actor=hr_bungo, usulan=usulan, catatan="terlambat")


def test_mutation_four_eyes_and_future_tmt(hr_bungo, pegawai_bungo, instansi_bungo):
    hr2 = hr_user(instansi_bungo, username="hr2.bungo")
    tujuan = JabatanFactory(instansi=pegawai_bungo.instansi, unit_kerja=pegawai_bungo.unit_kerja)
    usulan = services.mutasi_ajukan(
        actor=hr_bungo,
        pegawai=pegawai_bungo,
        jenis="mutasi",
        jabatan_tujuan=tujuan,
        tmt=TODAY + dt.timedelta(days=5),
    )
    with pytest.raises(PermissionDenied):
        services.mutasi_setujui(actor=hr_bungo, usulan=usulan, nomor_sk="1", tanggal_sk=TODAY)
    services.mutasi_setujui(actor=hr2, usulan=usulan, nomor_sk="1", tanggal_sk=TODAY)
    usulan.refresh_from_db()
    assert usulan.status == "disetujui"
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.jabatan != tujuan
    assert services.efektifkan_terjadwal(today=TODAY + dt.timedelta(days=5))["mutasi"] == 1
    usulan.refresh_from_db()
    assert usulan.status == "berlaku"


def test_mutation_proposal_rights(asn_bungo, pegawai_bungo, kepala_bungo, pimpinan_bungo, pegawai_bengkulu):
    tujuan = JabatanFactory(instansi=pegawai_bungo.instansi, unit_kerja=pegawai_bungo.unit_kerja)
    with pytest.raises(PermissionDenied):
        services.mutasi_ajukan(
            actor=asn_bungo, pegawai=pegawai_bungo, jenis="mutasi", jabatan_tujuan=tujuan, tmt=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.mutasi_ajukan(
            actor=pimpinan_bungo, pegawai=pegawai_bengkulu, jenis="mutasi", jabatan_tujuan=tujuan, tmt=TODAY
        )
    with pytest.raises(PermissionDenied):  # a unit head does not move themself
        services.mutasi_ajukan(
            actor=pimpinan_bungo, pegawai=kepala_bungo, jenis="mutasi", jabatan_tujuan=tujuan, tmt=TODAY
        )


# --- Data-update proposals and documents -------------------------------------------------------------------------
def test_usulan_data_verified_reaches_record(asn_bungo, hr_bungo, pegawai_bungo):
    dok = SimpleUploadedFile("ijazah.pdf", PDF_BYTES, content_type="application/pdf")
    u = services.usulan_data_ajukan(
        actor=asn_bungo,
        jenis="pendidikan",
        data={"pendidikan_terakhir": "S2", "golongan": "IV/e"},
        dokumen=dok,
        jenis_dokumen="ijazah",
    )
    assert u.data == {"pendidikan_terakhir": "S2"}  # only the fields of that kind are accepted
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.pendidikan_terakhir == "S1"
    services.usulan_data_verifikasi(actor=hr_bungo, usulan=u)
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.pendidikan_terakhir == "S2"
    assert pegawai_bungo.dokumen.filter(jenis="ijazah").exists()
    log = AuditLog.objects.filter(object_type="kepegawaian.Pegawai", object_id=str(pegawai_bungo.pk)).latest(
        "id"
    )
    assert "asn.bungo" in log.reason and "hr.bungo" in log.reason


def test_usulan_data_rejected_needs_reason(asn_bungo, hr_bungo, pegawai_bungo):
    u = services.usulan_data_ajukan(actor=asn_bungo, jenis="data_pribadi", data={"alamat": "Jl. Baru"})
    with pytest.raises(ValidationError):
        services.usulan_data_tolak(actor=hr_bungo, usulan=u, alasan="")
    services.usulan_data_tolak(actor=hr_bungo, usulan=u, alasan="Tidak ada bukti")
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.alamat != "Jl. Baru"
    with pytest.raises(PermissionDenied):
        services.usulan_data_verifikasi(actor=asn_bungo, usulan=u)


def test_dokumen_upload_checks_content(hr_bungo, pegawai_bungo):
    bad = SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.dokumen_unggah(actor=hr_bungo, pegawai=pegawai_bungo, data={"jenis": "sk_cpns"}, berkas=bad)


PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_photo_replaced_only_after_commit_and_kept_on_full_disk(
    hr_bungo, pegawai_bungo, django_capture_on_commit_callbacks, monkeypatch
):
    """Issue 18: the new file is written first, the row switched in the transaction, the old file deleted only
    on commit; a failed write (full disk) changes nothing."""
    from django.core.files.storage import FileSystemStorage

    with django_capture_on_commit_callbacks(execute=True):
        services.pegawai_update(
            actor=hr_bungo, pegawai=pegawai_bungo, data={"foto": SimpleUploadedFile("a.png", PNG_1PX)}
        )
    pegawai_bungo.refresh_from_db()
    old = pegawai_bungo.foto.name
    storage = pegawai_bungo.foto.storage
    assert old and storage.exists(old)

    def full(*a, **kw):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(FileSystemStorage, "_save", full)
        with pytest.raises(OSError):
            services.pegawai_update(
                actor=hr_bungo, pegawai=pegawai_bungo, data={"foto": SimpleUploadedFile("b.png", PNG_1PX)}
            )
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.foto.name == old and storage.exists(old)
    # A failure after the new file was written (here: validation) removes the new file and keeps the old one.
    before = set(storage.listdir("pegawai/foto")[1])
    with pytest.raises(ValidationError):
        services.pegawai_update(
            actor=hr_bungo,
            pegawai=pegawai_bungo,
            data={"foto": SimpleUploadedFile("c.png", PNG_1PX), "nip": "123"},
        )
    assert set(storage.listdir("pegawai/foto")[1]) == before and storage.exists(old)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.pegawai_update(
            actor=hr_bungo, pegawai=pegawai_bungo, data={"foto": SimpleUploadedFile("d.png", PNG_1PX)}
        )
    assert storage.exists(old)  # still there until the commit
    for cb in callbacks:
        cb()
    pegawai_bungo.refresh_from_db()
    assert not storage.exists(old) and storage.exists(pegawai_bungo.foto.name)


def test_failed_usulan_data_leaves_no_stray_document(asn_bungo, pegawai_bungo, monkeypatch):
    """Issue 18: the supporting document is written before the transaction ends; when the audit write fails,
    the proposal is rolled back and the written file removed again; the earlier proposal keeps its file."""
    from asnportal.testing.media import stored_files
    from kepegawaian.models import UsulanPerubahanData

    def ajukan():
        return services.usulan_data_ajukan(
            actor=asn_bungo,
            jenis="pendidikan",
            data={"pendidikan_terakhir": "S2"},
            dokumen=SimpleUploadedFile("ijazah.pdf", PDF_BYTES, content_type="application/pdf"),
            jenis_dokumen="ijazah",
        )

    kept = ajukan()
    before = stored_files()
    assert kept.dokumen.name in before

    def boom(*a, **kw):
        raise RuntimeError("audit gagal")

    monkeypatch.setattr(services.audit, "record", boom)
    with pytest.raises(RuntimeError):
        ajukan()
    assert stored_files() == before
    assert list(UsulanPerubahanData.objects.all()) == [kept] and kept.dokumen.storage.exists(
        kept.dokumen.name
    )
