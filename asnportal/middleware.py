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
