"""Site-wide views: dashboard, health, login, notifications, audit trail."""

from __future__ import annotations

import importlib

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import apitoken, mfa, ratelimit, scoping
from .models import AuditLog, EmailKeluar
from .views import ScopedListView


class PortalLoginView(auth_views.LoginView):
    """Login by NIP or username. POSTs are limited before the password is hashed (asnportal.ratelimit: failed
    attempts per client address, shared by every process, and a site-wide bound on concurrent password checks),
    so a login flood (each attempt costs ~0.2-0.7 s of CPU by design) cannot starve the other pages. django-axes
    separately locks a (username, address) pair after repeated failures. Then the second factor (asnportal.mfa)
    for the roles that need it or accounts that enrolled one. The Django admin signs in here too."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if mfa.after_password_login(self.request, form.get_user()):
            from django.urls import reverse
            from django.utils.http import urlencode

            return redirect(reverse("otp_verify") + "?" + urlencode({"next": self.get_success_url()}))
        return response

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


def admin_login_redirect(request):
    """The Django admin's login: always the portal's /masuk/ (limits, lock-out, second factor), never a second
    password form that an attacker could use to get around them."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied
    from django.urls import reverse

    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied  # /masuk/ would send a signed-in user straight back here: a loop
        return redirect(reverse("admin:index"))
    nxt = request.GET.get("next", "")
    return redirect_to_login(nxt if nxt.startswith("/admin/") else reverse("admin:index"), reverse("login"))


class ObtainTokenView(ObtainAuthToken):
    """POST username/NIP + password (+ `otp`) → API token (axes lock-out and the login limits, like the login
    page). Accounts that need a second factor (superadmin, HR officer, auditor, or anyone who enrolled one) must
    also send `otp`: a current code of their authenticator app or a recovery code, so a token is never issued on
    a password alone for them (asnportal.mfa)."""

    throttle_classes = []

    def get_serializer(self, *args, **kwargs):
        from rest_framework import serializers
        from rest_framework.authtoken.serializers import AuthTokenSerializer

        class TokenSerializer(AuthTokenSerializer):
            otp = serializers.CharField(
                label="OTP", required=False, allow_blank=True, write_only=True, max_length=20
            )

        kwargs["context"] = self.get_serializer_context()
        return TokenSerializer(*args, **kwargs)

    def post(self, request, *args, **kwargs):
        from django.utils.translation import gettext as _

        with ratelimit.login_attempt(request) as refusal:
            if refusal is None:
                serializer = self.get_serializer(data=request.data)
                serializer.is_valid(raise_exception=True)
        if refusal is not None:
            return Response({"detail": refusal}, status=429, headers={"Retry-After": "5"})
        user = serializer.validated_data["user"]
        if (mfa.required_for(user) or mfa.has_device(user)) and mfa.check_code(
            user, serializer.validated_data.get("otp", "")
        ) is None:
            return Response(
                {"otp": [_("Kode verifikasi dua langkah (otp) wajib untuk akun ini, atau kodenya salah.")]},
                status=400,
            )
        token = apitoken.token_untuk(user)
        return Response({"token": token.key, "kedaluwarsa": apitoken.kedaluwarsa_pada(token).isoformat()})


class TokenLogoutView(APIView):
    """POST with `Authorization: Token …`: revoke the caller's API token (log out of the API)."""

    permission_classes = [IsAuthenticated]
    serializer_class = None

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        apitoken.token_cabut(user_ids=[request.user.pk])
        return Response(status=204)


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


class AuditFilterForm(forms.Form):
    """Filters of /audit/: who, what kind of record, which instansi (superadmin), when (local dates)."""

    pelaku = forms.CharField(label=_("Pelaku (nama / pengguna)"), required=False, max_length=100)
    object_type = forms.ChoiceField(label=_("Jenis data"), required=False)
    aksi = forms.ChoiceField(label=_("Aksi"), required=False)
    instansi = forms.ModelChoiceField(
        label=_("Instansi"), required=False, queryset=None, empty_label=_("Semua")
    )
    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        from django.apps import apps

        from kepegawaian.models import Instansi

        super().__init__(*args, **kwargs)
        types = []
        for model in apps.get_models():
            if model._meta.app_label in ("admin", "contenttypes", "sessions", "auth", "django_celery_beat"):
                continue
            types.append((model._meta.label, str(model._meta.verbose_name).capitalize()))
        self.fields["object_type"].choices = [("", _("Semua")), *sorted(types, key=lambda t: t[1])]
        self.fields["aksi"].choices = [("", _("Semua")), *AuditLog.Action.choices]
        if scoping.is_superadmin(user):
            self.fields["instansi"].queryset = Instansi.objects.all()
        else:
            del self.fields["instansi"]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = (
                f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"
            )


class AuditLogListView(ScopedListView):
    """The audit trail of the user's instansi (HR officers and auditors): filters and export (CSV/XLSX)."""

    model = AuditLog
    queryset = AuditLog.objects.select_related("actor")
    template_name = "audit_list.html"
    paginate_by = 50
    EXPORT_LIMIT = 50_000

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        import datetime as dt

        from django.db.models import Q

        qs = super().get_queryset()
        # NUL removed: PostgreSQL refuses it in a text parameter (a 500 instead of an empty list).
        params = self.request.GET.copy()
        for key in list(params):
            params[key] = params[key].replace("\x00", "")
        if oid := params.get("object_id", ""):
            qs = qs.filter(object_id=oid)
        self.filter_form = AuditFilterForm(params or None, user=self.request.user)
        if self.filter_form.is_bound and self.filter_form.is_valid():
            f = self.filter_form.cleaned_data
            if f.get("pelaku"):
                v = f["pelaku"].strip()
                qs = qs.filter(
                    Q(actor__username__icontains=v)
                    | Q(actor__first_name__icontains=v)
                    | Q(actor__last_name__icontains=v)
                )
            if f.get("object_type"):
                qs = qs.filter(object_type=f["object_type"])
            if f.get("aksi"):
                qs = qs.filter(action=f["aksi"])
            if f.get("instansi"):
                qs = qs.filter(instansi=f["instansi"])
            tz = timezone.get_current_timezone()
            if f.get("dari"):
                qs = qs.filter(created_at__gte=dt.datetime.combine(f["dari"], dt.time.min, tzinfo=tz))
            if f.get("sampai"):
                qs = qs.filter(
                    created_at__lt=dt.datetime.combine(f["sampai"], dt.time.min, tzinfo=tz)
                    + dt.timedelta(days=1)
                )
        elif t := params.get("object_type", ""):  # links from a record's page (?object_type=&object_id=)
            qs = qs.filter(object_type=t)
        return qs

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        from django.http import HttpResponse
        from django.utils import formats
        from django.utils.text import capfirst

        from . import audit, tabular

        entries = list(self.get_queryset()[: self.EXPORT_LIMIT])
        headers = [
            str(h)
            for h in (
                _("Waktu (WIB)"),
                _("Pelaku"),
                _("Aksi"),
                _("Jenis data"),
                _("Objek"),
                _("Perubahan"),
                _("Alasan"),
            )
        ]
        rows = []
        for r in audit.present(entries):
            changes = "; ".join(
                f"{capfirst(c['label'])}: {c['old']} → {c['new']}"
                if c["pair"]
                else f"{capfirst(c['label'])}: {c['value']}"
                for c in r["changes"]
            )
            waktu = formats.date_format(timezone.localtime(r["waktu"]), "d-m-Y H:i:s")
            rows.append(
                [
                    waktu,
                    r["pelaku"] or str(_("Sistem")),
                    r["aksi"],
                    capfirst(r["jenis"]),
                    r["objek"],
                    changes,
                    r["alasan"],
                ]
            )
        audit.record(
            actor=self.request.user,
            action=audit.Action.EXPORT,
            object_type="asnportal.AuditLog",
            object_repr=_("Ekspor jejak audit (%(n)s baris)") % {"n": len(rows)},
            changes={
                "format": fmt,
                "filter": {k: v for k, v in self.request.GET.items() if k != "format"},
                "baris": len(rows),
            },
        )
        data = (
            tabular.write_csv(headers, rows)
            if fmt == "csv"
            else tabular.write_xlsx({"Audit": (headers, rows)})
        )
        ctype = (
            "text/csv"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        resp = HttpResponse(data, content_type=ctype)
        resp["Content-Disposition"] = (
            f'attachment; filename="jejak-audit-{timezone.localdate():%Y%m%d}.{fmt}"'
        )
        return resp

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        return ctx


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
