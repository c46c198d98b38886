from django.apps import AppConfig


class RekrutmenConfig(AppConfig):
    name = "rekrutmen"
    verbose_name = "Rekrutmen"
