"""Public account pages (issue 15), mounted at /akun/: activation link, forgotten password, reset link."""

from django.urls import path

from . import akun_views

app_name = "akun"

urlpatterns = [
    path("lupa-kata-sandi/", akun_views.lupa_kata_sandi, name="lupa_kata_sandi"),
    path("aktivasi/<str:uidb64>/<str:token>/", akun_views.AktivasiView.as_view(), name="aktivasi"),
    path(
        "atur-ulang/<str:uidb64>/<str:token>/",
        akun_views.ResetKonfirmasiView.as_view(),
        name="reset_konfirmasi",
    ),
]
