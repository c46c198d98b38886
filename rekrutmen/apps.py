from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RekrutmenConfig(AppConfig):
    name = "rekrutmen"
    verbose_name = _("Rekrutmen")

    def ready(self):
        from asnportal.dokumen.registry import JenisDokumen, register

        # The published announcement, rendered once when published and kept in the document core.
        register(
            JenisDokumen(
                "rekrutmen.pengumuman",
                "Pengumuman hasil seleksi",
                "800/{n}/PANSEL/{tahun}",
                "rekrutmen/public/pengumuman_pdf.html",
            )
        )
