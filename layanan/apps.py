from django.apps import AppConfig


class LayananConfig(AppConfig):
    name = "layanan"
    verbose_name = "Layanan kepegawaian"

    def ready(self):
        from . import dokumen  # noqa: F401  (registers the document types this app issues)
