"""Applicant sign-in, separate from staff accounts: the applicant id lives in the session under its own key, so an
applicant is never a `request.user` and never passes a staff permission check (and vice versa)."""

from __future__ import annotations

import functools

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from asnportal.views import public_view

from . import conf
from .models import Pelamar

SESSION_KEY = "rekrutmen_pelamar_id"


def login(request, pelamar: Pelamar) -> None:
    request.session.cycle_key()  # no session fixation
    request.session[SESSION_KEY] = pelamar.pk


def logout(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def get_pelamar(request) -> Pelamar | None:
    if not hasattr(request, "_pelamar"):
        pk = request.session.get(SESSION_KEY)
        request._pelamar = Pelamar.objects.filter(pk=pk).first() if pk else None
    return request._pelamar


def pelamar_required(view):
    """The view needs a signed-in applicant; others are sent to the applicant sign-in page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        pelamar = get_pelamar(request)
        if pelamar is None:
            return redirect(
                f"{reverse('rekrutmen:pelamar_masuk')}?{urlencode({'next': request.get_full_path()})}"
            )
        request.pelamar = pelamar
        return view(request, *args, **kwargs)

    return public_view(wrapped)


# Failed sign-ins per (NIK/e-mail, client address) are counted in the database (asnportal.ratelimit's counter
# table, like the portal's lock-out), shared by every web process and surviving restarts; never in process
# memory. Windows of 15 minutes; locked while the current and the previous window together reach the limit, so a
# lock lasts 15 to 30 minutes after the last failure.
_JENDELA = 15 * 60


def _key(identitas: str, ip: str | None) -> str:
    from django.utils.crypto import salted_hmac

    raw = f"{identitas.strip().lower()}|{ip or '-'}"
    return "pelamar-gagal:" + salted_hmac("rekrutmen.pelamar_auth", raw).hexdigest()[:40]


def _jumlah_gagal(identitas: str, ip: str | None) -> int:
    import datetime as dt

    from django.utils import timezone

    from asnportal import ratelimit
    from asnportal.models import BatasLaju

    now = timezone.now()
    key = _key(identitas, ip)
    return ratelimit.count(BatasLaju, "kunci", key, _JENDELA, now) + ratelimit.count(
        BatasLaju, "kunci", key, _JENDELA, now - dt.timedelta(seconds=_JENDELA)
    )


def terkunci(identitas: str, ip: str | None) -> bool:
    return _jumlah_gagal(identitas, ip) >= conf.login_max_gagal()


def catat_gagal(identitas: str, ip: str | None) -> None:
    from asnportal import ratelimit
    from asnportal.models import BatasLaju

    ratelimit.hit(BatasLaju, "kunci", _key(identitas, ip), _JENDELA)


def reset_gagal(identitas: str, ip: str | None) -> None:
    from asnportal.models import BatasLaju

    BatasLaju.objects.filter(kunci=_key(identitas, ip)).delete()
