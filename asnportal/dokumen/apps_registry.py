"""Document types the core itself provides (registered by asnportal's AppConfig.ready)."""

from .registry import JenisDokumen, register

SURAT_UMUM = register(
    JenisDokumen("asnportal.surat_umum", "Surat dinas", "000/{n}/BKPSDM/{tahun}", "dokumen/surat_umum.html")
)
