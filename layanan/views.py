"""Pages of the layanan: overview, per-layanan lists (filters, counts, export, bulk actions), due lists, usul
detail with its checklist, bulk job progress, and the leave permits."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asnportal import audit, scoping
from asnportal.scoping import get_scoped_or_404
from asnportal.tabular import write_xlsx
from asnportal.views import paginate, scoped_model
from kehadiran.choices import StatusPengajuan
from kehadiran.models import PengajuanCuti
from kepegawaian import rules as kp_rules
from kepegawaian import selectors as kp_selectors

from . import selectors, services
from .choices import AksiMassal, JenisLayanan, StatusBerkas, StatusUsul
from .dokumen import SURAT_IZIN_CUTI
from .forms import AlasanForm, MassalForm, UnggahForm, VerifikasiForm, ids_dari
from .models import BerkasUsul, ProsesMassal, Usul


def _layanan(kode: str) -> str:
    if kode not in JenisLayanan.values:
        raise Http404
    return kode


def _require_read(user):
    if not (scoping.can_read_instansi(user) or getattr(user, "pegawai_id", None)):
        raise PermissionDenied


def _errors(request, exc: ValidationError):
    messages.error(request, " ".join(exc.messages))


@login_required
def beranda(request):
    _require_read(request.user)
    counts = selectors.usul_counts_per_layanan(user=request.user)
    kartu = [
        {"kode": k, "label": label, **counts.get(k, {"terbuka": 0, "selesai": 0})}
        for k, label in JenisLayanan.choices
    ]
    return render(request, "layanan/beranda.html", {"kartu": kartu})


def _filtered(request, layanan):
    qs = selectors.usul_list(user=request.user, layanan=layanan)
    f = {k: request.GET.get(k, "").strip() for k in ("status", "tahun", "q")}
    if f["status"] in StatusUsul.values:
        qs = qs.filter(status=f["status"])
    if f["tahun"].isdigit():
        qs = qs.filter(tmt__year=int(f["tahun"]))
    if f["q"]:
        qs = qs.filter(pegawai__nama__icontains=f["q"]) | qs.filter(pegawai__nip__startswith=f["q"])
    return qs, f


@login_required
def usul_list(request, layanan):
    layanan = _layanan(layanan)
    _require_read(request.user)
    qs, f = _filtered(request, layanan)
    if request.GET.get("format") == "xlsx":
        return _export(request, layanan, qs)
    base = selectors.usul_list(user=request.user, layanan=layanan)
    counts = selectors.status_counts(base)
    return render(
        request,
        "layanan/usul_list.html",
        {
            "layanan": layanan,
            "layanan_label": JenisLayanan(layanan).label,
            "page_obj": paginate(request, qs.order_by("-tmt", "pegawai__nama", "id")),
            "f": f,
            "status_list": [(v, lbl, counts.get(v, 0)) for v, lbl in StatusUsul.choices],
            "aksi_list": [a for a in AksiMassal.choices if a[0] != AksiMassal.SURAT_CUTI],
            "querystring": request.GET.urlencode(),
        },
    )


def _export(request, layanan, qs):
    headers = [
        "NIP",
        "Nama",
        "Jenis",
        "Status",
        "TMT",
        "Golongan lama",
        "Golongan baru",
        "Gaji pokok baru",
        "Nomor SK",
    ]
    rows = (
        [
            u.pegawai.nip,
            u.pegawai.nama_lengkap,
            u.get_sub_jenis_display(),
            u.get_status_display(),
            u.tmt,
            u.golongan_lama,
            u.golongan_baru,
            u.gaji_pokok_baru,
            u.dokumen.nomor if u.dokumen_id else "",
        ]
        for u in qs.order_by("tmt", "pegawai__nama").iterator(chunk_size=1000)
    )
    audit.record(
        actor=request.user, action=audit.Action.EXPORT, object_type="layanan.Usul", reason=f"ekspor {layanan}"
    )
    resp = HttpResponse(
        write_xlsx({JenisLayanan(layanan).label[:28]: (headers, rows)}),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="usul-{layanan}.xlsx"'
    return resp


def _periode(request) -> dt.date:
    today = timezone.localdate()
    raw = request.GET.get("periode") or request.POST.get("periode") or ""
    try:
        d = dt.date.fromisoformat(raw)
    except ValueError:
        d = kp_rules.periode_kp_untuk_usulan(today)
    if d.day != 1 or d.month not in kp_rules.BULAN_PERIODE_KP:
        d = kp_rules.periode_kp_untuk_usulan(today)
    return d


@login_required
def jatuh_tempo(request, layanan):
    """The due list of a layanan; HR selects people and opens usul for them (one or a batch)."""
    layanan = _layanan(layanan)
    if not scoping.can_read_instansi(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    ctx = {"layanan": layanan, "layanan_label": JenisLayanan(layanan).label}
    if layanan == JenisLayanan.KP:
        periode = _periode(request)
        terbuka = selectors.usul_terbuka_ids(user=request.user, layanan=layanan, tmt=periode)
        rows = [
            {
                "pegawai": p,
                "tmt": periode,
                "keterangan": f"{p.golongan} → {kp_rules.golongan_berikut(p.golongan)}",
            }
            for p in kp_selectors.kp_kandidat(user=request.user, periode=periode)[:500]
        ]
        ctx.update(
            periode=periode,
            # this year's six periods (a late usul included) and next year's
            periode_list=kp_rules.periode_kp_list(today.year) + kp_rules.periode_kp_list(today.year + 1),
        )
    elif layanan == JenisLayanan.KGB:
        mulai = today
        sampai = today + dt.timedelta(days=120)
        terbuka = selectors.usul_terbuka_ids(user=request.user, layanan=layanan)
        rows = [
            {"pegawai": r["pegawai"], "tmt": r["tanggal"], "keterangan": r["pegawai"].golongan}
            for r in kp_selectors.kgb_jatuh_tempo(user=request.user, mulai=mulai, sampai=sampai)[:500]
        ]
        ctx.update(mulai=mulai, sampai=sampai)
    else:
        terbuka = selectors.usul_terbuka_ids(user=request.user, layanan=layanan)
        proj = kp_selectors.pensiun_proyeksi(user=request.user, pada=today, tahun=2)
        lewat = selectors.lewat_bup(user=request.user, pada=today)
        rows = [
            {
                "pegawai": r["pegawai"],
                "tmt": r["tmt_pensiun"],
                "keterangan": _("sudah melewati BUP %(u)s") % {"u": r["bup"]},
                "lewat": True,
            }
            for r in lewat
        ] + [
            {"pegawai": r["pegawai"], "tmt": r["tmt_pensiun"], "keterangan": f"BUP {r['bup']}"}
            for r in proj["daftar"][:500]
        ]
    for r in rows:
        r["terbuka"] = r["pegawai"].pk in terbuka
    ctx["rows"] = rows
    return render(request, "layanan/jatuh_tempo.html", ctx)


@login_required
@require_POST
def usul_buat(request, layanan):
    layanan = _layanan(layanan)
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    ids = ids_dari(request.POST)
    if not ids:
        messages.error(request, _("Pilih minimal satu pegawai."))
        return redirect("layanan:jatuh_tempo", layanan=layanan)
    tmt = _periode(request) if layanan == JenisLayanan.KP else None
    if layanan == JenisLayanan.KGB:
        tmt_map = {
            r["pegawai"].pk: r["tanggal"]
            for r in kp_selectors.kgb_jatuh_tempo(
                user=request.user,
                mulai=timezone.localdate(),
                sampai=timezone.localdate() + dt.timedelta(days=120),
            )
        }
        dibuat, dilewati = [], []
        for pid in ids:
            if pid not in tmt_map:
                continue
            d, s = services.usul_buat_banyak(
                actor=request.user, layanan=layanan, pegawai_ids=[pid], tmt=tmt_map[pid]
            )
            dibuat += d
            dilewati += s
    else:
        dibuat, dilewati = services.usul_buat_banyak(
            actor=request.user, layanan=layanan, pegawai_ids=ids, tmt=tmt
        )
    if dibuat:
        messages.success(request, _("%(n)s usul dibuka.") % {"n": len(dibuat)})
    for p, alasan in dilewati[:10]:
        messages.warning(request, f"{p.nama_lengkap}: {alasan}")
    if len(dibuat) == 1:
        return redirect("layanan:usul_detail", pk=dibuat[0].pk)
    return redirect("layanan:usul_list", layanan=layanan)


def _usul(request, pk) -> Usul:
    return get_scoped_or_404(
        Usul.objects.for_user(request.user).select_related(
            "pegawai__jabatan", "pegawai__unit_kerja", "instansi", "dokumen"
        ),
        request.user,
        pk=pk,
    )


@login_required
@scoped_model("layanan.Usul")
def usul_detail(request, pk):
    u = _usul(request, pk)
    if request.method == "POST":
        return _usul_aksi(request, u)
    user = request.user
    hr = scoping.can_manage(user) and (scoping.is_superadmin(user) or user.instansi_id == u.instansi_id)
    return render(
        request,
        "layanan/usul_detail.html",
        {
            "u": u,
            "berkas": list(u.berkas.select_related("syarat")),
            "hr": hr,
            "pejabat": services.is_pejabat(user, u.instansi),
            "boleh_unggah": services._may_upload(user, u)
            and u.status in (StatusUsul.BERKAS, StatusUsul.PERBAIKAN, StatusUsul.DIAJUKAN),
            "unggah_form": UnggahForm(),
            "verif_form": VerifikasiForm(),
            "alasan_form": AlasanForm(),
            "StatusUsul": StatusUsul,
            "StatusBerkas": StatusBerkas,
        },
    )


def _usul_aksi(request, u: Usul):
    aksi = request.POST.get("aksi", "")
    try:
        if aksi == "ajukan":
            services.usul_ajukan(actor=request.user, usul=u)
            messages.success(request, _("Usul diajukan untuk diverifikasi."))
        elif aksi == "setujui":
            services.usul_setujui(actor=request.user, usul=u)
            messages.success(request, _("Usul disetujui."))
        elif aksi == "tolak":
            form = AlasanForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Tulis alasan penolakan."))
            services.usul_tolak(actor=request.user, usul=u, alasan=form.cleaned_data["alasan"])
            messages.success(request, _("Usul ditolak."))
        elif aksi == "terbitkan":
            dok = services.sk_terbitkan(actor=request.user, usul=u)
            messages.success(request, _("SK terbit: %(n)s") % {"n": dok.nomor})
        else:
            messages.error(request, _("Aksi tidak dikenal."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("layanan:usul_detail", pk=u.pk)


def _berkas(request, pk) -> BerkasUsul:
    return get_scoped_or_404(
        BerkasUsul.objects.for_user(request.user).select_related("usul", "syarat"), request.user, pk=pk
    )


@login_required
@require_POST
@scoped_model("layanan.BerkasUsul")
def berkas_unggah(request, pk):
    b = _berkas(request, pk)
    form = UnggahForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("layanan:usul_detail", pk=b.usul_id)
    try:
        services.berkas_unggah(actor=request.user, berkas=b, file=form.cleaned_data["berkas"])
        messages.success(request, _("Berkas %(d)s diunggah.") % {"d": b.syarat.nama})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("layanan:usul_detail", pk=b.usul_id)


@login_required
@require_POST
@scoped_model("layanan.BerkasUsul")
def berkas_verifikasi(request, pk):
    b = _berkas(request, pk)
    form = VerifikasiForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("layanan:usul_detail", pk=b.usul_id)
    try:
        services.berkas_verifikasi(
            actor=request.user,
            berkas=b,
            terima=form.cleaned_data["hasil"] == "terima",
            alasan=form.cleaned_data.get("alasan", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("layanan:usul_detail", pk=b.usul_id)


@login_required
@scoped_model("layanan.BerkasUsul")
def berkas_unduh(request, pk):
    b = _berkas(request, pk)
    if not b.berkas:
        raise Http404
    audit.record(actor=request.user, action=audit.Action.VIEW, obj=b.usul, reason=f"berkas {b.syarat.kode}")
    from asnportal.downloads import serve_file

    # The portal's download policy (type from the content, nosniff, sandbox CSP, no cache; a clear 404 when the
    # file is gone): always an attachment, as before.
    return serve_file(request, b.berkas, allow_inline=False)


@login_required
@require_POST
def massal(request, layanan):
    layanan = _layanan(layanan)
    form = MassalForm(request.POST)
    if not (scoping.can_manage(request.user) or scoping.is_pimpinan(request.user)):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Pilih aksi."))
        return redirect("layanan:usul_list", layanan=layanan)
    try:
        job = services.proses_massal_minta(
            actor=request.user, aksi=form.cleaned_data["aksi"], ids=ids_dari(request.POST), layanan=layanan
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("layanan:usul_list", layanan=layanan)
    return redirect("layanan:proses_detail", pk=job.pk)


@login_required
@scoped_model("layanan.ProsesMassal")
def proses_detail(request, pk):
    job = get_scoped_or_404(ProsesMassal.objects.for_user(request.user), request.user, pk=pk)
    if not (scoping.can_read_instansi(request.user) or job.dibuat_oleh_id == request.user.pk):
        raise Http404
    tpl = "layanan/_proses.html" if request.headers.get("HX-Request") else "layanan/proses_detail.html"
    return render(request, tpl, {"job": job})


@login_required
def cuti_list(request):
    """Approved leaves and their Surat Izin Cuti (HR issues one or many)."""
    if not scoping.can_read_instansi(request.user):
        raise PermissionDenied
    qs = (
        PengajuanCuti.objects.for_user(request.user)
        .filter(status=StatusPengajuan.DISETUJUI)
        .select_related("pegawai", "jenis")
        .order_by("-tanggal_mulai", "-id")
    )
    page = paginate(request, qs)
    surat = selectors.surat_untuk_cuti([c.pk for c in page.object_list], SURAT_IZIN_CUTI.kode)
    rows = [{"c": c, "d": surat.get(str(c.pk))} for c in page.object_list]
    return render(request, "layanan/cuti_list.html", {"page_obj": page, "rows": rows})


@login_required
@require_POST
@scoped_model("kehadiran.PengajuanCuti")
def cuti_surat_terbitkan(request, pk):
    c = get_scoped_or_404(PengajuanCuti.objects.for_user(request.user), request.user, pk=pk)
    try:
        dok = services.surat_izin_cuti_terbitkan(actor=request.user, cuti=c)
        messages.success(request, _("Surat izin cuti terbit: %(n)s") % {"n": dok.nomor})
    except ValidationError as exc:
        _errors(request, exc)
    nxt = request.POST.get("next", "")
    if nxt == "daftar":
        return redirect("layanan:cuti_list")
    return redirect("kehadiran:cuti_detail", pk=c.pk)


@login_required
@require_POST
def cuti_massal(request):
    if not scoping.can_manage(request.user):
        raise PermissionDenied
    try:
        job = services.proses_massal_minta(
            actor=request.user, aksi=AksiMassal.SURAT_CUTI, ids=ids_dari(request.POST)
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("layanan:cuti_list")
    return redirect("layanan:proses_detail", pk=job.pk)
