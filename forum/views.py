"""Forum pages. Every object comes through forum.selectors (404 when the user may not read it); every write
goes through forum.services. POST-only views look the object up before checking the method, so a user who
may not read it gets 404 (not 405) for any method."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from asnportal.downloads import serve_file
from asnportal.views import paginate, scoped_model

from . import conf, selectors, services
from .forms import (
    AdopsiForm,
    AlasanForm,
    CariForm,
    ModerasiPosForm,
    ModerasiTopikForm,
    PosForm,
    RuangForm,
    TopikForm,
    UndanganForm,
)
from .models import Kategori

User = get_user_model()


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request):
    user = request.user
    moderator = selectors.is_any_moderator(user)
    return render(
        request,
        "forum/index.html",
        {
            "kategori_list": selectors.kategori_list(user=user),
            "ruang_list": selectors.ruang_list(user=user).filter(status="aktif")[:5],
            "terbaru": selectors.topik_terbaru(user=user, limit=8),
            "can_manage_kategori": selectors.can_manage_kategori(user),
            "can_create_ruang": services.can_create_ruang(user),
            "is_moderator": moderator,
            "jumlah_laporan": selectors.laporan_terbuka(user=user).count() if moderator else 0,
        },
    )


@login_required
@scoped_model("forum.Kategori")
def kategori_detail(request, slug):
    kategori = selectors.kategori_get(user=request.user, slug=slug)
    page = paginate(
        request,
        selectors.topik_list(user=request.user, kategori=kategori),
        conf.get("FORUM_TOPIKS_PER_PAGE"),
    )
    template = "forum/_topik_table.html" if getattr(request, "htmx", False) else "forum/kategori_detail.html"
    return render(request, template, {"kategori": kategori, "page_obj": page, "topik_list": page})


@login_required
def topik_create(request):
    user = request.user
    ruang = None
    if request.GET.get("ruang") or request.POST.get("ruang"):
        ruang = selectors.ruang_get(user=user, pk=request.GET.get("ruang") or request.POST.get("ruang"))
    form = TopikForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        initial={
            "kategori": Kategori.objects.for_user(user)
            .filter(slug=request.GET.get("kategori", "").replace("\x00", ""))
            .first()
        },
    )
    if ruang is not None:
        del form.fields["kategori"]
    else:
        form.fields["kategori"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            topik = services.topik_create(
                actor=user,
                judul=form.cleaned_data["judul"],
                isi=form.cleaned_data["isi"],
                kategori=form.cleaned_data.get("kategori"),
                ruang=ruang,
                files=form.cleaned_data["lampiran"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Topik dibuat."))
            return redirect("forum:topik_detail", pk=topik.pk)
    return render(request, "forum/topik_form.html", {"form": form, "ruang": ruang})


def _pk(value) -> int | None:
    """An id typed in a URL or hidden field, or None: "²" passes str.isdigit() but not int(), and 5,000 digits
    exceed int()'s limit; both were a 500."""
    text = str(value or "")
    return int(text) if text.isdecimal() and len(text) <= 18 else None


def _topik_context(request, topik, form=None):
    user = request.user
    moderator = selectors.can_moderate(user, topik)
    posts = selectors.pos_list(user=user, topik=topik, moderator=moderator)
    page = paginate(request, posts, conf.get("FORUM_POSTS_PER_PAGE"))
    if form is None:
        initial = {}
        if (kutip := _pk(request.GET.get("kutip"))) is not None:
            initial["kutipan"] = kutip
        form = PosForm(initial=initial)
    kutip_pos = None
    if (kutip := _pk(form["kutipan"].value())) is not None:
        kutip_pos = posts.filter(pk=kutip).first()
    return {
        "topik": topik,
        "page_obj": page,
        "form": form,
        "kutip_pos": kutip_pos,
        "can_moderate": moderator,
        "can_reply": selectors.can_reply(user, topik, moderator=moderator),
        "can_adopt": selectors.can_adopt(user, topik),
        "is_author": topik.penulis_id == user.pk,
        "subscribed": selectors.is_subscribed(user=user, topik=topik),
        "adopsi_list": topik.adopsi.select_related("instansi") if topik.praktik_baik else [],
        "moderation_log": selectors.moderation_log(user=user, topik=topik)[:10] if moderator else [],
    }


@login_required
@scoped_model("forum.Topik")
def topik_detail(request, pk):
    topik = selectors.topik_get(user=request.user, pk=pk)
    ctx = _topik_context(request, topik)
    posts = list(ctx["page_obj"])
    if posts:
        services.tandai_dibaca(
            user=request.user, topik=topik, nomor=posts[-1].nomor, sebelumnya=topik.nomor_dibaca
        )
    return render(request, "forum/topik_detail.html", ctx)


@login_required
@scoped_model("forum.Topik")
def pos_create(request, pk):
    topik = selectors.topik_get(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PosForm(request.POST, request.FILES)
    if form.is_valid():
        kutipan = None
        if form.cleaned_data.get("kutipan"):
            kutipan = (
                selectors.pos_list(user=request.user, topik=topik)
                .filter(pk=form.cleaned_data["kutipan"])
                .first()
            )
            if kutipan is None:
                form.add_error(None, _("Pos yang dikutip tidak ditemukan di topik ini."))
        if not form.errors:
            try:
                pos = services.pos_create(
                    actor=request.user,
                    topik=topik,
                    isi=form.cleaned_data["isi"],
                    kutipan=kutipan,
                    files=form.cleaned_data["lampiran"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Balasan terkirim."))
                return redirect(_pos_url(request.user, pos))
    ctx = _topik_context(request, topik, form=form)
    return render(request, "forum/topik_detail.html", ctx, status=400)


def _pos_url(user, pos) -> str:
    page = selectors.page_of_nomor(user=user, topik=pos.topik, nomor=pos.nomor)
    return f"{reverse('forum:topik_detail', args=[pos.topik_id])}?page={page}#pos-{pos.nomor}"


@login_required
@scoped_model("forum.Pos")
def pos_goto(request, pk):
    pos = selectors.pos_get(user=request.user, pk=pk)
    return redirect(_pos_url(request.user, pos))


@login_required
@scoped_model("forum.Topik")
def langganan(request, pk):
    topik = selectors.topik_get(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    aktif = request.POST.get("aktif") == "1"
    services.langganan_set(actor=request.user, topik=topik, aktif=aktif)
    messages.success(
        request, _("Anda mengikuti topik ini.") if aktif else _("Anda berhenti mengikuti topik ini.")
    )
    return redirect("forum:topik_detail", pk=topik.pk)


@login_required
@scoped_model("forum.Topik")
def topik_moderasi(request, pk):
    topik = selectors.topik_get(user=request.user, pk=pk)
    if not selectors.can_moderate(request.user, topik):
        raise PermissionDenied
    form = ModerasiTopikForm(
        request.POST or None, user=request.user, initial={"aksi": request.GET.get("aksi")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.topik_moderate(
                actor=request.user,
                topik=topik,
                aksi=form.cleaned_data["aksi"],
                alasan=form.cleaned_data["alasan"],
                kategori=form.cleaned_data.get("kategori"),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Tindakan moderasi dicatat."))
            return redirect("forum:topik_detail", pk=topik.pk)
    return render(request, "forum/moderasi_form.html", {"form": form, "topik": topik, "judul": topik.judul})


@login_required
@scoped_model("forum.Pos")
def pos_moderasi(request, pk):
    pos = selectors.pos_get(user=request.user, pk=pk)
    if not selectors.can_moderate(request.user, pos.topik):
        raise PermissionDenied
    form = ModerasiPosForm(request.POST or None, initial={"aksi": "restore" if pos.is_hidden else "hide"})
    if request.method == "POST" and form.is_valid():
        try:
            services.pos_moderate(
                actor=request.user,
                pos=pos,
                aksi=form.cleaned_data["aksi"],
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Tindakan moderasi dicatat."))
            return redirect(_pos_url(request.user, pos))
    return render(
        request, "forum/moderasi_form.html", {"form": form, "topik": pos.topik, "pos": pos, "judul": str(pos)}
    )


@login_required
@scoped_model("forum.Pos")
def pos_laporkan(request, pk):
    pos = selectors.pos_get(user=request.user, pk=pk)
    form = AlasanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.laporan_create(actor=request.user, pos=pos, alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Terima kasih, laporan Anda diteruskan ke moderator."))
            return redirect(_pos_url(request.user, pos))
    return render(request, "forum/laporan_form.html", {"form": form, "pos": pos, "topik": pos.topik})


@login_required
@scoped_model("forum.Pos")
def pos_solusi(request, pk):
    pos = selectors.pos_get(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        topik = services.solusi_tandai(actor=request.user, pos=pos)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Balasan ditandai sebagai solusi.") if topik.solusi_id else _("Tanda solusi dicabut.")
        )
    return redirect(_pos_url(request.user, pos))


@login_required
@scoped_model("forum.Topik")
def adopsi(request, pk):
    topik = selectors.topik_get(user=request.user, pk=pk)
    if not selectors.can_adopt(request.user, topik):
        raise PermissionDenied
    form = AdopsiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopsi_catat(actor=request.user, topik=topik, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Adopsi praktik baik oleh instansi Anda dicatat."))
            return redirect("forum:topik_detail", pk=topik.pk)
    return render(request, "forum/adopsi_form.html", {"form": form, "topik": topik})


@login_required
@scoped_model("forum.Lampiran")
def lampiran(request, pk):
    obj = selectors.lampiran_get(user=request.user, pk=pk)
    return serve_file(request, obj.berkas, filename=obj.nama)


# --- rooms -------------------------------------------------------------------------------------------------


@login_required
def ruang_list(request):
    return render(
        request,
        "forum/ruang_list.html",
        {
            "ruang_list": selectors.ruang_list(user=request.user),
            "can_create_ruang": services.can_create_ruang(request.user),
        },
    )


@login_required
def ruang_create(request):
    if not services.can_create_ruang(request.user):
        raise PermissionDenied
    form = RuangForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ruang = services.ruang_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Ruang koordinasi dibuat."))
            return redirect("forum:ruang_detail", pk=ruang.pk)
    return render(request, "forum/ruang_form.html", {"form": form})


@login_required
def pilih_pengguna(request):
    """People picker answers for room invitations: at most 20 active users as `<option>`s (name · instansi)."""
    from . import picker

    field = request.GET.get("field") or ""
    q = request.GET.get("q") or request.GET.get(field + "__q") or ""
    rows = picker.search(q)
    options, seen = [], set()
    chosen = request.GET.get(field) if field else None
    if chosen and str(chosen).isdigit() and any(str(u.pk) == chosen for u in rows):
        options.append((chosen, picker.label(next(u for u in rows if str(u.pk) == chosen)), True))
        seen.add(chosen)
    options += [(str(u.pk), picker.label(u), False) for u in rows if str(u.pk) not in seen]
    return render(
        request, "kepegawaian/_pilih_options.html", {"options": options, "searched": bool(picker.clean_q(q))}
    )


@login_required
@scoped_model("forum.RuangKoordinasi")
def ruang_detail(request, pk, undangan_form=None):
    ruang = selectors.ruang_get(user=request.user, pk=pk)
    koordinator = selectors.is_koordinator(request.user, ruang)
    page = paginate(
        request, selectors.topik_list(user=request.user, ruang=ruang), conf.get("FORUM_TOPIKS_PER_PAGE")
    )
    return render(
        request,
        "forum/ruang_detail.html",
        {
            "ruang": ruang,
            "page_obj": page,
            "topik_list": page,
            "anggota": selectors.anggota_list(ruang=ruang),
            "is_koordinator": koordinator,
            "undangan_form": (undangan_form or UndanganForm())
            if koordinator and not ruang.is_arsip
            else None,
            "arsip_form": AlasanForm() if koordinator and not ruang.is_arsip else None,
        },
    )


@login_required
@scoped_model("forum.RuangKoordinasi")
def ruang_anggota(request, pk):
    ruang = selectors.ruang_get(user=request.user, pk=pk)
    if not selectors.is_koordinator(request.user, ruang):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("keluarkan"):
        target = selectors.anggota_list(ruang=ruang).filter(user_id=request.POST["keluarkan"]).first()
        if target is None:
            raise Http404
        try:
            services.anggota_keluarkan(actor=request.user, ruang=ruang, user=target.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Anggota dikeluarkan dari ruang."))
        return redirect("forum:ruang_detail", pk=ruang.pk)
    form = UndanganForm(request.POST)
    if form.is_valid():
        try:
            rows = services.anggota_undang(
                actor=request.user,
                ruang=ruang,
                undangan=form.cleaned_data["undangan"],
                peran="koordinator" if form.cleaned_data["koordinator"] else "anggota",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)s anggota baru diundang.") % {"n": len(rows)})
    elif form.has_error("undang_pengguna"):
        # No JavaScript: the people picker's search comes back as a list to choose from.
        return ruang_detail(request, pk=ruang.pk, undangan_form=form)
    else:
        messages.error(request, _("Isi daftar undangan."))
    return redirect("forum:ruang_detail", pk=ruang.pk)


@login_required
@scoped_model("forum.RuangKoordinasi")
def ruang_arsip(request, pk):
    ruang = selectors.ruang_get(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AlasanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pengarsipan (minimal 5 karakter)."))
        return redirect("forum:ruang_detail", pk=ruang.pk)
    try:
        services.ruang_arsip(actor=request.user, ruang=ruang, alasan=form.cleaned_data["alasan"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Ruang diarsipkan; seluruh catatannya tetap tersimpan."))
    return redirect("forum:ruang_detail", pk=ruang.pk)


# --- library, search, moderation -------------------------------------------------------------------------


@login_required
def praktik_baik(request):
    page = paginate(request, selectors.praktik_baik_list(user=request.user), 20)
    return render(request, "forum/praktik_baik.html", {"page_obj": page})


@login_required
def cari(request):
    form = CariForm(request.GET or None, user=request.user)
    page = None
    if form.is_valid() and any(v for v in form.cleaned_data.values()):
        data = dict(form.cleaned_data)
        username = data.pop("penulis", "")
        penulis = User.objects.filter(username__iexact=username).first() if username else None
        if username and penulis is None:
            form.add_error("penulis", _("Pengguna tidak ditemukan."))
        else:
            page = paginate(request, selectors.search(user=request.user, penulis=penulis, **data), 20)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "forum/cari.html", {"form": form, "page_obj": page, "querystring": query.urlencode()}
    )


@login_required
def moderasi(request):
    if not selectors.is_any_moderator(request.user):
        raise PermissionDenied
    return render(
        request,
        "forum/moderasi.html",
        {
            "laporan_list": selectors.laporan_terbuka(user=request.user)[:100],
            "log_page": paginate(request, selectors.moderation_log(user=request.user), 25),
            "alasan_form": AlasanForm(),
        },
    )


@login_required
@scoped_model("forum.LaporanPos")
def laporan_tutup(request, pk):
    laporan = selectors.laporan_terbuka(user=request.user).filter(pk=pk).first()
    if laporan is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AlasanForm(request.POST)
    if form.is_valid():
        services.laporan_tutup(actor=request.user, laporan=laporan, alasan=form.cleaned_data["alasan"])
        messages.success(request, _("Laporan ditutup tanpa tindakan."))
    else:
        messages.error(request, _("Tuliskan alasan menutup laporan (minimal 5 karakter)."))
    return redirect("forum:moderasi")
