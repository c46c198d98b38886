from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KehadiranConfig(AppConfig):
    name = "kehadiran"
    verbose_name = _("Kehadiran")
