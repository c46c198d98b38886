from django.urls import path

from . import views

app_name = "laporan"

urlpatterns = [
    path("", views.LaporanListView.as_view(), name="laporan_list"),
    path("minta/", views.laporan_create, name="laporan_create"),
    path("<int:pk>/", views.LaporanDetailView.as_view(), name="laporan_detail"),
    path("<int:pk>/unduh/", views.laporan_download, name="laporan_download"),
    path("<int:pk>/coba-lagi/", views.laporan_retry, name="laporan_retry"),
]
