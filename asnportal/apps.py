from django.apps import AppConfig


class AsnPortalConfig(AppConfig):
    name = "asnportal"
    verbose_name = "Portal ASN (inti)"

    def ready(self):
        # django.contrib.admin comes first in INSTALLED_APPS, so autodiscovery has registered every ModelAdmin.
        from .admin_audit import audit_admin_site

        audit_admin_site()
