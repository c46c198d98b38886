"""Services: daily status computation, web check-in, import, corrections, leave and balances."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal.models import AuditLog
from kehadiran import selectors, services
from kehadiran.models import (
    ImporPresensi,
    JadwalKerja,
    JadwalShift,
    JenisCuti,
    KoreksiPresensi,
    PengajuanCuti,
    Presensi,
    SaldoCuti,
    Shift,
    StatusHarianPegawai,
)

from .conftest import wib
from .factories import bukti

pytestmark = pytest.mark.django_db
MON, TUE, THU = dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 5)


def status_of(pegawai, day):
    return StatusHarianPegawai.objects.get(pegawai=pegawai, tanggal=day)


def csv_file(text, name="mesin.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


# --- daily status -------------------------------------------------------------------------------------------------


def test_hitung_status_uses_calendar_records_and_holidays(frozen, kalender_bungo, pegawai_bungo):
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(MON, 7, 20), jenis="scan", sumber="mesin")
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(MON, 16, 5), jenis="scan", sumber="mesin")
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(TUE, 8, 0), jenis="scan", sumber="mesin")
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(TUE, 16, 1), jenis="scan", sumber="mesin")
    services.hitung_status(
        instansi_id=kalender_bungo.pk, mulai=dt.date(2026, 3, 1), selesai=dt.date(2026, 3, 10)
    )
    assert status_of(pegawai_bungo, dt.date(2026, 3, 1)).status == "libur"  # Sunday
    assert status_of(pegawai_bungo, MON).status == "hadir"
    tue = status_of(pegawai_bungo, TUE)
    assert (tue.status, tue.terlambat_menit) == ("terlambat", 30)
    thu = status_of(pegawai_bungo, THU)
    assert (thu.status, thu.keterangan) == ("libur", "Libur contoh")
    assert status_of(pegawai_bungo, dt.date(2026, 3, 4)).status == "tidak_hadir"
    assert status_of(pegawai_bungo, dt.date(2026, 3, 10)).status == "belum"  # today, 10:00, nothing yet
    # Recomputing is an upsert: no duplicate rows.
    services.hitung_status(instansi_id=kalender_bungo.pk, mulai=MON, selesai=TUE)
    assert StatusHarianPegawai.objects.filter(pegawai=pegawai_bungo).count() == 10


def test_unit_shift_schedule_with_night_shift(frozen, kalender_bungo, pegawai_bungo):
    unit = pegawai_bungo.unit_kerja
    jadwal = JadwalKerja.objects.create(
        instansi=kalender_bungo,
        unit_kerja=unit,
        nama="Shift IGD",
        jam_masuk=dt.time(7),
        jam_pulang=dt.time(14),
        berbasis_shift=True,
        toleransi_menit=5,
    )
    malam = Shift.objects.create(
        jadwal=jadwal, kode="M", nama="Malam", jam_masuk=dt.time(21), jam_pulang=dt.time(7)
    )
    # Night shift on Thursday, a public holiday: a rostered shift is still a working day.
    JadwalShift.objects.create(pegawai=pegawai_bungo, tanggal=THU, shift=malam)
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(THU, 21, 12), jenis="scan", sumber="mesin")
    Presensi.objects.create(
        pegawai=pegawai_bungo, waktu=wib(THU + dt.timedelta(days=1), 7, 2), jenis="scan", sumber="mesin"
    )
    services.hitung_status(instansi_id=kalender_bungo.pk, mulai=MON, selesai=dt.date(2026, 3, 6))
    thu = status_of(pegawai_bungo, THU)
    assert (thu.status, thu.terlambat_menit, thu.pulang_cepat_menit) == ("terlambat", 12, 0)
    # Without a shift on Monday the shift worker is off duty (libur), not absent.
    assert status_of(pegawai_bungo, MON).status == "libur"
    # The morning check-out of Friday belongs to Thursday's shift, not to a Friday shift.
    assert status_of(pegawai_bungo, dt.date(2026, 3, 6)).status == "libur"


# --- web check-in --------------------------------------------------------------------------------------------------


def test_presensi_web_inside_radius(frozen, kalender_bungo, lokasi_bungo, asn_bungo):
    rec = services.presensi_web(
        actor=asn_bungo, jenis="masuk", ip="8.8.8.8", latitude=-1.4853, longitude=102.1131, akurasi=15
    )
    assert (rec.sumber, rec.metode_validasi, rec.jarak_m) == ("web", "lokasi", 16)
    st = status_of(asn_bungo.pegawai, dt.date(2026, 3, 10))
    assert (st.status, st.terlambat_menit) == ("terlambat", 150)  # 10:00 against 07:30
    assert AuditLog.objects.filter(object_type="kehadiran.Presensi", object_id=str(rec.pk)).exists()


def test_presensi_web_refused_outside_radius_with_clear_message(
    frozen, kalender_bungo, lokasi_bungo, asn_bungo
):
    with pytest.raises(services.PresensiDitolak) as exc:
        services.presensi_web(actor=asn_bungo, jenis="masuk", ip="8.8.8.8", latitude=-1.50, longitude=102.2)
    assert "radius 150 m" in str(exc.value) and "Wi-Fi" in str(exc.value)
    assert not Presensi.objects.exists()


def test_presensi_web_network_fallback_without_position(frozen, kalender_bungo, lokasi_bungo, asn_bungo):
    rec = services.presensi_web(actor=asn_bungo, jenis="masuk", ip="10.17.4.2")
    assert rec.metode_validasi == "jaringan" and rec.latitude is None


def test_presensi_web_needs_pegawai(hr_bungo):
    with pytest.raises(services.PresensiDitolak):
        services.presensi_web(actor=hr_bungo, jenis="masuk", ip="10.0.0.1")


# --- import ---------------------------------------------------------------------------------------------------------


def test_import_good_file_then_reimport_adds_nothing(frozen, kalender_bungo, pegawai_bungo, hr_bungo):
    text = (
        "NIP,Tanggal,Jam,Mesin\n"
        f"{pegawai_bungo.nip},2026-03-02,07:21:05,FP-01\n"
        f"{pegawai_bungo.nip},02/03/2026,16:04,FP-01\n"
        f"{pegawai_bungo.nip},2026-03-03,07:58,FP-01\n"
    )
    imp, errors = services.impor_presensi(
        actor=hr_bungo, instansi_id=kalender_bungo.pk, uploaded=csv_file(text)
    )
    assert errors == []
    assert (imp.jumlah_baris, imp.jumlah_baru, imp.jumlah_duplikat) == (3, 3, 0)
    assert Presensi.objects.filter(sumber="mesin", impor=imp).count() == 3
    assert status_of(pegawai_bungo, MON).status == "hadir"
    assert status_of(pegawai_bungo, TUE).terlambat_menit == 28
    imp2, errors = services.impor_presensi(
        actor=hr_bungo, instansi_id=kalender_bungo.pk, uploaded=csv_file(text)
    )
    assert errors == [] and (imp2.jumlah_baru, imp2.jumlah_duplikat) == (0, 3)
    assert Presensi.objects.count() == 3
    assert ImporPresensi.objects.count() == 2


def test_import_bad_rows_write_nothing(frozen, kalender_bungo, pegawai_bungo, pegawai_bengkulu, hr_bungo):
    text = (
        "nip;waktu;jenis\n"
        f"{pegawai_bungo.nip};2026-03-02 07:21;masuk\n"
        f"{pegawai_bengkulu.nip};2026-03-02 07:22;masuk\n"  # another instansi's NIP
        f"{pegawai_bungo.nip};kemarin;masuk\n"
        f"{pegawai_bungo.nip};2026-03-02 16:00;keluar\n"
        f"{pegawai_bungo.nip};2026-04-02 16:00;\n"  # future
    )
    imp, errors = services.impor_presensi(
        actor=hr_bungo, instansi_id=kalender_bungo.pk, uploaded=csv_file(text)
    )
    assert imp is None
    assert [(e.row, e.column) for e in errors] == [
        (3, "nip"),
        (4, "tanggal/jam"),
        (5, "jenis"),
        (6, "tanggal/jam"),
    ]
    assert "tidak ditemukan" in errors[0].message
    assert not Presensi.objects.exists() and not ImporPresensi.objects.exists()


def test_import_xlsx_with_native_dates(frozen, kalender_bungo, pegawai_bungo, hr_bungo):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["NIP", "Tanggal", "Jam"])
    ws.append([pegawai_bungo.nip, dt.datetime(2026, 3, 2), dt.time(7, 25)])
    ws.append([pegawai_bungo.nip, dt.datetime(2026, 3, 2), dt.time(16, 10)])
    buf = io.BytesIO()
    wb.save(buf)
    f = SimpleUploadedFile("mesin.xlsx", buf.getvalue())
    imp, errors = services.impor_presensi(actor=hr_bungo, instansi_id=kalender_bungo.pk, uploaded=f)
    assert errors == [] and imp.jumlah_baru == 2
    assert status_of(pegawai_bungo, MON).status == "hadir"


def test_import_missing_columns_and_permission(kalender_bungo, hr_bungo, asn_bungo):
    imp, errors = services.impor_presensi(
        actor=hr_bungo, instansi_id=kalender_bungo.pk, uploaded=csv_file("nip,jam\n1,07:00\n")
    )
    assert imp is None and "waktu" in errors[0].message
    with pytest.raises(PermissionDenied):
        services.impor_presensi(actor=asn_bungo, instansi_id=kalender_bungo.pk, uploaded=csv_file("nip\n"))


# --- corrections ----------------------------------------------------------------------------------------------------


def _koreksi(asn, **kw):
    data = {
        "tanggal": TUE,
        "jenis": "lupa_masuk",
        "jam_masuk": dt.time(7, 15),
        "jam_pulang": None,
        "alasan": "Lupa",
        "bukti": bukti(),
    }
    data.update(kw)
    return services.koreksi_ajukan(actor=asn, data=data)


def test_correction_approved_adds_record_and_keeps_original(
    frozen, kalender_bungo, asn_bungo, pimpinan_bungo
):
    asli = Presensi.objects.create(
        pegawai=asn_bungo.pegawai, waktu=wib(TUE, 16, 5), jenis="scan", sumber="mesin"
    )
    services.hitung_status(instansi_id=kalender_bungo.pk, mulai=TUE, selesai=TUE)
    assert status_of(asn_bungo.pegawai, TUE).status == "terlambat"  # missing check-in
    k = _koreksi(asn_bungo)
    assert pimpinan_bungo.notifikasi.filter(judul__icontains="koreksi").exists()
    services.koreksi_putuskan(actor=pimpinan_bungo, koreksi=k, setuju=True)
    k.refresh_from_db()
    assert k.status == "disetujui" and k.diputuskan_oleh == pimpinan_bungo
    assert Presensi.objects.filter(pk=asli.pk, waktu=wib(TUE, 16, 5), sumber="mesin").exists()
    tambahan = Presensi.objects.get(koreksi=k)
    assert (tambahan.sumber, tambahan.jenis, tambahan.waktu) == ("koreksi", "masuk", wib(TUE, 7, 15))
    assert status_of(asn_bungo.pegawai, TUE).status == "hadir"
    assert AuditLog.objects.filter(
        object_type="kehadiran.KoreksiPresensi", object_id=str(k.pk), action="workflow"
    ).exists()


def test_correction_dinas_luar_and_rejection_rules(
    frozen, kalender_bungo, asn_bungo, pimpinan_bungo, hr_bungo
):
    k = _koreksi(asn_bungo, jenis="dinas_luar", jam_masuk=None, tanggal=MON)
    with pytest.raises(PermissionDenied):
        services.koreksi_putuskan(actor=hr_bungo, koreksi=k, setuju=True)  # HR is not the atasan
    with pytest.raises(PermissionDenied):
        services.koreksi_putuskan(actor=asn_bungo, koreksi=k, setuju=True)  # nor is the ASN
    services.koreksi_putuskan(actor=pimpinan_bungo, koreksi=k, setuju=True)
    assert status_of(asn_bungo.pegawai, MON).status == "dinas_luar"
    with pytest.raises(ValidationError):
        services.koreksi_putuskan(
            actor=pimpinan_bungo, koreksi=k, setuju=False, catatan="x"
        )  # already decided
    k2 = _koreksi(asn_bungo, tanggal=dt.date(2026, 3, 4))
    with pytest.raises(ValidationError):
        services.koreksi_putuskan(
            actor=pimpinan_bungo, koreksi=k2, setuju=False
        )  # a rejection needs a reason
    services.koreksi_putuskan(actor=pimpinan_bungo, koreksi=k2, setuju=False, catatan="Bukti tidak sesuai")
    assert KoreksiPresensi.objects.get(pk=k2.pk).status == "ditolak"
    assert not Presensi.objects.filter(koreksi=k2).exists()


def test_correction_validation(frozen, kalender_bungo, asn_bungo):
    with pytest.raises(ValidationError):
        _koreksi(asn_bungo, jam_masuk=None)
    with pytest.raises(ValidationError):
        _koreksi(asn_bungo, tanggal=dt.date(2026, 3, 20))  # future
    _koreksi(asn_bungo)
    with pytest.raises(ValidationError):
        _koreksi(asn_bungo)  # one pending correction per day


# --- leave ----------------------------------------------------------------------------------------------------------


def _cuti(asn, jenis, mulai, selesai, **kw):
    return services.cuti_ajukan(
        actor=asn,
        data={"jenis": jenis, "tanggal_mulai": mulai, "tanggal_selesai": selesai, "alasan": "Keluarga", **kw},
    )


def test_leave_flow_balance_and_attendance(
    frozen, kalender_bungo, cuti_tahunan_bungo, asn_bungo, pimpinan_bungo, hr_bungo
):
    # Mon 2 – Fri 6 March: Thursday is a holiday → 4 working days.
    c = _cuti(asn_bungo, cuti_tahunan_bungo, MON, dt.date(2026, 3, 6))
    assert (c.jumlah_hari, c.status) == (4, "diajukan")
    saldo = {r["jenis"].kode: r for r in selectors.saldo_cuti(pegawai=asn_bungo.pegawai, tahun=2026)}
    assert (saldo["tahunan"]["hak"], saldo["tahunan"]["terpakai"], saldo["tahunan"]["sisa"]) == (12, 4, 8)
    with pytest.raises(PermissionDenied):
        services.cuti_putuskan_atasan(actor=hr_bungo, cuti=c, setuju=True)  # HR is not the atasan
    with pytest.raises(ValidationError):
        services.cuti_putuskan_sdm(actor=hr_bungo, cuti=c, setuju=True)  # atasan first
    services.cuti_putuskan_atasan(actor=pimpinan_bungo, cuti=c, setuju=True)
    services.cuti_putuskan_sdm(actor=hr_bungo, cuti=c, setuju=True)
    c.refresh_from_db()
    assert c.status == "disetujui"
    assert status_of(asn_bungo.pegawai, MON).status == "cuti"
    assert status_of(asn_bungo.pegawai, THU).status == "libur"
    assert asn_bungo.notifikasi.filter(judul="Cuti Anda disetujui").exists()
    # Leave shows in the unit calendar.
    hari = selectors.kalender_unit(
        user=pimpinan_bungo, tahun=2026, bulan=3, unit=asn_bungo.pegawai.unit_kerja
    )
    assert [d["tanggal"].day for d in hari if d["cuti"]] == [2, 3, 4, 5, 6]


def test_leave_balance_exceeded_and_overlap(frozen, kalender_bungo, cuti_tahunan_bungo, asn_bungo):
    SaldoCuti.objects.create(pegawai=asn_bungo.pegawai, jenis=cuti_tahunan_bungo, tahun=2026, hak_hari=3)
    with pytest.raises(ValidationError) as exc:
        _cuti(asn_bungo, cuti_tahunan_bungo, MON, dt.date(2026, 3, 6))
    assert "tinggal 3 hari" in str(exc.value)
    _cuti(asn_bungo, cuti_tahunan_bungo, MON, TUE)
    with pytest.raises(ValidationError):
        _cuti(asn_bungo, cuti_tahunan_bungo, TUE, TUE)  # overlaps


def test_leave_carry_over_capped(frozen, kalender_bungo, cuti_tahunan_bungo, asn_bungo):
    SaldoCuti.objects.create(pegawai=asn_bungo.pegawai, jenis=cuti_tahunan_bungo, tahun=2025, hak_hari=12)
    PengajuanCuti.objects.create(
        pegawai=asn_bungo.pegawai,
        jenis=cuti_tahunan_bungo,
        tanggal_mulai=dt.date(2025, 5, 5),
        tanggal_selesai=dt.date(2025, 5, 6),
        jumlah_hari=2,
        alasan="x",
        status="disetujui",
    )
    saldo = services.saldo_get_or_create(pegawai=asn_bungo.pegawai, jenis=cuti_tahunan_bungo, tahun=2026)
    assert (saldo.hak_hari, saldo.tangguhan_hari) == (12, 6)  # 10 unused, capped at 6
    cuti_tahunan_bungo.maks_tangguhan_hari = 0
    cuti_tahunan_bungo.save()
    SaldoCuti.objects.all().delete()
    SaldoCuti.objects.create(pegawai=asn_bungo.pegawai, jenis=cuti_tahunan_bungo, tahun=2025, hak_hari=12)
    assert (
        services.saldo_get_or_create(
            pegawai=asn_bungo.pegawai, jenis=cuti_tahunan_bungo, tahun=2026
        ).tangguhan_hari
        == 0
    )


def test_leave_type_rules_for_pppk_and_evidence(frozen, kalender_bungo, asn_bungo):
    services.jenis_cuti_awal(instansi_id=kalender_bungo.pk)
    assert services.jenis_cuti_awal(instansi_id=kalender_bungo.pk) == 0  # idempotent
    besar = JenisCuti.objects.get(instansi=kalender_bungo, kode="besar")
    sakit = JenisCuti.objects.get(instansi=kalender_bungo, kode="sakit")
    pegawai = asn_bungo.pegawai
    pegawai.status_kepegawaian, pegawai.golongan = "PPPK", "IX"
    pegawai.save()
    with pytest.raises(ValidationError) as exc:
        _cuti(asn_bungo, besar, MON, TUE)
    assert "tidak berlaku untuk PPPK" in str(exc.value)
    with pytest.raises(ValidationError):
        _cuti(asn_bungo, sakit, MON, TUE)  # evidence required
    c = _cuti(asn_bungo, sakit, MON, TUE, bukti=bukti())
    assert c.jumlah_hari == 2
    assert [j.kode for j in selectors.jenis_cuti_untuk(pegawai)] == ["melahirkan", "sakit", "tahunan"]


def test_leave_cancel(frozen, kalender_bungo, cuti_tahunan_bungo, asn_bungo, pimpinan_bungo):
    c = _cuti(asn_bungo, cuti_tahunan_bungo, dt.date(2026, 3, 16), dt.date(2026, 3, 17))
    with pytest.raises(PermissionDenied):
        services.cuti_batalkan(actor=pimpinan_bungo, cuti=c)
    services.cuti_batalkan(actor=asn_bungo, cuti=c)
    assert PengajuanCuti.objects.get(pk=c.pk).status == "dibatalkan"
    assert selectors.saldo_cuti(pegawai=asn_bungo.pegawai, tahun=2026)[0]["terpakai"] == 0


def test_top_of_tree_leave_goes_straight_to_hr(frozen, kalender_bungo, cuti_tahunan_bungo, pimpinan_bungo):
    c = _cuti(pimpinan_bungo, cuti_tahunan_bungo, MON, TUE)
    assert c.status == "disetujui_atasan"


# --- discipline figures ----------------------------------------------------------------------------------------------


def test_rekap_disiplin_contract_and_report(
    frozen, kalender_bungo, pegawai_bungo, kepala_bungo, pegawai_bengkulu
):
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(MON, 7, 45), jenis="scan", sumber="mesin")
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(MON, 16, 5), jenis="scan", sumber="mesin")
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(TUE, 7, 40), jenis="scan", sumber="mesin")
    Presensi.objects.create(pegawai=pegawai_bungo, waktu=wib(TUE, 16, 5), jenis="scan", sumber="mesin")
    services.hitung_status(
        instansi_id=kalender_bungo.pk, mulai=dt.date(2026, 3, 1), selesai=dt.date(2026, 3, 9)
    )
    services.hitung_status(
        instansi_id=pegawai_bengkulu.instansi_id, mulai=dt.date(2026, 3, 1), selesai=dt.date(2026, 3, 9)
    )
    rows = {
        r["pegawai_id"]: r
        for r in selectors.rekap_disiplin(instansi_id=kalender_bungo.pk, tahun=2026, bulan=3)
    }
    assert set(rows) == {pegawai_bungo.pk, kepala_bungo.pk}  # never another instansi's pegawai
    # 2–9 March: Mon 2, Tue 3, Wed 4, Fri 6, Mon 9 are working days (Thu 5 is a holiday).
    assert rows[pegawai_bungo.pk] == {
        "pegawai_id": pegawai_bungo.pk,
        "hari_kerja": 5,
        "hadir": 2,
        "terlambat_menit": 25,
        "tanpa_keterangan": 3,
    }
    from kehadiran.report import report_section

    sec = report_section(instansi_id=kalender_bungo.pk, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    summary = dict(sec["summary"])
    assert summary["Total menit terlambat"] == 25
    assert summary["Hari tanpa keterangan"] == 8  # 3 + kepala's 5
    assert summary["Tingkat kehadiran (%)"] == 20.0  # 2 of 10
    assert sec["tables"][0]["headers"][0] == "Unit kerja" and sec["charts"][0]["values"] == [20.0]


def test_rekap_bulanan_threshold_filter_in_db(frozen, kalender_bungo, pegawai_bungo, kepala_bungo, hr_bungo):
    from kehadiran.models import AmbangDisiplin

    for d in (MON, TUE, dt.date(2026, 3, 4)):
        Presensi.objects.create(pegawai=kepala_bungo, waktu=wib(d, 7, 0), jenis="scan", sumber="mesin")
        Presensi.objects.create(pegawai=kepala_bungo, waktu=wib(d, 16, 0), jenis="scan", sumber="mesin")
    services.hitung_status(instansi_id=kalender_bungo.pk, mulai=MON, selesai=dt.date(2026, 3, 4))
    ambang = AmbangDisiplin(
        min_persentase_kehadiran=90, maks_terlambat_menit=None, maks_tanpa_keterangan=None
    )
    rows = list(selectors.rekap_bulanan(user=hr_bungo, tahun=2026, bulan=3, ambang=ambang))
    assert [r["pegawai_id"] for r in rows] == [pegawai_bungo.pk]
    assert rows[0]["persen"] == 0.0
    assert selectors.pelanggaran(rows[0], ambang) == ["kehadiran 0.0% < 90.0%"]


def test_libur_nasional_2026_2027_loaded_idempotently_and_editable():
    from kehadiran.models import LiburNasional

    assert services.libur_nasional_muat() > 40
    assert services.libur_nasional_muat() == 0  # idempotent
    nama = dict(LiburNasional.objects.values_list("tanggal", "nama"))
    for tanggal, kata in [
        (dt.date(2026, 3, 21), "Idulfitri"),
        (dt.date(2026, 5, 27), "Iduladha"),
        (dt.date(2026, 12, 25), "Natal"),
        (dt.date(2027, 3, 10), "Idulfitri"),
        (dt.date(2027, 5, 16), "Iduladha"),
        (dt.date(2027, 12, 25), "Natal"),
    ]:
        assert kata in nama[tanggal]
    assert LiburNasional.objects.filter(tanggal__year=2026).count() == 25  # 17 + 8 (domain.md §9.5)
    assert LiburNasional.objects.filter(tanggal__year=2026, jenis="cuti_bersama").count() == 8
    # A superadmin's correction is kept when the data is loaded again.
    LiburNasional.objects.filter(tanggal=dt.date(2027, 3, 10)).update(nama="Idulfitri 1448 H (SKB)")
    services.libur_nasional_muat()
    assert LiburNasional.objects.get(tanggal=dt.date(2027, 3, 10)).nama == "Idulfitri 1448 H (SKB)"


def test_vector_35_cuti_bersama_and_nyepi_deduct_nothing(
    frozen, cuti_tahunan_bungo, asn_bungo, instansi_bungo
):
    """domain.md vector 35: Mon 16 – Tue 24 Mar 2026 deducts 2 days (16, 17); 18, 20, 23, 24 are cuti bersama,
    19 Nyepi, 21–22 the weekend (and Idulfitri)."""
    from .factories import JadwalKerjaFactory

    JadwalKerjaFactory(instansi=instansi_bungo)
    services.libur_nasional_muat(tahun_list=[2026])
    c = _cuti(asn_bungo, cuti_tahunan_bungo, dt.date(2026, 3, 16), dt.date(2026, 3, 24))
    assert c.jumlah_hari == 2


def test_superadmin_edits_national_holidays_in_admin(client_superadmin):
    from kehadiran.models import LiburNasional

    services.libur_nasional_muat(tahun_list=[2027])
    row = LiburNasional.objects.get(tanggal=dt.date(2027, 12, 24))
    resp = client_superadmin.get(f"/admin/kehadiran/liburnasional/{row.pk}/change/")
    assert resp.status_code == 200
    resp = client_superadmin.post(
        f"/admin/kehadiran/liburnasional/{row.pk}/change/",
        {
            "tanggal": "2027-12-24",
            "nama": "Cuti bersama Natal (Keppres 2027)",
            "jenis": "cuti_bersama",
            "sumber": "Keppres",
        },
    )
    assert resp.status_code == 302
    row.refresh_from_db()
    assert row.sumber == "Keppres"


def test_failed_correction_or_leave_leaves_no_stray_file(frozen, kalender_bungo, asn_bungo, monkeypatch):
    """Issue 18: the evidence is written before the transaction ends; when the transaction fails (a duplicate
    correction refused by the unique constraint, an audit write that fails) the written file is removed again
    and the committed row keeps its own file."""
    from asnportal.testing.media import stored_files

    k = _koreksi(asn_bungo)
    before = stored_files()
    assert k.bukti.name in before
    with pytest.raises(ValidationError):
        _koreksi(asn_bungo)  # same day: refused inside the transaction, after the file was written
    assert stored_files() == before
    services.jenis_cuti_awal(instansi_id=kalender_bungo.pk)
    sakit = JenisCuti.objects.get(instansi=kalender_bungo, kode="sakit")

    def boom(*a, **kw):
        raise RuntimeError("audit gagal")

    monkeypatch.setattr(services.audit, "record", boom)
    with pytest.raises(RuntimeError):
        _koreksi(asn_bungo, tanggal=MON)
    with pytest.raises(RuntimeError):
        _cuti(asn_bungo, sakit, MON, TUE, bukti=bukti("surat-dokter.png"))
    assert stored_files() == before
    assert not PengajuanCuti.objects.exists()
    assert list(KoreksiPresensi.objects.all()) == [k] and k.bukti.storage.exists(k.bukti.name)
