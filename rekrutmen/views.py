"""HR-side pages of the rekrutmen app (thin: parse, call one selector or service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from asnportal import audit, scoping, tabular
from asnportal.downloads import serve_file
from asnportal.scoping import get_scoped_or_404
from asnportal.views import (
    ManageRequiredMixin,
    ScopedDetailView,
    ScopedFormKwargsMixin,
    ScopedListView,
    ScopedQuerysetMixin,
    scoped_model,
)
from kepegawaian import selectors as kp_selectors

from . import selectors, services
from .choices import StatusFormasi, StatusSanggah
from .filtersets import LamaranFilterSet, SanggahFilterSet, SeleksiFilterSet
from .forms import (
    ImporNilaiForm,
    JawabSanggahForm,
    KomponenFormSet,
    NilaiPanelForm,
    NilaiPanelSendiriForm,
    PersyaratanForm,
    PublikasiForm,
    SeleksiForm,
    SesiForm,
    SetujuiFormasiForm,
    TolakFormasiForm,
    UsulFormasiFormSet,
    VerifikasiForm,
)
from .models import DokumenLamaran, Formasi, Lamaran, NilaiPanel, Publikasi, Sanggah, Seleksi, SesiPenilaian


def _errors(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


class PetugasRequiredMixin:
    """Recruitment pages are for HR officers, auditors and superadmins; ASN staff get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _petugas(request):
    if not scoping.can_read_instansi(request.user):
        raise PermissionDenied


def _manage(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied


# --- Rounds ----------------------------------------------------------------------------------------------------
class SeleksiListView(PetugasRequiredMixin, ScopedListView):
    model = Seleksi
    queryset = Seleksi.objects.select_related("instansi")
    filterset_class = SeleksiFilterSet
    template_name = "rekrutmen/seleksi_list.html"
    partial_template_name = "rekrutmen/_seleksi_table.html"


class SeleksiDetailView(PetugasRequiredMixin, ScopedDetailView):
    model = Seleksi
    queryset = Seleksi.objects.select_related("instansi")
    template_name = "rekrutmen/seleksi_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        s = self.object
        ctx["ringkasan"] = selectors.ringkasan_seleksi(seleksi=s)
        ctx["formasi_usulan"] = s.formasi.exclude(status=StatusFormasi.DISETUJUI).select_related(
            "jabatan", "unit_kerja"
        )
        ctx["publikasi"] = s.publikasi.select_related("oleh")[:20]
        ctx["impor"] = s.impor.select_related("oleh")[:10]
        ctx["chart_labels"] = [
            f"{f.jabatan.nama[:16]} · {f.unit_kerja.nama[:12]}" for f in ctx["ringkasan"]["formasi"]
        ]
        ctx["chart_values"] = [f.pelamar for f in ctx["ringkasan"]["formasi"]]
        ctx["publikasi_form"] = PublikasiForm()
        ctx["impor_form"] = ImporNilaiForm()
        return ctx


class SeleksiCreateView(ManageRequiredMixin, ScopedFormKwargsMixin, generic.CreateView):
    model = Seleksi
    form_class = SeleksiForm
    template_name = "rekrutmen/seleksi_form.html"

    def form_valid(self, form):
        try:
            self.object = services.seleksi_simpan(actor=self.request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Seleksi dibuat."))
        return redirect("rekrutmen:seleksi_detail", pk=self.object.pk)


class SeleksiUpdateView(ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView):
    model = Seleksi
    form_class = SeleksiForm
    template_name = "rekrutmen/seleksi_form.html"

    def form_valid(self, form):
        data = {k: form.cleaned_data[k] for k in form.changed_data}
        try:
            services.seleksi_simpan(actor=self.request.user, seleksi=self.object, data=data)
        except ValidationError as exc:
            _errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan disimpan."))
        return redirect("rekrutmen:seleksi_detail", pk=self.object.pk)


@login_required
@scoped_model("rekrutmen.Seleksi")
def formasi_usul(request, pk):
    """Propose formasi from the ABK shortage of the instansi (positive selisih only)."""
    seleksi = get_scoped_or_404(Seleksi, request.user, pk=pk)
    _manage(request)
    sudah = set(seleksi.formasi.values_list("jabatan_id", flat=True))
    kebutuhan = [
        r
        for r in kp_selectors.kebutuhan_jabatan(instansi_id=seleksi.instansi_id)
        if r["selisih"] > 0 and r["jabatan_id"] not in sudah
    ]
    initial = [{"jabatan_id": r["jabatan_id"], "kuota": 0, "pendidikan_minimal": "S1"} for r in kebutuhan]
    formset = UsulFormasiFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        usulan = [f.cleaned_data for f in formset if f.cleaned_data.get("kuota")]
        if not usulan:
            messages.error(request, _("Isi kuota pada paling sedikit satu jabatan."))
        else:
            try:
                created = services.formasi_usulkan(actor=request.user, seleksi=seleksi, usulan=usulan)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("%(n)s formasi diusulkan.") % {"n": len(created)})
                return redirect("rekrutmen:seleksi_detail", pk=seleksi.pk)
    rows = list(zip(kebutuhan, formset.forms, strict=False))
    return render(
        request, "rekrutmen/formasi_usul.html", {"seleksi": seleksi, "formset": formset, "rows": rows}
    )


# --- Formasi ---------------------------------------------------------------------------------------------------
class FormasiDetailView(PetugasRequiredMixin, ScopedDetailView):
    model = Formasi
    queryset = Formasi.objects.select_related(
        "seleksi", "jabatan", "unit_kerja", "diusulkan_oleh", "disetujui_oleh"
    )
    template_name = "rekrutmen/formasi_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        f = self.object
        ctx["persyaratan"] = f.persyaratan.all()
        ctx["komponen"] = f.komponen_skb.all()
        ctx["lamaran"] = (
            Lamaran.objects.for_user(self.request.user)
            .filter(formasi=f, status="dikirim")
            .order_by(F("peringkat").asc(nulls_last=True), "hasil", "nomor_peserta")[:500]
        )
        ctx["aturan"] = services.aturan_formasi(f)
        ctx["setujui_form"] = SetujuiFormasiForm(initial={"kuota": f.kuota or f.kuota_usulan})
        ctx["tolak_form"] = TolakFormasiForm()
        ctx["persyaratan_form"] = PersyaratanForm()
        ctx["komponen_formset"] = KomponenFormSet(
            initial=[
                {"jenis": k.jenis, "nama": k.nama, "bobot": k.bobot, "nilai_maks": k.nilai_maks}
                for k in ctx["komponen"]
            ]
        )
        return ctx


@require_POST
@login_required
@scoped_model("rekrutmen.Formasi")
def formasi_setujui(request, pk):
    formasi = get_scoped_or_404(Formasi, request.user, pk=pk)
    _manage(request)
    form = SetujuiFormasiForm(request.POST)
    if form.is_valid():
        try:
            services.formasi_setujui(
                actor=request.user,
                formasi=formasi,
                kuota=form.cleaned_data["kuota"],
                alasan=form.cleaned_data["alasan"],
            )
            messages.success(request, _("Formasi disetujui."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Kuota tidak sah."))
    return redirect("rekrutmen:formasi_detail", pk=pk)


@require_POST
@login_required
@scoped_model("rekrutmen.Formasi")
def formasi_tolak(request, pk):
    formasi = get_scoped_or_404(Formasi, request.user, pk=pk)
    _manage(request)
    form = TolakFormasiForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Alasan penolakan wajib diisi."))
        services.formasi_tolak(actor=request.user, formasi=formasi, alasan=form.cleaned_data["alasan"])
        messages.success(request, _("Formasi ditolak."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:formasi_detail", pk=pk)


@require_POST
@login_required
@scoped_model("rekrutmen.Formasi")
def formasi_persyaratan(request, pk):
    formasi = get_scoped_or_404(Formasi, request.user, pk=pk)
    _manage(request)
    form = PersyaratanForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Nama persyaratan wajib diisi."))
        services.persyaratan_tambah(actor=request.user, formasi=formasi, **form.cleaned_data)
        messages.success(request, _("Persyaratan ditambahkan."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:formasi_detail", pk=pk)


@require_POST
@login_required
@scoped_model("rekrutmen.Formasi")
def formasi_komponen(request, pk):
    formasi = get_scoped_or_404(Formasi, request.user, pk=pk)
    _manage(request)
    formset = KomponenFormSet(request.POST)
    try:
        if not formset.is_valid():
            raise ValidationError(_("Periksa isian komponen SKB."))
        komponen = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        services.komponen_skb_atur(actor=request.user, formasi=formasi, komponen=komponen)
        messages.success(request, _("Komposisi SKB disimpan."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:formasi_detail", pk=pk)


# --- Applications ----------------------------------------------------------------------------------------------
class LamaranListView(PetugasRequiredMixin, ScopedListView):
    model = Lamaran
    queryset = Lamaran.objects.filter(status="dikirim").select_related("formasi__jabatan", "seleksi")
    filterset_class = LamaranFilterSet
    template_name = "rekrutmen/lamaran_list.html"
    partial_template_name = "rekrutmen/_lamaran_table.html"
    paginate_by = 50


class LamaranDetailView(PetugasRequiredMixin, ScopedDetailView):
    model = Lamaran
    template_name = "rekrutmen/lamaran_detail.html"

    def get_queryset(self):
        return selectors.lamaran_detail_qs(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        # Viewing an applicant's personal data is logged (UU 27/2022).
        audit.record(actor=self.request.user, action=audit.Action.VIEW, obj=obj, request=self.request)
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lam = self.object
        existing = {v.persyaratan_id: v for v in lam.verifikasi.all()}
        ctx["verifikasi_form"] = kwargs.get("verifikasi_form") or VerifikasiForm(
            persyaratan=lam.formasi.persyaratan.all(), existing=existing
        )
        ctx["dokumen"] = {d.persyaratan_id: d for d in lam.dokumen.all()}
        ctx["verifikasi"] = existing
        ctx["riwayat"] = lam.riwayat_nilai.select_related("oleh").order_by("-id")[:100]
        ctx["sanggah_list"] = lam.sanggah.all()
        ctx["sesi_form"] = SesiForm(lamaran=lam) if lam.ikut_skb else None
        ctx["komponen"] = list(lam.formasi.komponen_skb.all())
        ctx["nilai_komponen"] = selectors.nilai_komponen(lam, ctx["komponen"])
        return ctx


@require_POST
@login_required
@scoped_model("rekrutmen.Lamaran")
def lamaran_verifikasi(request, pk):
    lamaran = get_scoped_or_404(
        Lamaran.objects.for_user(request.user).select_related("formasi"), request.user, pk=pk
    )
    _manage(request)
    form = VerifikasiForm(request.POST, persyaratan=lamaran.formasi.persyaratan.all())
    if form.is_valid():
        try:
            services.verifikasi_simpan(actor=request.user, lamaran=lamaran, hasil=form.hasil())
            messages.success(request, _("Hasil verifikasi disimpan."))
            return redirect("rekrutmen:lamaran_detail", pk=pk)
        except ValidationError as exc:
            _errors(request, exc)
    view = LamaranDetailView()
    view.setup(request, pk=pk)
    view.object = view.get_object()
    return render(request, view.template_name, view.get_context_data(verifikasi_form=form), status=400)


@login_required
@scoped_model("rekrutmen.DokumenLamaran")
def dokumen_unduh(request, pk):
    """An applicant's document, for the HR officers (and auditors) of that instansi only; the view is logged."""
    dok = get_scoped_or_404(
        DokumenLamaran.objects.for_user(request.user).select_related("lamaran"), request.user, pk=pk
    )
    audit.record(actor=request.user, action=audit.Action.VIEW, obj=dok, request=request)
    return _serve(request, dok)


def _serve(request, dok: DokumenLamaran):
    return serve_file(request, dok.berkas, filename=f"dokumen-{dok.pk}")


@require_POST
@login_required
@scoped_model("rekrutmen.Lamaran")
def sesi_jadwalkan(request, pk):
    lamaran = get_scoped_or_404(
        Lamaran.objects.for_user(request.user).select_related("formasi"), request.user, pk=pk
    )
    _manage(request)
    form = SesiForm(request.POST, lamaran=lamaran)
    try:
        if not form.is_valid():
            raise ValidationError([f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()])
        services.sesi_jadwalkan(actor=request.user, lamaran=lamaran, **form.cleaned_data)
        messages.success(request, _("Jadwal penilaian disimpan."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:lamaran_detail", pk=pk)


@login_required
@scoped_model("rekrutmen.SesiPenilaian")
def sesi_nilai(request, pk):
    """Panel scores of one SKB tambahan session (entered by HR from the score sheets)."""
    sesi = get_scoped_or_404(
        SesiPenilaian.objects.for_user(request.user).select_related("lamaran__formasi__jabatan", "komponen"),
        request.user,
        pk=pk,
    )
    form = NilaiPanelForm(request.POST or None, sesi=sesi)
    if request.method == "POST":
        _manage(request)
        if form.is_valid():
            try:
                services.nilai_panel_simpan(actor=request.user, sesi=sesi, **form.cleaned_data)
                messages.success(request, _("Nilai disimpan."))
                return redirect("rekrutmen:sesi_nilai", pk=pk)
            except ValidationError as exc:
                _errors(request, exc)
    nilai = {n.penilai_id: n for n in sesi.nilai.all()}
    panel = [(u, nilai.get(u.pk)) for u in sesi.panel.all()]
    return render(request, "rekrutmen/sesi_nilai.html", {"sesi": sesi, "form": form, "panel": panel})


@login_required
def penilaian_saya(request):
    """A panel member's own SKB tambahan sessions, with the score they gave."""
    sesi = list(selectors.sesi_panel_saya(user=request.user))
    nilai = {
        n.sesi_id: n for n in NilaiPanel.objects.filter(sesi__in=[s.pk for s in sesi], penilai=request.user)
    }
    rows = [(s, nilai.get(s.pk)) for s in sesi]
    return render(request, "rekrutmen/penilaian_saya.html", {"rows": rows})


@login_required
@scoped_model("rekrutmen.SesiPenilaian")
def penilaian_saya_isi(request, pk):
    """A panel member records their own score (404 unless they sit on this session's panel)."""
    sesi = get_scoped_or_404(selectors.sesi_panel_saya(user=request.user), request.user, pk=pk)
    form = NilaiPanelSendiriForm(request.POST or None, initial=_nilai_awal(sesi, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.nilai_panel_simpan(
                actor=request.user, sesi=sesi, penilai=request.user, **form.cleaned_data
            )
            messages.success(request, _("Nilai Anda disimpan."))
            return redirect("rekrutmen:penilaian_saya")
        except ValidationError as exc:
            _errors(request, exc)
    return render(request, "rekrutmen/penilaian_saya_isi.html", {"sesi": sesi, "form": form})


def _nilai_awal(sesi, user):
    row = NilaiPanel.objects.filter(sesi=sesi, penilai=user).first()
    return {"nilai": row.nilai, "catatan": row.catatan} if row else {}


# --- Scores, ranking, publication ------------------------------------------------------------------------------
@login_required
@scoped_model("rekrutmen.Seleksi")
def impor_nilai(request, pk):
    seleksi = get_scoped_or_404(Seleksi, request.user, pk=pk)
    _manage(request)
    form = ImporNilaiForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        impor, errors = services.impor_nilai(
            actor=request.user,
            seleksi=seleksi,
            jenis=form.cleaned_data["jenis"],
            berkas=form.cleaned_data["berkas"],
        )
        if impor is not None:
            messages.success(
                request,
                _("%(n)s baris diimpor; %(b)s lamaran berubah.")
                % {"n": impor.jumlah_baris, "b": impor.jumlah_berubah},
            )
            return redirect("rekrutmen:seleksi_detail", pk=pk)
    return render(
        request,
        "rekrutmen/impor_nilai.html",
        {"seleksi": seleksi, "form": form, "errors": errors[:200], "jumlah_galat": len(errors)},
        status=400 if errors else 200,
    )


@require_POST
@login_required
@scoped_model("rekrutmen.Seleksi")
def hitung_peringkat(request, pk):
    seleksi = get_scoped_or_404(Seleksi, request.user, pk=pk)
    _manage(request)
    n = services.seleksi_hitung_peringkat(actor=request.user, seleksi=seleksi)
    messages.success(request, _("Peringkat dihitung ulang; %(n)s perubahan dicatat.") % {"n": n})
    return redirect("rekrutmen:seleksi_detail", pk=pk)


@require_POST
@login_required
@scoped_model("rekrutmen.Seleksi")
def publikasi_buat(request, pk):
    seleksi = get_scoped_or_404(Seleksi, request.user, pk=pk)
    _manage(request)
    form = PublikasiForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Lengkapi tahap dan nomor pengumuman."))
        pub = services.seleksi_publikasikan(actor=request.user, seleksi=seleksi, **form.cleaned_data)
        messages.success(request, _("Hasil diumumkan: %(n)s.") % {"n": pub.nomor})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rekrutmen:seleksi_detail", pk=pk)


class PublikasiDetailView(PetugasRequiredMixin, ScopedDetailView):
    """A publication and the proof that it is reproduced exactly from the merit ledger."""

    model = Publikasi
    queryset = Publikasi.objects.select_related("seleksi", "oleh")
    template_name = "rekrutmen/publikasi_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ulang = selectors.reproduksi_publikasi(self.object)
        ctx["reproduksi_cocok"] = ulang == self.object.isi
        ctx["formasi_nama"] = {f["id"]: f["nama"] for f in self.object.isi.get("formasi", [])}
        return ctx


@login_required
@scoped_model("rekrutmen.Seleksi")
def ringkasan_ekspor(request, pk):
    seleksi = get_scoped_or_404(Seleksi, request.user, pk=pk)
    _petugas(request)
    data = selectors.ringkasan_seleksi(seleksi=seleksi)
    headers = [
        "Jabatan",
        "Unit",
        "Kuota",
        "Pelamar",
        "MS",
        "TMS",
        "Lulus SKD",
        "Peserta SKB",
        "Lulus",
        "Cadangan",
    ]
    rows = [
        [
            f.jabatan.nama,
            f.unit_kerja.label,
            f.kuota,
            f.pelamar,
            f.ms,
            f.tms,
            f.lulus_skd_n,
            f.ikut_skb_n,
            f.lulus,
            f.cadangan,
        ]
        for f in data["formasi"]
    ]
    audit.record(
        actor=request.user, action=audit.Action.EXPORT, obj=seleksi, reason=_("Ekspor ringkasan seleksi")
    )
    response = HttpResponse(
        tabular.write_xlsx({"Ringkasan": (headers, rows)}),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ringkasan-seleksi-{seleksi.pk}.xlsx"'
    return response


# --- Sanggah ---------------------------------------------------------------------------------------------------
class SanggahListView(PetugasRequiredMixin, ScopedListView):
    model = Sanggah
    queryset = Sanggah.objects.select_related("lamaran__seleksi", "lamaran__formasi__jabatan")
    filterset_class = SanggahFilterSet
    template_name = "rekrutmen/sanggah_list.html"


@login_required
@scoped_model("rekrutmen.Sanggah")
def sanggah_jawab(request, pk):
    sanggah = get_scoped_or_404(
        Sanggah.objects.for_user(request.user)
        .select_related("lamaran__seleksi", "lamaran__formasi__jabatan")
        .prefetch_related(Prefetch("lamaran__formasi__persyaratan")),
        request.user,
        pk=pk,
    )
    _petugas(request)
    form = JawabSanggahForm(request.POST or None, sanggah=sanggah)
    if request.method == "POST":
        _manage(request)
        if form.is_valid():
            try:
                services.sanggah_jawab(
                    actor=request.user,
                    sanggah=sanggah,
                    diterima=form.cleaned_data["keputusan"] == "terima",
                    jawaban=form.cleaned_data["jawaban"],
                    koreksi_nilai=form.koreksi_nilai(),
                    koreksi_syarat=form.koreksi_syarat(),
                )
                messages.success(request, _("Sanggah dijawab."))
                return redirect(reverse("rekrutmen:sanggah_list"))
            except ValidationError as exc:
                _errors(request, exc)
    return render(
        request,
        "rekrutmen/sanggah_jawab.html",
        {"sanggah": sanggah, "form": form, "terbuka": sanggah.status == StatusSanggah.DIAJUKAN},
    )
