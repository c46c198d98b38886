SCHEDULES = [
    {
        "name": "kepegawaian: mutasi dan penataan yang jatuh tempo",
        "task": "kepegawaian.efektifkan_terjadwal_task",
        "crontab": {"minute": "5", "hour": "0"},
    },
    {
        "name": "kepegawaian: akun pegawai yang tidak aktif lagi dinonaktifkan",
        "task": "kepegawaian.akun_ikuti_status_pegawai_task",
        "crontab": {"minute": "20", "hour": "0"},
    },
]
