"""Pages of kehadiran. Views parse, call one selector or service, and render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from asnportal import audit, scoping
from asnportal.downloads import serve_file
from asnportal.scoping import get_scoped_or_404
from asnportal.tabular import write_csv, write_xlsx
from asnportal.views import (
    ManageRequiredMixin,
    ScopedFormKwargsMixin,
    ScopedListView,
    ScopedQuerysetMixin,
    paginate,
    scoped_model,
)
from kepegawaian.models import Pegawai

from . import forms, kalender, selectors, services
from .choices import JenisPresensi, StatusPengajuan
from .filtersets import CutiFilterSet, HariLiburFilterSet, KoreksiFilterSet, PresensiFilterSet
from .models import (
    AmbangDisiplin,
    HariLibur,
    HitungUlang,
    ImporPresensi,
    JadwalKerja,
    JadwalShift,
    JenisCuti,
    KoreksiPresensi,
    LiburNasional,
    LokasiKantor,
    PengajuanCuti,
    Presensi,
    SaldoCuti,
    Shift,
)


def _bulan(request) -> tuple[int, int]:
    raw = request.GET.get("bulan", "")
    try:
        d = dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        d = timezone.localdate()
    return d.year, d.month


def _nav_bulan(tahun, bulan) -> dict:
    prev = dt.date(tahun, bulan, 1) - dt.timedelta(days=1)
    nxt = dt.date(tahun + (bulan == 12), bulan % 12 + 1, 1)
    return {
        "tahun": tahun,
        "bulan": bulan,
        "bulan_str": f"{tahun}-{bulan:02d}",
        "bulan_label": dt.date(tahun, bulan, 1),
        "prev": f"{prev:%Y-%m}",
        "next": f"{nxt:%Y-%m}",
    }


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless the proxy overwrites it (operations.md).
    return request.META.get("REMOTE_ADDR")


def _pegawai_or_404(request) -> Pegawai:
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    return pegawai


# --- Check-in ------------------------------------------------------------------------------------------------


@login_required
def beranda(request):
    """Phone-first page: today's schedule, check-in/out buttons, this month at a glance."""
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        if scoping.can_read_others(request.user):
            return redirect("kehadiran:rekap")
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    form = forms.PresensiForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                rec = services.presensi_web(
                    actor=request.user,
                    jenis=d["jenis"],
                    ip=_client_ip(request),
                    latitude=d.get("latitude"),
                    longitude=d.get("longitude"),
                    akurasi=d.get("akurasi"),
                )
            except services.PresensiDitolak as exc:
                messages.error(request, _("Presensi ditolak: %(pesan)s") % {"pesan": exc})
                return redirect("kehadiran:beranda")
            messages.success(
                request,
                _("Presensi %(jenis)s tercatat pukul %(jam)s.")
                % {
                    "jenis": rec.get_jenis_display().lower(),
                    "jam": timezone.localtime(rec.waktu).strftime("%H:%M"),
                },
            )
            return redirect("kehadiran:beranda")
        messages.error(request, _("Data presensi tidak sah. Muat ulang halaman lalu coba lagi."))
    today = timezone.localdate()
    kal = kalender.muat(pegawai.instansi_id, today, today, pegawai_ids=[pegawai.pk])
    path = pegawai.unit_kerja.path if pegawai.unit_kerja_id else ""
    jadwal = kal.jadwal(pegawai_id=pegawai.pk, unit_path=path, tanggal=today)
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    rekaman = Presensi.objects.filter(pegawai=pegawai, waktu__gte=start).order_by("waktu")
    lokasi = services.lokasi_untuk(pegawai)
    ringkas = selectors.ringkasan_pegawai(
        user=request.user, pegawai_id=pegawai.pk, tahun=today.year, bulan=today.month
    )
    return render(
        request,
        "kehadiran/beranda.html",
        {
            "pegawai": pegawai,
            "form": form,
            "today": today,
            "jadwal": jadwal,
            "libur": kal.libur.get(today, ""),
            "rekaman": rekaman,
            "sudah_masuk": any(r.jenis in (JenisPresensi.MASUK, JenisPresensi.SCAN) for r in rekaman),
            "lokasi": lokasi,
            "butuh_gps": any(lok.mode in ("lokasi", "lokasi_atau_jaringan") for lok in lokasi),
            "ringkas": ringkas,
        },
    )


# --- Recap and discipline ------------------------------------------------------------------------------------------


@login_required
def rekap(request):
    """Monthly recap: ASN their own row, atasan their unit, HR the whole instansi; threshold filter; export."""
    tahun, bulan = _bulan(request)
    form = forms.BulanForm(request.GET or None, user=request.user)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    ambang = AmbangDisiplin.objects.filter(user=request.user).first()
    hanya_ambang = form.is_valid() and form.cleaned_data.get("ambang")
    if hanya_ambang and ambang is None:
        ambang = AmbangDisiplin(
            min_persentase_kehadiran=90, maks_terlambat_menit=120, maks_tanpa_keterangan=0
        )
    qs = selectors.rekap_bulanan(
        user=request.user, tahun=tahun, bulan=bulan, unit=unit, ambang=ambang if hanya_ambang else None
    )
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        return _rekap_export(request, qs, fmt, tahun, bulan)
    page = paginate(request, qs, 50)
    for row in page.object_list:
        row["pelanggaran"] = selectors.pelanggaran(row, ambang)
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "form": form,
        "page_obj": page,
        "ambang": ambang,
        "hanya_ambang": hanya_ambang,
        "querystring": query.urlencode(),
        **_nav_bulan(tahun, bulan),
    }
    if scoping.can_read_others(request.user):
        ctx["per_unit"] = selectors.rekap_unit(user=request.user, tahun=tahun, bulan=bulan)[:40]
    template = "kehadiran/_rekap_table.html" if getattr(request, "htmx", False) else "kehadiran/rekap.html"
    return render(request, template, ctx)


def _rekap_export(request, qs, fmt, tahun, bulan):
    if not scoping.can_read_others(request.user):
        raise PermissionDenied
    headers = [
        "NIP",
        "Nama",
        "Unit kerja",
        "Hari kerja",
        "Hadir",
        "Cuti",
        "Dinas luar",
        "Terlambat (menit)",
        "Pulang cepat (menit)",
        "Tanpa keterangan",
        "Kehadiran (%)",
    ]
    rows = [
        [
            r["pegawai__nip"],
            r["pegawai__nama"],
            r["pegawai__unit_kerja__label"] or "",
            r["hari_kerja"],
            r["hadir"],
            r["cuti"],
            r["dinas_luar"],
            r["terlambat_menit"],
            r["pulang_cepat_menit"],
            r["tanpa_keterangan"],
            r["persen"],
        ]
        for r in qs.iterator()
    ]
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        object_type="kehadiran.rekap",
        object_repr=f"Rekap kehadiran {tahun}-{bulan:02d}",
        changes={"baris": len(rows)},
        request=request,
    )
    name = f"rekap-kehadiran-{tahun}-{bulan:02d}"
    if fmt == "csv":
        resp = HttpResponse(write_csv(headers, rows), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return resp
    resp = HttpResponse(
        write_xlsx({"Rekap": (headers, rows)}),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return resp


@login_required
@scoped_model("kepegawaian.Pegawai")
def rekap_pegawai(request, pk):
    pegawai = get_scoped_or_404(
        Pegawai.objects.for_user(request.user).select_related("unit_kerja", "jabatan"), request.user, pk=pk
    )
    tahun, bulan = _bulan(request)
    return render(
        request,
        "kehadiran/rekap_pegawai.html",
        {
            "pegawai": pegawai,
            "hari": selectors.status_bulan(user=request.user, pegawai_id=pk, tahun=tahun, bulan=bulan),
            "ringkas": selectors.ringkasan_pegawai(
                user=request.user, pegawai_id=pk, tahun=tahun, bulan=bulan
            ),
            "milik_sendiri": pk == request.user.pegawai_id,
            "saldo": SaldoCuti.objects.for_user(request.user)
            .filter(pegawai_id=pk, tahun=tahun)
            .select_related("jenis"),
            **_nav_bulan(tahun, bulan),
        },
    )


@login_required
def ambang(request):
    if not scoping.can_read_others(request.user) or not request.user.instansi_id:
        raise PermissionDenied
    instance = AmbangDisiplin.objects.filter(user=request.user).first()
    form = forms.AmbangForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.ambang_simpan(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Ambang disiplin disimpan."))
        return redirect(reverse("kehadiran:rekap") + "?ambang=on")
    return render(request, "kehadiran/ambang.html", {"form": form})


# --- Records and import --------------------------------------------------------------------------------------------


class PresensiListView(ScopedListView):
    model = Presensi
    queryset = Presensi.objects.select_related("pegawai", "pegawai__unit_kerja")
    filterset_class = PresensiFilterSet
    template_name = "kehadiran/presensi_list.html"
    partial_template_name = "kehadiran/_presensi_table.html"
    paginate_by = 50


@login_required
def impor(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    form = forms.ImporForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        instansi_id = request.user.instansi_id
        if instansi_id is None:
            form.add_error(None, _("Superadmin: impor dilakukan oleh petugas SDM instansi."))
        else:
            imp, errors = services.impor_presensi(
                actor=request.user, instansi_id=instansi_id, uploaded=form.cleaned_data["berkas"]
            )
            if imp is not None:
                messages.success(
                    request,
                    _("Impor selesai: %(baru)s rekaman baru, %(dup)s sudah ada dan dilewati.")
                    % {"baru": imp.jumlah_baru, "dup": imp.jumlah_duplikat},
                )
                return redirect("kehadiran:impor")
    riwayat = ImporPresensi.objects.for_user(request.user).select_related("diimpor_oleh")[:20]
    return render(
        request,
        "kehadiran/impor.html",
        {
            "form": form,
            "errors": errors[:200],
            "jumlah_error": len(errors),
            "kolom": services.IMPOR_KOLOM,
            "riwayat": riwayat,
        },
    )


def _templat_rows():
    headers = [k[0] for k in services.IMPOR_KOLOM if k[0] != "waktu"]
    rows = [
        ["198001012005011001", "2026-03-02", "07:28:15", "", "FP-01"],
        ["198001012005011001", "2026-03-02", "16:05:40", "", "FP-01"],
        ["199002022015032002", "02/03/2026", "21:01", "masuk", "FP-IGD"],
        ["199002022015032002", "03/03/2026", "07:02", "pulang", "FP-IGD"],
    ]
    return headers, rows


@login_required
def impor_templat_csv(request):
    headers, rows = _templat_rows()
    resp = HttpResponse(write_csv(headers, rows), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="templat-impor-presensi.csv"'
    return resp


@login_required
def impor_templat_xlsx(request):
    headers, rows = _templat_rows()
    keterangan = [[k, str(w), d, c] for k, w, d, c in services.IMPOR_KOLOM]
    data = write_xlsx(
        {
            "Presensi": (headers, rows),
            "Keterangan kolom": (["kolom", "wajib", "isi", "contoh"], keterangan),
        }
    )
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = 'attachment; filename="templat-impor-presensi.xlsx"'
    return resp


# --- Corrections ---------------------------------------------------------------------------------------------------


class KoreksiListView(ScopedListView):
    model = KoreksiPresensi
    queryset = KoreksiPresensi.objects.select_related("pegawai")
    filterset_class = KoreksiFilterSet
    template_name = "kehadiran/koreksi_list.html"


@login_required
def koreksi_create(request):
    _pegawai_or_404(request)
    form = forms.KoreksiForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            k = services.koreksi_ajukan(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Koreksi diajukan ke atasan Anda."))
            return redirect("kehadiran:koreksi_detail", pk=k.pk)
    return render(
        request,
        "kehadiran/form.html",
        {"form": form, "judul": _("Ajukan koreksi presensi"), "multipart": True},
    )


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


@login_required
@scoped_model("kehadiran.KoreksiPresensi")
def koreksi_detail(request, pk):
    k = get_scoped_or_404(
        KoreksiPresensi.objects.for_user(request.user).select_related("pegawai", "diputuskan_oleh"),
        request.user,
        pk=pk,
    )
    form = forms.KeputusanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.koreksi_putuskan(
                actor=request.user,
                koreksi=k,
                setuju=form.cleaned_data["keputusan"] == "setuju",
                catatan=form.cleaned_data["catatan"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Keputusan disimpan."))
            return redirect("kehadiran:koreksi_detail", pk=k.pk)
    return render(
        request,
        "kehadiran/koreksi_detail.html",
        {
            "k": k,
            "form": form,
            "boleh_putus": k.status == StatusPengajuan.DIAJUKAN
            and services._may_decide(request.user, k.pegawai),
            "rekaman": Presensi.objects.filter(
                pegawai_id=k.pegawai_id,
                waktu__date__range=(k.tanggal - dt.timedelta(days=0), k.tanggal + dt.timedelta(days=1)),
            ).order_by("waktu"),
            "riwayat": audit.history(k)[:20],
        },
    )


def _file_response(request, field):
    return serve_file(request, field)


@login_required
@scoped_model("kehadiran.KoreksiPresensi")
def koreksi_bukti(request, pk):
    k = get_scoped_or_404(KoreksiPresensi, request.user, pk=pk)
    return _file_response(request, k.bukti)


# --- Leave ---------------------------------------------------------------------------------------------------------


@login_required
def cuti_list(request):
    """The ASN's balance and requests; for atasan and HR also the requests waiting for them."""
    tahun = timezone.localdate().year
    pegawai = getattr(request.user, "pegawai", None)
    saldo = []
    if pegawai is not None:
        for jenis in selectors.jenis_cuti_untuk(pegawai).filter(potong_saldo=True):
            services.saldo_get_or_create(pegawai=pegawai, jenis=jenis, tahun=tahun)
        saldo = selectors.saldo_cuti(pegawai=pegawai, tahun=tahun)
    qs = PengajuanCuti.objects.for_user(request.user).select_related("pegawai", "jenis")
    fs = CutiFilterSet(request.GET or None, queryset=qs, request=request)
    menunggu = []
    if scoping.can_manage(request.user):
        menunggu = qs.filter(status=StatusPengajuan.DISETUJUI_ATASAN)[:50]
    else:
        # Waiting for this user as atasan (or Plt./Plh.): kepegawaian.atasan, the one definition.
        menunggu = selectors.cuti_menunggu_atasan(user=request.user)[:50]
    return render(
        request,
        "kehadiran/cuti_list.html",
        {
            "saldo": saldo,
            "tahun": tahun,
            "filterset": fs,
            "page_obj": paginate(request, fs.qs, 25),
            "menunggu": menunggu,
        },
    )


@login_required
def cuti_create(request):
    pegawai = _pegawai_or_404(request)
    form = forms.CutiForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        jenis_qs=selectors.jenis_cuti_untuk(pegawai),
    )
    if request.method == "POST" and form.is_valid():
        try:
            c = services.cuti_ajukan(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Cuti diajukan (%(n)s hari kerja).") % {"n": c.jumlah_hari})
            return redirect("kehadiran:cuti_detail", pk=c.pk)
    return render(
        request, "kehadiran/form.html", {"form": form, "judul": _("Ajukan cuti"), "multipart": True}
    )


@login_required
@scoped_model("kehadiran.PengajuanCuti")
def cuti_detail(request, pk):
    c = get_scoped_or_404(
        PengajuanCuti.objects.for_user(request.user).select_related(
            "pegawai", "jenis", "atasan_oleh", "sdm_oleh"
        ),
        request.user,
        pk=pk,
    )
    form = forms.KeputusanForm(request.POST or None)
    boleh_atasan = c.status == StatusPengajuan.DIAJUKAN and (
        services.is_atasan_of(request.user, c.pegawai) or scoping.is_superadmin(request.user)
    )
    boleh_sdm = c.status == StatusPengajuan.DISETUJUI_ATASAN and scoping.can_manage(request.user)
    if request.method == "POST":
        if request.POST.get("aksi") == "batal":
            try:
                services.cuti_batalkan(actor=request.user, cuti=c)
                messages.success(request, _("Pengajuan cuti dibatalkan."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("kehadiran:cuti_detail", pk=c.pk)
        if form.is_valid() and (boleh_atasan or boleh_sdm):
            fn = services.cuti_putuskan_atasan if boleh_atasan else services.cuti_putuskan_sdm
            try:
                fn(
                    actor=request.user,
                    cuti=c,
                    setuju=form.cleaned_data["keputusan"] == "setuju",
                    catatan=form.cleaned_data["catatan"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Keputusan disimpan."))
                return redirect("kehadiran:cuti_detail", pk=c.pk)
        elif not (boleh_atasan or boleh_sdm):
            raise PermissionDenied
    return render(
        request,
        "kehadiran/cuti_detail.html",
        {
            "c": c,
            "form": form,
            "boleh_putus": boleh_atasan or boleh_sdm,
            "tahap": _("atasan") if boleh_atasan else _("SDM"),
            "boleh_batal": c.pegawai_id == request.user.pegawai_id
            and c.status
            in (StatusPengajuan.DIAJUKAN, StatusPengajuan.DISETUJUI_ATASAN, StatusPengajuan.DISETUJUI),
            "riwayat": audit.history(c)[:20],
            "bahan": selectors.cuti_bahan_keputusan(user=request.user, cuti=c)
            if c.pegawai_id != request.user.pegawai_id
            else None,
        },
    )


@login_required
@scoped_model("kehadiran.PengajuanCuti")
def cuti_bukti(request, pk):
    c = get_scoped_or_404(PengajuanCuti, request.user, pk=pk)
    return _file_response(request, c.bukti)


@login_required
def kalender_view(request):
    tahun, bulan = _bulan(request)
    form = forms.BulanForm(request.GET or None, user=request.user)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    if unit is None and not scoping.can_read_instansi(request.user):
        pegawai = getattr(request.user, "pegawai", None)
        unit = pegawai.unit_kerja if pegawai is not None and pegawai.unit_kerja_id else None
    hari = selectors.kalender_unit(user=request.user, tahun=tahun, bulan=bulan, unit=unit)
    offset = hari[0]["tanggal"].weekday() if hari else 0
    return render(
        request,
        "kehadiran/kalender.html",
        {"hari": hari, "kosong": range(offset), "unit": unit, "form": form, **_nav_bulan(tahun, bulan)},
    )


# --- Settings (HR) -------------------------------------------------------------------------------------------------


@login_required
def pengaturan(request):
    if not scoping.can_read_instansi(request.user):
        raise PermissionDenied
    raw = request.GET.get("tahun") or ""
    # A four-digit ASCII year or this year ("²" passes isdigit() but not int(); 5,000 digits exceed int()).
    tahun = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else timezone.localdate().year
    u = request.user
    return render(
        request,
        "kehadiran/pengaturan.html",
        {
            "jadwal": JadwalKerja.objects.for_user(u).select_related("unit_kerja").prefetch_related("shift"),
            "libur": HariLiburFilterSet(
                {"tahun": tahun}, queryset=HariLibur.objects.for_user(u), request=request
            ).qs,
            "libur_nasional": LiburNasional.objects.filter(tanggal__year=tahun),
            "tahun": tahun,
            "lokasi": LokasiKantor.objects.for_user(u).select_related("unit_kerja"),
            "jenis_cuti": JenisCuti.objects.for_user(u),
            "jobs": HitungUlang.objects.for_user(u)[:5],
            "hitung_form": forms.HitungUlangForm(),
        },
    )


class _Create(ManageRequiredMixin, ScopedFormKwargsMixin, generic.CreateView):
    template_name = "kehadiran/form.html"
    success_url = reverse_lazy("kehadiran:pengaturan")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "judul": _("Tambah %(m)s") % {"m": self.model._meta.verbose_name},
        }

    def form_valid(self, form):
        if hasattr(form.instance, "instansi_id") and "instansi" in [f.name for f in self.model._meta.fields]:
            form.instance.instansi_id = self.request.user.instansi_id or self._instansi_from(form)
            if form.instance.instansi_id is None:
                form.add_error(None, _("Instansi tidak dapat ditentukan."))
                return self.form_invalid(form)
        from django.db import transaction

        with transaction.atomic():
            self.object = form.save()
            audit.record(
                actor=self.request.user,
                action=audit.Action.CREATE,
                obj=self.object,
                changes=audit.diff({}, audit.snapshot(self.object)),
            )
        messages.success(self.request, _("Disimpan."))
        return redirect(self.get_success_url())

    @staticmethod
    def _instansi_from(form):
        for v in form.cleaned_data.values():
            if hasattr(v, "instansi_id"):
                return v.instansi_id
        return None


class _Update(ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView):
    template_name = "kehadiran/form.html"
    success_url = reverse_lazy("kehadiran:pengaturan")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "judul": _("Ubah %(m)s") % {"m": self.model._meta.verbose_name},
        }

    def form_valid(self, form):
        from django.db import transaction

        with transaction.atomic():
            before = audit.snapshot(self.model.objects.get(pk=self.object.pk))
            self.object = form.save()
            audit.record(
                actor=self.request.user,
                action=audit.Action.UPDATE,
                obj=self.object,
                changes=audit.diff(before, audit.snapshot(self.object)),
            )
        messages.success(self.request, _("Perubahan disimpan."))
        return redirect(self.get_success_url())


class JadwalCreate(_Create):
    model, form_class = JadwalKerja, forms.JadwalKerjaForm


class JadwalUpdate(_Update):
    model, form_class = JadwalKerja, forms.JadwalKerjaForm


class ShiftCreate(_Create):
    model, form_class = Shift, forms.ShiftForm


class ShiftUpdate(_Update):
    model, form_class = Shift, forms.ShiftForm


class LiburCreate(_Create):
    model, form_class = HariLibur, forms.HariLiburForm


class LiburUpdate(_Update):
    model, form_class = HariLibur, forms.HariLiburForm


class LokasiCreate(_Create):
    model, form_class = LokasiKantor, forms.LokasiKantorForm


class LokasiUpdate(_Update):
    model, form_class = LokasiKantor, forms.LokasiKantorForm


class JenisCutiUpdate(_Update):
    model, form_class = JenisCuti, forms.JenisCutiForm


class SaldoUpdate(_Update):
    model, form_class = SaldoCuti, forms.SaldoCutiForm
    success_url = reverse_lazy("kehadiran:cuti_list")


@login_required
@require_POST
@scoped_model("kehadiran.HariLibur")
def libur_delete(request, pk):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    obj = get_scoped_or_404(HariLibur, request.user, pk=pk)
    from django.db import transaction

    with transaction.atomic():
        audit.record(actor=request.user, action=audit.Action.DELETE, obj=obj, changes=audit.snapshot(obj))
        obj.delete()
    messages.success(request, _("Hari libur dihapus."))
    return redirect("kehadiran:pengaturan")


@login_required
def jadwal_shift(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    form = forms.JadwalShiftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        from django.db import transaction

        with transaction.atomic():
            day = d["mulai"]
            while day <= d["selesai"]:
                JadwalShift.objects.update_or_create(
                    pegawai=d["pegawai"], tanggal=day, defaults={"shift": d["shift"]}
                )
                day += dt.timedelta(days=1)
            audit.record(
                actor=request.user,
                action=audit.Action.UPDATE,
                obj=d["pegawai"],
                changes={"jadwal_shift": [str(d["mulai"]), str(d["selesai"]), str(d["shift"])]},
            )
            services.hitung_status(
                instansi_id=d["pegawai"].instansi_id,
                mulai=d["mulai"],
                selesai=d["selesai"],
                pegawai_ids=[d["pegawai"].pk],
            )
        messages.success(request, _("Jadwal shift disimpan."))
        return redirect("kehadiran:pengaturan")
    roster = (
        JadwalShift.objects.for_user(request.user)
        .select_related("pegawai", "shift")
        .filter(tanggal__gte=timezone.localdate())[:60]
    )
    return render(request, "kehadiran/jadwal_shift.html", {"form": form, "roster": roster})


@login_required
@require_POST
def hitung_ulang(request):
    if not scoping.can_manage(request.user) or request.user.instansi_id is None:
        raise PermissionDenied
    form = forms.HitungUlangForm(request.POST)
    if form.is_valid():
        services.hitung_ulang_minta(
            actor=request.user, instansi_id=request.user.instansi_id, **form.cleaned_data
        )
        messages.success(request, _("Hitung ulang status dijadwalkan; hasilnya tampil dalam beberapa saat."))
    else:
        messages.error(request, _("Rentang tanggal tidak sah."))
    return redirect("kehadiran:pengaturan")
