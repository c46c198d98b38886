from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import generic

from asnportal import audit, scoping
from asnportal.views import (
    ManageRequiredMixin,
    ScopedDetailView,
    ScopedFormKwargsMixin,
    ScopedListView,
    ScopedQuerysetMixin,
)

from . import services
from .filtersets import JabatanFilterSet, PegawaiFilterSet, UnitKerjaFilterSet
from .forms import JabatanForm, PegawaiForm, ProfilKontakForm, UnitKerjaForm
from .models import Jabatan, Pegawai, UnitKerja


class PegawaiListView(ScopedListView):
    model = Pegawai
    queryset = Pegawai.objects.select_related("unit_kerja", "jabatan")
    filterset_class = PegawaiFilterSet
    template_name = "kepegawaian/pegawai_list.html"
    partial_template_name = "kepegawaian/_pegawai_table.html"


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
        if scoping.can_read_instansi(self.request.user):
            ctx["audit_entries"] = audit.history(p)[:20]
        return ctx


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
