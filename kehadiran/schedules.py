SCHEDULES = [
    {
        "name": "Kehadiran: status harian kemarin",
        "task": "kehadiran.hitung_kemarin_task",
        "crontab": {"minute": "30", "hour": "0"},
    },
]
