from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RekrutmenConfig(AppConfig):
    name = "rekrutmen"
    verbose_name = _("Rekrutmen")
