"""Table-driven tests of rekrutmen.rules with the worked examples of domain.md (vectors #13–18) and tie-breaks."""

import datetime as dt
from decimal import Decimal as D

import pytest

from rekrutmen import rules
from rekrutmen.rules import AmbangKhusus, Aturan, Hasil, PassingGrade, Peserta

UMUM = PassingGrade()
CUMLAUDE = rules.AMBANG_KHUSUS_DEFAULT[rules.JenisFormasi.CUMLAUDE]
DISABILITAS = rules.AMBANG_KHUSUS_DEFAULT[rules.JenisFormasi.DISABILITAS]


@pytest.mark.parametrize(
    ("vektor", "twk", "tiu", "tkp", "khusus", "lulus"),
    [
        ("#13 all equal to the thresholds", 65, 80, 166, None, True),
        ("#14 TWK below although total high", 60, 120, 200, None, False),
        ("#15 cumlaude total 311 and TIU 85", 50, 85, 176, CUMLAUDE, True),
        ("#15 same scores, general formasi", 50, 85, 176, None, False),
        ("#16 disabilitas total 286 TIU 60", 55, 60, 171, DISABILITAS, True),
        ("#16 disabilitas TIU 59 (total still 286)", 55, 59, 172, DISABILITAS, False),
        ("TIU one below", 65, 79, 166, None, False),
        ("TKP one below", 65, 80, 165, None, False),
        ("cumlaude total 310", 50, 85, 175, CUMLAUDE, False),
    ],
)
def test_passing_grade(vektor, twk, tiu, tkp, khusus, lulus):
    assert rules.lulus_skd(twk, tiu, tkp, umum=UMUM, khusus=khusus) is lulus, vektor


def test_vektor_15_total_is_311():
    assert rules.skd_total(50, 85, 176) == 311


def _p(i, twk, tiu, tkp, *, skb=None, ipk=None, lahir=None, ms=True):
    return Peserta(
        id=i,
        nomor=f"{i:03d}",
        memenuhi_syarat=ms,
        twk=twk,
        tiu=tiu,
        tkp=tkp,
        nilai_skb=skb,
        ipk=ipk,
        tanggal_lahir=lahir,
    )


def test_vektor_17_cut_three_times_formasi_with_tie_break_on_tkp():
    # Two formasi → up to 6 go to SKB. Ranks 6 and 7 tie on the SKD total; TKP decides.
    peserta = [
        _p(1, 100, 120, 200),  # 420
        _p(2, 100, 110, 200),  # 410
        _p(3, 100, 100, 200),  # 400
        _p(4, 90, 100, 200),  # 390
        _p(5, 80, 100, 200),  # 380
        _p(6, 80, 90, 200),  # 370, TKP 200
        _p(7, 90, 90, 190),  # 370, TKP 190 → out
        _p(8, 65, 80, 166),  # 311
    ]
    assert rules.pilih_peserta_skb(peserta, kuota=2) == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize(
    ("a", "b", "menang"),
    [
        ((80, 90, 200), (90, 80, 200), "a"),  # same total and TKP → TIU decides
        ((90, 85, 195), (85, 90, 195), "b"),  # same total and TKP → TIU decides
        ((95, 80, 195), (90, 85, 195), "b"),  # TIU decides before TWK
    ],
)
def test_cut_tie_break_tiu_then_twk(a, b, menang):
    # One formasi → 3 seats; two sure seats and the third contested by a and b.
    peserta = [_p(1, 150, 175, 225), _p(2, 140, 170, 220), _p(3, *a), _p(4, *b)]
    hasil = rules.pilih_peserta_skb(peserta, kuota=1)
    assert hasil == {1, 2, 3 if menang == "a" else 4}


def test_cut_complete_tie_all_go_on():
    peserta = [_p(1, 150, 175, 225), _p(2, 140, 170, 220), _p(3, 90, 90, 200), _p(4, 90, 90, 200)]
    assert rules.pilih_peserta_skb(peserta, kuota=1) == {1, 2, 3, 4}


def test_fewer_passers_than_seats_all_go_on():
    assert rules.pilih_peserta_skb([_p(1, 65, 80, 166)], kuota=5) == {1}


def test_vektor_18_integration():
    assert rules.skala_100(400, 550) * D("0.4") == pytest.approx(D("29.0909"), abs=D("0.0001"))
    assert rules.nilai_akhir(400, rules.skala_100(420, 500)) == D("79.4909")


def test_vektor_18_skd_max_is_550_not_500():
    assert rules.nilai_akhir(500, D("0")) == D("36.3636")  # 500/550, not 500/500


def test_nilai_skb_cat_only_and_with_wawancara():
    cat_only = rules.nilai_skb([rules.KomponenNilai(D(420), D(500), D(100))])
    assert cat_only == D("84.0000")
    campur = rules.nilai_skb(
        [rules.KomponenNilai(D(420), D(500), D(60)), rules.KomponenNilai(D(70), D(100), D(40))]
    )
    assert campur == D("78.4000")  # 84×0.6 + 70×0.4


@pytest.mark.parametrize(
    ("komponen", "valid"),
    [
        ([("cat", D(100))], True),
        ([("cat", D(60)), ("wawancara", D(40))], True),
        ([("cat", D(50)), ("wawancara", D(50))], False),  # tambahan > 40%
        ([("cat", D(60)), ("wawancara", D(30))], False),  # sums to 90
        ([("wawancara", D(100))], False),  # no CAT
    ],
)
def test_validasi_komposisi_skb(komponen, valid):
    assert (rules.validasi_komposisi_skb(komponen) == []) is valid


def test_vektor_18_tie_break_higher_skd_ranks_first():
    # A and B both end at 79.4909; A has SKD 400, B 395 → A first.
    a = _p(1, 100, 100, 200, skb=rules.skala_100(420, 500))
    skb_b = D("84.0000") + D("0.6061")  # B needs a higher SKB to reach the same final with SKD 395
    b = _p(2, 95, 100, 200, skb=skb_b)
    na = rules.nilai_akhir(a.skd, a.nilai_skb)
    nb = rules.nilai_akhir(b.skd, b.nilai_skb)
    assert na == nb == D("79.4909")
    hasil = rules.peringkat_formasi([b, a], kuota=1, aturan=Aturan())
    by_id = {h.id: h for h in hasil}
    assert (by_id[1].peringkat, by_id[1].hasil) == (1, Hasil.LULUS)
    assert (by_id[2].peringkat, by_id[2].hasil) == (2, Hasil.CADANGAN)


@pytest.mark.parametrize(
    ("a", "b", "pemenang", "kriteria"),
    [
        ({"twk": 100, "tiu": 100, "tkp": 200}, {"twk": 100, "tiu": 110, "tkp": 190}, 1, "TKP"),
        ({"twk": 100, "tiu": 110, "tkp": 190}, {"twk": 110, "tiu": 100, "tkp": 190}, 1, "TIU"),
        (
            {"twk": 100, "tiu": 100, "tkp": 200, "ipk": D("3.50")},
            {"twk": 100, "tiu": 100, "tkp": 200, "ipk": D("3.60")},
            2,
            "IPK",
        ),
        (
            {"twk": 100, "tiu": 100, "tkp": 200, "ipk": D("3.5"), "lahir": dt.date(1995, 1, 1)},
            {"twk": 100, "tiu": 100, "tkp": 200, "ipk": D("3.5"), "lahir": dt.date(1994, 12, 31)},
            2,
            "older applicant",
        ),
    ],
)
def test_final_tie_breaks(a, b, pemenang, kriteria):
    skb = D("80.0000")
    pa, pb = _p(1, skb=skb, **a), _p(2, skb=skb, **b)
    if kriteria != "TKP":  # same SKD total for the later criteria
        assert pa.skd == pb.skd
    hasil = {h.id: h for h in rules.peringkat_formasi([pa, pb], kuota=1, aturan=Aturan())}
    assert hasil[pemenang].peringkat == 1, kriteria


def test_peringkat_formasi_full_pipeline():
    peserta = [
        _p(1, 100, 120, 200, skb=D(90)),
        _p(2, 100, 110, 200, skb=D(70)),
        _p(3, 100, 100, 200, skb=D(95)),
        _p(4, 90, 100, 190, skb=D(99)),  # fourth on SKD → outside 3×1
        _p(5, 60, 120, 200),  # TWK below 65
        _p(6, 100, 100, 200, ms=False),
        _p(7, None, None, None),  # no SKD yet
    ]
    hasil = {h.id: h for h in rules.peringkat_formasi(peserta, kuota=1, aturan=Aturan())}
    assert hasil[4].hasil == Hasil.TIDAK_MASUK_SKB and hasil[4].lulus_skd is True
    assert hasil[5].hasil == Hasil.TL_SKD and hasil[5].lulus_skd is False
    assert hasil[6].hasil == Hasil.TMS
    assert hasil[7].hasil == Hasil.BELUM
    # 3: 400/550*40 + 95*.6 = 29.0909+57 = 86.0909; 1: 420/550*40+54 = 84.5455; 2: 410/550*40+42 = 71.8182
    assert [hasil[i].peringkat for i in (3, 1, 2)] == [1, 2, 3]
    assert [hasil[i].hasil for i in (3, 1, 2)] == [Hasil.LULUS, Hasil.CADANGAN, Hasil.CADANGAN]
    assert hasil[3].nilai_akhir == D("86.0909")


def test_special_formasi_in_ranking():
    aturan = Aturan(khusus=AmbangKhusus(286, 60))
    hasil = rules.peringkat_formasi([_p(1, 55, 60, 171, skb=D(50))], kuota=1, aturan=aturan)
    assert hasil[0].hasil == Hasil.LULUS


JADWAL = rules.Jadwal(
    pendaftaran_mulai=dt.date(2026, 1, 10),
    pendaftaran_selesai=dt.date(2026, 1, 20),
    verifikasi_selesai=dt.date(2026, 1, 25),
    sanggah_administrasi_mulai=dt.date(2026, 1, 26),
    sanggah_administrasi_selesai=dt.date(2026, 1, 28),
    skd_selesai=dt.date(2026, 2, 15),
    skb_selesai=dt.date(2026, 3, 1),
    pengumuman=dt.date(2026, 3, 10),
    sanggah_selesai=dt.date(2026, 3, 12),
)


@pytest.mark.parametrize(
    ("tanggal", "fase"),
    [
        (dt.date(2026, 1, 9), rules.Fase.PERSIAPAN),
        (dt.date(2026, 1, 10), rules.Fase.PENDAFTARAN),
        (dt.date(2026, 1, 20), rules.Fase.PENDAFTARAN),
        (dt.date(2026, 1, 21), rules.Fase.VERIFIKASI),
        (dt.date(2026, 1, 27), rules.Fase.SANGGAH_ADMINISTRASI),
        (dt.date(2026, 2, 1), rules.Fase.SKD),
        (dt.date(2026, 2, 20), rules.Fase.SKB),
        (dt.date(2026, 3, 5), rules.Fase.PENGOLAHAN),
        (dt.date(2026, 3, 10), rules.Fase.SANGGAH_HASIL),
        (dt.date(2026, 3, 13), rules.Fase.SELESAI),
    ],
)
def test_fase(tanggal, fase):
    assert rules.fase(tanggal, JADWAL) == fase


def test_batas_sanggah_three_calendar_days():
    assert rules.batas_sanggah(dt.date(2026, 3, 10)) == dt.date(2026, 3, 12)
