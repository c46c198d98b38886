from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsnPortalConfig(AppConfig):
    name = "asnportal"
    verbose_name = _("Portal ASN (inti)")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out, user_login_failed

        from . import apitoken, ratelimit

        # Infrastructure, not a domain rule: a logout ends the API token as well (issue 15).
        user_logged_out.connect(apitoken.cabut_saat_keluar, dispatch_uid="asnportal-token-logout")

        def _count_failure(sender, credentials=None, request=None, **kwargs):
            # Every failed staff password check (login page, API token endpoint) counts against the client's
            # address; successful logins do not (asnportal.ratelimit.login_attempt).
            if request is not None:
                ratelimit.login_failed(request)

        user_login_failed.connect(_count_failure, weak=False, dispatch_uid="asnportal.ratelimit.login_failed")

        # django.contrib.admin comes first in INSTALLED_APPS, so autodiscovery has registered every ModelAdmin.
        from .admin_audit import audit_admin_site
        from .dokumen import apps_registry  # noqa: F401  (registers the core's own document types)

        audit_admin_site()
