"""A plain ASN's dashboard shows what matters to one person, not the organisation's tiles."""

import datetime as dt

from django.urls import reverse


def test_plain_asn_sees_own_skp_jp_leave_and_attendance(
    client_asn_bungo, asn_bungo, hr_bungo, django_assert_max_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kehadiran.models import JenisCuti
    from pelatihan import services as pelatihan_services
    from pelatihan.tests.factories import PDF_BYTES

    pegawai = asn_bungo.pegawai
    JenisCuti.objects.create(
        instansi=pegawai.instansi,
        kode="tahunan",
        nama="Cuti tahunan",
        hak_hari_per_tahun=12,
        potong_saldo=True,
    )
    hari = dt.date.today()
    pelatihan_services.eksternal_catat_sdm(
        actor=hr_bungo,
        pegawai=pegawai,
        data={
            "nama": "Seminar",
            "penyelenggara": "LAN",
            "bentuk": "klasikal",
            "tanggal_mulai": hari,
            "tanggal_selesai": hari,
            "durasi_menit": 360,
            "bukti": SimpleUploadedFile("s.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    with django_assert_max_num_queries(40):
        r = client_asn_bungo.get(reverse("dashboard"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Pegawai aktif" not in html and "Perangkat daerah" not in html  # no organisation tiles
    assert f"SKP {dt.date.today().year}" in html and "Buat SKP tahun ini" in html
    assert "8 <span" in html and "/ 20 JP" in html
    assert "Sisa cuti tahunan" in html and "12 <span" in html
    assert "Kehadiran " in html


def test_hr_keeps_the_organisation_tiles(client_hr_bungo):
    html = client_hr_bungo.get(reverse("dashboard")).content.decode()
    assert "Pegawai aktif" in html and "Sisa cuti tahunan" not in html
