"""Issue 16 in a real browser: an HR officer finds a person by name and by NIP, proposes a mutasi by typing into
the autocomplete pickers (keyboard only), and reads the person's history in words (names, labels, old → new)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from kepegawaian.models import UsulanMutasi

from .conftest import login
from .helpers import content_button, nav, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dua_opd(instansi_bungo):
    """Two OPD with the same "Bidang Pelayanan" and the same position name in each."""
    out = []
    for nama in ("Dinas Kependudukan dan Catatan Sipil", "Dinas Penanaman Modal"):
        opd = UnitKerjaFactory(instansi=instansi_bungo, nama=nama, jenis="dinas")
        bidang = UnitKerjaFactory(
            instansi=instansi_bungo, nama="Bidang Pelayanan", parent=opd, jenis="bidang"
        )
        out.append(JabatanFactory(instansi=instansi_bungo, unit_kerja=bidang, nama="Analis Pelayanan"))
    return out


def test_hr_finds_a_person_proposes_a_mutasi_with_the_autocomplete_and_reads_history(
    page, hr_bungo, pegawai_bungo, dua_opd, password
):
    asal, tujuan = dua_opd
    rina = PegawaiFactory(instansi=asal.instansi, jabatan=asal, nama="Rina Marlina")
    login(page, "hr.bungo", password)

    # Find by name, then by NIP, in the pegawai list; the unit shows where it is.
    nav(page, "Pegawai")
    page.fill("#id_q", "Rina")
    page.keyboard.press("Enter")
    rows = page.locator("#pegawai-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil")
    page.fill("#id_q", rina.nip[:12])
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Rina Marlina")

    # Mutasi: both pickers are search boxes; typing fills the list; arrow keys choose (no mouse).
    page.goto(page.base + "/kepegawaian/mutasi/usul/")
    page.locator("#id_pegawai__q").press_sequentially("Rina", delay=30)
    expect(page.locator("#id_pegawai option")).to_have_count(2)
    page.keyboard.press("Tab")
    expect(page.locator("#id_pegawai")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.select_option("#id_jenis", "rotasi")
    page.locator("#id_jabatan_tujuan__q").press_sequentially("pelayanan penanaman", delay=20)
    options = page.locator("#id_jabatan_tujuan option")
    expect(options).to_have_count(2)
    expect(options.nth(1)).to_contain_text("Analis Pelayanan — Bidang Pelayanan · Dinas Penanaman Modal")
    page.locator("#id_jabatan_tujuan").focus()
    page.keyboard.press("ArrowDown")
    page.fill("#id_tmt", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    shot(page, "hr_mutasi_autocomplete", full_page=False)
    content_button(page, "Simpan").click()
    page.wait_for_url("**/kepegawaian/mutasi/*/")
    usulan = UsulanMutasi.objects.get()
    assert (usulan.pegawai_id, usulan.jabatan_tujuan_id) == (rina.pk, tujuan.pk)

    # History in words: an edit of the record shows the actor's name and old → new labels, in WIB.
    from kepegawaian import services

    services.pegawai_update(actor=hr_bungo, pegawai=rina, data={"golongan": "III/b"})
    page.goto(page.base + f"/kepegawaian/pegawai/{rina.pk}/")
    panel = page.locator(".audit-entries")
    expect(panel).to_contain_text("Golongan/ruang: III/a – Penata Muda → III/b – Penata Muda Tingkat I")
    expect(panel).to_contain_text("WIB")
    expect(panel).not_to_contain_text('golongan"')
    shot(page, "hr_history", full_page=False)
