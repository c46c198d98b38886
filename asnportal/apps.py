from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsnPortalConfig(AppConfig):
    name = "asnportal"
    verbose_name = _("Portal ASN (inti)")
