from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("kategori/<slug:slug>/", views.kategori_detail, name="kategori_detail"),
    path("topik/baru/", views.topik_create, name="topik_create"),
    path("topik/<int:pk>/", views.topik_detail, name="topik_detail"),
    path("topik/<int:pk>/balas/", views.pos_create, name="pos_create"),
    path("topik/<int:pk>/langganan/", views.langganan, name="langganan"),
    path("topik/<int:pk>/moderasi/", views.topik_moderasi, name="topik_moderasi"),
    path("topik/<int:pk>/adopsi/", views.adopsi, name="adopsi"),
    path("pos/<int:pk>/", views.pos_goto, name="pos_goto"),
    path("pos/<int:pk>/solusi/", views.pos_solusi, name="pos_solusi"),
    path("pos/<int:pk>/laporkan/", views.pos_laporkan, name="pos_laporkan"),
    path("pos/<int:pk>/moderasi/", views.pos_moderasi, name="pos_moderasi"),
    path("lampiran/<int:pk>/", views.lampiran, name="lampiran"),
    path("ruang/", views.ruang_list, name="ruang_list"),
    path("ruang/baru/", views.ruang_create, name="ruang_create"),
    path("ruang/pilih-pengguna/", views.pilih_pengguna, name="pilih_pengguna"),
    path("ruang/<int:pk>/", views.ruang_detail, name="ruang_detail"),
    path("ruang/<int:pk>/anggota/", views.ruang_anggota, name="ruang_anggota"),
    path("ruang/<int:pk>/arsip/", views.ruang_arsip, name="ruang_arsip"),
    path("praktik-baik/", views.praktik_baik, name="praktik_baik"),
    path("cari/", views.cari, name="cari"),
    path("moderasi/", views.moderasi, name="moderasi"),
    path("laporan/<int:pk>/tutup/", views.laporan_tutup, name="laporan_tutup"),
]
