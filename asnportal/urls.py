from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import core_views, mfa_views

API_APPS = [
    "kepegawaian",
    "rekrutmen",
    "kinerja",
    "pelatihan",
    "survei",
    "forum",
    "kehadiran",
    "laporan",
    "layanan",
]

handler500 = "asnportal.core_views.server_error"

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("masuk/", core_views.PortalLoginView.as_view(), name="login"),
    path("masuk/verifikasi/", mfa_views.verify, name="otp_verify"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/2fa/", mfa_views.settings_page, name="otp_settings"),
    path("akun/2fa/aktifkan/", mfa_views.enrol, name="otp_enrol"),
    path("akun/2fa/kode-pemulihan/", mfa_views.recovery_codes, name="otp_recovery_codes"),
    path("akun/2fa/kode-pemulihan/baru/", mfa_views.renew_codes, name="otp_renew_codes"),
    path("akun/2fa/nonaktifkan/", mfa_views.disable, name="otp_disable"),
    path("akun/2fa/pengguna/", mfa_views.user_list, name="otp_user_list"),
    path("akun/2fa/pengguna/reset/", mfa_views.user_reset, name="otp_user_reset"),
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
    path("akun/", include("kepegawaian.akun_urls")),
    path("api/v1/auth/keluar/", core_views.TokenLogoutView.as_view(), name="api_token_logout"),
    path("notifikasi/", core_views.notifikasi_list, name="notifikasi"),
    path("audit/", core_views.AuditLogListView.as_view(), name="audit_list"),
    path("dokumen/", include("asnportal.dokumen.urls")),
    path("email-keluar/", core_views.EmailKeluarListView.as_view(), name="email_keluar_list"),
    path(
        "email-keluar/<int:pk>/kirim-ulang/",
        core_views.email_keluar_kirim_ulang,
        name="email_keluar_kirim_ulang",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # The Django admin has no login form of its own: /masuk/ with its limits, lock-out and second factor.
    path("admin/login/", core_views.admin_login_redirect, name="admin_login_redirect"),
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
