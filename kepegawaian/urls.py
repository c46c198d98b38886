from django.urls import path

from . import views

app_name = "kepegawaian"

urlpatterns = [
    path("pegawai/", views.PegawaiListView.as_view(), name="pegawai_list"),
    path("pegawai/tambah/", views.PegawaiCreateView.as_view(), name="pegawai_create"),
    path("pegawai/<int:pk>/", views.PegawaiDetailView.as_view(), name="pegawai_detail"),
    path("pegawai/<int:pk>/ubah/", views.PegawaiUpdateView.as_view(), name="pegawai_update"),
    path("profil-saya/", views.profil_saya, name="profil_saya"),
    path("unit-kerja/", views.UnitKerjaListView.as_view(), name="unitkerja_list"),
    path("unit-kerja/tambah/", views.UnitKerjaCreateView.as_view(), name="unitkerja_create"),
    path("unit-kerja/<int:pk>/", views.UnitKerjaDetailView.as_view(), name="unitkerja_detail"),
    path("unit-kerja/<int:pk>/ubah/", views.UnitKerjaUpdateView.as_view(), name="unitkerja_update"),
    path("jabatan/", views.JabatanListView.as_view(), name="jabatan_list"),
    path("jabatan/tambah/", views.JabatanCreateView.as_view(), name="jabatan_create"),
    path("jabatan/<int:pk>/", views.JabatanDetailView.as_view(), name="jabatan_detail"),
    path("jabatan/<int:pk>/ubah/", views.JabatanUpdateView.as_view(), name="jabatan_update"),
]
