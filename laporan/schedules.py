"""Periodic schedules, upserted into django-celery-beat by `manage.py setup_schedules` (admins may edit or
disable them in the Django admin). Each fires after its period closes and creates the runs of every instansi
for the just-closed period; a second firing creates nothing new."""

SCHEDULES = [
    {
        "name": "Laporan: hapus berkas tanpa baris (pekerja terhenti)",
        "task": "laporan.berkas_yatim_hapus_task",
        "crontab": {"minute": "47"},
    },
    {
        "name": "Laporan bulanan kepegawaian",
        "task": "laporan.laporan_schedule_task",
        "crontab": {"minute": "30", "hour": "1", "day_of_month": "1"},
        "kwargs": {"jenis": "bulanan", "formats": ["pdf", "xlsx"]},
    },
    {
        "name": "Laporan triwulanan kepegawaian",
        "task": "laporan.laporan_schedule_task",
        "crontab": {"minute": "0", "hour": "2", "day_of_month": "1", "month_of_year": "1,4,7,10"},
        "kwargs": {"jenis": "triwulanan", "formats": ["pdf", "xlsx"]},
    },
    {
        "name": "Laporan tahunan kepegawaian",
        "task": "laporan.laporan_schedule_task",
        "crontab": {"minute": "30", "hour": "2", "day_of_month": "2", "month_of_year": "1"},
        "kwargs": {"jenis": "tahunan", "formats": ["pdf", "xlsx"]},
    },
]
