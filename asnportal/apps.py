from django.apps import AppConfig


class AsnPortalConfig(AppConfig):
    name = "asnportal"
    verbose_name = "Portal ASN (inti)"

    def ready(self):
        from .dokumen import apps_registry  # noqa: F401  (registers the core's own document types)
