SCHEDULES = [
    {
        "name": "Layanan: terapkan SK pada TMT",
        "task": "layanan.usul_terapkan_task",
        "crontab": {"minute": "10", "hour": "0"},
    },
]
