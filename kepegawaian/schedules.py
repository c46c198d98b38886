SCHEDULES = [
    {
        "name": "kepegawaian: mutasi dan penataan yang jatuh tempo",
        "task": "kepegawaian.efektifkan_terjadwal_task",
        "crontab": {"minute": "5", "hour": "0"},
    },
]
