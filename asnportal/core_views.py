"""Site-wide views: dashboard, health, login, notifications, audit trail."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.views import ObtainAuthToken

from . import ratelimit, scoping
from .models import AuditLog
from .views import ScopedListView


class PortalLoginView(auth_views.LoginView):
    """Login by NIP or username. POSTs are limited before the password is hashed (asnportal.ratelimit: per
    client IP, shared by every process, and a site-wide bound on concurrent password checks), so a login flood
    (each attempt costs ~0.2-0.7 s of CPU by design) cannot starve the other pages. django-axes separately locks
    a (username, IP) pair after repeated failures."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        with ratelimit.login_attempt(request) as refusal:
            if refusal is None:
                return super().post(request, *args, **kwargs)
        response = render(
            request,
            "registration/login.html",
            {
                "form": self.get_form_class()(request),
                "next": request.POST.get("next", ""),
                "rate_limited": refusal,
            },
            status=429,
        )
        response["Retry-After"] = "5"
        return response


class ObtainTokenView(ObtainAuthToken):
    """POST username/NIP + password → API token (axes lock-out and the login limits, like the login page)."""

    throttle_classes = []

    def post(self, request, *args, **kwargs):
        from rest_framework.response import Response

        with ratelimit.login_attempt(request) as refusal:
            if refusal is None:
                return super().post(request, *args, **kwargs)
        return Response({"detail": refusal}, status=429, headers={"Retry-After": "5"})


@login_required
def dashboard(request):
    from kepegawaian import selectors

    user = request.user
    # A plain ASN (no HR/auditor role, no unit led) sees what matters to one person: own SKP, JP, leave and
    # attendance (each app's `<app>/_saya.html`), not the organisation's tiles.
    pribadi = bool(
        getattr(user, "pegawai_id", None)
        and not scoping.can_read_instansi(user)
        and not scoping.is_pimpinan(user)
        and not scoping.is_superadmin(user)
    )
    kartu = []
    for app in ["kinerja", "pelatihan", "kehadiran"] if pribadi else []:
        try:
            select_template([f"{app}/_saya.html"])
        except Exception:  # noqa: S112 - an app without a personal card simply has none
            continue
        kartu.append(f"{app}/_saya.html")
    widgets = []
    for app in [
        "kepegawaian",
        "kinerja",
        "pelatihan",
        "survei",
        "forum",
        "kehadiran",
        "rekrutmen",
        "laporan",
    ]:
        try:
            select_template([f"{app}/_dashboard.html"])
        except Exception:  # noqa: S112 - an app without a dashboard widget simply has none
            continue
        widgets.append(f"{app}/_dashboard.html")
    return render(
        request,
        "dashboard.html",
        {
            "summary": None if pribadi else selectors.dashboard_summary(user=request.user),
            "kartu_saya": kartu,
            "widgets": widgets,
        },
    )


def _check_broker() -> tuple[bool, str]:
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
            return True, "redis"
        except Exception as exc:
            return False, f"redis: {exc.__class__.__name__}"
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
    import os

    ok = os.path.isdir(folder) and os.access(folder, os.W_OK)
    return ok, "filesystem"


@never_cache
def healthz(request):
    status = {"time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        status["database"] = "ok"
    except Exception as exc:
        status["database"] = f"error: {exc.__class__.__name__}"
    ok, detail = _check_broker()
    status["broker"] = "ok" if ok else "error"
    status["broker_detail"] = detail
    healthy = status["database"] == "ok" and ok
    status["status"] = "ok" if healthy else "degraded"
    return JsonResponse(status, status=200 if healthy else 503)


@login_required
def notifikasi_list(request):
    from .views import paginate

    qs = request.user.notifikasi.all()
    if request.method == "POST":
        qs.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifikasi")
    return render(request, "notifikasi.html", {"page_obj": paginate(request, qs)})


class AuditLogListView(ScopedListView):
    """The audit trail of the user's instansi (HR officers and auditors)."""

    model = AuditLog
    queryset = AuditLog.objects.select_related("actor")
    template_name = "audit_list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = super().get_queryset()
        # NUL removed: PostgreSQL refuses it in a text parameter (a 500 instead of an empty list).
        if t := self.request.GET.get("object_type", "").replace("\x00", ""):
            qs = qs.filter(object_type=t)
        if oid := self.request.GET.get("object_id", "").replace("\x00", ""):
            qs = qs.filter(object_id=oid)
        return qs


def app_available(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True
