from django.apps import AppConfig


class KehadiranConfig(AppConfig):
    name = "kehadiran"
    verbose_name = "Kehadiran"
