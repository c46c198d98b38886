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
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.views import ObtainAuthToken

from . import ratelimit, scoping
from .models import AuditLog, EmailKeluar
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


def _check_database() -> str:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def health_live(request):
    """`/healthz/live`: the process is up and answering (no database, no broker). Served by
    asnportal.middleware.HealthCheckMiddleware."""
    response = JsonResponse({"status": "ok", "time": timezone.now().isoformat()})
    response["Cache-Control"] = "no-store"
    return response


def health_ready(request):
    """`/healthz/ready`: 200 when the database answers, 503 (with Retry-After) when it does not. The broker is a
    detail that never fails readiness: pages and the public survey work without it. Served by
    asnportal.middleware.HealthCheckMiddleware."""
    status = {"time": timezone.now().isoformat(), "database": _check_database()}
    ok, detail = _check_broker()
    status["broker"] = "ok" if ok else "error"
    status["broker_detail"] = detail
    ready = status["database"] == "ok"
    status["status"] = "ok" if ready else "unavailable"
    response = JsonResponse(status, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    if not ready:
        response["Retry-After"] = str(settings.PORTAL_RETRY_AFTER_SECONDS)
    return response


@never_cache
def healthz(request):
    """`/healthz`: everything (database and broker) for monitoring; 503 when either is down. Probes that decide
    restarts or routing use /healthz/live and /healthz/ready instead."""
    status = {"time": timezone.now().isoformat()}
    status["database"] = _check_database()
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


def database_unavailable(exc: BaseException | None) -> bool:
    """True for the errors of a database that cannot be reached (down, restarting, connection refused or
    dropped), as opposed to a bug in a query."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def server_error(request, *args, **kwargs):
    """handler500. When the database is unreachable the answer is a 503 with Retry-After, a page that needs no
    database (no context processors, no session) or JSON for the API, so users and clients know to come back
    rather than seeing "server error". Anything else is Django's 500 page."""
    import sys

    from django.template import loader
    from django.views.defaults import server_error as django_server_error

    exc = sys.exc_info()[1]  # handler500 runs inside Django's `except` block
    if not database_unavailable(exc):
        return django_server_error(request, *args, **kwargs)
    retry = str(settings.PORTAL_RETRY_AFTER_SECONDS)
    wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")
    if wants_json:
        response = JsonResponse(
            {"detail": str(_DB_DOWN_MESSAGE), "code": "service_unavailable", "retry_after": int(retry)},
            status=503,
        )
    else:
        from django.http import HttpResponse

        response = HttpResponse(loader.get_template("503.html").render({"retry_after": retry}), status=503)
    response["Retry-After"] = retry
    response["Cache-Control"] = "no-store"
    return response


_DB_DOWN_MESSAGE = gettext_lazy(
    "Layanan sedang tidak tersedia sementara (basis data tidak dapat dihubungi). Silakan coba lagi beberapa saat lagi."
)


class EmailKeluarListView(ScopedListView):
    """The outbox of the user's instansi (HR officers and auditors): every e-mail the portal sends for it, its
    status, attempts and the plain reason of a failure; HR can send a failed one again."""

    model = EmailKeluar

    template_name = "email_keluar_list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        from .jobs import JobStatus

        qs = super().get_queryset().defer("isi")
        status = self.request.GET.get("status", "")
        if status in JobStatus.values:
            qs = qs.filter(status=status)
        return qs

    def get_context_data(self, **kwargs):
        from .jobs import JobStatus

        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = JobStatus.choices
        ctx["status"] = self.request.GET.get("status", "")
        ctx["can_manage"] = scoping.can_manage(self.request.user)
        ctx["retry_max"] = EmailKeluar.retry_failed_max
        return ctx


@login_required
def email_keluar_kirim_ulang(request, pk):
    """POST: put a failed e-mail of the user's instansi back in the queue (HR officers)."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from django.http import HttpResponseNotAllowed
    from django.utils.translation import gettext as _

    from . import jobs

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    row = scoping.get_scoped_or_404(EmailKeluar, request.user, pk=pk)
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    if row.status != jobs.JobStatus.FAILED:
        messages.warning(request, _("Hanya e-mail yang gagal yang dapat dikirim ulang."))
    else:
        with transaction.atomic():
            jobs.job_retry(row)
        messages.success(request, _("E-mail dimasukkan lagi ke antrean pengiriman."))
    return redirect("email_keluar_list")


email_keluar_kirim_ulang.scoping_model = "asnportal.EmailKeluar"
