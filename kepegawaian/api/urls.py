from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("instansi", views.InstansiViewSet, basename="instansi")
router.register("unit-kerja", views.UnitKerjaViewSet, basename="unitkerja")
router.register("jabatan", views.JabatanViewSet, basename="jabatan")
router.register("pegawai", views.PegawaiViewSet, basename="pegawai")

urlpatterns = router.urls
