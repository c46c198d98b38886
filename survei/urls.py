from django.urls import path

from . import views

app_name = "survei"

# Fixed paths first: /survei/<slug>/ is the public form and must not shadow them (see SLUG_TERPAKAI).
urlpatterns = [
    path("unit/", views.UnitLayananListView.as_view(), name="unit_list"),
    path("unit/tambah/", views.UnitLayananCreateView.as_view(), name="unit_create"),
    path("unit/<int:pk>/", views.UnitLayananDetailView.as_view(), name="unit_detail"),
    path("unit/<int:pk>/ubah/", views.UnitLayananUpdateView.as_view(), name="unit_update"),
    path("unit/<int:pk>/populasi/", views.populasi_simpan, name="populasi_simpan"),
    path("unit/<int:pk>/publikasi/", views.publikasi, name="publikasi"),
    path("unit/<int:pk>/rtl/tambah/", views.rencana_tambah, name="rencana_tambah"),
    path("unit/<int:pk>/kiosk/", views.unit_kiosk, name="unit_kiosk"),
    path("unit/<int:pk>/ekspor/", views.ekspor, name="ekspor"),
    path("unit/<int:pk>/poster.pdf", views.poster, name="poster"),
    path("unit/<int:pk>/laporan.pdf", views.laporan_pdf, name="laporan_pdf"),
    path("rtl/<int:pk>/ubah/", views.RencanaUpdateView.as_view(), name="rencana_update"),
    path("dasbor/", views.dasbor, name="dasbor"),
    path("saran/", views.SaranListView.as_view(), name="saran_list"),
    path("hasil/", views.hasil_publik, name="hasil_publik"),
    path("<slug:slug>/", views.survei_isi, name="isi"),
    path("<slug:slug>/terima-kasih/", views.survei_terima_kasih, name="terima_kasih"),
]
