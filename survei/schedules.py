SCHEDULES = [
    {
        "name": "survei: bersihkan batas laju formulir publik",
        "task": "survei.bersihkan_batas_laju_task",
        "crontab": {"minute": "17", "hour": "3"},
    },
]
