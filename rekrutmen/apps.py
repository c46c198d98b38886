from django.apps import AppConfig


class RekrutmenConfig(AppConfig):
    name = "rekrutmen"
    verbose_name = "Rekrutmen"

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
