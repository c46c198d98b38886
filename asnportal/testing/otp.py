"""Second factor in tests (asnportal.mfa).

- `Client.force_login(user)` marks the session as having passed the second factor too, like a real login
  through /masuk/ and /masuk/verifikasi/ would: tests that are not about 2FA keep signing in with one call. This
  patch lives in the test process only (installed by the root conftest.py); production never sets the marker
  without a verified device. `force_login(user, otp_verified=False)` gives a session that still owes the code,
  which is what the 2FA tests use (besides real logins through the form).
- `demo_device(user)` and `code(...)`: a device with the documented demo secret and its current code.
"""

from __future__ import annotations

from django.test import Client

from asnportal import mfa

DEMO_SECRET_HEX = mfa.DEMO_TOTP_KEY_HEX
DEMO_SECRET_BASE32 = mfa.DEMO_TOTP_BASE32

_original_force_login = Client.force_login


def mark_verified(client, user, device_id: str = "test.force_login") -> None:
    session = client.session
    session[mfa.SESSION_VERIFIED] = {"u": user.pk, "d": device_id}
    session.pop(mfa.SESSION_PENDING, None)
    session.save()


def _force_login(self, user, backend=None, *, otp_verified=True):
    _original_force_login(self, user, backend)
    if otp_verified and mfa.required_for(user):
        mark_verified(self, user)


def install() -> None:
    if Client.force_login is not _force_login:
        Client.force_login = _force_login


def demo_device(user):
    return mfa.set_demo_device(user)


def code(key_hex: str = DEMO_SECRET_HEX, *, device=None) -> str:
    """A code the device accepts now: the current step, or the next one when the current step was already used
    (django-otp refuses a replayed step; its tolerance of one step accepts the next)."""
    import time

    offset = 0
    if device is not None:
        device.refresh_from_db()
        now_t = int(time.time()) // device.step
        if device.last_t >= now_t:
            offset = device.last_t - now_t + 1
        key_hex = device.key
    return mfa.code_for(key_hex, offset_steps=offset)
