from django.apps import AppConfig


class KepegawaianConfig(AppConfig):
    name = "kepegawaian"
    verbose_name = "Kepegawaian"
