"""Public and applicant pages: open formasi, registration, the applicant's own applications, published results.

Applicants are not portal users: they sign in with `pelamar_auth` (own session key) and every read of an
application starts from the signed-in applicant, so another applicant's data or documents are a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asnportal import ratelimit
from asnportal.views import public_view

from . import emails, selectors, services
from . import pelamar_auth as auth
from .choices import StatusLamaran, TahapSanggah
from .forms import DaftarPelamarForm, LamaranForm, MasukPelamarForm, SanggahForm, UnggahDokumenForm
from .models import DokumenLamaran, Pelamar, Publikasi, Seleksi
from .views import _errors, _serve


def _ctx(request, **kw):
    kw.setdefault("pelamar", auth.get_pelamar(request))
    return kw


# --- Open formasi ----------------------------------------------------------------------------------------------
@public_view
def lowongan_list(request):
    from asnportal.views import paginate

    page = paginate(request, selectors.public_formasi_terbuka(), per_page=20)
    return render(
        request, "rekrutmen/public/lowongan_list.html", _ctx(request, page_obj=page, object_list=page)
    )


@public_view
def lowongan_detail(request, pk):
    formasi = get_object_or_404(selectors.public_formasi_terbuka().prefetch_related("persyaratan"), pk=pk)
    return render(request, "rekrutmen/public/lowongan_detail.html", _ctx(request, formasi=formasi))


# --- Account ---------------------------------------------------------------------------------------------------
@public_view
def daftar(request):
    """Registration. The answer is the same whether or not the NIK or e-mail is already registered (no account
    enumeration; the owner of an existing account gets an e-mail instead), and registrations are limited per
    client address (asnportal.ratelimit, in the database)."""
    form = DaftarPelamarForm(request.POST or None)
    if request.method == "POST" and services.pelamar_daftar_dibatasi(ip=ratelimit.client_ip(request)):
        form.is_valid()  # keep what was typed
        form.add_error(
            None,
            _("Terlalu banyak pendaftaran dari alamat ini. Coba lagi dalam satu jam dengan data yang sama."),
        )
        return render(request, "rekrutmen/public/daftar.html", _ctx(request, form=form), status=429)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("password1", "password2", "setuju")}
        try:
            services.pelamar_daftar(data=data, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Pendaftaran diterima. Kami mengirim e-mail ke alamat yang Anda isi; ikuti petunjuknya "
                    "(tautan konfirmasi) lalu masuk."
                ),
            )
            return redirect("rekrutmen:pelamar_masuk")
    return render(request, "rekrutmen/public/daftar.html", _ctx(request, form=form))


@public_view
def konfirmasi(request, token):
    pelamar = emails.pelamar_dari_token(token)
    if pelamar is None:
        return render(request, "rekrutmen/public/konfirmasi_gagal.html", _ctx(request), status=400)
    services.pelamar_konfirmasi(pelamar=pelamar)
    messages.success(request, _("E-mail Anda terkonfirmasi. Silakan masuk."))
    return redirect("rekrutmen:pelamar_masuk")


@public_view
def masuk(request):
    form = MasukPelamarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ident = form.cleaned_data["identitas"].strip().lower()
        ip = ratelimit.client_ip(request)
        if auth.terkunci(ident, ip):
            form.add_error(None, _("Terlalu banyak percobaan gagal. Coba lagi 30 menit lagi."))
        else:
            pelamar = Pelamar.objects.filter(nik=ident).first() or Pelamar.objects.filter(email=ident).first()
            with ratelimit.login_attempt(request) as refusal:
                if refusal is None and pelamar is None:
                    # Same cost as a real check: an unknown NIK/e-mail must not answer faster (enumeration).
                    make_password(form.cleaned_data["password"])
                cocok = (
                    refusal is None
                    and pelamar is not None
                    and pelamar.check_password(form.cleaned_data["password"])
                )
            if refusal is not None:
                form.add_error(None, refusal)
                return render(request, "rekrutmen/public/masuk.html", _ctx(request, form=form), status=429)
            if not cocok:
                auth.catat_gagal(ident, ip)
                ratelimit.login_failed(request)
                form.add_error(None, _("NIK/e-mail atau kata sandi salah."))
            elif not pelamar.terkonfirmasi:
                form.add_error(None, _("Konfirmasi e-mail Anda terlebih dahulu (lihat kotak masuk e-mail)."))
            else:
                auth.reset_gagal(ident, ip)
                auth.login(request, pelamar)
                nxt = request.GET.get("next", "")
                if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
                    return redirect(nxt)
                return redirect("rekrutmen:pelamar_beranda")
    return render(request, "rekrutmen/public/masuk.html", _ctx(request, form=form))


@public_view
@require_POST
def keluar(request):
    auth.logout(request)
    return redirect("rekrutmen:lowongan_list")


# --- The applicant's own applications --------------------------------------------------------------------------
@auth.pelamar_required
def beranda(request):
    return render(
        request,
        "rekrutmen/public/beranda.html",
        _ctx(request, lamaran_list=selectors.lamaran_pelamar(request.pelamar)),
    )


@auth.pelamar_required
def lamar(request, pk):
    formasi = get_object_or_404(selectors.public_formasi_terbuka(), pk=pk)
    form = LamaranForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lamaran = services.lamaran_buat(pelamar=request.pelamar, formasi=formasi, data=form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Lamaran dibuat. Unggah dokumen persyaratan lalu kirim lamaran."))
            return redirect("rekrutmen:pelamar_lamaran", pk=lamaran.pk)
    return render(request, "rekrutmen/public/lamar.html", _ctx(request, formasi=formasi, form=form))


def _lamaran_saya(request, pk):
    return get_object_or_404(
        selectors.lamaran_pelamar(request.pelamar).prefetch_related(
            "dokumen", "sanggah", "formasi__persyaratan"
        ),
        pk=pk,
    )


def _tahap_sanggah_terbuka(lamaran):
    return [(t, label) for t, label in TahapSanggah.choices if services.masa_sanggah_buka(lamaran.seleksi, t)]


@auth.pelamar_required
def lamaran_saya(request, pk):
    lamaran = _lamaran_saya(request, pk)
    dokumen = {d.persyaratan_id: d for d in lamaran.dokumen.all()}
    tahap = _tahap_sanggah_terbuka(lamaran) if lamaran.status == StatusLamaran.DIKIRIM else []
    sudah = {s.tahap for s in lamaran.sanggah.all()}
    tahap = [(t, label) for t, label in tahap if t not in sudah]
    return render(
        request,
        "rekrutmen/public/lamaran.html",
        _ctx(
            request,
            lamaran=lamaran,
            syarat=[(s, dokumen.get(s.pk)) for s in lamaran.formasi.persyaratan.all()],
            unggah_form=UnggahDokumenForm(),
            sanggah_form=SanggahForm(tahap_choices=tahap) if tahap else None,
            bisa_ubah=lamaran.status == StatusLamaran.DRAFT and lamaran.seleksi.pendaftaran_buka,
        ),
    )


@auth.pelamar_required
@require_POST
def unggah(request, pk, syarat_pk):
    lamaran = _lamaran_saya(request, pk)
    syarat = get_object_or_404(lamaran.formasi.persyaratan.all(), pk=syarat_pk)
    form = UnggahDokumenForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Pilih berkas untuk diunggah."))
        services.dokumen_unggah(
            pelamar=request.pelamar, lamaran=lamaran, persyaratan=syarat, berkas=form.cleaned_data["berkas"]
        )
        messages.success(request, _("Dokumen %(s)s diunggah.") % {"s": syarat.nama})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:pelamar_lamaran", pk=pk)


@auth.pelamar_required
@require_POST
def kirim(request, pk):
    lamaran = _lamaran_saya(request, pk)
    try:
        lamaran = services.lamaran_kirim(pelamar=request.pelamar, lamaran=lamaran)
        messages.success(
            request, _("Lamaran dikirim. Nomor peserta Anda: %(n)s.") % {"n": lamaran.nomor_peserta}
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:pelamar_lamaran", pk=pk)


@auth.pelamar_required
@require_POST
def sanggah(request, pk):
    lamaran = _lamaran_saya(request, pk)
    form = SanggahForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Pilih tahap dan isi alasan sanggah."))
        services.sanggah_ajukan(pelamar=request.pelamar, lamaran=lamaran, **form.cleaned_data)
        messages.success(request, _("Sanggah Anda diterima dan akan dijawab oleh panitia."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:pelamar_lamaran", pk=pk)


@auth.pelamar_required
def dokumen_saya(request, pk):
    dok = DokumenLamaran.objects.filter(pk=pk, lamaran__pelamar=request.pelamar).first()
    if dok is None:
        raise Http404
    return _serve(request, dok)


# --- Published results -----------------------------------------------------------------------------------------
@public_view
def hasil_list(request):
    return render(
        request,
        "rekrutmen/public/hasil_list.html",
        _ctx(request, seleksi_list=selectors.public_seleksi_dengan_hasil()),
    )


@public_view
def hasil_detail(request, pk):
    seleksi = get_object_or_404(Seleksi.objects.filter(diumumkan=True).select_related("instansi"), pk=pk)
    publikasi = selectors.public_publikasi(seleksi)
    if not publikasi:
        raise Http404
    pilih = request.GET.get("tahap")
    aktif = next((p for p in publikasi if p.tahap == pilih), publikasi[-1])
    return render(
        request,
        "rekrutmen/public/hasil_detail.html",
        _ctx(request, seleksi=seleksi, publikasi=publikasi, aktif=aktif, kelompok=_kelompok(aktif)),
    )


def _kelompok(pub: Publikasi) -> list[dict]:
    return services.publikasi_kelompok(pub)


@public_view
def hasil_pdf(request, pk):
    """Printable announcement (WeasyPrint) of a publication of an announced round."""
    pub = get_object_or_404(
        Publikasi.objects.filter(seleksi__diumumkan=True).select_related("seleksi__instansi", "oleh"), pk=pk
    )
    from asnportal.dokumen import render as core_render

    # Rendered once when published (rekrutmen.publikasi_dokumen_task); an anonymous request only reads the file.
    dok = services.publikasi_dokumen(pub.pk)
    with dok.berkas.open("rb") as fh:
        pdf = fh.read()
    return core_render.pdf_response(pdf, f"pengumuman-{pub.pk}.pdf")
