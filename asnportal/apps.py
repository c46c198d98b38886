from django.apps import AppConfig


class AsnPortalConfig(AppConfig):
    name = "asnportal"
    verbose_name = "Portal ASN (inti)"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from . import apitoken

        # Infrastructure, not a domain rule: a logout ends the API token as well (issue 15).
        user_logged_out.connect(apitoken.cabut_saat_keluar, dispatch_uid="asnportal-token-logout")
