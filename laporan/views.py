"""Pages of the laporan app: the archive, asking for a report, its progress (htmx polling), the protected
download and the retry button. Only HR officers, auditors and superadmins see reports (LaporanRun.for_user);
another instansi's report is a 404."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from asnportal import audit, scoping
from asnportal.downloads import serve_file
from asnportal.scoping import get_scoped_or_404
from asnportal.views import ScopedDetailView, ScopedListView, scoped_model

from . import selectors, services
from .filtersets import LaporanRunFilterSet
from .forms import LaporanRequestForm
from .models import LaporanRun


class ReportReaderMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LaporanListView(ReportReaderMixin, ScopedListView):
    model = LaporanRun
    queryset = LaporanRun.objects.select_related("requested_by", "unit_kerja", "instansi")
    filterset_class = LaporanRunFilterSet
    template_name = "laporan/laporan_list.html"
    partial_template_name = "laporan/_laporan_table.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["stats"] = selectors.laporan_stats(user=self.request.user)
        return ctx


class LaporanDetailView(ReportReaderMixin, ScopedDetailView):
    model = LaporanRun
    queryset = LaporanRun.objects.select_related("requested_by", "unit_kerja", "instansi")
    template_name = "laporan/laporan_detail.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["laporan/_laporan_status.html"]
        return [self.template_name]


@login_required
def laporan_create(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    form = LaporanRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        instansi_id = request.user.instansi_id or data["instansi"].pk
        try:
            run, created = services.laporan_request(
                actor=request.user,
                instansi_id=instansi_id,
                jenis=data["jenis"],
                format=data["format"],
                **_period(data["jenis"], data["tanggal"]),
                unit_kerja=data.get("unit_kerja"),
                status_kepegawaian=data.get("status_kepegawaian") or "",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(request, _("Permintaan laporan dicatat; laporan dibuat di latar belakang."))
            else:
                messages.info(request, _("Laporan ini sudah pernah diminta; berikut laporan yang ada."))
            return redirect("laporan:laporan_detail", pk=run.pk)
    return render(request, "laporan/laporan_form.html", {"form": form})


def _period(jenis, tanggal):
    from . import rules

    if jenis in rules.PERIODIC_KINDS:
        p = rules.periode_containing(jenis, tanggal)
        return {"mulai": p.mulai, "selesai": p.selesai}
    return {"mulai": tanggal, "selesai": tanggal}


@login_required
@scoped_model("laporan.LaporanRun")
def laporan_retry(request, pk):
    run = get_scoped_or_404(LaporanRun, request.user, pk=pk)  # another instansi's run: 404 before anything
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    try:
        services.laporan_retry(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Laporan dimasukkan kembali ke antrean."))
    return redirect("laporan:laporan_detail", pk=run.pk)


@login_required
@scoped_model("laporan.LaporanRun")
def laporan_download(request, pk):
    """Serve the file only to users who may see this instansi's reports; never a public URL."""
    run = get_scoped_or_404(LaporanRun, request.user, pk=pk)
    if not run.file or run.status != "success":
        raise Http404
    audit.record(actor=request.user, action=audit.Action.EXPORT, obj=run, reason=_("Unduh"), request=request)
    # A report the portal generated itself: its type comes from the format it was rendered in.
    content_type = mimetypes.guess_type(run.nama_berkas or run.file.name)[0] or "application/octet-stream"
    return serve_file(request, run.file, filename=run.nama_berkas, content_type=content_type)
