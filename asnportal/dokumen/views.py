"""Pages of the document core: the public verification page, the download of an issued document, the list of
issued documents and revocation."""

from __future__ import annotations

import hashlib
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from asnportal import audit, scoping
from asnportal.scoping import get_scoped_or_404
from asnportal.uploads import validate_upload
from asnportal.views import paginate, public_view, scoped_model

from . import registry, services
from .models import Dokumen, StatusDokumen
from .render import pdf_response
from .signing import verifikasi_pdf


class CocokkanForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas PDF yang ingin dicocokkan"))

    def clean_berkas(self):
        f = self.cleaned_data["berkas"]
        validate_upload(f)
        return f


@public_view
def verifikasi(request, kode):
    """Public: what the document is and whether it is still valid; optionally check an uploaded copy."""
    try:
        kode = uuid.UUID(str(kode))
    except ValueError:
        raise Http404 from None
    dok = get_object_or_404(Dokumen.objects.select_related("instansi", "diganti_oleh"), kode=kode)
    form = CocokkanForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["berkas"].read()
        hasil = {"cocok": hashlib.sha256(data).hexdigest() == dok.sha256, "ttd": verifikasi_pdf(data)}
    return render(
        request,
        "dokumen/verifikasi.html",
        {"d": dok, "jenis_label": registry.label(dok.jenis), "form": form, "hasil": hasil},
        status=200,
    )


@login_required
@scoped_model("asnportal.Dokumen")
def unduh(request, pk):
    dok = get_scoped_or_404(Dokumen.objects.for_user(request.user), request.user, pk=pk)
    if not dok.berkas:
        raise PermissionDenied
    with dok.berkas.open("rb") as fh:
        data = fh.read()
    audit.record(actor=request.user, action=audit.Action.EXPORT, obj=dok, request=request)
    name = dok.nomor.replace("/", "-").replace(" ", "")
    return pdf_response(data, f"{name}.pdf", inline=False)


@login_required
def daftar(request):
    if not scoping.can_read_instansi(request.user):
        raise PermissionDenied
    qs = Dokumen.objects.for_user(request.user).order_by("-created_at", "-id")
    jenis = request.GET.get("jenis", "")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    if jenis:
        qs = qs.filter(jenis=jenis)
    if status in StatusDokumen.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(nomor__icontains=q) | qs.filter(pemegang_nama__icontains=q)
    return render(
        request,
        "dokumen/daftar.html",
        {
            "page_obj": paginate(request, qs),
            "jenis_list": registry.all_types(),
            "status_list": StatusDokumen.choices,
            "f": {"jenis": jenis, "status": status, "q": q},
        },
    )


@login_required
@require_POST
@scoped_model("asnportal.Dokumen")
def cabut(request, pk):
    dok = get_scoped_or_404(Dokumen.objects.for_user(request.user), request.user, pk=pk)
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    try:
        services.dokumen_cabut(actor=request.user, dokumen=dok, alasan=request.POST.get("alasan", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dokumen dicabut; halaman verifikasi kini menyatakannya tidak berlaku."))
    return redirect("dokumen:daftar")
