"""Pages for portal accounts (issue 15).

HR (under /kepegawaian/akun/): who has an account, is activated or pending; bulk creation as a background job
with a progress bar (htmx polling, a reload link without JS); resend an activation link; deactivate and
reactivate. Public (under /akun/): the activation link, "lupa kata sandi" and its reset link.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asnportal import jobs, scoping
from asnportal.scoping import get_scoped_or_404
from asnportal.tautan import batas_permintaan
from asnportal.views import ScopedDetailView, ScopedListView, public_view, scoped_model

from . import akun_selectors, akun_services, akun_tokens
from .akun_forms import BuatAkunForm, LupaKataSandiForm, NonaktifkanAkunForm
from .choices import CakupanAkun
from .filtersets import AkunPegawaiFilterSet
from .models import Pegawai, PembuatanAkun


class _ReaderMixin:
    """HR officers and auditors (read); writes are checked per view and in the services."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AkunListView(_ReaderMixin, ScopedListView):
    model = Pegawai
    queryset = Pegawai.objects.select_related("user", "unit_kerja").annotate(
        status_akun=akun_selectors.status_akun_expr()
    )
    filterset_class = AkunPegawaiFilterSet
    template_name = "kepegawaian/akun_list.html"
    partial_template_name = "kepegawaian/_akun_table.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["ringkasan"] = akun_selectors.akun_ringkasan(user=user)
        ctx["berjalan"] = akun_selectors.pembuatan_akun_berjalan(user=user)
        ctx["proses_list"] = akun_selectors.pembuatan_akun_list(user=user)[:5]
        return ctx


@login_required
def akun_buat(request):
    """Bulk creation form (scope: selection from the list, a unit subtree, everyone without an account)."""
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    if data is not None and "cakupan" not in data and data.getlist("pegawai"):
        data = data.copy()
        data["cakupan"] = CakupanAkun.PILIHAN
    form = BuatAkunForm(data, user=request.user, initial={"cakupan": CakupanAkun.SEMUA})
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            job = akun_services.akun_buat_massal_minta(
                actor=request.user,
                cakupan=d["cakupan"],
                pegawai_ids=[p.pk for p in d.get("pegawai") or []],
                unit_kerja=d.get("unit_kerja"),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Pembuatan akun untuk %(n)s pegawai sedang diproses di latar belakang.")
                % {"n": job.jumlah_target},
            )
            return redirect("kepegawaian:akun_proses", pk=job.pk)
    return render(
        request,
        "kepegawaian/akun_buat.html",
        {
            "form": form,
            "ringkasan": akun_selectors.akun_ringkasan(user=request.user),
            "dipilih": [v for v in (data.getlist("pegawai") if data is not None else []) if v.isdigit()][
                :500
            ],
        },
        status=400 if form.errors else 200,
    )


class PembuatanAkunDetailView(_ReaderMixin, ScopedDetailView):
    model = PembuatanAkun
    queryset = PembuatanAkun.objects.select_related("dibuat_oleh", "unit_kerja")
    template_name = "kepegawaian/akun_proses.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["kepegawaian/_akun_proses_status.html"]
        return [self.template_name]


@scoped_model("kepegawaian.PembuatanAkun")
@login_required
@require_POST
def akun_proses_ulang(request, pk):
    """'Coba lagi' for a failed bulk job: it continues where it stopped (the runner skips existing accounts)."""
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    job = get_scoped_or_404(PembuatanAkun, request.user, pk=pk)
    if job.status == jobs.JobStatus.FAILED:
        jobs.job_retry(job)
        messages.success(request, _("Pembuatan akun dijalankan lagi."))
    return redirect("kepegawaian:akun_proses", pk=job.pk)


def _pegawai(request, pk):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    return get_scoped_or_404(
        Pegawai.objects.for_user(request.user).select_related("user"), request.user, pk=pk
    )


def _done(request, pegawai):
    nxt = request.POST.get("next", "")
    if nxt.startswith(("/kepegawaian/akun/", f"/kepegawaian/pegawai/{pegawai.pk}/")) and "//" not in nxt:
        return redirect(nxt)
    return redirect("kepegawaian:akun_list")


@scoped_model("kepegawaian.Pegawai")
@login_required
@require_POST
def akun_kirim_aktivasi(request, pk):
    pegawai = _pegawai(request, pk)
    try:
        user = akun_services.akun_kirim_aktivasi(actor=request.user, pegawai=pegawai)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tautan aktivasi dikirim ke %(email)s.") % {"email": user.email})
    return _done(request, pegawai)


@scoped_model("kepegawaian.Pegawai")
@login_required
def akun_nonaktifkan(request, pk):
    pegawai = _pegawai(request, pk)
    form = NonaktifkanAkunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            akun_services.akun_nonaktifkan_pegawai(
                actor=request.user, pegawai=pegawai, alasan=form.cleaned_data["alasan"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Akun %(nama)s dinonaktifkan; sesi dan token API-nya diakhiri.") % {"nama": pegawai},
            )
            return redirect("kepegawaian:akun_list")
    return render(
        request,
        "kepegawaian/akun_nonaktifkan.html",
        {"pegawai": pegawai, "form": form},
        status=400 if form.errors else 200,
    )


@scoped_model("kepegawaian.Pegawai")
@login_required
@require_POST
def akun_aktifkan(request, pk):
    pegawai = _pegawai(request, pk)
    try:
        akun_services.akun_aktifkan_kembali(actor=request.user, pegawai=pegawai)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Akun %(nama)s aktif kembali.") % {"nama": pegawai})
    return _done(request, pegawai)


# --- Public: activation link, forgotten password ----------------------------------------------------------------
class _SetelKataSandiView(auth_views.PasswordResetConfirmView):
    """Django's confirm view (the token moves from the URL to the session before the form is shown, so it
    never leaks through a Referer header); the password is saved through akun_services (audited)."""

    public = True
    template_name = "registration/akun_setel_sandi.html"
    success_url = reverse_lazy("login")
    judul = ""
    pesan_sukses = ""

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        akun_services.akun_aktivasi_selesai(
            user=form.user, password=form.cleaned_data["new_password1"], request=self.request
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, self.pesan_sukses % {"username": form.user.username})
        return redirect(self.success_url)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["judul"] = self.judul
        ctx["akun"] = getattr(self, "user", None)
        return ctx


class AktivasiView(_SetelKataSandiView):
    token_generator = akun_tokens.aktivasi_token
    judul = _("Aktivasi akun")
    pesan_sukses = _(
        "Akun aktif. Silakan masuk dengan NIP atau nama pengguna %(username)s dan kata sandi baru Anda."
    )


class ResetKonfirmasiView(_SetelKataSandiView):
    token_generator = akun_tokens.reset_token
    judul = _("Atur ulang kata sandi")
    pesan_sukses = _("Kata sandi diubah. Silakan masuk sebagai %(username)s dengan kata sandi baru.")


SAMA_UNTUK_SEMUA = _(
    "Jika data itu cocok dengan akun yang aktif dan memiliki e-mail, kami telah mengirim tautan untuk membuat "
    "kata sandi baru ke e-mail tersebut. Periksa kotak masuk (dan folder spam) Anda."
)


@public_view
def lupa_kata_sandi(request):
    """Same answer whether or not the account exists; limited per IP and per identity."""
    form = LupaKataSandiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ident = form.cleaned_data["identitas"]
        ip_ok, id_ok = batas_permintaan(request, jenis="reset", identitas=ident)
        if not ip_ok:
            form.add_error(
                None, _("Terlalu banyak permintaan dari alamat ini. Coba lagi beberapa menit lagi.")
            )
            return render(request, "registration/akun_lupa_sandi.html", {"form": form}, status=429)
        if id_ok:
            akun_services.lupa_kata_sandi_minta(identitas=ident, request=request)
        messages.info(request, SAMA_UNTUK_SEMUA)
        return redirect("akun:lupa_kata_sandi")
    return render(request, "registration/akun_lupa_sandi.html", {"form": form})
