"""Second factor (TOTP) for portal accounts, on django-otp (docs/decisions/0009-second-factor-django-otp.md).

- Required for the superadmin, HR officers (admin instansi) and auditors (`required_for`); optional for everyone
  else: an ASN who enrolled a device must use it too.
- A login is two steps: the password (PortalLoginView, limits and lock-out of asnportal.ratelimit/django-axes),
  then a code from the authenticator app or a one-time recovery code (`verify`). Between the two the user is
  signed in but `OTPRequiredMiddleware` lets them reach nothing except the verification and enrolment pages
  and logout (API: 403).
- The verified state is a session entry bound to the user (`SESSION_VERIFIED`). It costs no query per request
  (the session is read anyway), unlike django-otp's OTPMiddleware which loads the device on every request.
- Enrolment (by the user, with their own phone), new recovery codes and a reset by a superadmin are audited.
- API tokens: the token endpoint asks for an `otp` code from users who need one (asnportal.core_views), so a
  token is never issued on a password alone for those roles.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit, scoping

SESSION_VERIFIED = "asnportal_otp_terverifikasi"  # {"u": user pk, "d": device persistent id}
SESSION_PENDING = "asnportal_otp_menunggu"  # the password step passed; a code is still due
SESSION_NEW_CODES = "asnportal_otp_kode_baru"  # recovery codes to show once after enrolment
RECOVERY_CODES = 10
TOTP_NAME = "Aplikasi autentikator"
STATIC_NAME = "Kode pemulihan"

# DEMO ONLY. The fixed secret of the demo superadmin/HR/auditor accounts made by `seed_demo`, documented in
# README.md and printed by `make run`, so demos and automated checks can sign in. Production accounts enrol their
# own random secret (only seed_demo ever sets this one; never run it on a production database).
DEMO_TOTP_KEY_HEX = b"PortalASN-DEMO-2026!".hex()
DEMO_TOTP_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


def required_for(user) -> bool:
    """Roles that must pass a second factor: superadmin, HR officer (admin instansi), auditor."""
    if not getattr(user, "is_authenticated", False):
        return False
    return scoping.is_superadmin(user) or getattr(user, "role", None) in (
        scoping.ADMIN_INSTANSI,
        scoping.AUDITOR,
    )


def totp_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("-id").first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    marker = request.session.get(SESSION_VERIFIED)
    return bool(marker) and marker.get("u") == request.user.pk


def step_needed(request) -> bool:
    """True when a signed-in user still owes the second factor in this session (no query)."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return False
    return required_for(user) or bool(request.session.get(SESSION_PENDING))


def after_password_login(request, user) -> bool:
    """Called right after the password step. Returns True when a code is due (the session is marked pending)."""
    request.session.pop(SESSION_VERIFIED, None)
    if required_for(user) or has_device(user):
        request.session[SESSION_PENDING] = True
        return True
    request.session.pop(SESSION_PENDING, None)
    return False


def _mark_verified(request, device) -> None:
    request.session.cycle_key()  # new privilege, new session id
    request.session[SESSION_VERIFIED] = {"u": request.user.pk, "d": device.persistent_id}
    request.session.pop(SESSION_PENDING, None)


def check_code(user, code: str):
    """The device that accepts `code` (a TOTP code, or a recovery code which is then used up), else None.

    django-otp throttles each device after a wrong code (exponential back-off) and refuses a TOTP code already
    used (replay)."""
    code = (code or "").strip().replace(" ", "").replace("-", "")
    if not code:
        return None
    device = totp_device(user)
    if device is not None and code.isdigit() and device.verify_token(code):
        return device
    static = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if static is not None and not code.isdigit() and static.verify_token(code.lower()):
        audit.record(
            actor=user,
            action=audit.Action.LOGIN,
            obj=user,
            object_repr=user.get_username(),
            reason=_("Masuk dengan kode pemulihan 2FA (%(sisa)d tersisa)")
            % {"sisa": static.token_set.count()},
        )
        return static
    return None


def verify(request, code: str) -> bool:
    device = check_code(request.user, code)
    if device is None:
        return False
    _mark_verified(request, device)
    return True


def enrol_start(user) -> TOTPDevice:
    """An unconfirmed device with a fresh random secret (reused while the user has not confirmed it)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=STATIC_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def enrol_confirm(request, *, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm `device` with a code from the app: it replaces any earlier device, new recovery codes are made
    and the session counts as verified. None when the code is wrong. Audited."""
    user = request.user
    if device.user_id != user.pk or device.confirmed or not device.verify_token((code or "").strip()):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit.record(
            actor=user,
            action=audit.Action.UPDATE,
            obj=user,
            object_repr=user.get_username(),
            changes={"2fa": [False, True]},
            reason=_("Verifikasi dua langkah (TOTP) diaktifkan"),
            request=request,
        )
    _mark_verified(request, device)
    return codes


def recovery_codes_renew(request) -> list[str]:
    user = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record(
            actor=user,
            action=audit.Action.UPDATE,
            obj=user,
            object_repr=user.get_username(),
            reason=_("Kode pemulihan 2FA dibuat ulang"),
            request=request,
        )
    return codes


def disable(request) -> None:
    """Turn 2FA off for an account that does not need it (an ASN who enrolled). Audited."""
    user = request.user
    if required_for(user):
        raise PermissionError("2FA is required for this role")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record(
            actor=user,
            action=audit.Action.UPDATE,
            obj=user,
            object_repr=user.get_username(),
            changes={"2fa": [True, False]},
            reason=_("Verifikasi dua langkah dinonaktifkan"),
            request=request,
        )
    request.session.pop(SESSION_VERIFIED, None)


def reset(*, actor, user, reason: str = "", request=None) -> int:
    """A superadmin removes a user's devices (lost phone) and ends every session of the user (one indexed DELETE,
    asnportal.sessions): sessions verified with the old device do not live on, and the user enrols again at the
    next login. Returns how many sessions were ended. Audited, in the same transaction."""
    if not scoping.is_superadmin(actor):
        raise PermissionError("only a superadmin resets 2FA")
    from . import sessions

    with transaction.atomic():
        n = TOTPDevice.objects.filter(user=user).delete()[0]
        StaticDevice.objects.filter(user=user).delete()
        ended = sessions.end_for_user(user.pk)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=user,
            object_repr=user.get_username(),
            changes={"2fa": [bool(n), False], "sesi_diakhiri": [None, ended]},
            reason=_("2FA direset oleh superadmin") + (f": {reason}" if reason else ""),
            request=request,
        )
    return ended


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code (no external service, no script)."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = img.to_string(encoding="unicode")
    return svg[svg.index("<svg") :] if "<svg" in svg else svg


def code_for(key_hex: str, *, offset_steps: int = 0) -> str:
    """The current TOTP code of a hex key (for the demo secret and tests; 30 s steps, 6 digits)."""
    return "%06d" % totp(binascii.unhexlify(key_hex), drift=offset_steps)


def set_demo_device(user) -> TOTPDevice:
    """DEMO ONLY (seed_demo): give `user` a confirmed device with the documented demo secret. Idempotent."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    if device is not None and device.key == DEMO_TOTP_KEY_HEX:
        return device
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True)


def issuer() -> str:
    return getattr(settings, "OTP_TOTP_ISSUER", "Portal ASN")
