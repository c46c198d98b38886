"""Pages of the survei app: the public questionnaire and transparency page, and the HR side (units,
dashboard, suggestions, follow-up plans, exports, PDFs)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from asnportal import aggregates, audit, charts, scoping, tabular
from asnportal.dokumen import render as core_render
from asnportal.scoping import get_scoped_or_404
from asnportal.siteurl import absolute_url
from asnportal.views import (
    ManageRequiredMixin,
    ScopedDetailView,
    ScopedFormKwargsMixin,
    ScopedListView,
    ScopedQuerysetMixin,
    public_view,
    scoped_model,
)

from . import pdf, rules, selectors, services
from .choices import AlasanPenolakan
from .filtersets import ResponsFilterSet, UnitLayananFilterSet
from .forms import PopulasiForm, RencanaForm, SurveiForm, UnitLayananForm
from .models import PublikasiIKM, RencanaTindakLanjut, Respons, UnitLayanan

# --- Public ---------------------------------------------------------------------------------------------


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it (nginx sets
    # REMOTE_ADDR through the real_ip module in production, docs/operations.md).
    return request.META.get("REMOTE_ADDR")


def _kunci_isian(unit) -> str:
    """Cache key part for the rendered empty questionnaire: everything it shows that can change (the unit's
    name and services, the instansi's name, the privacy notice version, today's date as the default)."""
    isi = (
        unit.nama,
        unit.daftar_jenis_layanan,
        unit.instansi.nama,
        services.conf.VERSI_PEMBERITAHUAN_PRIVASI,
        timezone.localdate().isoformat(),
    )
    return hashlib.sha256(repr(isi).encode()).hexdigest()[:24]


def _render_isi(request, unit, form, *, pesan: str = "", status: int = 200):
    return render(
        request,
        "survei/isi.html",
        {
            "unit": unit,
            "form": form,
            "pesan": pesan,
            "versi_privasi": services.conf.VERSI_PEMBERITAHUAN_PRIVASI,
            "form_kunci": _kunci_isian(unit),
        },
        status=status,
    )


@public_view
def survei_isi(request, slug):
    """The public SKM questionnaire (no login). A valid answer is stored synchronously, then PRG."""
    unit = selectors.unit_publik(slug)
    if unit is None:
        raise Http404
    if request.method != "POST":
        form = SurveiForm(unit=unit, initial={"token": services.buat_token(unit)})
        return _render_isi(request, unit, form)
    form = SurveiForm(request.POST, unit=unit)
    token = request.POST.get("token", "")
    try:
        services.periksa_pengirim(
            unit=unit,
            ip=_client_ip(request),
            token=token,
            jebakan=request.POST.get("situs_web", ""),
            kiosk=services.kiosk_perangkat(unit, request.COOKIES.get(services.KIOSK_COOKIE)),
        )
    except services.Ditolak as exc:
        if exc.alasan == AlasanPenolakan.HONEYPOT:
            return redirect("survei:terima_kasih", slug=unit.slug)  # a bot learns nothing
        form.is_valid()  # show field errors too, keeping the input
        if exc.alasan == AlasanPenolakan.TOKEN:
            form.data = form.data.copy()
            form.data["token"] = services.buat_token(unit)
        response = _render_isi(
            request,
            unit,
            form,
            pesan=exc.pesan,
            status=429 if exc.alasan == AlasanPenolakan.BATAS_LAJU else 400,
        )
        if exc.coba_lagi_detik:
            response["Retry-After"] = str(exc.coba_lagi_detik)
        return response
    if not form.is_valid():
        return _render_isi(request, unit, form, status=400)
    try:
        respons = services.respons_simpan(
            unit=unit, data=form.cleaned_data, ip=_client_ip(request), token=token
        )
        respons_id = respons.pk
    except services.Ditolak as exc:
        if exc.alasan == AlasanPenolakan.TOKEN_TERPAKAI:
            # The form was already sent with other answers: nothing is stored twice silently. Keep the new
            # answers on a fresh form; sending it again is a deliberate new response.
            form.data = form.data.copy()
            form.data["token"] = services.buat_token(unit)
            return _render_isi(request, unit, form, pesan=exc.pesan, status=409)
        respons_id = exc.respons_id  # exact replay of the stored form: confirm it again
    url = reverse("survei:terima_kasih", kwargs={"slug": unit.slug})
    return redirect(f"{url}?k={services.tanda_terima(respons_id)}")


@login_required
@require_POST
@scoped_model("survei.UnitLayanan")
def unit_kiosk(request, pk):
    """Register this browser as the unit's kiosk/tablet (counted per device, not capped by the per-IP limit),
    or revoke every registered device of the unit. HR only."""
    unit = get_scoped_or_404(UnitLayanan, request.user, pk=pk)
    _manage_only(request)
    if request.POST.get("aksi") == "cabut":
        services.kiosk_cabut(actor=request.user, unit=unit)
        messages.success(request, _("Semua perangkat kiosk unit ini dicabut."))
        response = redirect("survei:unit_detail", pk=unit.pk)
        response.delete_cookie(services.KIOSK_COOKIE)
        return response
    nilai = services.kiosk_daftar(actor=request.user, unit=unit)
    response = redirect("survei:isi", slug=unit.slug)
    response.set_cookie(
        services.KIOSK_COOKIE,
        nilai,
        max_age=5 * 365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@public_view
def survei_terima_kasih(request, slug):
    unit = selectors.unit_publik(slug)
    if unit is None:
        raise Http404
    respons_id = services.baca_tanda_terima(request.GET.get("k", ""))
    respons = (
        Respons.objects.filter(pk=respons_id, unit=unit).only("id", "dibuat").first() if respons_id else None
    )
    return render(request, "survei/terima_kasih.html", {"unit": unit, "respons": respons})


@public_view
def hasil_publik(request):
    """Transparency page: only results HR has published, per unit and instansi."""
    kode = request.GET.get("instansi") or None
    groups = selectors.publik_per_instansi(selectors.publik_publikasi(instansi_kode=kode))
    return render(request, "survei/hasil_publik.html", {"groups": groups, "kode": kode})


# --- HR: service units ----------------------------------------------------------------------------------


class UnitLayananListView(ScopedListView):
    model = UnitLayanan
    queryset = UnitLayanan.objects.select_related("unit_kerja")
    filterset_class = UnitLayananFilterSet
    template_name = "survei/unit_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        periode = selectors.Periode.dari(self.request.GET)
        start, end = periode.batas
        ctx["periode"] = periode
        ctx["rows"] = selectors.hasil_per_unit(
            responses=Respons.objects.for_user(self.request.user),
            units=ctx["object_list"],
            start=start,
            end=end,
        )
        return ctx


class UnitLayananDetailView(ScopedDetailView):
    """The unit's dashboard for one period: IKM, sample status, element profile, trend, respondents,
    follow-up plan, rejected submissions."""

    model = UnitLayanan
    queryset = UnitLayanan.objects.select_related("unit_kerja", "instansi")
    template_name = "survei/unit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit, user = self.object, self.request.user
        periode = selectors.Periode.dari(self.request.GET)
        start, end = periode.batas
        ringkas = selectors.ringkasan_unit(unit=unit, start=start, end=end)
        hasil = ringkas["hasil"]
        populasi = selectors.populasi(
            unit=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor
        )
        responses = Respons.objects.for_user(user).filter(unit=unit)
        lemah = selectors.elemen_terlemah(hasil)
        tren = selectors.tren(responses=responses, jenis=periode.jenis, tahun=periode.tahun, bobot=unit.bobot)
        profil = selectors.profil_responden(responses=responses.filter(tanggal__range=(start, end)))
        ctx.update(
            periode=periode,
            hasil=hasil,
            sampel=selectors.status_sampel(hasil, populasi),
            lemah=lemah,
            unsur_rows=[
                (i, u[1], hasil.nrr[i - 1] if hasil else None) for i, u in enumerate(rules.UNSUR, start=1)
            ],
            chart_unsur=charts.bar_chart(
                [f"U{x['nomor']} {_(rules.NAMA_SINGKAT[x['nomor'] - 1])}" for x in lemah],
                [x["nrr"] for x in lemah],
                max_value=4,
            )
            if lemah
            else "",
            chart_tren=_chart_tren(tren),
            profil_charts=_profil_charts(profil),
            publikasi=PublikasiIKM.objects.filter(
                unit=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor
            ).first(),
            rencana=selectors.rencana_list(user=user, unit=unit, periode=periode),
            rencana_form=RencanaForm(user=user, initial={"unsur": lemah[0]["nomor"] if lemah else None}),
            populasi_form=PopulasiForm(initial={"jumlah_pengguna": populasi}),
            penolakan=selectors.penolakan_ringkas(user=user, start=start, end=end, unit=unit),
            public_url=self.request.build_absolute_uri(reverse("survei:isi", kwargs={"slug": unit.slug})),
            periode_pilihan=_periode_pilihan(periode),
        )
        return ctx


def _chart_tren(tren):
    return charts.column_chart(
        [t["label"] for t in tren],
        {_("Nilai IKM"): [float(t["hasil"].nilai) if t["hasil"] else 0 for t in tren]},
        max_value=100,
        height=220,
    )


def _profil_charts(profil):
    judul = {
        "jenis_kelamin": _("Jenis kelamin"),
        "pendidikan": _("Pendidikan"),
        "pekerjaan": _("Pekerjaan"),
        "usia": _("Usia"),
    }
    return [
        (judul[k], charts.bar_chart([x[0] for x in v], [x[1] for x in v], width=300, bar_height=16))
        for k, v in profil.items()
    ]


def _periode_pilihan(periode):
    return {
        "jenis": rules.JENIS_PERIODE,
        "nomor": list(range(1, rules.jumlah_nomor(periode.jenis) + 1)),
        "tahun": list(range(timezone.localdate().year - 4, timezone.localdate().year + 1)),
    }


class UnitLayananCreateView(ManageRequiredMixin, ScopedFormKwargsMixin, generic.CreateView):
    model = UnitLayanan
    form_class = UnitLayananForm
    template_name = "survei/unit_form.html"

    def form_valid(self, form):
        try:
            self.object = services.unit_layanan_simpan(actor=self.request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Unit layanan ditambahkan."))
        return redirect("survei:unit_detail", pk=self.object.pk)


class UnitLayananUpdateView(
    ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView
):
    model = UnitLayanan
    form_class = UnitLayananForm
    template_name = "survei/unit_form.html"

    def form_valid(self, form):
        data = {k: form.cleaned_data[k] for k in form.changed_data}
        try:
            self.object = services.unit_layanan_simpan(actor=self.request.user, data=data, unit=self.object)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan disimpan."))
        return redirect("survei:unit_detail", pk=self.object.pk)


def _manage_only(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied


@login_required
@require_POST
@scoped_model("survei.UnitLayanan")
def populasi_simpan(request, pk):
    unit = get_scoped_or_404(UnitLayanan, request.user, pk=pk)
    _manage_only(request)
    periode = selectors.Periode.dari(request.POST)
    form = PopulasiForm(request.POST)
    if form.is_valid():
        services.populasi_simpan(
            actor=request.user,
            unit=unit,
            jenis_periode=periode.jenis,
            tahun=periode.tahun,
            nomor=periode.nomor,
            jumlah_pengguna=form.cleaned_data["jumlah_pengguna"],
        )
        messages.success(request, _("Populasi pengguna layanan disimpan."))
    else:
        messages.error(request, _("Jumlah pengguna layanan harus bilangan bulat positif."))
    return redirect(f"{reverse('survei:unit_detail', args=[unit.pk])}?{periode.as_query()}")


@login_required
@require_POST
@scoped_model("survei.UnitLayanan")
def publikasi(request, pk):
    unit = get_scoped_or_404(UnitLayanan, request.user, pk=pk)
    _manage_only(request)
    periode = selectors.Periode.dari(request.POST)
    if request.POST.get("aksi") == "cabut":
        pub = (
            PublikasiIKM.objects.for_user(request.user)
            .filter(unit=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor)
            .first()
        )
        if pub:
            services.publikasi_cabut(actor=request.user, publikasi=pub)
            messages.success(request, _("Publikasi dicabut."))
    else:
        try:
            services.publikasi_terbitkan(
                actor=request.user,
                unit=unit,
                jenis_periode=periode.jenis,
                tahun=periode.tahun,
                nomor=periode.nomor,
            )
            messages.success(request, _("Hasil IKM diterbitkan di halaman publik."))
        except services.PublikasiError as exc:
            messages.error(request, str(exc))
    return redirect(f"{reverse('survei:unit_detail', args=[unit.pk])}?{periode.as_query()}")


@login_required
@scoped_model("survei.UnitLayanan")
def rencana_tambah(request, pk):
    unit = get_scoped_or_404(UnitLayanan, request.user, pk=pk)
    _manage_only(request)
    periode = selectors.Periode.dari(request.POST or request.GET)
    form = RencanaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {
            **form.cleaned_data,
            "jenis_periode": periode.jenis,
            "tahun": periode.tahun,
            "nomor": periode.nomor,
        }
        services.rtl_simpan(actor=request.user, data=data, unit=unit)
        messages.success(request, _("Rencana tindak lanjut ditambahkan."))
        return redirect(f"{reverse('survei:unit_detail', args=[unit.pk])}?{periode.as_query()}")
    return render(
        request,
        "survei/rencana_form.html",
        {"form": form, "unit": unit, "periode": periode},
        status=400 if form.errors else 200,
    )


class RencanaUpdateView(ManageRequiredMixin, ScopedFormKwargsMixin, ScopedQuerysetMixin, generic.UpdateView):
    model = RencanaTindakLanjut
    queryset = RencanaTindakLanjut.objects.select_related("unit")
    form_class = RencanaForm
    template_name = "survei/rencana_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        o = self.object
        ctx["unit"] = o.unit
        ctx["periode"] = selectors.Periode(o.jenis_periode, o.tahun, o.nomor)
        return ctx

    def form_valid(self, form):
        o = services.rtl_simpan(actor=self.request.user, data=form.cleaned_data, rtl=self.object)
        messages.success(self.request, _("Rencana tindak lanjut diperbarui."))
        periode = selectors.Periode(o.jenis_periode, o.tahun, o.nomor)
        return redirect(f"{reverse('survei:unit_detail', args=[o.unit_id])}?{periode.as_query()}")


# --- HR: instansi dashboard, suggestions -------------------------------------------------------------------


def _dasbor_data(user, periode) -> dict:
    """The dashboard's figures for one scope and period (aggregated in the database; cached by the caller)."""
    start, end = periode.batas
    responses = Respons.objects.for_user(user)
    units = list(UnitLayanan.objects.for_user(user).order_by("nama"))
    rows = selectors.hasil_per_unit(responses=responses, units=units, start=start, end=end)
    populasi = selectors.populasi_per_unit(units=units, periode=periode)
    for r in rows:
        r["sampel"] = selectors.status_sampel(r["hasil"], populasi.get(r["unit"].pk))
    dengan = sorted([r for r in rows if r["hasil"]], key=lambda r: r["hasil"].nilai, reverse=True)
    ctx = {
        "rows": rows,
        "hasil_instansi": selectors.hasil_gabungan(responses=responses, start=start, end=end),
        "chart_unit": charts.bar_chart(
            [r["unit"].nama for r in dengan], [float(r["hasil"].nilai) for r in dengan], max_value=100
        )
        if dengan
        else "",
        "chart_tren": _chart_tren(
            selectors.tren(responses=responses, jenis=periode.jenis, tahun=periode.tahun)
        ),
        "profil_charts": _profil_charts(
            selectors.profil_responden(responses=responses.filter(tanggal__range=(start, end)))
        ),
        "penolakan": selectors.penolakan_ringkas(user=user, start=start, end=end),
    }
    if scoping.is_superadmin(user):
        per_instansi = selectors.hasil_per_instansi(responses=responses, start=start, end=end)
        ctx["chart_instansi"] = charts.bar_chart(
            [r["nama"] for r in per_instansi], [float(r["hasil"].nilai) for r in per_instansi], max_value=100
        )
    return ctx


@login_required
def dasbor(request):
    """Instansi overview for a period: IKM per unit, the instansi IKM, trend, respondents, rejections."""
    if not (scoping.can_read_instansi(request.user)):
        raise PermissionDenied
    periode = selectors.Periode.dari(request.GET)
    user = request.user
    ctx, dihitung = aggregates.cached(
        ("survei.dasbor", aggregates.scope_key(user), periode.jenis, periode.tahun, periode.nomor),
        lambda: _dasbor_data(user, periode),
    )
    ctx = {**ctx, "periode": periode, "periode_pilihan": _periode_pilihan(periode), "dihitung": dihitung}
    return render(request, "survei/dasbor.html", ctx)


class SaranListView(ScopedListView):
    """Suggestions from citizens, searchable (HR and auditors)."""

    model = Respons
    queryset = Respons.objects.select_related("unit").exclude(saran="")
    filterset_class = ResponsFilterSet
    template_name = "survei/saran_list.html"
    partial_template_name = "survei/_saran_table.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_read_instansi(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Exports and PDFs -------------------------------------------------------------------------------------


@login_required
@scoped_model("survei.UnitLayanan")
def ekspor(request, pk):
    """Responses of one unit and period as XLSX or CSV (formula-neutralised, audited)."""
    unit = get_scoped_or_404(UnitLayanan, request.user, pk=pk)
    if not scoping.can_read_instansi(request.user):
        raise PermissionDenied
    periode = selectors.Periode.dari(request.GET)
    start, end = periode.batas
    qs = Respons.objects.for_user(request.user).filter(unit=unit, tanggal__range=(start, end))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    rows = selectors.respons_ekspor_rows(responses=qs)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        obj=unit,
        reason=f"Ekspor respons SKM {periode.label} ({fmt})",
        request=request,
    )
    name = f"skm-{unit.slug}-{periode.jenis}-{periode.tahun}-{periode.nomor}.{fmt}"
    if fmt == "csv":
        resp = HttpResponse(
            tabular.write_csv(selectors.EKSPOR_HEADERS, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        resp = HttpResponse(
            tabular.write_xlsx({"Respons": (selectors.EKSPOR_HEADERS, rows)}),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@login_required
@scoped_model("survei.UnitLayanan")
def poster(request, pk):
    """A4 poster for the service counter with the survey's QR code."""
    unit = get_scoped_or_404(
        UnitLayanan.objects.select_related("instansi").for_user(request.user), request.user, pk=pk
    )
    url = absolute_url(reverse("survei:isi", kwargs={"slug": unit.slug}))  # printed: the public address
    data = pdf.render_pdf("survei/poster_pdf.html", {"unit": unit, "url": url, "qr": pdf.qr_data_uri(url)})
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="poster-skm-{unit.slug}.pdf"'
    return resp


@login_required
@scoped_model("survei.UnitLayanan")
def laporan_pdf(request, pk):
    """SKM report of a unit for a period, in the usual reporting layout (identity, respondents, NRR per
    unsur, IKM and mutu, suggestions, follow-up plan)."""
    unit = get_scoped_or_404(
        UnitLayanan.objects.select_related("instansi", "unit_kerja").for_user(request.user),
        request.user,
        pk=pk,
    )
    if not scoping.can_read_instansi(request.user):
        raise PermissionDenied
    periode = selectors.Periode.dari(request.GET)
    start, end = periode.batas
    ringkas = selectors.ringkasan_unit(unit=unit, start=start, end=end)
    hasil = ringkas["hasil"]
    responses = Respons.objects.for_user(request.user).filter(unit=unit, tanggal__range=(start, end))
    populasi = selectors.populasi(
        unit=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor
    )
    unsur_rows = []
    if hasil:
        for i, u in enumerate(rules.UNSUR):
            unsur_rows.append(
                {
                    "nomor": i + 1,
                    "nama": u[1],
                    "jumlah": ringkas["jumlah_nilai"][i],
                    "nrr": hasil.nrr[i],
                    "tertimbang": rules.tertimbang(hasil.nrr[i], unit.bobot),
                }
            )
    ctx = {
        "unit": unit,
        "periode": periode,
        "hasil": hasil,
        "unsur_rows": unsur_rows,
        "bobot_label": unit.get_bobot_display(),
        "sampel": selectors.status_sampel(hasil, populasi),
        "profil": selectors.profil_responden(responses=responses),
        "saran": list(responses.exclude(saran="").values_list("saran", flat=True)[:50]),
        "rencana": selectors.rencana_list(user=request.user, unit=unit, periode=periode),
        "lemah": selectors.elemen_terlemah(hasil)[:3],
        "dicetak": timezone.localtime(),
        "chart_unsur": charts.bar_chart(
            [f"U{i + 1}" for i in range(9)], [float(x) for x in hasil.nrr], max_value=4, width=560
        )
        if hasil
        else "",
    }
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        obj=unit,
        reason=f"Laporan SKM PDF {periode.label}",
        request=request,
    )
    ctx.update(core_render.kop_context(unit.instansi))
    data = pdf.render_pdf("survei/laporan_pdf.html", ctx)
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = (
        f'inline; filename="laporan-skm-{unit.slug}-{periode.tahun}-{periode.nomor}.pdf"'
    )
    return resp
