import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from asnportal import audit, scoping
from asnportal.downloads import serve_file
from asnportal.scoping import get_scoped_or_404
from asnportal.tabular import ImportFileError
from asnportal.views import (
    ManageRequiredMixin,
    ScopedDetailView,
    ScopedFormKwargsMixin,
    ScopedListView,
    ScopedQuerysetMixin,
    paginate,
    scoped_model,
)

from . import impor as impor_mod
from . import rules, selectors, services
from .choices import JenisSelisih, KeputusanSelisih, StatusPenataan
from .filtersets import (
    JabatanFilterSet,
    PegawaiFilterSet,
    PenugasanPltFilterSet,
    UnitKerjaFilterSet,
    UsulanDataFilterSet,
    UsulanMutasiFilterSet,
)
from .forms import (
    DokumenPegawaiForm,
    IkhtisarForm,
    ImporForm,
    JabatanForm,
    KompensasiForm,
    PegawaiForm,
    PenugasanPltForm,
    PerubahanPenataanForm,
    ProfilKontakForm,
    PutuskanSelisihForm,
    RencanaPenataanForm,
    SetujuiMutasiForm,
    SiasnForm,
    TolakForm,
    UnitKerjaForm,
    UraianTugasForm,
    UsulanDataForm,
    UsulanMutasiForm,
)
from .models import (
    DokumenPegawai,
    Instansi,
    Jabatan,
    Pegawai,
    PenugasanPlt,
    PerubahanPenataan,
    RekonsiliasiSIASN,
    RencanaPenataan,
    SelisihSIASN,
    UnitKerja,
    UraianTugas,
    UsulanMutasi,
    UsulanPerubahanData,
)


class PegawaiListView(ScopedListView):
    model = Pegawai
    queryset = Pegawai.objects.select_related("unit_kerja", "jabatan")
    filterset_class = PegawaiFilterSet
    template_name = "kepegawaian/pegawai_list.html"
    partial_template_name = "kepegawaian/_pegawai_table.html"


def profile_panels() -> list[str]:
    """Panels other apps add to a pegawai's profile (`<app>/_pegawai_panel.html`, rendered with `p` = the
    pegawai); kepegawaian never imports them, the same way the dashboard takes `_dashboard.html` widgets."""
    from django.conf import settings
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    panels = []
    for app in settings.INSTALLED_APPS:
        if "." in app or app == "kepegawaian":
            continue
        try:
            get_template(f"{app}/_pegawai_panel.html")
        except TemplateDoesNotExist:
            continue
        panels.append(f"{app}/_pegawai_panel.html")
    return panels


def _plt_panel(pegawai) -> list:
    """Plt./Plh. assignments shown on a profile: where the pegawai acts, and who acts in their position."""
    from django.utils import timezone

    from .plt import plt_untuk_pegawai

    today = timezone.localdate()
    rows = plt_untuk_pegawai(pegawai)
    for t in rows:
        t.berlaku_hari_ini = t.berlaku_pada(today)
    return rows


class PegawaiDetailView(ScopedDetailView):
    model = Pegawai
    queryset = Pegawai.objects.select_related("unit_kerja", "jabatan__parent", "instansi")
    template_name = "kepegawaian/pegawai_detail.html"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.pk != getattr(self.request.user, "pegawai_id", None):
            # Viewing someone else's personal data is logged (UU 27/2022).
            audit.record(actor=self.request.user, action=audit.Action.VIEW, obj=obj, request=self.request)
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.object
        ctx["riwayat_jabatan"] = p.riwayat_jabatan.all()
        ctx["riwayat_pangkat"] = p.riwayat_pangkat.all()
        ctx["atasan"] = p.atasan
        ctx["plt_list"] = _plt_panel(p)
        ctx["panels"] = profile_panels()
        if scoping.can_read_instansi(self.request.user):
            ctx["audit_entries"] = _riwayat_perubahan(p)[:20]
        return ctx


def _riwayat_perubahan(p):
    """The pegawai's own audit entries and those of their rank and position history rows, newest first."""
    from django.db.models import Q

    from asnportal.models import AuditLog

    pangkat = [str(i) for i in p.riwayat_pangkat.values_list("pk", flat=True)]
    jabatan = [str(i) for i in p.riwayat_jabatan.values_list("pk", flat=True)]
    return AuditLog.objects.filter(
        Q(object_type="kepegawaian.Pegawai", object_id=str(p.pk))
        | Q(object_type="kepegawaian.RiwayatPangkat", object_id__in=pangkat)
        | Q(object_type="kepegawaian.RiwayatJabatan", object_id__in=jabatan)
    ).select_related("actor")


class PegawaiCreateView(ManageRequiredMixin, ScopedFormKwargsMixin, generic.CreateView):
    model = Pegawai
    form_class = PegawaiForm
    template_name = "kepegawaian/pegawai_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instansi_id"] = self.request.user.instansi_id
        return kwargs

    def form_valid(self, form):
        instansi_id = self.request.user.instansi_id or (
            form.cleaned_data["jabatan"].instansi_id if form.cleaned_data.get("jabatan") else None
        )
        if instansi_id is None:
            form.add_error("jabatan", _("Pilih jabatan agar instansi pegawai dapat ditentukan."))
            return self.form_invalid(form)
        self.object = services.pegawai_create(
            actor=self.request.user, instansi_id=instansi_id, data=form.cleaned_data
        )
        messages.success(self.request, _("Pegawai %(nama)s ditambahkan.") % {"nama": self.object.nama})
        return redirect("kepegawaian:pegawai_detail", pk=self.object.pk)


class PegawaiUpdateView(ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView):
    model = Pegawai
    form_class = PegawaiForm
    template_name = "kepegawaian/pegawai_form.html"

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        self.object = services.pegawai_update(actor=self.request.user, pegawai=self.object, data=data)
        messages.success(self.request, _("Perubahan disimpan."))
        return redirect("kepegawaian:pegawai_detail", pk=self.object.pk)


@login_required
def profil_saya(request):
    pegawai = request.user.pegawai
    if pegawai is None:
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    form = ProfilKontakForm(request.POST or None, instance=pegawai, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.profil_update_kontak(actor=request.user, pegawai=pegawai, data=form.cleaned_data)
        messages.success(request, _("Kontak Anda diperbarui."))
        return redirect("kepegawaian:profil_saya")
    pegawai.refresh_from_db()
    return render(
        request,
        "kepegawaian/profil_saya.html",
        {
            "pegawai": pegawai,
            "form": form,
            "atasan": pegawai.atasan,
            "plt_list": _plt_panel(pegawai),
            "riwayat_jabatan": pegawai.riwayat_jabatan.all(),
            "riwayat_pangkat": pegawai.riwayat_pangkat.all(),
        },
    )


class UnitKerjaListView(ScopedListView):
    model = UnitKerja
    queryset = UnitKerja.objects.select_related("parent", "instansi")
    filterset_class = UnitKerjaFilterSet
    template_name = "kepegawaian/unitkerja_list.html"
    paginate_by = 50


class UnitKerjaDetailView(ScopedDetailView):
    model = UnitKerja
    template_name = "kepegawaian/unitkerja_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.object
        ctx["children"] = unit.children.all()
        ctx["jabatan_list"] = unit.jabatan.select_related("parent").all()
        ctx["pegawai_list"] = (
            Pegawai.objects.for_user(self.request.user)
            .filter(unit_kerja=unit)
            .select_related("jabatan")[:200]
        )
        ctx["ancestors"] = unit.ancestors()
        return ctx


class UnitKerjaCreateView(ManageRequiredMixin, ScopedFormKwargsMixin, generic.CreateView):
    model = UnitKerja
    form_class = UnitKerjaForm
    template_name = "generic_form.html"
    success_url = reverse_lazy("kepegawaian:unitkerja_list")

    def form_valid(self, form):
        form.instance.instansi_id = self.request.user.instansi_id or (
            form.cleaned_data["parent"].instansi_id if form.cleaned_data.get("parent") else None
        )
        if form.instance.instansi_id is None:
            form.add_error("parent", _("Pilih unit induk agar instansi dapat ditentukan."))
            return self.form_invalid(form)
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action=audit.Action.CREATE, obj=self.object)
        return response


class UnitKerjaUpdateView(
    ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView
):
    model = UnitKerja
    form_class = UnitKerjaForm
    template_name = "generic_form.html"

    def get_success_url(self):
        return reverse("kepegawaian:unitkerja_detail", args=[self.object.pk])

    def form_valid(self, form):
        before = audit.snapshot(UnitKerja.objects.get(pk=self.object.pk))
        response = super().form_valid(form)
        audit.record(
            actor=self.request.user,
            action=audit.Action.UPDATE,
            obj=self.object,
            changes=audit.diff(before, audit.snapshot(self.object)),
        )
        return response


class JabatanListView(ScopedListView):
    model = Jabatan
    queryset = Jabatan.objects.select_related("unit_kerja", "parent")
    filterset_class = JabatanFilterSet
    template_name = "kepegawaian/jabatan_list.html"
    paginate_by = 50


class JabatanDetailView(ScopedDetailView):
    model = Jabatan
    queryset = Jabatan.objects.select_related("unit_kerja", "parent")
    template_name = "kepegawaian/jabatan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["pemangku"] = Pegawai.objects.for_user(self.request.user).filter(jabatan=self.object)
        ctx["bawahan"] = self.object.bawahan.select_related("unit_kerja")
        from django.utils import timezone

        today = timezone.localdate()
        ctx["pelaksana"] = (
            PenugasanPlt.objects.for_user(self.request.user)
            .filter(jabatan=self.object, tanggal_mulai__lte=today, tanggal_selesai__gte=today)
            .select_related("pegawai")
        )
        return ctx


class JabatanCreateView(ManageRequiredMixin, ScopedFormKwargsMixin, generic.CreateView):
    model = Jabatan
    form_class = JabatanForm
    template_name = "generic_form.html"
    success_url = reverse_lazy("kepegawaian:jabatan_list")

    def form_valid(self, form):
        form.instance.instansi_id = form.cleaned_data["unit_kerja"].instansi_id
        if (
            not scoping.is_superadmin(self.request.user)
            and form.instance.instansi_id != self.request.user.instansi_id
        ):
            raise PermissionDenied
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action=audit.Action.CREATE, obj=self.object)
        return response


class JabatanUpdateView(ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView):
    model = Jabatan
    form_class = JabatanForm
    template_name = "generic_form.html"

    def get_success_url(self):
        return reverse("kepegawaian:jabatan_detail", args=[self.object.pk])

    def form_valid(self, form):
        before = audit.snapshot(Jabatan.objects.get(pk=self.object.pk))
        response = super().form_valid(form)
        audit.record(
            actor=self.request.user,
            action=audit.Action.UPDATE,
            obj=self.object,
            changes=audit.diff(before, audit.snapshot(self.object)),
        )
        return response


# =============================================================================================================
# Helpers
# =============================================================================================================
def _require(predicate):
    if not predicate:
        raise PermissionDenied


def _instansi_id(request, obj=None):
    """The instansi a page works on: the object's, the user's, or (superadmin) ?instansi=."""
    if obj is not None:
        return obj.instansi_id
    if request.user.instansi_id:
        return request.user.instansi_id
    inst = Instansi.objects.for_user(request.user).filter(pk=request.GET.get("instansi") or 0).first()
    inst = inst or Instansi.objects.for_user(request.user).order_by("pk").first()
    if inst is None:
        raise Http404
    return inst.pk


def _post_service(request, fn, *, ok_message, redirect_to):
    """Run a service for a POST; ValidationError/PermissionDenied become messages (the form page stays)."""
    try:
        result = fn()
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect(redirect_to), None
    messages.success(request, ok_message)
    return redirect(redirect_to), result


# =============================================================================================================
# Org chart
# =============================================================================================================
def _struktur_context(request, unit=None):
    instansi_id = _instansi_id(request, unit)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()  # NUL: PostgreSQL refuses it (500)
    roots = selectors.struktur_organisasi(user=request.user, instansi_id=instansi_id, root=unit)
    hasil = []
    if q:
        qs = Pegawai.objects.for_user(request.user).filter(instansi_id=instansi_id, jabatan__isnull=False)
        digits = q.replace(" ", "")
        qs = qs.filter(nip__startswith=digits) if digits.isdigit() else qs.filter(nama__icontains=q)
        if unit is not None:
            qs = qs.filter(unit_kerja__path__startswith=unit.path)
        hasil = list(qs.select_related("jabatan", "unit_kerja")[:20])
    buka = set()
    for p in hasil:
        buka.update(int(x) for x in p.unit_kerja.path.strip(".").split(".") if x)
    return {
        "roots": roots,
        "unit": unit,
        "q": q,
        "hasil": hasil,
        "buka": buka,
        "match_ids": {p.pk for p in hasil},
        "instansi": Instansi.objects.get(pk=instansi_id),
    }


@login_required
def struktur(request):
    return render(request, "kepegawaian/struktur.html", _struktur_context(request))


@login_required
@scoped_model("kepegawaian.UnitKerja")
def struktur_unit(request, pk):
    unit = get_scoped_or_404(UnitKerja, request.user, pk=pk)
    return render(request, "kepegawaian/struktur.html", _struktur_context(request, unit))


def _struktur_pdf(request, unit=None):
    from asnportal.dokumen import render as core_render

    ctx = _struktur_context(request, unit)
    ctx["pdf"] = True
    ctx.update(core_render.kop_context(ctx["instansi"]))
    pdf = core_render.render_pdf("kepegawaian/struktur_pdf.html", ctx, request=request)
    return core_render.pdf_response(pdf, "struktur-organisasi.pdf", inline=False)


@login_required
def struktur_pdf(request):
    return _struktur_pdf(request)


@login_required
@scoped_model("kepegawaian.UnitKerja")
def struktur_unit_pdf(request, pk):
    return _struktur_pdf(request, get_scoped_or_404(UnitKerja, request.user, pk=pk))


# =============================================================================================================
# ANJAB / ABK and kebutuhan
# =============================================================================================================
@login_required
@scoped_model("kepegawaian.Jabatan")
def jabatan_abk(request, pk):
    jabatan = get_scoped_or_404(
        Jabatan.objects.for_user(request.user).select_related("unit_kerja", "instansi"), request.user, pk=pk
    )
    form = UraianTugasForm(user=request.user)
    ikhtisar_form = IkhtisarForm(initial={"ikhtisar": jabatan.ikhtisar})
    if request.method == "POST":
        _require(scoping.can_manage(request.user))
        if "ikhtisar" in request.POST:
            ikhtisar_form = IkhtisarForm(request.POST)
            if ikhtisar_form.is_valid():
                services.jabatan_ikhtisar_simpan(
                    actor=request.user, jabatan=jabatan, ikhtisar=ikhtisar_form.cleaned_data["ikhtisar"]
                )
                messages.success(request, _("Ikhtisar disimpan."))
                return redirect("kepegawaian:jabatan_abk", pk=pk)
        else:
            form = UraianTugasForm(request.POST, user=request.user, instance=UraianTugas(jabatan=jabatan))
            if form.is_valid():
                data = {k: form.cleaned_data[k] for k in form.Meta.fields}
                services.uraian_tugas_simpan(actor=request.user, jabatan=jabatan, data=data)
                messages.success(request, _("Uraian tugas ditambahkan; kebutuhan dihitung ulang."))
                return redirect("kepegawaian:jabatan_abk", pk=pk)
    ctx = {"jabatan": jabatan, "form": form, "ikhtisar_form": ikhtisar_form}
    ctx.update(selectors.abk_jabatan(jabatan=jabatan))
    return render(request, "kepegawaian/jabatan_abk.html", ctx)


@login_required
@require_POST
@scoped_model("kepegawaian.UraianTugas")
def uraian_tugas_hapus(request, pk):
    _require(scoping.can_manage(request.user))
    uraian = get_scoped_or_404(UraianTugas, request.user, pk=pk)
    jabatan_id = uraian.jabatan_id
    services.uraian_tugas_hapus(actor=request.user, uraian=uraian)
    messages.success(request, _("Uraian tugas dihapus."))
    return redirect("kepegawaian:jabatan_abk", pk=jabatan_id)


@login_required
def kebutuhan(request):
    _require(scoping.can_read_instansi(request.user))
    instansi_id = _instansi_id(request)
    unit = None
    if request.GET.get("unit"):
        unit = get_scoped_or_404(UnitKerja, request.user, pk=request.GET["unit"])
    data = selectors.bezetting_per_unit(instansi_id=instansi_id, unit_path=unit.path if unit else None)
    page = paginate(request, data["jabatan"], per_page=50) if unit else None
    return render(
        request,
        "kepegawaian/kebutuhan.html",
        {"per_opd": data["unit"], "total": data["instansi"], "unit": unit, "page_obj": page},
    )


# =============================================================================================================
# Penataan (restructuring)
# =============================================================================================================
class RencanaListView(ScopedListView):
    model = RencanaPenataan
    queryset = RencanaPenataan.objects.select_related("membalik")
    template_name = "kepegawaian/rencana_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@login_required
def rencana_create(request):
    _require(scoping.can_manage(request.user))
    form = RencanaPenataanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        rencana = services.rencana_create(
            actor=request.user, instansi_id=_instansi_id(request), data=form.cleaned_data
        )
        return redirect("kepegawaian:rencana_detail", pk=rencana.pk)
    return render(
        request, "kepegawaian/simple_form.html", {"form": form, "judul": _("Rencana penataan baru")}
    )


@login_required
@scoped_model("kepegawaian.RencanaPenataan")
def rencana_detail(request, pk):
    _require(scoping.can_read_instansi(request.user))
    rencana = get_scoped_or_404(RencanaPenataan, request.user, pk=pk)
    form = PerubahanPenataanForm(request.POST or None, user=request.user)
    if request.method == "POST":
        _require(scoping.can_manage(request.user))
        if form.is_valid():
            try:
                services.perubahan_add(actor=request.user, rencana=rencana, data=form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errs in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Perubahan ditambahkan."))
                return redirect("kepegawaian:rencana_detail", pk=pk)
    perubahan = rencana.perubahan.select_related(
        "unit", "unit_tujuan", "jabatan", "jabatan_tujuan", "pegawai"
    )
    preview = None
    if request.GET.get("pratinjau") and rencana.status in (StatusPenataan.DRAFT, StatusPenataan.TERJADWAL):
        preview = services.rencana_preview(rencana=rencana)
    return render(
        request,
        "kepegawaian/rencana_detail.html",
        {
            "rencana": rencana,
            "perubahan": perubahan,
            "form": form,
            "preview": preview,
            "kompensasi_form": KompensasiForm(initial={"tanggal_efektif": dt.date.today()}),
            "kompensasi": RencanaPenataan.objects.filter(membalik=rencana).first(),
        },
    )


@login_required
@require_POST
@scoped_model("kepegawaian.RencanaPenataan")
def rencana_terapkan(request, pk):
    _require(scoping.can_manage(request.user))
    rencana = get_scoped_or_404(RencanaPenataan, request.user, pk=pk)
    resp, result = _post_service(
        request,
        lambda: services.rencana_terapkan(actor=request.user, rencana=rencana),
        ok_message=_("Rencana diproses."),
        redirect_to=reverse("kepegawaian:rencana_detail", args=[pk]),
    )
    return resp


@login_required
@require_POST
@scoped_model("kepegawaian.RencanaPenataan")
def rencana_batal(request, pk):
    _require(scoping.can_manage(request.user))
    rencana = get_scoped_or_404(RencanaPenataan, request.user, pk=pk)
    resp, _r = _post_service(
        request,
        lambda: services.rencana_batal(actor=request.user, rencana=rencana),
        ok_message=_("Rencana dibatalkan."),
        redirect_to=reverse("kepegawaian:rencana_detail", args=[pk]),
    )
    return resp


@login_required
@require_POST
@scoped_model("kepegawaian.RencanaPenataan")
def rencana_balik(request, pk):
    _require(scoping.can_manage(request.user))
    rencana = get_scoped_or_404(RencanaPenataan, request.user, pk=pk)
    form = KompensasiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tanggal efektif pembalikan."))
        return redirect("kepegawaian:rencana_detail", pk=pk)
    resp, komp = _post_service(
        request,
        lambda: services.rencana_buat_kompensasi(
            actor=request.user, rencana=rencana, tanggal_efektif=form.cleaned_data["tanggal_efektif"]
        ),
        ok_message=_("Rencana kompensasi dibuat; tinjau lalu terapkan."),
        redirect_to=reverse("kepegawaian:rencana_detail", args=[pk]),
    )
    return redirect("kepegawaian:rencana_detail", pk=komp.pk) if komp else resp


@login_required
@require_POST
@scoped_model("kepegawaian.PerubahanPenataan")
def perubahan_hapus(request, pk):
    _require(scoping.can_manage(request.user))
    perubahan = get_scoped_or_404(PerubahanPenataan, request.user, pk=pk)
    rencana_id = perubahan.rencana_id
    resp, _r = _post_service(
        request,
        lambda: services.perubahan_hapus(actor=request.user, perubahan=perubahan),
        ok_message=_("Perubahan dihapus."),
        redirect_to=reverse("kepegawaian:rencana_detail", args=[rencana_id]),
    )
    return resp


# =============================================================================================================
# Mutasi
# =============================================================================================================
class MutasiListView(ScopedListView):
    model = UsulanMutasi
    queryset = UsulanMutasi.objects.select_related("pegawai", "jabatan_asal", "jabatan_tujuan")
    filterset_class = UsulanMutasiFilterSet
    template_name = "kepegawaian/mutasi_list.html"


@login_required
def mutasi_usul(request):
    _require(scoping.can_manage(request.user) or scoping.is_pimpinan(request.user))
    initial = {}
    if request.GET.get("pegawai"):
        initial["pegawai"] = get_scoped_or_404(Pegawai, request.user, pk=request.GET["pegawai"]).pk
    form = UsulanMutasiForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            usulan = services.mutasi_ajukan(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Usulan diajukan."))
            return redirect("kepegawaian:mutasi_detail", pk=usulan.pk)
    return render(
        request, "kepegawaian/simple_form.html", {"form": form, "judul": _("Usul mutasi / promosi / rotasi")}
    )


@login_required
@scoped_model("kepegawaian.UsulanMutasi")
def mutasi_detail(request, pk):
    usulan = get_scoped_or_404(
        UsulanMutasi.objects.for_user(request.user).select_related(
            "pegawai", "jabatan_asal", "jabatan_tujuan__unit_kerja"
        ),
        request.user,
        pk=pk,
    )
    setujui_form = (
        SetujuiMutasiForm(request.POST or None)
        if request.POST.get("aksi") == "setujui"
        else SetujuiMutasiForm()
    )
    tolak_form = TolakForm(request.POST or None) if request.POST.get("aksi") == "tolak" else TolakForm()
    if request.method == "POST":
        _require(scoping.can_manage(request.user))
        form = setujui_form if request.POST.get("aksi") == "setujui" else tolak_form
        if form.is_valid():
            try:
                if form is setujui_form:
                    services.mutasi_setujui(actor=request.user, usulan=usulan, **form.cleaned_data)
                else:
                    services.mutasi_tolak(
                        actor=request.user, usulan=usulan, catatan=form.cleaned_data["catatan"]
                    )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Keputusan disimpan."))
                return redirect("kepegawaian:mutasi_detail", pk=pk)
    return render(
        request,
        "kepegawaian/mutasi_detail.html",
        {
            "usulan": usulan,
            "setujui_form": setujui_form,
            "tolak_form": tolak_form,
            "riwayat": audit.history(usulan),
        },
    )


# =============================================================================================================
# Kenaikan pangkat, pensiun, komposisi
# =============================================================================================================
@login_required
def kenaikan_pangkat(request):
    _require(scoping.can_read_others(request.user))
    try:
        periode = dt.date.fromisoformat(request.GET["periode"])
    except (KeyError, ValueError):
        periode = rules.periode_kp_untuk_usulan(dt.date.today())
    periodes = rules.periode_kp_list(periode.year) + rules.periode_kp_list(periode.year + 1)[:2]
    qs = selectors.kp_kandidat(user=request.user, periode=periode)
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = [
            [
                p.nip,
                p.nama_lengkap,
                p.golongan,
                p.tmt_golongan,
                p.jabatan.nama if p.jabatan_id else "",
                _unit(p),
            ]
            for p in qs
        ]
        headers = [_("NIP"), _("Nama"), _("Golongan"), _("TMT golongan"), _("Jabatan"), _("Unit kerja")]
        return _daftar_ekspor(request, f"kandidat-kp-{periode:%Y%m%d}", headers, rows)
    page = paginate(request, qs, per_page=50)
    return render(
        request,
        "kepegawaian/kenaikan_pangkat.html",
        {
            "periode": periode,
            "periodes": periodes,
            "page_obj": page,
            "batas": rules.batas_usulan_kp(periode),
            "querystring": f"periode={periode.isoformat()}",
        },
    )


def _unit(p) -> str:
    return (p.unit_kerja.label or p.unit_kerja.nama) if p.unit_kerja_id else ""


def _daftar_ekspor(request, nama: str, headers, rows):
    """A due list (KP, KGB, pensiun) as CSV/XLSX: every person, not one page; audited as an export."""
    from asnportal import tabular

    fmt = request.GET["format"]
    rows = [[v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v for v in row] for row in rows]
    headers = [str(h) for h in headers]
    data = (
        tabular.write_csv(headers, rows)
        if fmt == "csv"
        else tabular.write_xlsx({nama[:31]: (headers, rows)}, text_columns=(str(_("NIP")),))
    )
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        object_type="kepegawaian.Pegawai",
        object_repr=_("Ekspor %(n)s (%(b)s baris)") % {"n": nama, "b": len(rows)},
        changes={
            "format": fmt,
            "filter": {k: v for k, v in request.GET.items() if k != "format"},
            "baris": len(rows),
        },
    )
    ctype = (
        "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp = HttpResponse(data, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{nama}.{fmt}"'
    return resp


@login_required
def kgb(request):
    """Every KGB falling due in the next N days (the dashboard shows the first few and links here)."""
    from . import conf

    _require(scoping.can_read_instansi(request.user) or scoping.is_pimpinan(request.user))
    try:
        hari = min(366, max(1, int(request.GET.get("hari", conf.pengingat_hari()))))
    except ValueError:
        hari = conf.pengingat_hari()
    today = dt.date.today()
    daftar = selectors.kgb_jatuh_tempo(user=request.user, mulai=today, sampai=today + dt.timedelta(days=hari))
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = [
            [
                r["pegawai"].nip,
                r["pegawai"].nama_lengkap,
                r["pegawai"].golongan,
                r["pegawai"].jabatan.nama if r["pegawai"].jabatan_id else "",
                _unit(r["pegawai"]),
                r["tanggal"],
            ]
            for r in daftar
        ]
        headers = [_("NIP"), _("Nama"), _("Golongan"), _("Jabatan"), _("Unit kerja"), _("Jatuh tempo KGB")]
        return _daftar_ekspor(request, f"kgb-{hari}-hari", headers, rows)
    return render(
        request,
        "kepegawaian/kgb.html",
        {
            "hari": hari,
            "jumlah": len(daftar),
            "page_obj": paginate(request, daftar, per_page=50),
            "querystring": f"hari={hari}",
        },
    )


@login_required
def pensiun(request):
    _require(scoping.can_read_others(request.user))
    try:
        tahun = min(5, max(1, int(request.GET.get("tahun", 5))))
    except ValueError:
        tahun = 5
    unit = (
        get_scoped_or_404(UnitKerja, request.user, pk=request.GET["unit"])
        if request.GET.get("unit")
        else None
    )
    data = selectors.pensiun_proyeksi(user=request.user, pada=dt.date.today(), tahun=tahun, unit=unit)
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = [
            [
                r["pegawai"].nip,
                r["pegawai"].nama_lengkap,
                r["pegawai"].jabatan.nama if r["pegawai"].jabatan_id else "",
                _unit(r["pegawai"]),
                r["bup"],
                r["tanggal_bup"],
                r["tmt_pensiun"],
            ]
            for r in data["daftar"]
        ]
        headers = [
            _("NIP"),
            _("Nama"),
            _("Jabatan"),
            _("Unit kerja"),
            "BUP",
            _("Mencapai BUP"),
            _("TMT pensiun"),
        ]
        return _daftar_ekspor(request, f"proyeksi-pensiun-{tahun}-tahun", headers, rows)
    page = paginate(request, data["daftar"], per_page=50)
    return render(
        request,
        "kepegawaian/pensiun.html",
        {
            **data,
            "tahun": tahun,
            "unit": unit,
            "page_obj": page,
            "units": UnitKerja.objects.for_user(request.user).filter(depth=0),
            "querystring": f"tahun={tahun}" + (f"&unit={unit.pk}" if unit else ""),
        },
    )


@login_required
def komposisi(request):
    _require(scoping.can_read_others(request.user))
    unit = (
        get_scoped_or_404(UnitKerja, request.user, pk=request.GET["unit"])
        if request.GET.get("unit")
        else None
    )
    data = selectors.komposisi_lengkap(user=request.user, unit=unit)
    gap = None
    if scoping.can_read_instansi(request.user):
        gap = selectors.bezetting_per_unit(
            instansi_id=_instansi_id(request, unit), unit_path=unit.path if unit else None
        )["instansi"]
    return render(
        request,
        "kepegawaian/komposisi.html",
        {
            "data": data,
            "unit": unit,
            "gap": gap,
            "units": UnitKerja.objects.for_user(request.user).filter(depth=0),
        },
    )


# =============================================================================================================
# Bulk data
# =============================================================================================================
@login_required
def impor(request, jenis="pegawai"):
    """Upload a file: it is kept and checked (or saved) by a worker; the browser follows its progress."""
    from .models import ImporData

    _require(scoping.can_manage(request.user))
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = impor_mod.impor_mulai(
            actor=request.user,
            instansi_id=_instansi_id(request),
            jenis=jenis,
            uploaded=form.cleaned_data["berkas"],
            simpan=form.cleaned_data["mode"] == "simpan",
        )
        return redirect("kepegawaian:impor_detail", pk=job.pk)
    kolom = impor_mod.KOLOM_PEGAWAI if jenis == "pegawai" else impor_mod.KOLOM_JABATAN
    riwayat = ImporData.objects.for_user(request.user).filter(jenis=jenis).select_related("diminta_oleh")[:10]
    return render(
        request,
        "kepegawaian/impor.html",
        {"form": form, "jenis": jenis, "kolom": kolom, "riwayat": riwayat},
    )


@login_required
@scoped_model("kepegawaian.ImporData")
def impor_detail(request, pk):
    """Progress (polled by htmx every second, refreshed by the page itself without JavaScript) and result."""
    from .models import ImporData

    job = get_scoped_or_404(
        ImporData.objects.for_user(request.user).select_related("diminta_oleh"), request.user, pk=pk
    )
    simpan = ImporData.objects.filter(asal=job).first()
    galat = (
        [g for g in job.galat if isinstance(g, list) and len(g) == 3] if isinstance(job.galat, list) else []
    )
    ctx = {"job": job, "galat": galat[:500], "simpan_job": simpan}
    if getattr(request, "htmx", False):
        return render(request, "kepegawaian/_impor_status.html", ctx)
    return render(request, "kepegawaian/impor_detail.html", ctx)


@login_required
@require_POST
@scoped_model("kepegawaian.ImporData")
def impor_simpan(request, pk):
    """Save a clean check from the file it kept (no second upload)."""
    from .models import ImporData

    uji = get_scoped_or_404(ImporData, request.user, pk=pk)
    try:
        job = impor_mod.impor_simpan(actor=request.user, uji=uji)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("kepegawaian:impor_detail", pk=uji.pk)
    return redirect("kepegawaian:impor_detail", pk=job.pk)


@login_required
def impor_jabatan(request):
    return impor(request, jenis="jabatan")


@login_required
def impor_template(request):
    _require(scoping.can_manage(request.user))
    jenis = request.GET.get("jenis", "pegawai")
    fmt = request.GET.get("format", "xlsx")
    if jenis not in ("pegawai", "jabatan", "siasn", "unit") or fmt not in ("xlsx", "csv"):
        raise Http404
    ctype = (
        "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp = HttpResponse(impor_mod.template_bytes(jenis, fmt), content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="templat-{jenis}.{fmt}"'
    return resp


@login_required
def pegawai_ekspor(request):
    _require(scoping.can_read_others(request.user))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    qs = Pegawai.objects.for_user(request.user)
    filters = {k: v for k, v in request.GET.items() if k not in ("format", "page")}
    fs = PegawaiFilterSet(filters or None, queryset=qs, request=request)
    data = impor_mod.pegawai_ekspor(actor=request.user, queryset=fs.qs, fmt=fmt, filters=filters)
    ctype = (
        "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp = HttpResponse(data, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="pegawai-{dt.date.today():%Y%m%d}.{fmt}"'
    return resp


# =============================================================================================================
# Personnel file, data-update proposals
# =============================================================================================================
def _serve(request, fieldfile, obj, owner_pegawai_id):
    if owner_pegawai_id != getattr(request.user, "pegawai_id", None):
        audit.record(actor=request.user, action=audit.Action.VIEW, obj=obj, request=request)
    return serve_file(request, fieldfile)


@login_required
@scoped_model("kepegawaian.Pegawai")
def pegawai_dokumen(request, pk):
    pegawai = get_scoped_or_404(Pegawai, request.user, pk=pk)
    form = DokumenPegawaiForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        _require(scoping.can_manage(request.user))
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("jenis", "nomor", "tanggal", "keterangan")}
            services.dokumen_unggah(
                actor=request.user, pegawai=pegawai, data=data, berkas=form.cleaned_data["berkas"]
            )
            messages.success(request, _("Dokumen disimpan."))
            return redirect("kepegawaian:pegawai_dokumen", pk=pk)
    dokumen = DokumenPegawai.objects.for_user(request.user).filter(pegawai=pegawai)
    return render(
        request, "kepegawaian/dokumen_list.html", {"pegawai": pegawai, "dokumen": dokumen, "form": form}
    )


@login_required
@scoped_model("kepegawaian.DokumenPegawai")
def dokumen_unduh(request, pk):
    dok = get_scoped_or_404(DokumenPegawai, request.user, pk=pk)
    return _serve(request, dok.berkas, dok, dok.pegawai_id)


@login_required
def usulan_data_saya(request):
    pegawai = request.user.pegawai
    if pegawai is None:
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    form = UsulanDataForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        data = {k: v for k, v in cd.items() if k in services.USULAN_FIELDS.get(cd["jenis"], ())}
        if cd.get("nomor_dokumen"):
            data["nomor_dokumen"] = cd["nomor_dokumen"]
        try:
            services.usulan_data_ajukan(
                actor=request.user,
                jenis=cd["jenis"],
                data=data,
                keterangan=cd["keterangan"],
                dokumen=cd.get("dokumen"),
                jenis_dokumen=cd.get("jenis_dokumen", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Usulan dikirim ke petugas SDM untuk diverifikasi."))
            return redirect("kepegawaian:usulan_data_saya")
    usulan = UsulanPerubahanData.objects.filter(pegawai=pegawai).select_related("diverifikasi_oleh")
    return render(request, "kepegawaian/usulan_data_saya.html", {"form": form, "usulan": usulan})


class UsulanDataListView(ScopedListView):
    model = UsulanPerubahanData
    queryset = UsulanPerubahanData.objects.select_related("pegawai")
    filterset_class = UsulanDataFilterSet
    template_name = "kepegawaian/usulan_data_list.html"


@login_required
@scoped_model("kepegawaian.UsulanPerubahanData")
def usulan_data_detail(request, pk):
    usulan = get_scoped_or_404(
        UsulanPerubahanData.objects.for_user(request.user).select_related(
            "pegawai", "diajukan_oleh", "diverifikasi_oleh"
        ),
        request.user,
        pk=pk,
    )
    tolak_form = TolakForm(request.POST or None) if request.POST.get("aksi") == "tolak" else TolakForm()
    if request.method == "POST":
        _require(scoping.can_manage(request.user))
        try:
            if request.POST.get("aksi") == "verifikasi":
                services.usulan_data_verifikasi(actor=request.user, usulan=usulan)
            elif tolak_form.is_valid():
                services.usulan_data_tolak(
                    actor=request.user, usulan=usulan, alasan=tolak_form.cleaned_data["catatan"]
                )
            else:
                raise ValidationError(_("Alasan penolakan wajib diisi."))
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("Keputusan disimpan."))
            return redirect("kepegawaian:usulan_data_detail", pk=pk)
    sekarang = {k: getattr(usulan.pegawai, k, "") for k in usulan.data if hasattr(usulan.pegawai, k)}
    return render(
        request,
        "kepegawaian/usulan_data_detail.html",
        {"usulan": usulan, "sekarang": sekarang, "tolak_form": tolak_form},
    )


@login_required
@scoped_model("kepegawaian.UsulanPerubahanData")
def usulan_data_dokumen(request, pk):
    usulan = get_scoped_or_404(UsulanPerubahanData, request.user, pk=pk)
    return _serve(request, usulan.dokumen, usulan, usulan.pegawai_id)


# =============================================================================================================
# SIASN reconciliation
# =============================================================================================================
@login_required
def siasn_list(request):
    _require(scoping.can_read_instansi(request.user))
    form = SiasnForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require(scoping.can_manage(request.user))
        if form.is_valid():
            try:
                rek = impor_mod.siasn_impor(
                    actor=request.user,
                    instansi_id=_instansi_id(request),
                    uploaded=form.cleaned_data["berkas"],
                )
            except ImportFileError as exc:
                form.add_error("berkas", str(exc))
            else:
                return redirect("kepegawaian:siasn_detail", pk=rek.pk)
    daftar = (
        RekonsiliasiSIASN.objects.for_user(request.user)
        .annotate(
            n_selisih=Count("selisih"),
            n_belum=Count("selisih", filter=Q(selisih__keputusan=KeputusanSelisih.BELUM)),
        )
        .select_related("dibuat_oleh")
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "kepegawaian/siasn_list.html",
        {"form": form, "page_obj": paginate(request, daftar), "kolom": impor_mod.KOLOM_SIASN},
    )


@login_required
@scoped_model("kepegawaian.RekonsiliasiSIASN")
def siasn_detail(request, pk):
    _require(scoping.can_read_instansi(request.user))
    rek = get_scoped_or_404(RekonsiliasiSIASN, request.user, pk=pk)
    qs = SelisihSIASN.objects.filter(rekonsiliasi=rek).select_related("diputuskan_oleh")
    jenis, keputusan = request.GET.get("jenis"), request.GET.get("keputusan")
    # Only known choices filter (anything else, e.g. a NUL byte PostgreSQL refuses, is ignored).
    jenis = jenis if jenis in JenisSelisih.values else None
    keputusan = keputusan if keputusan in KeputusanSelisih.values else None
    if jenis:
        qs = qs.filter(jenis=jenis)
    if keputusan:
        qs = qs.filter(keputusan=keputusan)
    querystring = "&".join(f"{k}={v}" for k, v in (("jenis", jenis), ("keputusan", keputusan)) if v)
    return render(
        request,
        "kepegawaian/siasn_detail.html",
        {
            "rek": rek,
            "page_obj": paginate(request, qs, per_page=50),
            "form": PutuskanSelisihForm(),
            "querystring": querystring,
            "jenis_choices": JenisSelisih.choices,
            "keputusan_choices": KeputusanSelisih.choices,
            "jenis": jenis,
            "keputusan": keputusan,
        },
    )


@login_required
@require_POST
@scoped_model("kepegawaian.SelisihSIASN")
def siasn_putuskan(request, pk):
    _require(scoping.can_manage(request.user))
    selisih = get_scoped_or_404(SelisihSIASN, request.user, pk=pk)
    form = PutuskanSelisihForm(request.POST)
    back = reverse("kepegawaian:siasn_detail", args=[selisih.rekonsiliasi_id])
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan."))
        return redirect(back)
    resp, _r = _post_service(
        request,
        lambda: impor_mod.siasn_putuskan(actor=request.user, selisih=selisih, **form.cleaned_data),
        ok_message=_("Keputusan untuk %(nip)s dicatat.") % {"nip": selisih.nip},
        redirect_to=back,
    )
    return resp


# =============================================================================================================
# Autocomplete (pickers over pegawai, jabatan and units; see kepegawaian/autocomplete.py)
# =============================================================================================================
def _pilih(request, model):
    from . import autocomplete

    field = (request.GET.get("field") or "")[:100]
    q = request.GET.get(f"{field}__q") if field else None
    if q is None:
        q = request.GET.get("q", "")
    q = q.replace("\x00", "")  # PostgreSQL refuses NUL in a text parameter: an empty list, not a 500
    base = autocomplete.apply_filters(
        model.objects.for_user(request.user), [f for f in request.GET.get("f", "").split(",") if f]
    )
    rows = autocomplete.search(base, q)
    if request.GET.get("format") == "json":
        from django.http import JsonResponse

        return JsonResponse(
            {"results": [{"id": o.pk, "label": autocomplete.option_label(o)} for o in rows]},
        )
    options, seen = [], set()
    chosen = request.GET.get(field) if field else None
    if chosen and str(chosen).isdigit():
        kind = autocomplete.kind_of(base)
        obj = base.select_related(*kind.select_related).filter(pk=chosen).first()
        if obj is not None and any(o.pk == obj.pk for o in rows):
            options.append((str(obj.pk), autocomplete.option_label(obj), True))
            seen.add(str(obj.pk))
    options += [(str(o.pk), autocomplete.option_label(o), False) for o in rows if str(o.pk) not in seen]
    return render(
        request, "kepegawaian/_pilih_options.html", {"options": options, "searched": bool(q.strip())}
    )


@login_required
def pilih_pegawai(request):
    """Autocomplete answers: `<option>`s for htmx, or `?format=json` → {"results": [{"id", "label"}]}."""
    return _pilih(request, Pegawai)


@login_required
def pilih_jabatan(request):
    return _pilih(request, Jabatan)


@login_required
def pilih_unit(request):
    return _pilih(request, UnitKerja)


# =============================================================================================================
# Plt./Plh. (pelaksana tugas / harian): kepegawaian.plt writes, kepegawaian.atasan reads the powers
# =============================================================================================================
class PenugasanPltListView(ScopedListView):
    """Every Plt./Plh. SK of the instansi (HR, auditors), or those of one's team (pimpinan) and one's own."""

    model = PenugasanPlt
    queryset = PenugasanPlt.objects.select_related("pegawai", "jabatan__unit_kerja")
    filterset_class = PenugasanPltFilterSet
    template_name = "kepegawaian/plt_list.html"


def _plt_form(request, penugasan=None):
    from . import plt

    _require(scoping.can_manage(request.user))
    form = PenugasanPltForm(request.POST or None, instance=penugasan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = plt.plt_simpan(actor=request.user, data=form.cleaned_data, penugasan=penugasan)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Penugasan Plt./Plh. disimpan."))
            return redirect("kepegawaian:plt_detail", pk=obj.pk)
    judul = _("Ubah penugasan Plt./Plh.") if penugasan else _("Catat penugasan Plt./Plh.")
    return render(request, "kepegawaian/simple_form.html", {"form": form, "judul": judul})


@login_required
def plt_create(request):
    return _plt_form(request)


@login_required
@scoped_model("kepegawaian.PenugasanPlt")
def plt_update(request, pk):
    return _plt_form(request, get_scoped_or_404(PenugasanPlt, request.user, pk=pk))


@login_required
@scoped_model("kepegawaian.PenugasanPlt")
def plt_detail(request, pk):
    obj = get_scoped_or_404(
        PenugasanPlt.objects.for_user(request.user).select_related(
            "pegawai__unit_kerja", "jabatan__unit_kerja", "dibuat_oleh"
        ),
        request.user,
        pk=pk,
    )
    from django.utils import timezone

    return render(
        request,
        "kepegawaian/plt_detail.html",
        {"obj": obj, "berlaku": obj.berlaku_pada(timezone.localdate()), "riwayat": audit.history(obj)[:20]},
    )


# =============================================================================================================
# Kotak persetujuan (approvals inbox): kepegawaian.kotak gathers every app's waiting items
# =============================================================================================================
def boleh_kotak(user) -> bool:
    """Who has an approvals inbox: pimpinan (a team, incl. as Plt./Plh.) and HR officers."""
    return scoping.is_pimpinan(user) or scoping.can_manage(user)


@login_required
def kotak_persetujuan(request):
    from .kotak import kotak_persetujuan as kotak

    _require(boleh_kotak(request.user))
    groups = kotak(request.user)
    return render(
        request,
        "kepegawaian/kotak_persetujuan.html",
        {"kelompok": groups, "total": sum(g.jumlah for g in groups)},
    )


# =============================================================================================================
# Rank history (SK number and date editable in the portal)
# =============================================================================================================
@login_required
@scoped_model("kepegawaian.Pegawai")
def riwayat_pangkat_tambah(request, pk):
    from .forms import RiwayatPangkatForm

    _require(scoping.can_manage(request.user))
    pegawai = get_scoped_or_404(Pegawai, request.user, pk=pk)
    form = RiwayatPangkatForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.riwayat_pangkat_simpan(actor=request.user, pegawai=pegawai, data=form.cleaned_data)
        messages.success(request, _("Riwayat pangkat ditambahkan."))
        return redirect("kepegawaian:pegawai_detail", pk=pegawai.pk)
    return render(
        request,
        "generic_form.html",
        {"form": form, "cancel_url": reverse("kepegawaian:pegawai_detail", args=[pegawai.pk])},
    )


@login_required
@scoped_model("kepegawaian.RiwayatPangkat")
def riwayat_pangkat_ubah(request, pk):
    from .forms import RiwayatPangkatForm
    from .models import RiwayatPangkat

    _require(scoping.can_manage(request.user))
    riwayat = get_scoped_or_404(
        RiwayatPangkat.objects.for_user(request.user).select_related("pegawai"), request.user, pk=pk
    )
    form = RiwayatPangkatForm(request.POST or None, instance=riwayat, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        riwayat.refresh_from_db()
        services.riwayat_pangkat_simpan(
            actor=request.user, pegawai=riwayat.pegawai, data=data, riwayat=riwayat
        )
        messages.success(request, _("Riwayat pangkat disimpan."))
        return redirect("kepegawaian:pegawai_detail", pk=riwayat.pegawai_id)
    return render(
        request,
        "generic_form.html",
        {
            "form": form,
            "object": riwayat,
            "cancel_url": reverse("kepegawaian:pegawai_detail", args=[riwayat.pegawai_id]),
        },
    )


# =============================================================================================================
# A new daerah / instansi set up from the portal (superadmin), with its unit tree imported
# =============================================================================================================
def _require_superadmin(request):
    if not scoping.is_superadmin(request.user):
        raise PermissionDenied


@login_required
def instansi_list(request):
    _require_superadmin(request)
    n_unit = dict(UnitKerja.objects.values_list("instansi").annotate(n=Count("id")))
    n_pegawai = dict(Pegawai.objects.values_list("instansi").annotate(n=Count("id")))
    rows = [
        {"obj": i, "n_unit": n_unit.get(i.pk, 0), "n_pegawai": n_pegawai.get(i.pk, 0)}
        for i in Instansi.objects.order_by("nama")
    ]
    return render(request, "kepegawaian/instansi_list.html", {"rows": rows})


@login_required
def instansi_create(request):
    from .forms import InstansiForm

    _require_superadmin(request)
    form = InstansiForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = services.instansi_simpan(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Instansi %(n)s dibuat. Impor pohon unit kerjanya.") % {"n": obj.nama})
        return redirect("kepegawaian:instansi_unit_impor", pk=obj.pk)
    return render(
        request, "generic_form.html", {"form": form, "cancel_url": reverse("kepegawaian:instansi_list")}
    )


@login_required
@scoped_model("kepegawaian.Instansi")
def instansi_update(request, pk):
    from .forms import InstansiForm

    _require_superadmin(request)
    obj = get_scoped_or_404(Instansi, request.user, pk=pk)
    form = InstansiForm(request.POST or None, request.FILES or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        services.instansi_simpan(actor=request.user, data=data, instansi=Instansi.objects.get(pk=obj.pk))
        messages.success(request, _("Perubahan disimpan."))
        return redirect("kepegawaian:instansi_list")
    return render(
        request,
        "generic_form.html",
        {"form": form, "object": obj, "cancel_url": reverse("kepegawaian:instansi_list")},
    )


@login_required
@scoped_model("kepegawaian.Instansi")
def instansi_unit_impor(request, pk):
    """Import the unit tree of an instansi (dry run first, then save; all or nothing)."""
    _require_superadmin(request)
    instansi = get_scoped_or_404(Instansi, request.user, pk=pk)
    form = ImporForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        dry = form.cleaned_data["mode"] != "simpan"
        try:
            hasil = impor_mod.unit_impor(
                actor=request.user, instansi_id=instansi.pk, uploaded=form.cleaned_data["berkas"], dry_run=dry
            )
        except ImportFileError as exc:
            form.add_error("berkas", str(exc))
        else:
            if not dry and hasil.ok:
                messages.success(
                    request,
                    _("Pohon unit disimpan: %(b)s baru, %(u)s diperbarui.")
                    % {"b": hasil.dibuat, "u": hasil.diperbarui},
                )
                return redirect("kepegawaian:struktur")
    return render(
        request,
        "kepegawaian/instansi_unit_impor.html",
        {"instansi": instansi, "form": form, "hasil": hasil, "kolom": impor_mod.KOLOM_UNIT},
    )
