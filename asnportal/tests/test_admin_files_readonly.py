"""Issue 18: every upload path keeps "new file first, old file deleted after commit". The Django admin's own
uploads cannot, so every file field is read-only there (files are changed through the portal)."""

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory


@pytest.mark.django_db
def test_every_admin_file_field_is_read_only(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model(is_superuser=True, is_staff=True)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        file_fields = {f.name for f in model._meta.fields if isinstance(f, models.FileField)}
        if not file_fields:
            continue
        readonly = set(model_admin.get_readonly_fields(request, None))
        assert file_fields <= readonly, (model._meta.label, file_fields - readonly)
        checked += 1
    assert checked >= 3  # e.g. Instansi logo, Pegawai photo, leave and correction evidence
