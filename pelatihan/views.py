"""Pages of the pelatihan app. Views parse, call one selector or service, and render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from asnportal import audit, charts, scoping
from asnportal.downloads import serve_file
from asnportal.filters import TAHUN_MAX, TAHUN_MIN
from asnportal.siteurl import absolute_url
from asnportal.views import (
    ManageRequiredMixin,
    ScopedDetailView,
    ScopedFormKwargsMixin,
    ScopedListView,
    ScopedQuerysetMixin,
    paginate,
    public_view,
    scoped_model,
)
from kepegawaian.models import Pegawai

from . import conf, forms, rules, selectors, services
from .choices import StatusPeserta, StatusSesi, StatusVerifikasi
from .filtersets import (
    EksternalFilterSet,
    JPFilterSet,
    KompetensiFilterSet,
    PesertaFilterSet,
    ProgramFilterSet,
    RekomendasiFilterSet,
    RencanaFilterSet,
    SesiFilterSet,
)
from .models import (
    Kompetensi,
    PelatihanEksternal,
    Peserta,
    Program,
    Rekomendasi,
    RencanaPelatihan,
    Sertifikat,
    Sesi,
)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _read_instansi_required(user):
    if not scoping.can_read_instansi(user):
        raise PermissionDenied


def _tahun(request) -> int:
    try:
        tahun = int(request.GET.get("tahun") or dt.date.today().year)
    except ValueError:
        return dt.date.today().year
    # Out of range, the `__year` lookup overflows building its date bounds (a 500).
    return tahun if TAHUN_MIN <= tahun <= TAHUN_MAX else dt.date.today().year


# --- kompetensi ------------------------------------------------------------------------------------------------
class KompetensiListView(ScopedListView):
    model = Kompetensi
    queryset = Kompetensi.objects.all()
    filterset_class = KompetensiFilterSet
    template_name = "pelatihan/kompetensi_list.html"
    paginate_by = 50


class KompetensiCreateView(ManageRequiredMixin, ScopedFormKwargsMixin, generic.CreateView):
    model = Kompetensi
    form_class = forms.KompetensiForm
    template_name = "generic_form.html"

    def form_valid(self, form):
        if not self.request.user.instansi_id:
            form.add_error(None, _("Akun ini tidak terikat pada satu instansi."))
            return self.form_invalid(form)
        form.instance.instansi_id = self.request.user.instansi_id
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action=audit.Action.CREATE, obj=self.object)
        return response

    def get_success_url(self):
        return reverse("pelatihan:kompetensi_list")


class KompetensiUpdateView(
    ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView
):
    model = Kompetensi
    form_class = forms.KompetensiForm
    template_name = "generic_form.html"

    def form_valid(self, form):
        before = audit.snapshot(Kompetensi.objects.get(pk=self.object.pk))
        response = super().form_valid(form)
        audit.record(
            actor=self.request.user,
            action=audit.Action.UPDATE,
            obj=self.object,
            changes=audit.diff(before, audit.snapshot(self.object)),
        )
        return response

    def get_success_url(self):
        return reverse("pelatihan:kompetensi_list")


# --- program ---------------------------------------------------------------------------------------------------
class ProgramListView(ScopedListView):
    model = Program
    queryset = Program.objects.select_related("penyelenggara_instansi", "instansi").prefetch_related(
        "kompetensi"
    )
    filterset_class = ProgramFilterSet
    template_name = "pelatihan/program_list.html"
    partial_template_name = "pelatihan/_program_table.html"


class ProgramDetailView(ScopedDetailView):
    model = Program
    queryset = Program.objects.select_related("penyelenggara_instansi", "instansi")
    template_name = "pelatihan/program_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sesi_list"] = Sesi.objects.for_user(self.request.user).filter(program=self.object)
        ctx["kompetensi"] = self.object.kompetensi.all()
        ev = [
            r
            for r in selectors.evaluasi_per_program(user=self.request.user)
            if r["peserta__sesi__program_id"] == self.object.pk
        ]
        ctx["evaluasi"] = ev[0] if ev else None
        return ctx


class ProgramFormMixin(ManageRequiredMixin, ScopedFormKwargsMixin):
    model = Program
    form_class = forms.ProgramForm
    template_name = "generic_form.html"

    def form_valid(self, form):
        program = form.save(commit=False)
        if not program.instansi_id:
            program.instansi_id = self.request.user.instansi_id
        if not program.instansi_id:
            form.add_error(None, _("Akun ini tidak terikat pada satu instansi."))
            return self.form_invalid(form)
        try:
            self.object = services.program_save(
                actor=self.request.user, program=program, kompetensi=form.cleaned_data["kompetensi"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Program disimpan."))
        return redirect("pelatihan:program_detail", pk=self.object.pk)


class ProgramCreateView(ProgramFormMixin, generic.CreateView):
    pass


class ProgramUpdateView(ProgramFormMixin, ScopedQuerysetMixin, generic.UpdateView):
    pass


# --- sesi ------------------------------------------------------------------------------------------------------
class SesiListView(ScopedListView):
    model = Sesi
    queryset = Sesi.objects.select_related("program")
    filterset_class = SesiFilterSet
    template_name = "pelatihan/sesi_list.html"
    partial_template_name = "pelatihan/_sesi_table.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["menunggu"] = selectors.menunggu_persetujuan(user=user)[:20]
        if user.pegawai_id:
            ctx["jp"] = selectors.jp_saya(pegawai=user.pegawai, tahun=dt.date.today().year)
        return ctx


class SesiDetailView(ScopedDetailView):
    model = Sesi
    queryset = Sesi.objects.select_related("program__penyelenggara_instansi", "program__instansi")
    template_name = "pelatihan/sesi_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, sesi = self.request.user, self.object
        peserta = (
            selectors.peserta_visible(user=user)
            .filter(sesi=sesi)
            .order_by("status", "antrean", "pegawai__nama")
        )
        ctx["peserta_list"] = peserta
        ctx["is_hr"] = services.is_hr(user, sesi.instansi_id)
        ctx["milik_saya"] = (
            Peserta.objects.filter(sesi=sesi, pegawai_id=user.pegawai_id)
            .exclude(status__in=["batal", "ditolak"])
            .first()
            if user.pegawai_id
            else None
        )
        ctx["boleh_daftar"] = (
            sesi.status == StatusSesi.DIBUKA
            and user.pegawai_id
            and user.pegawai.instansi_id == sesi.instansi_id
            and not ctx["milik_saya"]
        )
        ctx["boleh_nominasi"] = sesi.status == StatusSesi.DIBUKA and (
            ctx["is_hr"] or scoping.is_pimpinan(user)
        )
        ctx["alasan_form"] = forms.AlasanForm()
        return ctx


class SesiFormMixin(ManageRequiredMixin, ScopedFormKwargsMixin):
    model = Sesi
    form_class = forms.SesiForm
    template_name = "generic_form.html"

    def form_valid(self, form):
        sesi = form.save(commit=False)
        sesi.instansi_id = form.cleaned_data["program"].instansi_id
        try:
            self.object = services.sesi_save(actor=self.request.user, sesi=sesi)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Sesi disimpan."))
        return redirect("pelatihan:sesi_detail", pk=self.object.pk)


class SesiCreateView(SesiFormMixin, generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if program := self.request.GET.get("program"):
            initial["program"] = program
        return initial


class SesiUpdateView(SesiFormMixin, ScopedQuerysetMixin, generic.UpdateView):
    pass


@login_required
@require_POST
@scoped_model("pelatihan.Sesi")
def sesi_daftar(request, pk):
    """An ASN applies for a session themself."""
    sesi = scoping.get_scoped_or_404(Sesi, request.user, pk=pk)
    if not request.user.pegawai_id:
        raise PermissionDenied
    try:
        peserta = services.peserta_daftar(
            actor=request.user,
            sesi=sesi,
            pegawai=request.user.pegawai,
            catatan=request.POST.get("catatan", ""),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("pelatihan:sesi_detail", pk=pk)
    messages.success(request, _("Pendaftaran dikirim; menunggu persetujuan atasan."))
    return redirect("pelatihan:peserta_detail", pk=peserta.pk)


def _nominasi_pegawai(user, sesi):
    """HR may nominate anyone of the instansi; an atasan only their direct subordinates."""
    qs = (
        Pegawai.objects.for_instansi(sesi.instansi_id)
        .filter(status_aktif="aktif")
        .select_related("unit_kerja")
    )
    if services.is_hr(user, sesi.instansi_id):
        return qs
    jabatan_id = getattr(user.pegawai, "jabatan_id", None) if user.pegawai_id else None
    if not jabatan_id:
        return Pegawai.objects.none()
    return qs.filter(jabatan__parent_id=jabatan_id)


@login_required
@scoped_model("pelatihan.Sesi")
def sesi_nominasi(request, pk):
    sesi = scoping.get_scoped_or_404(
        Sesi.objects.for_user(request.user).select_related("program"), request.user, pk=pk
    )
    pegawai_qs = _nominasi_pegawai(request.user, sesi)
    if not pegawai_qs.exists():
        raise PermissionDenied
    form = forms.NominasiForm(request.POST or None, pegawai_qs=pegawai_qs)
    if request.method == "POST" and form.is_valid():
        try:
            peserta = services.peserta_daftar(
                actor=request.user,
                sesi=sesi,
                pegawai=form.cleaned_data["pegawai"],
                catatan=form.cleaned_data["catatan"],
            )
        except ValidationError as exc:
            form.add_error("pegawai", exc)
        else:
            messages.success(
                request,
                _("%(nama)s dinominasikan: %(status)s.")
                % {"nama": peserta.pegawai.nama, "status": peserta.get_status_display()},
            )
            return redirect("pelatihan:sesi_detail", pk=pk)
    return render(request, "pelatihan/sesi_nominasi.html", {"sesi": sesi, "form": form})


@login_required
@scoped_model("pelatihan.Sesi")
def sesi_kehadiran(request, pk):
    """HR records one day's attendance of the seated participants."""
    sesi = scoping.get_scoped_or_404(
        Sesi.objects.for_user(request.user).select_related("program"), request.user, pk=pk
    )
    if not services.is_hr(request.user, sesi.instansi_id):
        raise PermissionDenied
    peserta = list(
        Peserta.objects.filter(sesi=sesi, status__in=(StatusPeserta.TERDAFTAR, StatusPeserta.SELESAI))
        .select_related("pegawai")
        .order_by("pegawai__nama")
    )
    tanggal = request.POST.get("tanggal") or request.GET.get("tanggal") or sesi.tanggal_mulai.isoformat()
    try:
        tgl = dt.date.fromisoformat(tanggal)
    except ValueError:
        tgl = sesi.tanggal_mulai
    existing = selectors.kehadiran_hari(sesi=sesi, tanggal=tgl)
    initial = {"tanggal": tgl, **{f"p{pid}": st for pid, st in existing.items()}}
    form = forms.KehadiranForm(request.POST or None, peserta=peserta, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.kehadiran_catat(
                actor=request.user,
                sesi=sesi,
                tanggal=form.cleaned_data["tanggal"],
                status_per_peserta=form.status_per_peserta(),
            )
        except ValidationError as exc:
            form.add_error("tanggal", exc)
        else:
            messages.success(request, _("Kehadiran %(n)s peserta disimpan.") % {"n": n})
            return redirect(
                f"{reverse('pelatihan:sesi_kehadiran', args=[pk])}?tanggal={form.cleaned_data['tanggal']:%Y-%m-%d}"
            )
    rekap = selectors.kehadiran_rekap(sesi=sesi)
    return render(
        request,
        "pelatihan/sesi_kehadiran.html",
        {"sesi": sesi, "form": form, "hari": sesi.hari(), "tanggal": tgl, "rekap": rekap, "peserta": peserta},
    )


# --- peserta ---------------------------------------------------------------------------------------------------
class PesertaListView(ScopedListView):
    model = Peserta
    filterset_class = PesertaFilterSet
    template_name = "pelatihan/peserta_list.html"
    partial_template_name = "pelatihan/_peserta_table.html"

    def get_queryset(self):
        qs = selectors.peserta_visible(user=self.request.user).order_by(
            "-sesi__tanggal_mulai", "pegawai__nama"
        )
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs


def _peserta_or_404(request, pk) -> Peserta:
    qs = selectors.peserta_visible(user=request.user).select_related("sesi__program", "pegawai__jabatan")
    return scoping.get_scoped_or_404(qs, request.user, pk=pk)


@login_required
@scoped_model("pelatihan.Peserta")
def peserta_detail(request, pk):
    peserta = _peserta_or_404(request, pk)
    user = request.user
    sertifikat = Sertifikat.objects.filter(peserta=peserta).first()
    ctx = {
        "peserta": peserta,
        "kehadiran": peserta.kehadiran.all(),
        "sertifikat": sertifikat,
        "boleh_setujui": peserta.status == StatusPeserta.MENUNGGU and services.may_approve(user, peserta),
        "boleh_batal": peserta.status
        in (StatusPeserta.MENUNGGU, StatusPeserta.TERDAFTAR, StatusPeserta.DAFTAR_TUNGGU)
        and services.may_cancel(user, peserta),
        "boleh_selesai": peserta.status == StatusPeserta.TERDAFTAR
        and services.is_hr(user, peserta.instansi_id),
        "boleh_evaluasi": peserta.status == StatusPeserta.SELESAI
        and user.pegawai_id == peserta.pegawai_id
        and not hasattr(peserta, "evaluasi"),
        "is_hr": services.is_hr(user, peserta.instansi_id),
        "alasan_form": forms.AlasanForm(),
        "selesai_form": forms.SelesaiForm(),
    }
    return render(request, "pelatihan/peserta_detail.html", ctx)


def _peserta_action(request, pk, action):
    peserta = _peserta_or_404(request, pk)
    form = forms.AlasanForm(request.POST)
    form.is_valid()
    alasan = form.cleaned_data.get("alasan", "")
    try:
        if action == "setujui":
            peserta = services.peserta_setujui(actor=request.user, peserta=peserta)
            messages.success(request, _("Disetujui: %(status)s.") % {"status": peserta.get_status_display()})
        elif action == "tolak":
            services.peserta_tolak(actor=request.user, peserta=peserta, alasan=alasan)
            messages.success(request, _("Pendaftaran ditolak."))
        else:
            services.peserta_batal(actor=request.user, peserta=peserta, alasan=alasan)
            messages.success(request, _("Pendaftaran dibatalkan."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("pelatihan:peserta_detail", pk=pk)


@login_required
@require_POST
@scoped_model("pelatihan.Peserta")
def peserta_setujui(request, pk):
    return _peserta_action(request, pk, "setujui")


@login_required
@require_POST
@scoped_model("pelatihan.Peserta")
def peserta_tolak(request, pk):
    return _peserta_action(request, pk, "tolak")


@login_required
@require_POST
@scoped_model("pelatihan.Peserta")
def peserta_batal(request, pk):
    return _peserta_action(request, pk, "batal")


@login_required
@require_POST
@scoped_model("pelatihan.Peserta")
def peserta_selesai(request, pk):
    peserta = _peserta_or_404(request, pk)
    form = forms.SelesaiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa hasil dan nilai."))
        return redirect("pelatihan:peserta_detail", pk=pk)
    try:
        services.peserta_selesaikan(
            actor=request.user,
            peserta=peserta,
            hasil=form.cleaned_data["hasil"],
            nilai=form.cleaned_data["nilai"],
        )
        messages.success(request, _("Peserta dinyatakan selesai."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("pelatihan:peserta_detail", pk=pk)


@login_required
@scoped_model("pelatihan.Peserta")
def peserta_evaluasi(request, pk):
    peserta = _peserta_or_404(request, pk)
    if request.user.pegawai_id != peserta.pegawai_id:
        raise PermissionDenied
    form = forms.EvaluasiForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluasi_kirim(actor=request.user, peserta=peserta, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Terima kasih, evaluasi Anda tersimpan."))
            return redirect("pelatihan:peserta_detail", pk=pk)
    return render(request, "pelatihan/evaluasi_form.html", {"peserta": peserta, "form": form})


# --- sertifikat ------------------------------------------------------------------------------------------------
@public_view
def sertifikat_verifikasi(request, kode):
    """Public check of a certificate by its code: who completed what and when, nothing more personal. The code
    is accepted with or without dashes/spaces and in any case."""
    from .models import normalisasi_kode_sertifikat

    normal = normalisasi_kode_sertifikat(kode)
    if normal and normal != kode:
        return redirect("pelatihan:sertifikat_verifikasi", kode=normal)
    sertifikat = Sertifikat.objects.filter(kode=normal).first() if normal else None
    if sertifikat is None:
        return render(request, "pelatihan/sertifikat_tidak_ditemukan.html", {"kode": kode}, status=404)
    return render(request, "pelatihan/sertifikat_verifikasi.html", {"s": sertifikat})


@public_view
def sertifikat_cek(request):
    """Public page with a field to type a certificate code (the QR code leads straight to the result)."""
    from .models import normalisasi_kode_sertifikat

    kode = request.GET.get("kode", "").strip()
    if kode:
        normal = normalisasi_kode_sertifikat(kode)
        if normal:
            return redirect("pelatihan:sertifikat_verifikasi", kode=normal)
        return render(
            request,
            "pelatihan/sertifikat_cek.html",
            {
                "kode": kode,
                "salah": _("Kode verifikasi terdiri dari 12 huruf/angka, misalnya ABCD-EFGH-JK23."),
            },
            status=400,
        )
    return render(request, "pelatihan/sertifikat_cek.html", {"kode": ""})


@login_required
@scoped_model("pelatihan.Sertifikat")
def sertifikat_unduh(request, pk):
    sertifikat = scoping.get_scoped_or_404(
        Sertifikat.objects.for_user(request.user).select_related("peserta__instansi"), request.user, pk=pk
    )
    from .pdf import sertifikat_pdf

    url = absolute_url(reverse("pelatihan:sertifikat_verifikasi", args=[sertifikat.kode]))  # PORTAL_SITE_URL
    data = sertifikat_pdf(sertifikat, verify_url=url, instansi=sertifikat.peserta.instansi)
    audit.record(actor=request.user, action=audit.Action.EXPORT, obj=sertifikat, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{sertifikat.kode}.pdf"'
    return response


@login_required
@require_POST
@scoped_model("pelatihan.Sertifikat")
def sertifikat_cabut(request, pk):
    sertifikat = scoping.get_scoped_or_404(
        Sertifikat.objects.for_user(request.user).select_related("peserta"), request.user, pk=pk
    )
    form = forms.AlasanForm(request.POST)
    form.is_valid()
    try:
        services.sertifikat_cabut(
            actor=request.user, sertifikat=sertifikat, alasan=form.cleaned_data.get("alasan", "")
        )
        messages.success(request, _("Sertifikat dicabut."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("pelatihan:peserta_detail", pk=sertifikat.peserta_id)


# --- pelatihan eksternal ---------------------------------------------------------------------------------------
class EksternalListView(ScopedListView):
    model = PelatihanEksternal
    queryset = PelatihanEksternal.objects.select_related("pegawai")
    filterset_class = EksternalFilterSet
    template_name = "pelatihan/eksternal_list.html"


@login_required
def eksternal_tambah(request):
    """An ASN submits their own external training for verification; an HR officer records one for any pegawai
    of the instansi (also pegawai without an account), verified at once so the JP count."""
    oleh_sdm = scoping.can_manage(request.user)
    if not oleh_sdm and not request.user.pegawai_id:
        raise PermissionDenied
    form = forms.EksternalForm(
        request.POST or None, request.FILES or None, user=request.user, untuk_pegawai_lain=oleh_sdm
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "nip_pegawai"}
        if oleh_sdm:
            obj = services.eksternal_catat_sdm(actor=request.user, pegawai=form.pegawai, data=data)
            messages.success(
                request,
                _("Pelatihan eksternal %(nama)s dicatat dan diverifikasi (%(jp)s JP).")
                % {"nama": obj.pegawai.nama_lengkap, "jp": obj.jp},
            )
        else:
            obj = services.eksternal_ajukan(actor=request.user, pegawai=request.user.pegawai, data=data)
            messages.success(
                request, _("Pelatihan eksternal dikirim untuk diverifikasi (%(jp)s JP).") % {"jp": obj.jp}
            )
        return redirect("pelatihan:eksternal_detail", pk=obj.pk)
    return render(request, "pelatihan/eksternal_form.html", {"form": form, "oleh_sdm": oleh_sdm})


class EksternalDetailView(ScopedDetailView):
    model = PelatihanEksternal
    queryset = PelatihanEksternal.objects.select_related("pegawai", "kompetensi", "diverifikasi_oleh")
    template_name = "pelatihan/eksternal_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["boleh_verifikasi"] = self.object.status == StatusVerifikasi.DIAJUKAN and services.is_hr(
            self.request.user, self.object.instansi_id
        )
        ctx["form"] = forms.VerifikasiForm()
        return ctx


@login_required
@scoped_model("pelatihan.PelatihanEksternal")
def eksternal_bukti(request, pk):
    obj = scoping.get_scoped_or_404(PelatihanEksternal, request.user, pk=pk)
    audit.record(actor=request.user, action=audit.Action.VIEW, obj=obj, request=request, reason="Unduh bukti")
    return serve_file(request, obj.bukti)


@login_required
@require_POST
@scoped_model("pelatihan.PelatihanEksternal")
def eksternal_verifikasi(request, pk):
    obj = scoping.get_scoped_or_404(PelatihanEksternal, request.user, pk=pk)
    form = forms.VerifikasiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan verifikasi."))
        return redirect("pelatihan:eksternal_detail", pk=pk)
    try:
        services.eksternal_verifikasi(
            actor=request.user,
            eksternal=obj,
            setuju=form.cleaned_data["keputusan"] == "setuju",
            catatan=form.cleaned_data["catatan"],
        )
        messages.success(request, _("Verifikasi disimpan."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("pelatihan:eksternal_detail", pk=pk)


# --- JP, needs, plan, budget, evaluation results -----------------------------------------------------------------
@login_required
def jp_rekap(request):
    """JP of the year against the 20 JP target: own JP for everyone; per pegawai and unit for HR and unit heads."""
    user, tahun = request.user, _tahun(request)
    ctx = {"tahun": tahun, "target": conf.target_jp()}
    if user.pegawai_id:
        ctx["saya"] = selectors.jp_saya(pegawai=user.pegawai, tahun=tahun)
    if scoping.can_read_others(user):
        qs = selectors.jp_pegawai(user=user, tahun=tahun)
        fs = JPFilterSet(request.GET or None, queryset=qs, request=request)
        rows = fs.qs.order_by("total_jp", "nama")
        ctx["filterset"] = fs
        ctx["page_obj"] = page = paginate(request, rows, 50)
        for p in page:
            p.kurang = rules.kekurangan_jp(p.total_jp, target=ctx["target"])
        per_unit = selectors.jp_per_unit(pegawai_qs=qs, tahun=tahun)
        ctx["per_unit"] = per_unit
        ctx["ringkasan"] = selectors.jp_ringkasan(pegawai_qs=qs, tahun=tahun)
        ctx["chart"] = charts.bar_chart(
            [u["unit"] for u in per_unit],
            [u["di_bawah"] for u in per_unit],
            title=_("Pegawai di bawah target %(t)s JP per perangkat daerah") % {"t": ctx["target"]},
            color=charts.PALETTE[4],
        )
        ctx["chart_persen"] = charts.bar_chart(
            [u["unit"] for u in per_unit],
            [u["persen_memenuhi"] for u in per_unit],
            title=_("Persentase pegawai memenuhi target JP"),
            max_value=100,
        )
        query = request.GET.copy()
        query.pop("page", None)
        ctx["querystring"] = query.urlencode()
    elif not user.pegawai_id:
        raise PermissionDenied
    return render(request, "pelatihan/jp_rekap.html", ctx)


class RekomendasiListView(ScopedListView):
    model = Rekomendasi
    queryset = Rekomendasi.objects.select_related("pegawai__unit_kerja", "kompetensi", "program_saran")
    filterset_class = RekomendasiFilterSet
    template_name = "pelatihan/rekomendasi_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["susun_form"] = forms.SusunRekomendasiForm(initial={"tahun_kinerja": dt.date.today().year})
        ctx["program_list"] = Program.objects.for_user(self.request.user).filter(aktif=True)
        ctx["is_hr"] = scoping.can_manage(self.request.user)
        return ctx


@login_required
@require_POST
def rekomendasi_susun(request):
    if not scoping.can_manage(request.user) or not request.user.instansi_id:
        raise PermissionDenied
    form = forms.SusunRekomendasiForm(request.POST)
    if form.is_valid():
        tahun = form.cleaned_data["tahun_kinerja"]
        if selectors.predikat_rendah(instansi_id=request.user.instansi_id, tahun=tahun) is None:
            messages.warning(
                request, _("Data kinerja belum tersedia; rekomendasi hanya dari kompetensi jabatan.")
            )
        n = services.rekomendasi_susun(
            actor=request.user, instansi_id=request.user.instansi_id, tahun_kinerja=tahun
        )
        messages.success(request, _("%(n)s rekomendasi baru untuk tahun %(t)s.") % {"n": n, "t": tahun + 1})
        return redirect(f"{reverse('pelatihan:rekomendasi_list')}?tahun={tahun + 1}")
    messages.error(request, _("Tahun tidak valid."))
    return redirect("pelatihan:rekomendasi_list")


@login_required
@require_POST
def rencana_buat(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    form = forms.RencanaForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Pilih rekomendasi dan program."))
        return redirect(request.META.get("HTTP_REFERER") or reverse("pelatihan:rekomendasi_list"))
    n = services.rencana_dari_rekomendasi(
        actor=request.user,
        rekomendasi=list(form.cleaned_data["rekomendasi"]),
        program=form.cleaned_data["program"],
        perkiraan_biaya=form.cleaned_data["perkiraan_biaya"],
    )
    messages.success(request, _("%(n)s baris rencana ditambahkan.") % {"n": n})
    return redirect("pelatihan:rencana_list")


class RencanaListView(ScopedListView):
    model = RencanaPelatihan
    queryset = RencanaPelatihan.objects.select_related("pegawai", "program", "rekomendasi")
    filterset_class = RencanaFilterSet
    template_name = "pelatihan/rencana_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        from django.db.models import Count, Sum

        ctx = super().get_context_data(**kwargs)
        ctx["per_program"] = (
            self.filterset.qs.values("tahun", "program__nama")
            .annotate(peserta=Count("id"), biaya=Sum("perkiraan_biaya"))
            .order_by("tahun", "program__nama")
        )
        return ctx


@login_required
def anggaran(request):
    _read_instansi_required(request.user)
    tahun = _tahun(request)
    rows = selectors.anggaran(user=request.user, tahun=tahun)
    per_instansi = selectors.anggaran(user=request.user, tahun=tahun, by="instansi")
    chart = charts.column_chart(
        [r["program__kode"] for r in rows[:12]],
        {
            _("Rencana"): [r["rencana"] for r in rows[:12]],
            _("Realisasi"): [r["realisasi"] for r in rows[:12]],
        },
        title=_("Anggaran rencana vs realisasi per program (Rp)"),
    )
    return render(
        request,
        "pelatihan/anggaran.html",
        {
            "tahun": tahun,
            "rows": rows,
            "per_instansi": per_instansi,
            "chart": chart,
            "tahun_list": selectors.tahun_tersedia(user=request.user),
        },
    )


@login_required
def evaluasi_hasil(request):
    _read_instansi_required(request.user)
    rows = selectors.evaluasi_per_program(user=request.user)
    chart = charts.bar_chart(
        [r["peserta__sesi__program__nama"] for r in rows],
        [
            round(float((r["materi"] + r["pengajar"] + r["penyelenggaraan"] + r["manfaat"]) / 4), 2)
            for r in rows
        ],
        title=_("Rata-rata evaluasi per program (skala 1–5)"),
        max_value=5,
    )
    return render(request, "pelatihan/evaluasi_hasil.html", {"rows": rows, "chart": chart})
