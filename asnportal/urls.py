from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import core_views

API_APPS = ["kepegawaian", "rekrutmen", "kinerja", "pelatihan", "survei", "forum", "kehadiran", "laporan"]

handler500 = "asnportal.core_views.server_error"

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("masuk/", core_views.PortalLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "akun/kata-sandi/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "akun/kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("notifikasi/", core_views.notifikasi_list, name="notifikasi"),
    path("audit/", core_views.AuditLogListView.as_view(), name="audit_list"),
    path("email-keluar/", core_views.EmailKeluarListView.as_view(), name="email_keluar_list"),
    path(
        "email-keluar/<int:pk>/kirim-ulang/",
        core_views.email_keluar_kirim_ulang,
        name="email_keluar_kirim_ulang",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    path("api/v1/auth/token/", core_views.ObtainTokenView.as_view(), name="api_token"),
]
for app in API_APPS:
    urlpatterns.append(path(f"{app}/", include(f"{app}.urls")))
    urlpatterns.append(path("api/v1/", include(f"{app}.api.urls")))

if settings.DEBUG:
    pass  # media is never served directly: downloads go through permission-checked views
