"""Pages: HR scoping (another instansi → 404, ASN → 403), applicant isolation, public pages, query budgets."""

import pytest
from django.test import Client
from django.urls import reverse

from asnportal.models import AuditLog
from rekrutmen import pelamar_auth, services
from rekrutmen.models import Lamaran, Pelamar

from . import factories as F


def client_pelamar(p):
    c = Client()
    session = c.session
    session[pelamar_auth.SESSION_KEY] = p.pk
    session.save()
    return c


@pytest.fixture
def alur(hr_bungo, instansi_bungo):
    """A round of Bungo with two submitted applications and a published administrative result."""
    sel = F.seleksi(instansi_bungo, fase="sanggah_hasil")
    f = F.formasi(sel)
    a, b = F.lamaran(f), F.lamaran(f)
    for lam in (a, b):
        services.verifikasi_simpan(
            actor=hr_bungo, lamaran=lam, hasil={s.pk: ("MS", "") for s in f.persyaratan.all()}
        )
    pub = services.seleksi_publikasikan(actor=hr_bungo, seleksi=sel, tahap="administrasi", nomor="PENG/ADM/1")
    return {"seleksi": sel, "formasi": f, "a": a, "b": b, "pub": pub}


def _hr_urls(alur):
    a = alur["a"]
    return [
        reverse("rekrutmen:seleksi_detail", args=[alur["seleksi"].pk]),
        reverse("rekrutmen:seleksi_update", args=[alur["seleksi"].pk]),
        reverse("rekrutmen:formasi_usul", args=[alur["seleksi"].pk]),
        reverse("rekrutmen:impor_nilai", args=[alur["seleksi"].pk]),
        reverse("rekrutmen:ringkasan_ekspor", args=[alur["seleksi"].pk]),
        reverse("rekrutmen:formasi_detail", args=[alur["formasi"].pk]),
        reverse("rekrutmen:lamaran_detail", args=[a.pk]),
        reverse("rekrutmen:dokumen_unduh", args=[a.dokumen.first().pk]),
        reverse("rekrutmen:publikasi_detail", args=[alur["pub"].pk]),
    ]


class TestHrPages:
    def test_hr_of_instansi_reads_everything(self, client_hr_bungo, alur):
        for url in _hr_urls(alur):
            assert client_hr_bungo.get(url).status_code == 200, url

    def test_hr_of_other_instansi_gets_404(self, client_hr_bengkulu, alur):
        for url in _hr_urls(alur):
            assert client_hr_bengkulu.get(url).status_code == 404, url

    @pytest.mark.parametrize(
        ("name", "key"),
        [
            ("rekrutmen:formasi_setujui", "formasi"),
            ("rekrutmen:formasi_tolak", "formasi"),
            ("rekrutmen:formasi_persyaratan", "formasi"),
            ("rekrutmen:formasi_komponen", "formasi"),
            ("rekrutmen:hitung_peringkat", "seleksi"),
            ("rekrutmen:publikasi_buat", "seleksi"),
            ("rekrutmen:lamaran_verifikasi", "a"),
            ("rekrutmen:sesi_jadwalkan", "a"),
        ],
    )
    def test_writes_of_other_instansi_404(self, client_hr_bengkulu, alur, name, key):
        assert client_hr_bengkulu.post(reverse(name, args=[alur[key].pk]), {"kuota": 1}).status_code == 404

    def test_asn_and_pimpinan_never_see_applicants(self, client_asn_bungo, client_pimpinan_bungo, alur):
        for c in (client_asn_bungo, client_pimpinan_bungo):
            assert c.get(reverse("rekrutmen:lamaran_list")).status_code == 403
            assert c.get(reverse("rekrutmen:lamaran_detail", args=[alur["a"].pk])).status_code in (403, 404)
            assert (
                c.get(reverse("rekrutmen:dokumen_unduh", args=[alur["a"].dokumen.first().pk])).status_code
                == 404
            )

    def test_auditor_reads_but_cannot_write(self, client_auditor_bungo, alur):
        assert (
            client_auditor_bungo.get(reverse("rekrutmen:lamaran_detail", args=[alur["a"].pk])).status_code
            == 200
        )
        r = client_auditor_bungo.post(reverse("rekrutmen:hitung_peringkat", args=[alur["seleksi"].pk]))
        assert r.status_code == 403

    def test_lamaran_list_only_own_instansi(
        self, client_hr_bengkulu, client_hr_bungo, alur, instansi_bengkulu
    ):
        other = F.lamaran(F.formasi(F.seleksi(instansi_bengkulu)))
        r = client_hr_bengkulu.get(reverse("rekrutmen:lamaran_list"))
        assert other.nomor_peserta in r.text and alur["a"].nomor_peserta not in r.text
        r = client_hr_bungo.get(reverse("rekrutmen:lamaran_list"))
        assert other.nomor_peserta not in r.text and alur["a"].nomor_peserta in r.text

    def test_document_view_is_audited(self, client_hr_bungo, alur):
        dok = alur["a"].dokumen.first()
        r = client_hr_bungo.get(reverse("rekrutmen:dokumen_unduh", args=[dok.pk]))
        assert r["Content-Type"] == "application/pdf" and b"".join(r.streaming_content).startswith(b"%PDF")
        assert AuditLog.objects.filter(
            object_type="rekrutmen.DokumenLamaran", object_id=str(dok.pk), action="view"
        ).exists()

    def test_verifikasi_form_rerenders_with_errors(self, client_hr_bungo, alur):
        s = alur["formasi"].persyaratan.first()
        url = reverse("rekrutmen:lamaran_verifikasi", args=[alur["a"].pk])
        r = client_hr_bungo.post(url, {f"hasil_{s.pk}": "TMS", f"alasan_{s.pk}": ""})
        assert r.status_code == 400 and "Alasan wajib diisi" in r.text
        r = client_hr_bungo.post(url, {f"hasil_{s.pk}": "TMS", f"alasan_{s.pk}": "Ijazah tidak terbaca"})
        assert r.status_code == 302
        assert Lamaran.objects.get(pk=alur["a"].pk).status_administrasi == "TMS"

    def test_impor_page_shows_row_errors(self, client_hr_bungo, alur):
        from django.core.files.uploadedfile import SimpleUploadedFile

        f = SimpleUploadedFile("skd.csv", b"nomor_peserta,twk,tiu,tkp\n000,1,2,3\n")
        r = client_hr_bungo.post(
            reverse("rekrutmen:impor_nilai", args=[alur["seleksi"].pk]), {"jenis": "skd", "berkas": f}
        )
        assert r.status_code == 400 and "Baris 2" in r.text

    def test_publikasi_detail_shows_reproduction(self, client_hr_bungo, alur):
        r = client_hr_bungo.get(reverse("rekrutmen:publikasi_detail", args=[alur["pub"].pk]))
        assert "sama persis" in r.text

    @pytest.mark.parametrize("n", [3, 15])
    def test_query_budget_lamaran_list(self, client_hr_bungo, alur, django_assert_max_num_queries, n):
        for _ in range(n):
            F.lamaran(alur["formasi"], dokumen=False)
        with django_assert_max_num_queries(14):
            assert client_hr_bungo.get(reverse("rekrutmen:lamaran_list")).status_code == 200

    @pytest.mark.parametrize("n", [3, 15])
    def test_query_budget_seleksi_detail_and_formasi(
        self, client_hr_bungo, alur, django_assert_max_num_queries, n
    ):
        for _ in range(n):
            F.formasi(alur["seleksi"])
            F.lamaran(alur["formasi"], dokumen=False)
        with django_assert_max_num_queries(20):
            assert (
                client_hr_bungo.get(
                    reverse("rekrutmen:seleksi_detail", args=[alur["seleksi"].pk])
                ).status_code
                == 200
            )
        with django_assert_max_num_queries(20):
            assert (
                client_hr_bungo.get(
                    reverse("rekrutmen:formasi_detail", args=[alur["formasi"].pk])
                ).status_code
                == 200
            )


class TestApplicant:
    def test_applicant_never_reads_another_applicants_data_or_documents(self, alur):
        a, b = alur["a"], alur["b"]
        c = client_pelamar(a.pelamar)
        assert c.get(reverse("rekrutmen:pelamar_lamaran", args=[a.pk])).status_code == 200
        assert c.get(reverse("rekrutmen:pelamar_dokumen", args=[a.dokumen.first().pk])).status_code == 200
        assert c.get(reverse("rekrutmen:pelamar_lamaran", args=[b.pk])).status_code == 404
        assert c.get(reverse("rekrutmen:pelamar_dokumen", args=[b.dokumen.first().pk])).status_code == 404
        assert (
            c.post(
                reverse("rekrutmen:pelamar_sanggah", args=[b.pk]), {"tahap": "hasil", "alasan": "x"}
            ).status_code
            == 404
        )
        assert c.post(reverse("rekrutmen:pelamar_kirim", args=[b.pk])).status_code == 404
        syarat = b.formasi.persyaratan.first()
        r = c.post(reverse("rekrutmen:pelamar_unggah", args=[b.pk, syarat.pk]), {"berkas": F.pdf_upload()})
        assert r.status_code == 404
        # Staff pages stay closed to an applicant session (not a portal user).
        assert c.get(reverse("rekrutmen:lamaran_detail", args=[a.pk])).status_code == 302
        assert c.get(reverse("rekrutmen:dokumen_unduh", args=[a.dokumen.first().pk])).status_code == 302

    def test_anonymous_is_sent_to_applicant_login(self, alur):
        r = Client().get(reverse("rekrutmen:pelamar_lamaran", args=[alur["a"].pk]))
        assert r.status_code == 302 and reverse("rekrutmen:pelamar_masuk") in r["Location"]
        assert (
            Client()
            .get(reverse("rekrutmen:pelamar_dokumen", args=[alur["a"].dokumen.first().pk]))
            .status_code
            == 302
        )

    def test_register_confirm_login_apply_upload_submit(self, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        c = Client()
        data = {
            "nik": "1509016101990003",
            "nama": "Rina Wati",
            "email": "rina@contoh.id",
            "tempat_lahir": "Bungo",
            "tanggal_lahir": "1999-01-21",
            "jenis_kelamin": "P",
            "password1": "KataSandiKuat2026",
            "password2": "KataSandiKuat2026",
            "setuju": "on",
        }
        r = c.post(reverse("rekrutmen:pelamar_daftar"), {**data, "nik": "123"})
        assert r.status_code == 200 and "16 digit" in r.text and 'value="Rina Wati"' in r.text
        assert c.post(reverse("rekrutmen:pelamar_daftar"), data).status_code == 302
        p = Pelamar.objects.get(nik="1509016101990003")
        login = {"identitas": "rina@contoh.id", "password": "KataSandiKuat2026"}
        assert "Konfirmasi" in c.post(reverse("rekrutmen:pelamar_masuk"), login).text
        from rekrutmen.emails import token_konfirmasi

        c.get(reverse("rekrutmen:pelamar_konfirmasi", args=[token_konfirmasi(p)]))
        assert c.post(reverse("rekrutmen:pelamar_masuk"), login).status_code == 302
        r = c.post(
            reverse("rekrutmen:pelamar_lamar", args=[f.pk]),
            {"pendidikan": "S1", "jurusan": "Akuntansi", "institusi_pendidikan": "UNJA", "ipk": "3.45"},
        )
        lam = Lamaran.objects.get(pelamar=p)
        assert r.status_code == 302
        for s in f.persyaratan.all():
            c.post(reverse("rekrutmen:pelamar_unggah", args=[lam.pk, s.pk]), {"berkas": F.pdf_upload()})
        fake = F.pdf_upload(content=b"<html>not a pdf</html>")
        r = c.post(reverse("rekrutmen:pelamar_unggah", args=[lam.pk, s.pk]), {"berkas": fake}, follow=True)
        assert "Jenis berkas tidak diizinkan" in r.text
        c.post(reverse("rekrutmen:pelamar_kirim", args=[lam.pk]))
        lam.refresh_from_db()
        assert lam.status == "dikirim" and lam.nomor_peserta
        r = c.get(reverse("rekrutmen:pelamar_beranda"))
        assert lam.nomor_peserta in r.text

    def test_login_lockout(self, db):
        p = F.pelamar()
        c = Client()
        for _ in range(5):
            c.post(reverse("rekrutmen:pelamar_masuk"), {"identitas": p.email, "password": "salah"})
        r = c.post(
            reverse("rekrutmen:pelamar_masuk"), {"identitas": p.email, "password": "RahasiaPelamar2026"}
        )
        assert "Terlalu banyak percobaan" in r.text

    def test_applicant_sees_rejection_reasons_and_files_sanggah(self, hr_bungo, alur):
        a = alur["a"]
        s = alur["formasi"].persyaratan.first()
        services.verifikasi_simpan(
            actor=hr_bungo, lamaran=a, hasil={s.pk: ("TMS", "Ijazah tanpa legalisasi")}
        )
        c = client_pelamar(a.pelamar)
        r = c.get(reverse("rekrutmen:pelamar_lamaran", args=[a.pk]))
        assert "Ijazah tanpa legalisasi" in r.text and "Ajukan sanggah" in r.text
        c.post(
            reverse("rekrutmen:pelamar_sanggah", args=[a.pk]),
            {"tahap": "administrasi", "alasan": "Sudah dilegalisasi."},
        )
        assert a.sanggah.get().alasan == "Sudah dilegalisasi."


class TestPublic:
    def test_open_formasi_list_and_detail(self, instansi_bungo):
        f = F.formasi(F.seleksi(instansi_bungo))
        closed = F.formasi(F.seleksi(instansi_bungo, fase="sanggah_hasil"))
        hidden = F.formasi(F.seleksi(instansi_bungo))
        hidden.seleksi.diumumkan = False
        hidden.seleksi.save()
        r = Client().get(reverse("rekrutmen:lowongan_list"))
        assert r.status_code == 200 and f.jabatan.nama in r.text
        assert closed.jabatan.nama not in r.text and hidden.jabatan.nama not in r.text
        assert Client().get(reverse("rekrutmen:lowongan_detail", args=[f.pk])).status_code == 200
        assert Client().get(reverse("rekrutmen:lowongan_detail", args=[closed.pk])).status_code == 404

    def test_results_page_lists_numbers_not_personal_data(self, alur):
        r = Client().get(reverse("rekrutmen:hasil_detail", args=[alur["seleksi"].pk]))
        assert r.status_code == 200
        assert alur["a"].nomor_peserta in r.text
        assert alur["a"].pelamar.nama not in r.text and alur["a"].pelamar.nik not in r.text

    def test_results_pdf(self, alur, monkeypatch):
        from asnportal.dokumen import render as core_render
        from asnportal.dokumen.models import Dokumen
        from rekrutmen import tasks

        tasks.publikasi_dokumen_task(alur["pub"].pk)  # what the worker does after the publication commits
        dok = Dokumen.objects.get(jenis="rekrutmen.pengumuman", sumber_id=str(alur["pub"].pk))
        assert dok.nomor == alur["pub"].nomor and dok.sha256

        def no_render(*a, **k):
            raise AssertionError("an anonymous request must not render the announcement")

        monkeypatch.setattr(core_render, "html_to_pdf", no_render)
        r = Client().get(reverse("rekrutmen:hasil_pdf", args=[alur["pub"].pk]))
        assert (
            r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
        )
        assert r.content == dok.berkas.open("rb").read()
        assert Dokumen.objects.filter(jenis="rekrutmen.pengumuman").count() == 1

    def test_results_pdf_rendered_once_when_worker_missed_it(self, alur):
        from asnportal.dokumen.models import Dokumen

        for _ in range(2):
            r = Client().get(reverse("rekrutmen:hasil_pdf", args=[alur["pub"].pk]))
            assert r.status_code == 200 and r.content.startswith(b"%PDF")
        assert Dokumen.objects.filter(jenis="rekrutmen.pengumuman").count() == 1

    def test_unannounced_round_results_hidden(self, alur):
        alur["seleksi"].diumumkan = False
        alur["seleksi"].save()
        assert Client().get(reverse("rekrutmen:hasil_detail", args=[alur["seleksi"].pk])).status_code == 404
        assert Client().get(reverse("rekrutmen:hasil_pdf", args=[alur["pub"].pk])).status_code == 404


class TestPanelSendiri:
    @pytest.fixture
    def sesi(self, hr_bungo, asn_bungo, instansi_bungo):
        from decimal import Decimal

        from django.utils import timezone

        from rekrutmen.models import KomponenSKB

        f = F.formasi(F.seleksi(instansi_bungo))
        services.komponen_skb_atur(
            actor=hr_bungo,
            formasi=f,
            komponen=[
                {"jenis": "cat", "nama": "CAT", "bobot": 70},
                {"jenis": "wawancara", "nama": "Wawancara", "bobot": 30},
            ],
        )
        lam = F.lamaran(f, ikut_skb=True, skb_cat=Decimal("400"))
        k = KomponenSKB.objects.get(formasi=f, jenis="wawancara")
        return services.sesi_jadwalkan(
            actor=hr_bungo, lamaran=lam, komponen=k, jadwal=timezone.now(), tempat="R2", panel=[asn_bungo]
        )

    def test_panel_member_scores_own_session(self, client_asn_bungo, sesi):
        r = client_asn_bungo.get(reverse("rekrutmen:penilaian_saya"))
        assert sesi.lamaran.nomor_peserta in r.text and sesi.lamaran.pelamar.nama not in r.text
        url = reverse("rekrutmen:penilaian_saya_isi", args=[sesi.pk])
        assert (
            client_asn_bungo.post(url, {"nilai": "150"}).status_code == 200
        )  # above the maximum: re-rendered
        assert client_asn_bungo.post(url, {"nilai": "80", "catatan": "Komunikatif"}).status_code == 302
        lam = Lamaran.objects.get(pk=sesi.lamaran_id)
        assert lam.nilai_skb is not None  # CAT 400/500 = 80 × .7 + 80 × .3 = 80
        assert str(lam.nilai_skb) == "80.0000"

    def test_non_panel_and_other_instansi_get_404(self, client_pimpinan_bungo, client_hr_bengkulu, sesi):
        url = reverse("rekrutmen:penilaian_saya_isi", args=[sesi.pk])
        assert client_pimpinan_bungo.get(url).status_code == 404
        assert client_hr_bengkulu.get(url).status_code == 404
        assert client_hr_bengkulu.get(reverse("rekrutmen:sesi_nilai", args=[sesi.pk])).status_code == 404
