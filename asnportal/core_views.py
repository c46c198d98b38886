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

from . import scoping
from .models import AuditLog
from .views import ScopedListView


class PortalLoginView(auth_views.LoginView):
    """Login by NIP or username. POSTs are rate-limited per IP *before* the password is hashed, so a login
    flood (each attempt costs ~0.2 s of CPU by design) cannot starve the other pages. django-axes separately
    locks a (username, IP) pair after repeated failures."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if login_rate_exceeded(request):
            from django.utils.translation import gettext as _

            response = render(
                request,
                "registration/login.html",
                {
                    "form": self.get_form_class()(request),
                    "next": request.POST.get("next", ""),
                    "rate_limited": _(
                        "Terlalu banyak percobaan masuk dari alamat ini. Tunggu sebentar lalu coba lagi."
                    ),
                },
                status=429,
            )
            response["Retry-After"] = str(settings.PORTAL_LOGIN_RATE[1])
            return response
        return super().post(request, *args, **kwargs)


def login_rate_exceeded(request) -> bool:
    """Fixed-window counter per IP in the process-local cache (no Redis on the request path). With N web
    processes the effective limit is N × the configured one; it exists to protect CPU, not as a lock-out."""
    from django.core.cache import cache

    limit, window = settings.PORTAL_LOGIN_RATE
    key = f"login-rate:{request.META.get('REMOTE_ADDR', '')}:{int(timezone.now().timestamp()) // window}"
    count = cache.get_or_set(key, 0, timeout=window + 1)
    if count >= limit:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 1)
    return False


class ObtainTokenView(ObtainAuthToken):
    """POST username/NIP + password → API token (goes through axes lock-out like the login page)."""

    throttle_classes = []


@login_required
def dashboard(request):
    from kepegawaian import selectors

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
            "summary": selectors.dashboard_summary(user=request.user),
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
        if t := self.request.GET.get("object_type"):
            qs = qs.filter(object_type=t)
        if oid := self.request.GET.get("object_id"):
            qs = qs.filter(object_id=oid)
        return qs


def app_available(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True
