"""Bahasa Indonesia by default: the language changes only when the user picks one (cookie), never because a
browser happens to send `Accept-Language: en` (many Indonesian officers' browsers do)."""


class IgnoreAcceptLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class OTPRequiredMiddleware:
    """A signed-in user who still owes the second factor (asnportal.mfa) reaches only the verification and
    enrolment pages, logout and the language switch: pages redirect to the verification step, the API answers
    403. Applies to every path, the Django admin included. Costs no query (the session is read anyway)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def _open_paths(self):
        if self._open is None:
            from django.conf import settings
            from django.urls import reverse

            self._open = (
                reverse("otp_verify"),
                reverse("otp_enrol"),
                reverse("otp_recovery_codes"),
                reverse("logout"),
                reverse("set_language"),
                reverse("healthz"),
                settings.STATIC_URL,
            )
        return self._open

    def __call__(self, request):
        from . import mfa

        if mfa.step_needed(request) and not request.path.startswith(self._open_paths()):
            from django.http import JsonResponse
            from django.shortcuts import redirect
            from django.urls import reverse
            from django.utils.http import urlencode
            from django.utils.translation import gettext as _

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Verifikasi dua langkah diperlukan.")}, status=403)
            target = reverse("otp_verify")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answer `/healthz/live` and `/healthz/ready` before anything else runs.

    It sits first in MIDDLEWARE so that a container healthcheck or a load balancer probing the process over plain
    HTTP on 127.0.0.1 gets the answer itself: not the production HTTPS redirect (SecurityMiddleware), not a 400
    for a Host header outside ALLOWED_HOSTS (CommonMiddleware), and no session, CSRF or login machinery.

    - live: the process answers (no I/O at all). Restart the container when this fails.
    - ready: the database answers `SELECT 1`. The broker is reported as a detail only: pages and the public
      survey work without Redis (jobs wait in their rows and the sweeper publishes them later), so an outage
      of Redis must not take every web process out of the load balancer.
    """

    PATHS = {"/healthz/live", "/healthz/live/", "/healthz/ready", "/healthz/ready/"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in self.PATHS and request.method in ("GET", "HEAD"):
            from . import core_views

            if request.path_info.startswith("/healthz/live"):
                return core_views.health_live(request)
            return core_views.health_ready(request)
        return self.get_response(request)
