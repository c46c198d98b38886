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
from django.utils.translation import gettext_lazy as _
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
