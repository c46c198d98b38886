"""Every database constraint speaks to the user: its own translatable message, never Django's generic
"Batasan “…” dilanggar." that shows the constraint name (issue 17)."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pelatihan.models import Kompetensi
from pelatihan.tests.factories import KompetensiFactory


def _project_constraints():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or ".venv" in path.relative_to(base).parts:
            continue
        for model in config.get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


def test_every_project_constraint_has_its_own_message():
    found = list(_project_constraints())
    apps_seen = {model._meta.app_label for model, _c in found}
    # The walk really reaches the project's apps (a broken filter would pass with nothing to check).
    assert {"kepegawaian", "rekrutmen", "kinerja", "pelatihan", "survei", "forum", "kehadiran"} <= apps_seen
    assert len(found) > 100
    missing = [
        f"{model._meta.label}.{c.name}"
        for model, c in found
        if c.violation_error_message == c.default_violation_error_message
    ]
    assert not missing, f"constraints without violation_error_message: {missing}"
    for model, c in found:
        with translation.override("id"):
            pesan = c.get_violation_error_message()
        assert c.name not in pesan, (model, c.name)
        with translation.override("en"):
            english = c.get_violation_error_message()
        assert english != pesan, f"{model._meta.label}.{c.name}: no English in locale/en: {pesan!r}"


@pytest.mark.django_db
def test_kode_kompetensi_ganda_pesan_di_formulir(client_hr_bungo, instansi_bungo, instansi_bengkulu):
    KompetensiFactory(instansi=instansi_bungo, kode="TK01")
    KompetensiFactory(instansi=instansi_bengkulu, kode="TK02")
    url = reverse("pelatihan:kompetensi_create")
    data = {"kode": "TK01", "nama": "Analisis kebijakan", "jenis": "teknis"}
    with translation.override("id"):
        r = client_hr_bungo.post(url, data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Kode kompetensi ini sudah dipakai di instansi ini." in html
    assert "kompetensi_kode_unik" not in html and "dilanggar" not in html
    assert r.context["form"].non_field_errors() == ["Kode kompetensi ini sudah dipakai di instansi ini."]
    assert Kompetensi.objects.filter(instansi=instansi_bungo, kode="TK01").count() == 1
    # Nothing lost: what the officer typed is still in the form.
    assert 'value="Analisis kebijakan"' in html

    # The same code in another instansi is not a duplicate; a fresh code is saved to the officer's instansi.
    r = client_hr_bungo.post(url, {**data, "kode": "TK02"})
    assert r.status_code == 302
    assert Kompetensi.objects.get(kode="TK02", instansi=instansi_bungo).nama == "Analisis kebijakan"
