from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KepegawaianConfig(AppConfig):
    name = "kepegawaian"
    verbose_name = _("Kepegawaian")
