from django.urls import path

from . import views

app_name = "layanan"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("cuti/", views.cuti_list, name="cuti_list"),
    path("cuti/massal/", views.cuti_massal, name="cuti_massal"),
    path("cuti/<int:pk>/terbitkan/", views.cuti_surat_terbitkan, name="cuti_surat_terbitkan"),
    path("usul/<int:pk>/", views.usul_detail, name="usul_detail"),
    path("berkas/<int:pk>/unggah/", views.berkas_unggah, name="berkas_unggah"),
    path("berkas/<int:pk>/verifikasi/", views.berkas_verifikasi, name="berkas_verifikasi"),
    path("berkas/<int:pk>/unduh/", views.berkas_unduh, name="berkas_unduh"),
    path("proses/<int:pk>/", views.proses_detail, name="proses_detail"),
    # One set of routes per layanan, the kind passed as a default kwarg (a fixed word, not an object id):
    # reverse("layanan:usul_list", kwargs={"layanan": "kp"}).
    *[
        route
        for kode in ("kp", "kgb", "pensiun")
        for route in (
            path(f"{kode}/", views.usul_list, {"layanan": kode}, name="usul_list"),
            path(f"{kode}/jatuh-tempo/", views.jatuh_tempo, {"layanan": kode}, name="jatuh_tempo"),
            path(f"{kode}/buat/", views.usul_buat, {"layanan": kode}, name="usul_buat"),
            path(f"{kode}/massal/", views.massal, {"layanan": kode}, name="massal"),
        )
    ],
]
