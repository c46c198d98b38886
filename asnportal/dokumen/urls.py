from django.urls import path

from . import views

app_name = "dokumen"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("verifikasi/<str:kode>/", views.verifikasi, name="verifikasi"),
    path("<int:pk>/unduh/", views.unduh, name="unduh"),
    path("<int:pk>/cabut/", views.cabut, name="cabut"),
]
