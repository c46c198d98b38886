from django.apps import AppConfig


class AsnPortalConfig(AppConfig):
    name = "asnportal"
    verbose_name = "Portal ASN (inti)"
