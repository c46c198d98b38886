"""Pages of the kinerja app. Thin: parse, call one selector or service, render. Reads go through
`for_user`; workflow permissions are checked again in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asnportal import scoping
from asnportal.charts import bar_chart
from asnportal.downloads import serve_file
from asnportal.scoping import get_scoped_or_404
from asnportal.views import paginate, public_view, scoped_model
from kepegawaian.models import Instansi, Pegawai, UnitKerja

from . import conf, rules, selectors, services
from .choices import PANDUAN_PERILAKU, NilaiBerakhlak
from .forms import (
    AlasanForm,
    CatatanForm,
    EvaluasiForm,
    FinalisasiForm,
    IndikatorForm,
    KeberatanForm,
    KeputusanForm,
    PengaturanForm,
    PenghargaanForm,
    PerilakuForm,
    RealisasiForm,
    RekanJawabForm,
    RekanMintaForm,
    RHKForm,
    SKPBuatForm,
)
from .models import (
    SKP,
    Evaluasi,
    IndikatorKinerja,
    Keberatan,
    Penghargaan,
    PerilakuKerja,
    Realisasi,
    RencanaHasilKerja,
    UmpanBalikRekan,
)


def _errors(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


def _tahun(request) -> int:
    try:
        return int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def _skp(request, pk) -> SKP:
    qs = SKP.objects.for_user(request.user).select_related(
        "pegawai__jabatan", "pegawai__unit_kerja", "instansi"
    )
    return get_scoped_or_404(qs, request.user, pk=pk)


def _label(text: str, n: int = 28) -> str:
    """Chart labels are clipped by the SVG's label column: shorten long OPD names."""
    return text if len(text) <= n else text[: n - 1] + "…"


def _require_report(user):
    if not scoping.can_read_others(user):
        raise PermissionDenied


# --- ASN -----------------------------------------------------------------------------------------


@login_required
def skp_saya(request):
    pegawai = request.user.pegawai
    if pegawai is None:
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    tahun = _tahun(request)
    # "Buat SKP" creates the SKP of the year the page shows (?tahun=), not always this year's.
    form = SKPBuatForm(request.POST or None, initial={"tahun": tahun})
    if request.method == "POST" and form.is_valid():
        try:
            skp = services.skp_create(actor=request.user, pegawai=pegawai, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("SKP dibuat. Tambahkan rencana hasil kerja Anda."))
            return redirect("kinerja:skp_detail", pk=skp.pk)
    semua = list(SKP.objects.for_user(request.user).filter(pegawai=pegawai, berlaku=True).order_by("-tahun"))
    current = next((s for s in semua if s.tahun == tahun), None)
    ctx = {"pegawai": pegawai, "form": form, "tahun": tahun, "skp": current, "riwayat": semua}
    if current is not None:
        ctx["progres"] = selectors.progres_periode(skp=current)
        ctx["evaluasi"] = list(current.evaluasi.prefetch_related("umpan_balik__rhk"))
    return render(request, "kinerja/skp_saya.html", ctx)


@login_required
@scoped_model("kinerja.SKP")
def skp_detail(request, pk):
    skp = _skp(request, pk)
    user = request.user
    ctx = selectors.skp_detail_context(skp=skp)
    ev = ctx["evaluasi_tahunan"]
    ctx.update(
        skp=skp,
        is_owner=services.is_owner(user, skp),
        is_penilai=services.is_penilai(user, skp),
        progres=selectors.progres_periode(skp=skp),
        editable=skp.bisa_diubah and (services.is_owner(user, skp) or scoping.can_manage(user)),
        catatan_form=CatatanForm(),
        alasan_form=AlasanForm(),
        rekan=selectors.rekan_agregat(skp=skp),
        pengaturan=services.pengaturan_for(skp.instansi_id),
        panduan=PANDUAN_PERILAKU,
        keberatan_bisa=bool(
            ev
            and ev.status == "final"
            and ev.diterima_tanggal
            and rules.boleh_keberatan(ev.diterima_tanggal, timezone.localdate(), conf.hari_keberatan())
            and not hasattr(ev, "keberatan")
        ),
        batas_keberatan=rules.batas_keberatan(ev.diterima_tanggal, conf.hari_keberatan())
        if ev and ev.diterima_tanggal
        else None,
    )
    if ctx["is_penilai"] and ctx["pengaturan"].umpan_balik_rekan:
        ctx["rekan_form"] = RekanMintaForm(pegawai_qs=_rekan_qs(request, skp))
    return render(request, "kinerja/skp_detail.html", ctx)


@login_required
@require_POST
@scoped_model("kinerja.SKP")
def skp_aksi(request, pk, aksi):
    skp = _skp(request, pk)
    user = request.user
    try:
        if aksi == "ajukan":
            services.skp_submit(actor=user, skp=skp)
            messages.success(request, _("SKP diajukan ke pejabat penilai."))
        elif aksi == "setujui":
            services.skp_approve(actor=user, skp=skp)
            messages.success(request, _("SKP disetujui dan dikunci."))
        elif aksi == "kembalikan":
            services.skp_return(actor=user, skp=skp, catatan=request.POST.get("catatan", ""))
            messages.success(request, _("SKP dikembalikan dengan catatan."))
        elif aksi == "revisi":
            if not request.POST.get("konfirmasi"):
                raise ValidationError(_("Centang konfirmasi untuk membuat revisi SKP."))
            skp = services.skp_revise(actor=user, skp=skp, alasan=request.POST.get("alasan", ""))
            messages.success(request, _("Revisi baru dibuat; revisi lama tetap tersimpan."))
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("kinerja:skp_detail", pk=skp.pk)


@login_required
@scoped_model("kinerja.SKP")
def rhk_tambah(request, pk):
    skp = _skp(request, pk)
    return _rhk_form(request, skp, None)


@login_required
@scoped_model("kinerja.RencanaHasilKerja")
def rhk_ubah(request, pk):
    rhk = get_scoped_or_404(
        RencanaHasilKerja.objects.for_user(request.user).select_related("skp"), request.user, pk=pk
    )
    return _rhk_form(request, rhk.skp, rhk)


def _rhk_form(request, skp, rhk):
    if not (services.is_owner(request.user, skp) or scoping.can_manage(request.user)):
        raise PermissionDenied
    pilihan = selectors.rhk_atasan_pilihan(skp=skp)
    form = RHKForm(request.POST or None, instance=rhk, rhk_atasan_qs=pilihan)
    if request.method == "POST" and form.is_valid():
        try:
            services.rhk_save(actor=request.user, skp=skp, data=form.cleaned_data, rhk=rhk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                _errors(request, exc)
        else:
            messages.success(request, _("Rencana hasil kerja disimpan."))
            return redirect("kinerja:skp_detail", pk=skp.pk)
    return render(request, "kinerja/form.html", {"form": form, "skp": skp, "judul": _("Rencana hasil kerja")})


@login_required
@require_POST
@scoped_model("kinerja.RencanaHasilKerja")
def rhk_hapus(request, pk):
    rhk = get_scoped_or_404(
        RencanaHasilKerja.objects.for_user(request.user).select_related("skp"), request.user, pk=pk
    )
    try:
        services.rhk_delete(actor=request.user, rhk=rhk)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("kinerja:skp_detail", pk=rhk.skp_id)


@login_required
@scoped_model("kinerja.RencanaHasilKerja")
def indikator_tambah(request, pk):
    rhk = get_scoped_or_404(
        RencanaHasilKerja.objects.for_user(request.user).select_related("skp"), request.user, pk=pk
    )
    if not (services.is_owner(request.user, rhk.skp) or scoping.can_manage(request.user)):
        raise PermissionDenied
    form = IndikatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indikator_save(actor=request.user, rhk=rhk, data=form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return redirect("kinerja:skp_detail", pk=rhk.skp_id)
    return render(
        request,
        "kinerja/form.html",
        {"form": form, "skp": rhk.skp, "judul": _("Indikator: %s") % rhk.uraian[:80]},
    )


@login_required
@require_POST
@scoped_model("kinerja.IndikatorKinerja")
def indikator_hapus(request, pk):
    iki = get_scoped_or_404(
        IndikatorKinerja.objects.for_user(request.user).select_related("rhk__skp"), request.user, pk=pk
    )
    try:
        services.indikator_delete(actor=request.user, indikator=iki)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("kinerja:skp_detail", pk=iki.rhk.skp_id)


@login_required
@scoped_model("kinerja.PerilakuKerja")
def perilaku_ubah(request, pk):
    perilaku = get_scoped_or_404(
        PerilakuKerja.objects.for_user(request.user).select_related("skp"), request.user, pk=pk
    )
    if not services.is_penilai(request.user, perilaku.skp):
        raise PermissionDenied
    form = PerilakuForm(request.POST or None, initial={"ekspektasi_khusus": perilaku.ekspektasi_khusus})
    if request.method == "POST" and form.is_valid():
        try:
            services.perilaku_set_ekspektasi(
                actor=request.user, perilaku=perilaku, teks=form.cleaned_data["ekspektasi_khusus"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Ekspektasi khusus pimpinan disimpan."))
        return redirect("kinerja:skp_detail", pk=perilaku.skp_id)
    return render(
        request,
        "kinerja/form.html",
        {"form": form, "skp": perilaku.skp, "judul": perilaku.get_nilai_display()},
    )


# --- self-assessment ------------------------------------------------------------------------------


def _realisasi_row(iki, r, form, *, tersimpan: bool = False) -> dict:
    """One indicator card of the realisation page: the saved value, the form (bound when it had errors)."""
    if form is None:
        initial = {"nilai": r.nilai, "catatan": r.catatan, "tautan": r.bukti_tautan} if r else None
        form = RealisasiForm(initial=initial, prefix=f"i{iki.pk}")
    capaian = rules.capaian_persen(float(r.nilai), float(iki.target)) if r else None
    return {"iki": iki, "realisasi": r, "form": form, "capaian": capaian, "tersimpan": tersimpan}


@login_required
@scoped_model("kinerja.SKP")
def realisasi_periode(request, pk, periode):
    skp = _skp(request, pk)
    if periode not in selectors.periode_list(skp.instansi_id):
        raise Http404
    is_owner = services.is_owner(request.user, skp)
    indikator = list(
        IndikatorKinerja.objects.filter(rhk__skp=skp)
        .select_related("rhk")
        .order_by("rhk__jenis", "rhk__urutan", "id")
    )
    existing = {r.indikator_id: r for r in Realisasi.objects.filter(indikator__rhk__skp=skp, periode=periode)}
    bound_id, bound_form = None, None
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied
        raw = str(request.POST.get("indikator") or "")
        bound_id = int(raw) if raw.isascii() and raw.isdigit() else None  # `indikator=abc` is 404, not 500
        iki = next((i for i in indikator if i.pk == bound_id), None)
        if iki is None:
            raise Http404
        bound_form = RealisasiForm(request.POST, request.FILES, prefix=f"i{iki.pk}")
        if bound_form.is_valid():
            d = bound_form.cleaned_data
            try:
                services.realisasi_save(
                    actor=request.user,
                    indikator=iki,
                    periode=periode,
                    nilai=d["nilai"],
                    catatan=d["catatan"],
                    berkas=d["berkas"],
                    tautan=d["tautan"],
                )
            except ValidationError as exc:
                for msg in exc.messages:
                    bound_form.add_error(None, msg)
            else:
                if request.htmx:  # only this card is swapped: what was typed in the other cards stays
                    r = Realisasi.objects.get(indikator=iki, periode=periode)
                    return render(
                        request,
                        "kinerja/_realisasi_kartu.html",
                        {"row": _realisasi_row(iki, r, None, tersimpan=True), "is_owner": is_owner},
                    )
                messages.success(request, _("Realisasi disimpan."))
                return redirect("kinerja:realisasi_periode", pk=skp.pk, periode=periode)
        if request.htmx:  # errors beside the fields of this card (200 so htmx swaps it in)
            return render(
                request,
                "kinerja/_realisasi_kartu.html",
                {"row": _realisasi_row(iki, existing.get(iki.pk), bound_form), "is_owner": is_owner},
            )
    rows = [
        _realisasi_row(iki, existing.get(iki.pk), bound_form if iki.pk == bound_id else None)
        for iki in indikator
    ]
    return render(
        request,
        "kinerja/realisasi_periode.html",
        {
            "skp": skp,
            "periode": periode,
            "rows": rows,
            "is_owner": is_owner,
            "periode_list": selectors.periode_list(skp.instansi_id),
        },
    )


@login_required
@scoped_model("kinerja.Realisasi")
def bukti_unduh(request, pk):
    r = get_scoped_or_404(Realisasi.objects.for_user(request.user), request.user, pk=pk)
    return serve_file(request, r.bukti_berkas)


# --- evaluation ----------------------------------------------------------------------------------


@login_required
@scoped_model("kinerja.SKP")
def evaluasi_form(request, pk, periode):
    skp = _skp(request, pk)
    if not services.is_penilai(request.user, skp):
        raise PermissionDenied
    if periode != 0 and periode not in selectors.periode_list(skp.instansi_id):
        raise Http404
    rhk_list = list(skp.rhk.prefetch_related("indikator__realisasi"))
    ev = Evaluasi.objects.filter(skp=skp, periode=periode).prefetch_related("umpan_balik").first()
    initial = None
    if ev:
        initial = {
            "rating_hasil": ev.rating_hasil,
            "rating_perilaku": ev.rating_perilaku,
            "catatan": ev.catatan,
            "catatan_perilaku": ev.catatan_perilaku,
        }
        initial.update({f"ub_{u.rhk_id}": u.umpan_balik for u in ev.umpan_balik.all()})
    form = EvaluasiForm(request.POST or None, initial=initial, rhk_list=rhk_list)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ev = services.evaluasi_save(
                actor=request.user,
                skp=skp,
                periode=periode,
                rating_hasil=d["rating_hasil"],
                rating_perilaku=d["rating_perilaku"],
                catatan=d["catatan"],
                catatan_perilaku=d["catatan_perilaku"],
                umpan_balik=form.umpan_balik(),
            )
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(
                request, _("Evaluasi disimpan: predikat %(p)s.") % {"p": ev.get_predikat_display()}
            )
            return redirect("kinerja:skp_detail", pk=skp.pk)
    return render(
        request,
        "kinerja/evaluasi_form.html",
        {"skp": skp, "periode": periode, "form": form, "rhk_list": rhk_list, "evaluasi": ev},
    )


@login_required
def persetujuan(request):
    tahun = _tahun(request)
    user = request.user
    if not scoping.is_pimpinan(user):
        raise PermissionDenied  # nothing to approve: a plain ASN has no approvals page
    keberatan = selectors.keberatan_menunggu(user=user)
    return render(
        request,
        "kinerja/persetujuan.html",
        {
            "tahun": tahun,
            "skp_list": selectors.skp_bawahan(user=user, tahun=tahun),
            "tanpa_skp": selectors.bawahan_tanpa_skp(user=user, tahun=tahun),
            "keberatan_list": keberatan,
        },
    )


@login_required
def papan_tim(request):
    _require_report(request.user)
    tahun = _tahun(request)
    page_obj = paginate(request, selectors.papan_tim(user=request.user, tahun=tahun), per_page=50)
    page_obj.object_list = selectors.papan_tim_angka(list(page_obj.object_list))
    return render(
        request,
        "kinerja/papan_tim.html",
        {
            "tahun": tahun,
            "page_obj": page_obj,
            "terlambat": selectors.terlambat_jumlah(user=request.user),
        },
    )


@login_required
@scoped_model("kinerja.SKP")
def pohon(request, pk):
    skp = _skp(request, pk)
    return render(request, "kinerja/pohon.html", {"skp": skp, **selectors.pohon_cascading(skp=skp)})


@login_required
def finalisasi(request):
    path = scoping.led_unit_path(request.user)
    if not path:
        raise PermissionDenied
    unit = get_object_or_404(UnitKerja.objects.for_user(request.user), path=path)
    tahun = _tahun(request)
    form = FinalisasiForm(request.POST or None)
    peringatan = None
    diperiksa = None  # the predikat_organisasi whose distribution was just checked ("Periksa")
    if request.method == "POST" and form.is_valid() and request.POST.get("aksi") != "finalkan":
        # "Periksa": preview the curve warnings; nothing is written (finalising cannot be undone).
        diperiksa = form.cleaned_data["predikat_organisasi"]
        counts, pelanggaran = services.distribusi_cek(unit=unit, tahun=tahun, predikat_organisasi=diperiksa)
        peringatan = [p.pesan for p in pelanggaran]
        if not counts:
            messages.error(request, _("Belum ada penilaian tahunan di unit ini."))
            diperiksa = None
    elif request.method == "POST" and form.is_valid():
        try:
            services.unit_finalize(
                actor=request.user,
                unit=unit,
                tahun=tahun,
                predikat_organisasi=form.cleaned_data["predikat_organisasi"],
                konfirmasi=form.cleaned_data["konfirmasi"],
            )
        except services.PeringatanDistribusi as exc:
            peringatan = exc.messages
            diperiksa = form.cleaned_data["predikat_organisasi"]
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Predikat unit ditetapkan; hasil dikirim ke pegawai."))
            return redirect(f"{request.path}?tahun={tahun}")
    ev = selectors.evaluasi_tahunan_qs(user=request.user, tahun=tahun).filter(
        skp__pegawai__unit_kerja__path__startswith=unit.path
    )
    dist = selectors.distribusi_predikat(evaluasi_qs=ev)
    from .models import FinalisasiUnit

    return render(
        request,
        "kinerja/finalisasi.html",
        {
            "unit": unit,
            "tahun": tahun,
            "form": form,
            "peringatan": peringatan,
            "diperiksa": diperiksa,
            "distribusi": dist,
            "chart": bar_chart([d[0] for d in dist], [d[1] for d in dist], title=_("Distribusi predikat")),
            "final": FinalisasiUnit.objects.filter(unit_kerja=unit, tahun=tahun).first(),
            "belum_dinilai": SKP.objects.for_user(request.user)
            .filter(tahun=tahun, berlaku=True, pegawai__unit_kerja__path__startswith=unit.path)
            .exclude(evaluasi__periode=0)
            .count(),
        },
    )


# --- HR / pimpinan -------------------------------------------------------------------------------


@login_required
def rekap(request):
    _require_report(request.user)
    tahun = _tahun(request)
    rows = selectors.tingkat_penyelesaian(pegawai_qs=Pegawai.objects.for_user(request.user), tahun=tahun)
    dist = selectors.distribusi_predikat(
        evaluasi_qs=selectors.evaluasi_tahunan_qs(user=request.user, tahun=tahun)
    )
    return render(
        request,
        "kinerja/rekap.html",
        {
            "tahun": tahun,
            "rows": rows,
            "distribusi": dist,
            "chart_dist": bar_chart(
                [d[0] for d in dist], [d[1] for d in dist], title=_("Distribusi predikat %s") % tahun
            ),
            "chart_selesai": bar_chart(
                [_label(r["unit"]) for r in rows],
                [r["persen"] for r in rows],
                title=_("SKP disetujui (%)"),
                max_value=100,
            ),
        },
    )


@login_required
def predikat_rendah(request):
    _require_report(request.user)
    tahun = _tahun(request)
    return render(
        request,
        "kinerja/predikat_rendah.html",
        {
            "tahun": tahun,
            "page_obj": paginate(request, selectors.predikat_rendah_qs(user=request.user, tahun=tahun)),
        },
    )


@login_required
def potensi_tambah(request):
    """Enter (or correct) a potensi score in the browser: the same service and rights as the API."""
    from .forms import NilaiPotensiForm

    if not scoping.can_manage(request.user):
        raise PermissionDenied
    form = NilaiPotensiForm(
        request.POST or None, user=request.user, initial={"tahun": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        services.potensi_save(
            actor=request.user, pegawai=cd["pegawai"], tahun=cd["tahun"], skor=cd["skor"], sumber=cd["sumber"]
        )
        messages.success(
            request,
            _("Nilai potensi %(n)s tahun %(t)s disimpan.")
            % {"n": cd["pegawai"].nama_lengkap, "t": cd["tahun"]},
        )
        return redirect(f"{reverse('kinerja:talenta')}?tahun={cd['tahun']}")
    return render(request, "generic_form.html", {"form": form, "cancel_url": reverse("kinerja:talenta")})


@login_required
def talenta(request):
    _require_report(request.user)
    tahun = _tahun(request)
    return render(
        request, "kinerja/talenta.html", {"tahun": tahun, **selectors.talenta(user=request.user, tahun=tahun)}
    )


def _pdf(request, template, ctx, filename):
    from asnportal.dokumen import render as core_render

    pdf = core_render.render_pdf(
        template, {**core_render.kop_context(ctx["skp"].instansi), **ctx}, request=request
    )
    return core_render.pdf_response(pdf, filename)


@login_required
@scoped_model("kinerja.SKP")
def skp_pdf(request, pk):
    skp = _skp(request, pk)
    ctx = {"skp": skp, "panduan": PANDUAN_PERILAKU, **selectors.skp_detail_context(skp=skp)}
    return _pdf(request, "kinerja/pdf_skp.html", ctx, f"skp-{skp.tahun}-{skp.pegawai_nip}.pdf")


@login_required
@scoped_model("kinerja.Evaluasi")
def evaluasi_pdf(request, pk):
    ev = get_scoped_or_404(
        Evaluasi.objects.for_user(request.user).select_related("skp__pegawai"), request.user, pk=pk
    )
    ctx = {
        "skp": ev.skp,
        "ev": ev,
        "umpan_balik": ev.umpan_balik.select_related("rhk"),
        **selectors.skp_detail_context(skp=ev.skp),
    }
    return _pdf(request, "kinerja/pdf_evaluasi.html", ctx, f"evaluasi-{ev.skp.tahun}-{ev.periode}.pdf")


@login_required
def penghargaan_list(request):
    qs = Penghargaan.objects.for_user(request.user).select_related("pegawai")
    return render(request, "kinerja/penghargaan_list.html", {"page_obj": paginate(request, qs)})


@login_required
def penghargaan_tambah(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    form = PenghargaanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.penghargaan_create(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Penghargaan dicatat."))
        return redirect("kinerja:penghargaan_list")
    return render(request, "kinerja/form.html", {"form": form, "judul": _("Catat penghargaan")})


@login_required
@scoped_model("kinerja.Evaluasi")
def keberatan_ajukan(request, pk):
    ev = get_scoped_or_404(
        Evaluasi.objects.for_user(request.user).select_related("skp__pegawai"), request.user, pk=pk
    )
    if not services.is_owner(request.user, ev.skp):
        raise PermissionDenied
    form = KeberatanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.keberatan_create(actor=request.user, evaluasi=ev, alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(request, _("Keberatan diajukan kepada atasan pejabat penilai."))
            return redirect("kinerja:skp_detail", pk=ev.skp_id)
    return render(request, "kinerja/form.html", {"form": form, "skp": ev.skp, "judul": _("Ajukan keberatan")})


@login_required
@scoped_model("kinerja.Keberatan")
def keberatan_putus(request, pk):
    kb = get_scoped_or_404(
        Keberatan.objects.for_instansi(request.user.instansi_id or -1).select_related(
            "evaluasi__skp__pegawai"
        )
        if not scoping.is_superadmin(request.user)
        else Keberatan.objects.select_related("evaluasi__skp__pegawai"),
        request.user,
        pk=pk,
    )
    if not services.is_atasan_penilai(request.user, kb.evaluasi.skp):
        raise Http404  # not theirs: same answer as missing
    form = KeputusanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.keberatan_decide(
                actor=request.user,
                keberatan=kb,
                diterima=d["diterima"],
                keputusan=d["keputusan"],
                rating_hasil=d["rating_hasil"],
                rating_perilaku=d["rating_perilaku"],
            )
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(request, _("Keputusan keberatan dicatat (final)."))
            return redirect("kinerja:persetujuan")
    return render(request, "kinerja/keberatan.html", {"form": form, "kb": kb})


def _rekan_qs(request, skp):
    return (
        Pegawai.objects.for_user(request.user)
        .filter(status_aktif="aktif")
        .exclude(pk=skp.pegawai_id)
        .select_related("jabatan")
    )


@login_required
@require_POST
@scoped_model("kinerja.SKP")
def rekan_minta(request, pk):
    skp = _skp(request, pk)
    form = RekanMintaForm(request.POST, pegawai_qs=_rekan_qs(request, skp))
    if form.is_valid():
        try:
            n = services.rekan_minta(
                actor=request.user, skp=skp, responden=list(form.cleaned_data["responden"])
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Permintaan umpan balik dikirim ke %(n)s orang.") % {"n": n})
    else:
        messages.error(request, _("Pilih minimal satu responden."))
    return redirect("kinerja:skp_detail", pk=skp.pk)


@login_required
def rekan_daftar(request):
    rows = (
        UmpanBalikRekan.objects.filter(responden_id=request.user.pegawai_id or -1)
        .values("skp_id", "skp__pegawai_nama", "skp__tahun")
        .distinct()
        .order_by("-skp__tahun")
    )
    return render(request, "kinerja/rekan_daftar.html", {"rows": rows})


@login_required
@scoped_model("kinerja.SKP")
def rekan_jawab(request, pk):
    # The respondent may not see the subject's SKP; only their own question rows identify it.
    rows = UmpanBalikRekan.objects.filter(
        skp_id=pk, responden_id=request.user.pegawai_id or -1
    ).select_related("skp")
    first = rows.first()
    if first is None:
        raise Http404
    form = RekanJawabForm(request.POST or None, initial={r.nilai: str(r.skor) for r in rows if r.skor})
    if request.method == "POST" and form.is_valid():
        services.rekan_jawab(actor=request.user, skp=first.skp, skor=form.cleaned_data)
        messages.success(request, _("Terima kasih, umpan balik Anda disimpan tanpa nama."))
        return redirect("kinerja:rekan_daftar")
    return render(
        request,
        "kinerja/rekan_jawab.html",
        {"form": form, "skp": first.skp, "panduan": PANDUAN_PERILAKU, "nilai": NilaiBerakhlak},
    )


@login_required
def pengaturan(request):
    if not scoping.can_manage(request.user) or not request.user.instansi_id:
        raise PermissionDenied
    obj = services.pengaturan_for(request.user.instansi_id)
    form = PengaturanForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            services.pengaturan_update(actor=request.user, instansi_id=request.user.instansi_id, data=data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Pengaturan kinerja disimpan."))
            return redirect("kinerja:pengaturan")
    return render(request, "kinerja/form.html", {"form": form, "judul": _("Pengaturan kinerja instansi")})


@public_view
def publik(request, kode):
    instansi = get_object_or_404(Instansi, kode=kode)
    unit = None
    if request.GET.get("unit"):
        try:
            unit = (
                UnitKerja.objects.for_instansi(instansi.pk)
                .filter(parent__isnull=True)
                .get(pk=int(request.GET["unit"]))
            )
        except (UnitKerja.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
    data = selectors.publik(instansi=instansi, unit=unit)
    if data is None:
        raise Http404
    dist = data["distribusi"]
    return render(
        request,
        "kinerja/publik.html",
        {
            "instansi": instansi,
            "unit": unit,
            **data,
            "chart_dist": bar_chart(
                [d[0] for d in dist], [d[1] for d in dist], title=_("Distribusi predikat")
            ),
            "chart_selesai": bar_chart(
                [_label(r["unit"]) for r in data["penyelesaian"]],
                [r["persen"] for r in data["penyelesaian"]],
                title=_("SKP disetujui (%)"),
                max_value=100,
            ),
        },
    )
