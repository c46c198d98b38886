"""Applicant account pages (issue 15): forgotten password, the reset link, resending the confirmation e-mail.
Public on purpose; every answer is the same whether or not the applicant exists."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from asnportal.forms import PortalForm
from asnportal.tautan import batas_permintaan
from asnportal.views import public_view

from . import akun
from . import pelamar_auth as auth


class IdentitasForm(PortalForm):
    identitas = forms.CharField(label=gettext_lazy("NIK atau e-mail"), max_length=200)


class SandiBaruForm(PortalForm):
    password1 = forms.CharField(
        label=gettext_lazy("Kata sandi baru"), widget=forms.PasswordInput, strip=False
    )
    password2 = forms.CharField(
        label=gettext_lazy("Ulangi kata sandi baru"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kata sandi tidak sama."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


def _permintaan(request, *, jenis, judul, keterangan, kirim, pesan):
    form = IdentitasForm(request.POST or None)
    ctx = {"form": form, "judul": judul, "keterangan": keterangan, "pelamar": auth.get_pelamar(request)}
    if request.method == "POST" and form.is_valid():
        ident = form.cleaned_data["identitas"]
        ip_ok, id_ok = batas_permintaan(request, jenis=jenis, identitas=ident)
        if not ip_ok:
            form.add_error(
                None, _("Terlalu banyak permintaan dari alamat ini. Coba lagi beberapa menit lagi.")
            )
            return render(request, "rekrutmen/public/akun_permintaan.html", ctx, status=429)
        if id_ok:
            kirim(identitas=ident)
        messages.info(request, pesan)
        return redirect("rekrutmen:pelamar_masuk")
    return render(request, "rekrutmen/public/akun_permintaan.html", ctx)


@public_view
def lupa_kata_sandi(request):
    return _permintaan(
        request,
        jenis="reset_pelamar",
        judul=_("Lupa kata sandi pelamar"),
        keterangan=_(
            "Masukkan NIK atau e-mail pendaftaran. Kami mengirim tautan untuk membuat kata sandi baru."
        ),
        kirim=akun.pelamar_lupa_sandi_minta,
        pesan=_(
            "Jika NIK/e-mail itu terdaftar, kami telah mengirim tautan untuk membuat kata sandi baru ke e-mail "
            "pendaftarannya. Periksa kotak masuk (dan folder spam)."
        ),
    )


@public_view
def kirim_ulang_konfirmasi(request):
    return _permintaan(
        request,
        jenis="konfirmasi_pelamar",
        judul=_("Kirim ulang e-mail konfirmasi"),
        keterangan=_("Masukkan NIK atau e-mail pendaftaran. Kami mengirim ulang tautan konfirmasi e-mail."),
        kirim=akun.pelamar_kirim_ulang_konfirmasi,
        pesan=_(
            "Jika NIK/e-mail itu terdaftar dan konfirmasinya belum selesai, kami telah mengirim ulang tautan konfirmasi. "
            "Periksa kotak masuk (dan folder spam)."
        ),
    )


@public_view
@never_cache
def atur_ulang(request, uidb64, token):
    pelamar = akun.pelamar_dari_uid(uidb64)
    if pelamar is None or not akun.reset_token.check_token(pelamar, token):
        return render(
            request,
            "rekrutmen/public/akun_atur_ulang.html",
            {"validlink": False, "pelamar": None},
            status=400,
        )
    form = SandiBaruForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        akun.pelamar_atur_ulang_sandi(pelamar=pelamar, password=form.cleaned_data["password1"])
        messages.success(request, _("Kata sandi diubah. Silakan masuk dengan kata sandi baru."))
        return redirect("rekrutmen:pelamar_masuk")
    return render(
        request,
        "rekrutmen/public/akun_atur_ulang.html",
        {"validlink": True, "form": form, "pelamar": None, "akun_pelamar": pelamar},
        status=400 if form.errors else 200,
    )
