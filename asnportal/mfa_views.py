"""Second-factor pages (asnportal.mfa): verify at login, enrol, recovery codes, and the superadmin's reset."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import mfa, scoping
from .forms import PortalForm


class KodeForm(PortalForm):
    kode = forms.CharField(
        label=gettext_lazy("Kode verifikasi"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ResetForm(PortalForm):
    user = forms.IntegerField(widget=forms.HiddenInput)
    alasan = forms.CharField(label=gettext_lazy("Alasan reset"), max_length=200)


def _next(request, default="dashboard"):
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    from django.urls import reverse

    return reverse(default)


@never_cache
@login_required
def verify(request):
    """The second step of a login: a code from the authenticator app, or a one-time recovery code."""
    if not mfa.step_needed(request):
        return redirect(_next(request))
    if not mfa.has_device(request.user):
        if mfa.required_for(request.user):
            from django.urls import reverse
            from django.utils.http import urlencode

            return redirect(reverse("otp_enrol") + "?" + urlencode({"next": _next(request)}))
        request.session.pop(mfa.SESSION_PENDING, None)  # the device was reset: nothing to check
        return redirect(_next(request))
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, form.cleaned_data["kode"]):
            return redirect(_next(request))
        form.add_error(
            "kode",
            _("Kode salah atau sudah dipakai. Tunggu kode berikutnya di aplikasi lalu coba lagi."),
        )
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)}, status=200)


@never_cache
@login_required
def enrol(request):
    """Set up the authenticator app: scan the QR code (or type the secret), confirm with one code.

    Only while the account has no device, or in a session that already passed the second factor: a password
    alone never replaces an enrolled device."""
    if mfa.has_device(request.user) and not mfa.is_verified(request):
        return redirect("otp_verify")
    device = mfa.enrol_start(request.user)
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.enrol_confirm(request, device=device, code=form.cleaned_data["kode"])
        if codes is not None:
            request.session[mfa.SESSION_NEW_CODES] = codes
            request.session["asnportal_otp_lanjut"] = _next(request)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect("otp_recovery_codes")
        form.add_error("kode", _("Kode tidak cocok. Periksa jam ponsel Anda lalu masukkan kode terbaru."))
    return render(
        request,
        "registration/otp_enrol.html",
        {
            "form": form,
            "qr": mark_safe(mfa.qr_svg(device)),  # noqa: S308 - SVG built by qrcode from our own URL
            "secret": mfa.secret_base32(device),
            "wajib": mfa.required_for(request.user),
            "next": _next(request),
        },
    )


@never_cache
@login_required
def recovery_codes(request):
    """Shows the new recovery codes once (after enrolment or a renewal)."""
    codes = request.session.pop(mfa.SESSION_NEW_CODES, None)
    if codes is None:
        return redirect("otp_settings")
    nxt = request.session.pop("asnportal_otp_lanjut", None) or _next(request, "otp_settings")
    return render(request, "registration/otp_recovery_codes.html", {"codes": codes, "next": nxt})


@never_cache
@login_required
def settings_page(request):
    static = mfa.StaticDevice.objects.filter(user=request.user).first()
    return render(
        request,
        "registration/otp_settings.html",
        {
            "aktif": mfa.has_device(request.user),
            "wajib": mfa.required_for(request.user),
            "sisa_kode": static.token_set.count() if static else 0,
        },
    )


@login_required
@require_POST
def renew_codes(request):
    if not mfa.has_device(request.user):
        return redirect("otp_settings")
    request.session[mfa.SESSION_NEW_CODES] = mfa.recovery_codes_renew(request)
    messages.success(request, _("Kode pemulihan baru dibuat; kode lama tidak berlaku lagi."))
    return redirect("otp_recovery_codes")


@login_required
@require_POST
def disable(request):
    if mfa.required_for(request.user):
        messages.error(request, _("Peran Anda wajib memakai verifikasi dua langkah."))
        return redirect("otp_settings")
    mfa.disable(request)
    messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
    return redirect("otp_settings")


def _superadmin(request):
    if not scoping.is_superadmin(request.user):
        raise PermissionDenied


@login_required
def user_list(request):
    """Superadmin: who has 2FA, and a reset for a lost phone."""
    _superadmin(request)
    from django.db.models import Exists, OuterRef

    from .views import paginate

    User = get_user_model()
    qs = (
        User.objects.select_related("instansi")
        .annotate(punya_2fa=Exists(mfa.TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("username")
    )
    if q := request.GET.get("q", "").replace("\x00", "").strip():
        qs = qs.filter(username__icontains=q)
    return render(
        request,
        "registration/otp_user_list.html",
        {"page_obj": paginate(request, qs), "q": q, "form": ResetForm()},
    )


@login_required
@require_POST
def user_reset(request):
    _superadmin(request)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi alasan reset."))
        return redirect("otp_user_list")
    user = get_object_or_404(get_user_model(), pk=form.cleaned_data["user"])
    if user.pk == request.user.pk:
        raise Http404  # one's own device is replaced from the settings page, with a verified session
    mfa.reset(actor=request.user, user=user, reason=form.cleaned_data["alasan"], request=request)
    messages.success(
        request,
        _(
            "2FA %(u)s direset dan semua sesinya diakhiri; ia akan diminta mendaftarkan aplikasi lagi saat masuk."
        )
        % {"u": user.username},
    )
    return redirect("otp_user_list")
