from django.apps import AppConfig


class PelatihanConfig(AppConfig):
    name = "pelatihan"
    verbose_name = "Pelatihan"
