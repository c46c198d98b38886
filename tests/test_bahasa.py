"""Language: the switch is visible on the login page; the survey, "Daftar", status badges and the admin's
headings follow the chosen language."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture(autouse=True)
def _kembali_ke_bahasa_indonesia():
    """A request in English leaves English active in the test thread; later tests expect the default."""
    yield
    from django.utils import translation

    translation.activate("id")


def _en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_language_switch_is_visible_on_the_login_page(client):
    html = client.get(reverse("login")).content.decode()
    assert 'name="language" value="en"' in html
    # A light page: the button must not be white-on-white (btn-outline-light).
    form = html[html.index('class="d-inline bahasa"') :]
    assert "btn-outline-secondary" in form.split("</form>")[0]


@pytest.mark.django_db
def test_survey_questions_and_answers_in_english(opd_bungo):
    from survei.tests.factories import UnitLayananFactory

    unit = UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, slug="loket-en")
    html = _en(Client()).get(reverse("survei:isi", kwargs={"slug": unit.slug})).content.decode()
    assert "What is your opinion of the fairness of the cost/fee of the service?" in html
    assert "Very expensive" in html and "Free of charge" in html
    assert "Bagaimana pendapat Saudara" not in html and "Sangat mahal" not in html
    html = Client().get(reverse("survei:isi", kwargs={"slug": unit.slug})).content.decode()
    assert "Sangat mahal" in html  # Indonesian stays the default


@pytest.mark.django_db
def test_daftar_as_register_is_not_translated_as_list():
    html = _en(Client()).get(reverse("rekrutmen:pelamar_masuk")).content.decode()
    assert ">Register</a>" in html and ">List</a>" not in html


@pytest.mark.django_db
def test_admin_headings_are_translated(client_superadmin):
    html = client_superadmin.get("/admin/").content.decode()
    assert "Administrasi Portal ASN" in html
    html = _en(client_superadmin).get("/admin/").content.decode()
    assert "Portal ASN administration" in html and "Portal data management" in html


def test_status_badge_labels_are_translatable():
    from django.utils import translation

    from rekrutmen.templatetags.rekrutmen_tags import hasil_label

    with translation.override("en"):
        assert str(hasil_label("C")) == "Reserve"
    with translation.override("id"):
        assert str(hasil_label("C")) == "Cadangan"
