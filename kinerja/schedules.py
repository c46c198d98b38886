SCHEDULES = [
    {
        "name": "Pengingat kinerja (SKP, persetujuan, evaluasi)",
        "task": "kinerja.pengingat_kirim_task",
        # Mondays 07:00: a weekly nudge, not a daily flood.
        "crontab": {"minute": "0", "hour": "7", "day_of_week": "1"},
    },
]
