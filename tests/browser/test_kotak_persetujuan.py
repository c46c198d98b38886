"""A direct atasan whose position is NOT flagged kepala unit approves a leave request and an SKP from the Kotak
persetujuan (issue 15: one definition of atasan and bawahan), and the inbox empties as they decide."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from asnportal.testing.factories import (
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    asn_user,
    kepala_unit,
)
from kehadiran import services as kehadiran_services
from kehadiran.models import PengajuanCuti
from kehadiran.tests.factories import JadwalKerjaFactory, JenisCutiFactory
from kinerja import services as kinerja_services
from kinerja.models import SKP
from kinerja.tests.factories import skp_draft

from .conftest import login
from .helpers import content_button, nav, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tim(instansi_bungo):
    opd = UnitKerjaFactory(instansi=instansi_bungo, nama="Dinas Uji")
    bidang = UnitKerjaFactory(instansi=instansi_bungo, nama="Bidang Mutasi", parent=opd)
    kadis = kepala_unit(opd, nama="Kepala Dinas Uji")
    j_kabid = JabatanFactory(
        instansi=instansi_bungo, unit_kerja=bidang, nama="Kepala Bidang Mutasi", parent=kadis.jabatan
    )
    kabid = PegawaiFactory(jabatan=j_kabid, nama="Kabid Mutasi")
    staf = PegawaiFactory(
        jabatan=JabatanFactory(instansi=instansi_bungo, unit_kerja=bidang, parent=j_kabid), nama="Staf Mutasi"
    )
    assert not j_kabid.is_kepala_unit
    u_kabid = asn_user(kabid, username="kabid.uji")
    u_staf = asn_user(staf, username="staf.uji")
    skp = skp_draft(u_staf, tahun=timezone.localdate().year)
    kinerja_services.skp_submit(actor=u_staf, skp=skp)
    JadwalKerjaFactory(instansi=instansi_bungo)
    senin = timezone.localdate() + dt.timedelta(days=7)
    senin -= dt.timedelta(days=senin.weekday())
    cuti = kehadiran_services.cuti_ajukan(
        actor=u_staf,
        data={
            "jenis": JenisCutiFactory(instansi=instansi_bungo),
            "tanggal_mulai": senin,
            "tanggal_selesai": senin + dt.timedelta(days=1),
            "alasan": "Urusan keluarga",
        },
    )
    return {"skp": skp, "cuti": cuti, "u_kabid": u_kabid}


def test_direct_atasan_not_kepala_unit_approves_leave_and_skp_from_inbox(page, tim, password):
    login(page, "kabid.uji", password)
    dash = page.locator("#kotak-ringkasan")
    expect(dash.locator("[data-total]")).to_have_text("2")
    nav(page, "Kotak persetujuan")
    page.wait_for_url("**/kepegawaian/kotak-persetujuan/")
    expect(page.locator("#kotak-total")).to_have_text("2")
    shot(page, "kotak_persetujuan_kabid")

    # SKP: open from the inbox, approve.
    page.locator("#kotak-skp tr", has_text="Staf Mutasi").get_by_role("link", name="Buka & putuskan").click()
    page.wait_for_url(f"**/kinerja/skp/{tim['skp'].pk}/")
    content_button(page, "Setujui").click()
    expect(page.locator(".alert-success")).to_contain_text("SKP disetujui dan dikunci.")
    assert SKP.objects.get(pk=tim["skp"].pk).status == "disetujui"

    # Leave: back to the inbox, the SKP is gone (an approved SKP may now wait for its periodic evaluation).
    nav(page, "Kotak persetujuan")
    expect(page.locator("#kotak-skp")).to_have_count(0)
    expect(page.locator("#kotak-cuti")).to_contain_text("Staf Mutasi")
    page.locator("#kotak-cuti tr", has_text="Staf Mutasi").get_by_role("link", name="Buka & putuskan").click()
    page.wait_for_url(f"**/kehadiran/cuti/{tim['cuti'].pk}/")
    page.get_by_label("Setujui").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator(".alert-success")).to_contain_text("Keputusan disimpan.")
    assert PengajuanCuti.objects.get(pk=tim["cuti"].pk).status == "disetujui_atasan"

    nav(page, "Kotak persetujuan")
    expect(page.locator("#kotak-cuti")).to_have_count(0)
    expect(page.locator("#kotak-skp")).to_have_count(0)
    shot(page, "kotak_persetujuan_setelah")
