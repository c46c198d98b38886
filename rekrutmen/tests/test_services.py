import datetime as dt
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from asnportal.models import AuditLog
from asnportal.testing.factories import JabatanFactory, PegawaiFactory, hr_user
from rekrutmen import emails, selectors, services
from rekrutmen.choices import Hasil, StatusAdministrasi, StatusFormasi, StatusSanggah
from rekrutmen.models import ImporNilai, KomponenSKB, Lamaran, RiwayatNilai

from . import factories as F


def csv_file(text: str, name="nilai.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def hr2_bungo(instansi_bungo):
    return hr_user(instansi_bungo, username="hr2.bungo")


class TestFormasi:
    def test_usulan_from_abk_shortage_and_four_eyes_approval(self, hr_bungo, hr2_bungo, opd_bungo):
        jab = JabatanFactory(
            instansi=opd_bungo.instansi, unit_kerja=opd_bungo, jumlah_formasi=3, nama="Analis SDM"
        )
        PegawaiFactory(jabatan=jab)  # bezetting 1 → selisih 2
        sel = F.seleksi(opd_bungo.instansi)
        with pytest.raises(ValidationError):
            services.formasi_usulkan(
                actor=hr_bungo,
                seleksi=sel,
                usulan=[{"jabatan_id": jab.pk, "kuota": 3, "pendidikan_minimal": "S1"}],
            )
        (f,) = services.formasi_usulkan(
            actor=hr_bungo,
            seleksi=sel,
            usulan=[{"jabatan_id": jab.pk, "kuota": 2, "pendidikan_minimal": "S1"}],
        )
        assert (f.kebutuhan_abk, f.kuota_usulan, f.status) == (2, 2, StatusFormasi.USULAN)
        assert f.persyaratan.count() == 4 and f.komponen_skb.get().jenis == "cat"
        with pytest.raises(PermissionDenied):
            services.formasi_setujui(actor=hr_bungo, formasi=f, kuota=2)
        f = services.formasi_setujui(actor=hr2_bungo, formasi=f, kuota=1)
        assert (f.status, f.kuota, f.disetujui_oleh) == (StatusFormasi.DISETUJUI, 1, hr2_bungo)
        assert AuditLog.objects.filter(
            object_type="rekrutmen.Formasi", object_id=str(f.pk), action="workflow"
        ).exists()

    def test_other_instansi_jabatan_refused(self, hr_bungo, instansi_bungo, pegawai_bengkulu):
        sel = F.seleksi(instansi_bungo)
        with pytest.raises(ValidationError):
            services.formasi_usulkan(
                actor=hr_bungo,
                seleksi=sel,
                usulan=[{"jabatan_id": pegawai_bengkulu.jabatan_id, "kuota": 1, "pendidikan_minimal": "S1"}],
            )

    def test_hr_of_other_instansi_cannot_approve(self, hr_bengkulu, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        with pytest.raises(PermissionDenied):
            services.formasi_setujui(actor=hr_bengkulu, formasi=f, kuota=1)

    def test_komposisi_skb_validated(self, hr_bungo, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        with pytest.raises(ValidationError):
            services.komponen_skb_atur(
                actor=hr_bungo,
                formasi=f,
                komponen=[
                    {"jenis": "cat", "nama": "CAT", "bobot": 50},
                    {"jenis": "wawancara", "nama": "W", "bobot": 50},
                ],
            )
        rows = services.komponen_skb_atur(
            actor=hr_bungo,
            formasi=f,
            komponen=[
                {"jenis": "cat", "nama": "CAT", "bobot": 60},
                {"jenis": "wawancara", "nama": "W", "bobot": 40},
            ],
        )
        assert sorted(k.bobot for k in rows) == [D(40), D(60)]


class TestPelamar:
    DATA = {
        "nama": "Siti Aminah",
        "email": "Siti@Contoh.id",
        "tempat_lahir": "Jambi",
        "tanggal_lahir": dt.date(1999, 5, 1),
        "jenis_kelamin": "P",
    }

    def test_nik_validated(self, db):
        with pytest.raises(ValidationError):
            services.pelamar_daftar(data={**self.DATA, "nik": "12345"}, password="RahasiaPelamar2026")

    def test_register_stores_confirmation_in_outbox_and_worker_sends_it(
        self, db, django_capture_on_commit_callbacks
    ):
        from asnportal import tasks as core_tasks
        from asnportal.jobs import JobStatus
        from asnportal.models import EmailKeluar

        with (
            mock.patch("asnportal.jobs.publish", return_value=True) as publish,
            django_capture_on_commit_callbacks(execute=True),
        ):
            p = services.pelamar_daftar(
                data={**self.DATA, "nik": "1509014105990001"}, password="RahasiaPelamar2026"
            )
        assert p.email == "siti@contoh.id" and not p.terkonfirmasi
        row = EmailKeluar.objects.get()
        assert row.penerima == ["siti@contoh.id"] and row.status == JobStatus.PENDING
        publish.assert_called_once_with(
            "asnportal.email_kirim_task", row.pk
        )  # only the id goes to the broker
        core_tasks.email_kirim_task.apply(args=[row.pk])
        row.refresh_from_db()
        assert row.status == JobStatus.SUCCESS and len(mail.outbox) == 1
        body = mail.outbox[0].body
        token = body.split("/pelamar/konfirmasi/")[1].split("/")[0]
        assert emails.pelamar_dari_token(token) == p
        assert emails.pelamar_dari_token(token + "x") is None

    def test_broker_down_registration_keeps_the_email_for_the_sweeper(
        self, db, django_capture_on_commit_callbacks
    ):
        """Issue 18: registering while Redis is down used to drop the confirmation (logged only)."""
        from asnportal import jobs
        from asnportal.models import EmailKeluar

        with (
            mock.patch("asnportal.celery.app.send_task", side_effect=ConnectionError("down")),
            django_capture_on_commit_callbacks(execute=True),
        ):
            p = services.pelamar_daftar(
                data={**self.DATA, "nik": "1509014105990002"}, password="RahasiaPelamar2026"
            )
        row = EmailKeluar.objects.get(penerima=[p.email])
        assert row.status == jobs.JobStatus.PENDING and row.enqueued_at is None
        EmailKeluar.objects.filter(pk=row.pk).update(created_at=row.created_at.replace(year=2000))
        with mock.patch("asnportal.jobs.publish", return_value=True) as publish:
            assert jobs.sweep() == 1  # the broker is back: the sweeper publishes it
        publish.assert_called_once_with("asnportal.email_kirim_task", row.pk)

    def test_every_applicant_email_goes_through_the_outbox(self, instansi_bungo):
        from asnportal.models import EmailKeluar

        sel = F.seleksi(instansi_bungo)
        p = F.pelamar()
        lamaran = services.lamaran_buat(
            pelamar=p,
            formasi=F.formasi(sel),
            data={"pendidikan": "S1", "jurusan": "Hukum", "institusi_pendidikan": "UNJA", "ipk": D("3.5")},
        )
        for jenis in ("konfirmasi", "dikirim", "status", "sanggah"):
            services._kirim_email(p.pk, jenis, lamaran.pk)
        rows = EmailKeluar.objects.filter(penerima=[p.email])
        assert rows.count() == 4
        assert all(r.subjek and r.isi for r in rows)


class TestLamaran:
    def test_one_application_per_round(self, instansi_bungo):
        sel = F.seleksi(instansi_bungo)
        f1, f2 = F.formasi(sel), F.formasi(sel)
        p = F.pelamar()
        data = {"pendidikan": "S1", "jurusan": "Hukum", "institusi_pendidikan": "UNJA", "ipk": D("3.5")}
        services.lamaran_buat(pelamar=p, formasi=f1, data=data)
        with pytest.raises(ValidationError, match="satu formasi"):
            services.lamaran_buat(pelamar=p, formasi=f2, data=data)
        # The rule lives in the database too, not only in the service.
        with pytest.raises(IntegrityError), transaction.atomic():
            Lamaran.objects.create(
                instansi=instansi_bungo, seleksi=sel, formasi=f2, pelamar=p, pendidikan="S1", ipk=3
            )
        # Another round is allowed.
        services.lamaran_buat(pelamar=p, formasi=F.formasi(F.seleksi(instansi_bungo)), data=data)

    def test_education_and_confirmation_and_open_registration(self, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        data = {"pendidikan": "SMA", "jurusan": "IPA", "institusi_pendidikan": "SMAN 1", "ipk": D("85")}
        with pytest.raises(ValidationError):
            services.lamaran_buat(pelamar=F.pelamar(), formasi=f, data=data)
        with pytest.raises(ValidationError):
            services.lamaran_buat(
                pelamar=F.pelamar(email_terkonfirmasi_at=None), formasi=f, data={**data, "pendidikan": "S1"}
            )
        closed = F.formasi(F.seleksi(instansi_bungo, fase="sanggah_hasil"))
        with pytest.raises(ValidationError):
            services.lamaran_buat(pelamar=F.pelamar(), formasi=closed, data={**data, "pendidikan": "S1"})

    @pytest.mark.parametrize(
        ("name", "content", "ok"),
        [
            ("ijazah.pdf", F.PDF, True),
            ("foto.png", F.PNG, True),
            ("ijazah.pdf", b"MZ\x90\x00 this is an executable", False),  # named .pdf, is not a PDF
            ("ijazah.pdf", b"", False),
            ("besar.pdf", F.PDF + b"0" * (5 * 1024 * 1024), False),  # above the size limit
        ],
    )
    def test_upload_checked_by_content(self, instansi_bungo, name, content, ok):
        f = F.formasi(F.seleksi(instansi_bungo))
        lam = F.lamaran(f, dikirim=False, dokumen=False)
        syarat = f.persyaratan.first()
        upload = SimpleUploadedFile(name, content)
        if ok:
            d = services.dokumen_unggah(pelamar=lam.pelamar, lamaran=lam, persyaratan=syarat, berkas=upload)
            assert d.content_type in ("application/pdf", "image/png")
            assert not d.berkas.name.endswith(name)  # stored under a random name
        else:
            with pytest.raises(ValidationError):
                services.dokumen_unggah(pelamar=lam.pelamar, lamaran=lam, persyaratan=syarat, berkas=upload)

    def test_replacing_a_document_on_a_full_disk_keeps_the_old_one(
        self, instansi_bungo, django_capture_on_commit_callbacks, monkeypatch
    ):
        """Issue 18: the old file was deleted before the new one was saved; on a full disk the row still pointed
        at the deleted file. Now: the new file first, the row switched, the old file deleted after commit."""
        from django.core.files.storage import FileSystemStorage

        f = F.formasi(F.seleksi(instansi_bungo))
        lam = F.lamaran(f, dikirim=False, dokumen=False)
        syarat = f.persyaratan.first()
        first = services.dokumen_unggah(
            pelamar=lam.pelamar, lamaran=lam, persyaratan=syarat, berkas=F.pdf_upload()
        )
        storage = first.berkas.storage
        old_name = first.berkas.name

        def full(*a, **kw):
            raise OSError(28, "No space left on device")

        with monkeypatch.context() as m:
            m.setattr(FileSystemStorage, "_save", full)
            with pytest.raises(OSError):
                services.dokumen_unggah(
                    pelamar=lam.pelamar, lamaran=lam, persyaratan=syarat, berkas=F.pdf_upload()
                )
        kept = lam.dokumen.get(persyaratan=syarat)
        assert kept.berkas.name == old_name and storage.exists(old_name)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            second = services.dokumen_unggah(
                pelamar=lam.pelamar, lamaran=lam, persyaratan=syarat, berkas=F.pdf_upload()
            )
        assert storage.exists(old_name)  # not before the commit
        for cb in callbacks:
            cb()
        assert not storage.exists(old_name) and storage.exists(second.berkas.name)
        assert lam.dokumen.get(persyaratan=syarat).pk == second.pk

    def test_submit_requires_documents_and_numbers(self, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        lam = F.lamaran(f, dikirim=False, dokumen=False)
        with pytest.raises(ValidationError):
            services.lamaran_kirim(pelamar=lam.pelamar, lamaran=lam)
        for s in f.persyaratan.all():
            services.dokumen_unggah(pelamar=lam.pelamar, lamaran=lam, persyaratan=s, berkas=F.pdf_upload())
        lam = services.lamaran_kirim(pelamar=lam.pelamar, lamaran=lam)
        assert lam.status == "dikirim" and lam.nomor_peserta.startswith("26")
        assert set(lam.riwayat_nilai.values_list("field", flat=True)) == {
            "status_administrasi",
            "ipk",
            "tanggal_lahir",
        }
        with pytest.raises(ValidationError):
            services.dokumen_unggah(
                pelamar=lam.pelamar, lamaran=lam, persyaratan=f.persyaratan.first(), berkas=F.pdf_upload()
            )

    def test_other_applicant_cannot_touch(self, instansi_bungo):
        lam = F.lamaran(F.formasi(F.seleksi(instansi_bungo)), dikirim=False, dokumen=False)
        with pytest.raises(PermissionDenied):
            services.lamaran_kirim(pelamar=F.pelamar(), lamaran=lam)


class TestVerifikasi:
    def test_tms_needs_reason_and_reasons_reach_applicant(self, hr_bungo, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        lam = F.lamaran(f)
        s1, s2 = f.persyaratan.all()
        with pytest.raises(ValidationError):
            services.verifikasi_simpan(actor=hr_bungo, lamaran=lam, hasil={s1.pk: ("TMS", "")})
        lam = services.verifikasi_simpan(actor=hr_bungo, lamaran=lam, hasil={s1.pk: ("MS", "")})
        assert lam.status_administrasi == StatusAdministrasi.BELUM
        lam = services.verifikasi_simpan(
            actor=hr_bungo, lamaran=lam, hasil={s2.pk: ("TMS", "Transkrip tidak dilegalisasi")}
        )
        assert lam.status_administrasi == StatusAdministrasi.TMS
        assert "Transkrip tidak dilegalisasi" in lam.alasan_tms
        row = RiwayatNilai.objects.get(lamaran=lam, field="status_administrasi")
        assert (row.sebelum, row.sesudah, row.oleh) == ("belum", "TMS", hr_bungo)


def _ms(hr, lam):
    return services.verifikasi_simpan(
        actor=hr, lamaran=lam, hasil={s.pk: ("MS", "") for s in lam.formasi.persyaratan.all()}
    )


class TestImpor:
    def test_all_or_nothing(self, hr_bungo, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        a, b = _ms(hr_bungo, F.lamaran(f)), _ms(hr_bungo, F.lamaran(f))
        bad = csv_file(
            f"nomor_peserta,twk,tiu,tkp\n{a.nomor_peserta},100,120,200\n{b.nomor_peserta},100,999,200\n99,1,1,1\n"
        )
        impor, errors = services.impor_nilai(actor=hr_bungo, seleksi=f.seleksi, jenis="skd", berkas=bad)
        assert impor is None and len(errors) == 2
        assert "Baris 3" in errors[0] and "tiu" in errors[0]
        assert "Baris 4" in errors[1]
        a.refresh_from_db()
        assert a.twk is None and not ImporNilai.objects.exists()
        good = csv_file(
            f"nomor_peserta;twk;tiu;tkp\n{a.nomor_peserta};100;120;200\n{b.nomor_peserta};65;80;166\n"
        )
        impor, errors = services.impor_nilai(actor=hr_bungo, seleksi=f.seleksi, jenis="skd", berkas=good)
        assert errors == [] and impor.jumlah_baris == 2
        a.refresh_from_db()
        assert (a.twk, a.tiu, a.tkp, a.skd) == (100, 120, 200, 420)
        assert RiwayatNilai.objects.filter(lamaran=a, sumber="impor").count() == 3

    def test_tms_applicant_rejected_in_skd_import(self, hr_bungo, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        lam = F.lamaran(f)  # not verified
        _impor, errors = services.impor_nilai(
            actor=hr_bungo,
            seleksi=f.seleksi,
            jenis="skd",
            berkas=csv_file(f"nomor_peserta,twk,tiu,tkp\n{lam.nomor_peserta},100,100,200\n"),
        )
        assert errors and "administrasi" in errors[0]

    def test_xlsx_import(self, hr_bungo, instansi_bungo):
        from asnportal import tabular

        f = F.formasi(F.seleksi(instansi_bungo))
        lam = _ms(hr_bungo, F.lamaran(f))
        data = tabular.write_xlsx(
            {"SKD": (["nomor_peserta", "twk", "tiu", "tkp"], [[lam.nomor_peserta, 90, 100, 180]])}
        )
        upload = SimpleUploadedFile("skd.xlsx", data)
        impor, errors = services.impor_nilai(actor=hr_bungo, seleksi=f.seleksi, jenis="skd", berkas=upload)
        assert errors == [], errors
        lam.refresh_from_db()
        assert lam.skd == 370


def _skd(hr, sel, rows):
    text = "nomor_peserta,twk,tiu,tkp\n" + "".join(
        f"{la.nomor_peserta},{a},{b},{c}\n" for la, (a, b, c) in rows
    )
    impor, errors = services.impor_nilai(actor=hr, seleksi=sel, jenis="skd", berkas=csv_file(text))
    assert errors == []


def _skb(hr, sel, rows):
    text = "nomor_peserta,skb\n" + "".join(f"{la.nomor_peserta},{v}\n" for la, v in rows)
    impor, errors = services.impor_nilai(actor=hr, seleksi=sel, jenis="skb", berkas=csv_file(text))
    assert errors == [], errors


class TestSeleksiFlow:
    """SKD → 3× cut → SKB (CAT + wawancara by a panel) → ranking → publication → sanggah that re-ranks."""

    def test_end_to_end_reproducible_and_appeal_reranks(self, hr_bungo, instansi_bungo):
        sel = F.seleksi(instansi_bungo, fase="sanggah_hasil")
        f = F.formasi(sel, kuota=1)
        services.komponen_skb_atur(
            actor=hr_bungo,
            formasi=f,
            komponen=[
                {"jenis": "cat", "nama": "CAT SKB", "bobot": 60},
                {"jenis": "wawancara", "nama": "Wawancara", "bobot": 40},
            ],
        )
        lam = [_ms(hr_bungo, F.lamaran(f)) for _ in range(5)]
        _skd(
            hr_bungo,
            sel,
            [
                (lam[0], (100, 120, 200)),
                (lam[1], (100, 110, 200)),
                (lam[2], (100, 100, 200)),
                (lam[3], (90, 100, 190)),
                (lam[4], (60, 150, 200)),
            ],
        )
        services.seleksi_hitung_peringkat(actor=hr_bungo, seleksi=sel)
        for la in lam:
            la.refresh_from_db()
        assert [la.ikut_skb for la in lam] == [True, True, True, False, False]
        assert lam[3].hasil == Hasil.TIDAK_MASUK_SKB and lam[4].hasil == Hasil.TL_SKD
        _skb(hr_bungo, sel, [(lam[0], 400), (lam[1], 450), (lam[2], "380.5")])
        lam[0].refresh_from_db()
        assert lam[0].nilai_skb is None  # wawancara not scored yet
        wawancara = KomponenSKB.objects.get(formasi=f, jenis="wawancara")
        p1, p2 = hr_user(instansi_bungo, username="panel1"), hr_user(instansi_bungo, username="panel2")
        for la, (n1, n2) in zip(lam[:3], [(80, 90), (60, 70), (90, 90)], strict=True):
            sesi = services.sesi_jadwalkan(
                actor=hr_bungo,
                lamaran=la,
                komponen=wawancara,
                jadwal=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
                tempat="R1",
                panel=[p1, p2],
            )
            services.nilai_panel_simpan(actor=hr_bungo, sesi=sesi, penilai=p1, nilai=D(n1))
            services.nilai_panel_simpan(actor=p2, sesi=sesi, penilai=p2, nilai=D(n2))
        for la in lam:
            la.refresh_from_db()
        # lam0: CAT 400/500 = 80 → ×.6 = 48; wawancara mean 85 ×.4 = 34 → 82
        assert lam[0].nilai_skb == D("82.0000")
        pub = services.seleksi_publikasikan(actor=hr_bungo, seleksi=sel, tahap="akhir", nomor="PENG/1/2026")
        for la in lam:
            la.refresh_from_db()
        # lam0: 420/550*40=30.5455 + 82*.6=49.2 → 79.7455; lam1: 410→29.8182 + (90*.6+65*.4=80)*.6=48 → 77.8182;
        # lam2: 400→29.0909 + (76.1*.6+90*.4=81.66)*.6=48.996 → 78.0869
        assert [la.peringkat for la in lam[:3]] == [1, 3, 2]
        assert lam[0].hasil == Hasil.LULUS and lam[2].hasil == Hasil.CADANGAN
        assert lam[0].nilai_akhir == D("79.7455")
        # The published ranking is reproduced exactly from the ledger.
        assert selectors.reproduksi_publikasi(pub) == pub.isi
        assert [r["nomor"] for r in pub.isi["peserta"][:3]] == [
            lam[0].nomor_peserta,
            lam[2].nomor_peserta,
            lam[1].nomor_peserta,
        ]

        # Appeal: lam1's TKP was recorded wrongly (error not the applicant's); the decision re-ranks.
        s = services.sanggah_ajukan(
            pelamar=lam[1].pelamar, lamaran=lam[1], tahap="hasil", alasan="TKP saya 225 di layar CAT."
        )
        with pytest.raises(ValidationError):
            services.sanggah_ajukan(pelamar=lam[1].pelamar, lamaran=lam[1], tahap="hasil", alasan="lagi")
        services.sanggah_jawab(
            actor=hr_bungo,
            sanggah=s,
            diterima=True,
            jawaban="Terbukti salah input; dikoreksi.",
            koreksi_nilai={"tkp": 225},
        )
        s.refresh_from_db()
        for la in lam:
            la.refresh_from_db()
        assert s.status == StatusSanggah.DITERIMA
        # lam1: 435 → 31.6364 + 48 = 79.6364 → now second; lam2 third
        assert (lam[1].tkp, lam[1].nilai_akhir, lam[1].peringkat, lam[2].peringkat) == (
            225,
            D("79.6364"),
            2,
            3,
        )
        ledger = RiwayatNilai.objects.filter(lamaran=lam[1], sumber="sanggah")
        assert {r.field for r in ledger} >= {"tkp", "nilai_akhir", "peringkat"}
        tkp = ledger.get(field="tkp")
        assert (tkp.sebelum, tkp.sesudah, tkp.oleh) == ("200", "225", hr_bungo) and "Sanggah" in tkp.alasan
        assert RiwayatNilai.objects.filter(
            lamaran=lam[2], field="peringkat", sebelum="2", sesudah="3"
        ).exists()
        # The earlier publication is still reproducible (ledger position), and a new one reflects the decision.
        assert selectors.reproduksi_publikasi(pub) == pub.isi
        pub2 = services.seleksi_publikasikan(actor=hr_bungo, seleksi=sel, tahap="akhir", nomor="PENG/2/2026")
        assert pub2.isi != pub.isi and selectors.reproduksi_publikasi(pub2) == pub2.isi

    def test_tampering_is_detected(self, hr_bungo, instansi_bungo):
        sel = F.seleksi(instansi_bungo, fase="sanggah_hasil")
        f = F.formasi(sel, kuota=1)
        a, b = _ms(hr_bungo, F.lamaran(f)), _ms(hr_bungo, F.lamaran(f))
        _skd(hr_bungo, sel, [(a, (100, 120, 200)), (b, (100, 110, 200))])
        services.seleksi_hitung_peringkat(actor=hr_bungo, seleksi=sel)
        _skb(hr_bungo, sel, [(a, 300), (b, 400)])
        pub = services.seleksi_publikasikan(actor=hr_bungo, seleksi=sel, tahap="akhir", nomor="P/1")
        # A silent change of a score outside the services leaves no ledger row → the published list no longer
        # matches a recomputation from the current columns, but the ledger replay still matches what was published.
        Lamaran.objects.filter(pk=b.pk).update(tkp=100)
        assert selectors.reproduksi_publikasi(pub) == pub.isi
        assert selectors.isi_publikasi(seleksi=sel, tahap="akhir") != pub.isi

    def test_sanggah_outside_window_refused(self, instansi_bungo):
        lam = F.lamaran(F.formasi(F.seleksi(instansi_bungo)))  # registration phase: no sanggah window
        with pytest.raises(ValidationError):
            services.sanggah_ajukan(pelamar=lam.pelamar, lamaran=lam, tahap="hasil", alasan="x")

    def test_sanggah_administrasi_accepted_turns_ms(self, hr_bungo, instansi_bungo):
        sel = F.seleksi(instansi_bungo, fase="sanggah_hasil")
        f = F.formasi(sel)
        lam = F.lamaran(f)
        s1, s2 = f.persyaratan.all()
        services.verifikasi_simpan(
            actor=hr_bungo, lamaran=lam, hasil={s1.pk: ("MS", ""), s2.pk: ("TMS", "Tidak terbaca")}
        )
        s = services.sanggah_ajukan(
            pelamar=lam.pelamar, lamaran=lam, tahap="administrasi", alasan="Dokumen terbaca jelas."
        )
        services.sanggah_jawab(
            actor=hr_bungo,
            sanggah=s,
            diterima=True,
            jawaban="Benar, salah verifikasi.",
            koreksi_syarat={s2.pk: ("MS", "")},
        )
        lam.refresh_from_db()
        assert lam.status_administrasi == StatusAdministrasi.MS and lam.alasan_tms == ""
        assert RiwayatNilai.objects.filter(
            lamaran=lam, field="status_administrasi", sumber="sanggah", sesudah="MS"
        ).exists()


def test_ambang_khusus_from_year_table(db):
    from rekrutmen.models import AmbangBatasKhusus

    assert (
        services.ambang_khusus(tahun=2026, jenis_formasi="cumlaude").min_total == 311
    )  # falls back to 2024 row
    AmbangBatasKhusus.objects.create(tahun=2026, jenis_formasi="cumlaude", min_total=320, min_tiu=90)
    assert services.ambang_khusus(tahun=2026, jenis_formasi="cumlaude").min_total == 320
    assert services.ambang_khusus(tahun=2025, jenis_formasi="cumlaude").min_total == 311
    assert services.ambang_khusus(tahun=2026, jenis_formasi="umum") is None


@pytest.mark.django_db
def test_failed_document_replacement_leaves_no_stray_file_and_keeps_old(instansi_bungo, monkeypatch):
    """Issue 18: the replacing document is written before the transaction ends; when the audit write fails,
    the old row and its file stay and the new file is removed again."""
    from asnportal.testing.media import stored_files

    f = F.formasi(F.seleksi(instansi_bungo))
    lam = F.lamaran(f, dikirim=False, dokumen=False)
    syarat = f.persyaratan.first()
    kept = services.dokumen_unggah(
        pelamar=lam.pelamar, lamaran=lam, persyaratan=syarat, berkas=F.pdf_upload()
    )
    before = stored_files()
    assert kept.berkas.name in before

    def boom(*a, **kw):
        raise RuntimeError("audit gagal")

    monkeypatch.setattr(services.audit, "record", boom)
    with pytest.raises(RuntimeError):
        services.dokumen_unggah(pelamar=lam.pelamar, lamaran=lam, persyaratan=syarat, berkas=F.pdf_upload())
    assert stored_files() == before
    assert list(lam.dokumen.filter(persyaratan=syarat)) == [kept]
    assert kept.berkas.storage.exists(kept.berkas.name)
