from django.urls import path, re_path

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
    # The layanan is a fixed word (kp, kgb, pensiun), not an object id: a positional group, so the URL sweep
    # does not look for a model behind it.
    re_path(r"^(kp|kgb|pensiun)/$", views.usul_list, name="usul_list"),
    re_path(r"^(kp|kgb|pensiun)/jatuh-tempo/$", views.jatuh_tempo, name="jatuh_tempo"),
    re_path(r"^(kp|kgb|pensiun)/buat/$", views.usul_buat, name="usul_buat"),
    re_path(r"^(kp|kgb|pensiun)/massal/$", views.massal, name="massal"),
]
