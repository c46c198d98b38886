"""Document types issued by the layanan (asnportal.dokumen registry). The number formats are defaults; the
classification codes of Permendagri 83/2022 are UNCONFIRMED here, so each instansi sets its own format in
FormatNomor (admin) without code."""

from asnportal.dokumen.registry import JenisDokumen, register

SURAT_IZIN_CUTI = register(
    JenisDokumen(
        "layanan.surat_izin_cuti",
        "Surat Izin Cuti",
        "800.1/{n}/CUTI/{tahun}",
        "layanan/pdf/surat_izin_cuti.html",
        sumber_model="kehadiran.PengajuanCuti",
        url_terbitkan="layanan:cuti_surat_terbitkan",
        sumber_status="disetujui",
    )
)
SK_KP = register(
    JenisDokumen(
        "layanan.sk_kp", "SK Kenaikan Pangkat", "800.1.3/{n}/BKPSDM/{tahun}", "layanan/pdf/sk_kp.html"
    )
)
SK_KGB = register(
    JenisDokumen(
        "layanan.sk_kgb",
        "Surat Pemberitahuan Kenaikan Gaji Berkala",
        "800.1.6/{n}/KGB/{tahun}",
        "layanan/pdf/sk_kgb.html",
    )
)
SK_PENSIUN = register(
    JenisDokumen(
        "layanan.sk_pensiun",
        "SK Pemberhentian dengan Hak Pensiun",
        "800.1.9/{n}/PENSIUN/{tahun}",
        "layanan/pdf/sk_pensiun.html",
    )
)

JENIS_SK = {"kp": SK_KP.kode, "kgb": SK_KGB.kode, "pensiun": SK_PENSIUN.kode}
