"""Applicant sign-in, separate from staff accounts: the applicant id lives in the session under its own key, so an
applicant is never a `request.user` and never passes a staff permission check (and vice versa)."""

from __future__ import annotations

import functools

from django.core.cache import cache
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


def _key(identitas: str, ip: str | None) -> str:
    return f"rekrutmen:gagal:{identitas.lower()}:{ip or '-'}"


def terkunci(identitas: str, ip: str | None) -> bool:
    return cache.get(_key(identitas, ip), 0) >= conf.login_max_gagal()


def catat_gagal(identitas: str, ip: str | None) -> None:
    key = _key(identitas, ip)
    cache.add(key, 0, timeout=30 * 60)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=30 * 60)


def reset_gagal(identitas: str, ip: str | None) -> None:
    cache.delete(_key(identitas, ip))
