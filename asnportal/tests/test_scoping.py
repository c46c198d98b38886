"""The one chokepoint: for_user by role, across instansi, for reference and personal data."""

import pytest

from asnportal import scoping
from asnportal.scoping import get_scoped_or_404
from kepegawaian.models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja

pytestmark = pytest.mark.django_db


def test_anonymous_sees_nothing(pegawai_bungo):
    from django.contrib.auth.models import AnonymousUser

    assert not Pegawai.objects.for_user(AnonymousUser()).exists()


def test_hr_sees_only_own_instansi(hr_bungo, pegawai_bungo, pegawai_bengkulu):
    visible = set(Pegawai.objects.for_user(hr_bungo))
    assert pegawai_bungo in visible
    assert pegawai_bengkulu not in visible


def test_superadmin_sees_all(superadmin, pegawai_bungo, pegawai_bengkulu):
    assert {pegawai_bungo, pegawai_bengkulu} <= set(Pegawai.objects.for_user(superadmin))


def test_asn_sees_only_self_but_reference_data_of_instansi(
    asn_bungo, pegawai_bungo, kepala_bungo, opd_bungo, opd_bengkulu
):
    assert list(Pegawai.objects.for_user(asn_bungo)) == [pegawai_bungo]
    assert opd_bungo in UnitKerja.objects.for_user(asn_bungo)
    assert opd_bengkulu not in UnitKerja.objects.for_user(asn_bungo)
    assert kepala_bungo.jabatan in Jabatan.objects.for_user(asn_bungo)


def test_pimpinan_sees_unit_subtree_only(pimpinan_bungo, kepala_bungo, pegawai_bungo, instansi_bungo):
    from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory

    sub = UnitKerjaFactory(instansi=instansi_bungo, parent=kepala_bungo.unit_kerja, nama="Bidang Mutasi")
    in_subtree = PegawaiFactory(jabatan=JabatanFactory(unit_kerja=sub, instansi=instansi_bungo))
    other_unit = UnitKerjaFactory(instansi=instansi_bungo, nama="Dinas Lain")
    outside = PegawaiFactory(jabatan=JabatanFactory(unit_kerja=other_unit, instansi=instansi_bungo))
    visible = set(Pegawai.objects.for_user(pimpinan_bungo))
    assert {kepala_bungo, pegawai_bungo, in_subtree} <= visible
    assert outside not in visible
    assert scoping.is_pimpinan(pimpinan_bungo)


def test_personal_history_follows_pegawai_scope(asn_bungo, pegawai_bungo, pegawai_bengkulu, hr_bungo):
    mine = RiwayatJabatan.objects.create(pegawai=pegawai_bungo, nama_jabatan="X", tmt_mulai="2020-01-01")
    theirs = RiwayatJabatan.objects.create(pegawai=pegawai_bengkulu, nama_jabatan="Y", tmt_mulai="2020-01-01")
    assert list(RiwayatJabatan.objects.for_user(asn_bungo)) == [mine]
    assert theirs not in RiwayatJabatan.objects.for_user(hr_bungo)
    assert theirs in RiwayatJabatan.objects.for_instansi(pegawai_bengkulu.instansi_id)


def test_get_scoped_or_404_hides_existence(hr_bungo, pegawai_bengkulu):
    from django.http import Http404

    with pytest.raises(Http404):
        get_scoped_or_404(Pegawai, hr_bungo, pk=pegawai_bengkulu.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(Pegawai, hr_bungo, pk=999999)


def test_role_predicates(hr_bungo, auditor_bungo, asn_bungo, superadmin):
    assert scoping.can_manage(hr_bungo) and scoping.can_read_instansi(hr_bungo)
    assert not scoping.can_manage(auditor_bungo) and scoping.can_read_instansi(auditor_bungo)
    assert not scoping.can_manage(asn_bungo) and not scoping.can_read_instansi(asn_bungo)
    assert scoping.can_manage(superadmin) and scoping.is_superadmin(superadmin)


def test_user_without_instansi_sees_nothing(db, pegawai_bungo):
    from asnportal.testing.factories import UserFactory

    orphan = UserFactory(role="admin_instansi", instansi=None)
    assert not Pegawai.objects.for_user(orphan).exists()


def test_generic_form_renders(client_hr_bungo):
    r = client_hr_bungo.get("/kepegawaian/unit-kerja/tambah/")
    assert r.status_code == 200 and "unit kerja" in r.content.decode().lower()


def test_scoped_form_refuses_another_instansi_fk(hr_bungo, opd_bengkulu, opd_bungo):
    """Regression: the form must be validated only after its FK choices are narrowed to the user's scope."""
    from kepegawaian.forms import JabatanForm
    from kepegawaian.models import Jabatan

    data = {"nama": "Analis", "jenis": "PELAKSANA", "jumlah_formasi": 1, "aktif": "on"}

    def form(unit):
        return JabatanForm(
            data={**data, "unit_kerja": unit.pk}, user=hr_bungo, instance=Jabatan(instansi=hr_bungo.instansi)
        )

    foreign = form(opd_bengkulu)
    assert not foreign.is_valid()
    # Refused as "not one of the available choices", not merely by the model's cross-check.
    assert [e.code for e in foreign.errors.as_data()["unit_kerja"]] == ["invalid_choice"]
    assert "is-invalid" in foreign.fields["unit_kerja"].widget.attrs["class"]
    own = form(opd_bungo)
    assert own.is_valid(), own.errors
