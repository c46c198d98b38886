SCHEDULES = [
    {
        "name": "Layanan: terapkan SK pada TMT",
        "task": "layanan.usul_terapkan_task",
        "crontab": {"minute": "10", "hour": "0"},
    },
    {
        "name": "Layanan: susulan surat izin cuti",
        "task": "layanan.surat_izin_cuti_susulan_task",
        "crontab": {"minute": "*/10"},
    },
]
