"""Upsert the periodic schedules declared in code into django-celery-beat (idempotent).

Apps declare schedules in `<app>/schedules.py` as SCHEDULES = [dict(name=..., task=..., crontab=dict(...),
kwargs={...})]. Admins may disable or edit a schedule in the Django admin; re-running keeps their `enabled`.
"""

import importlib
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

CORE = [
    {"name": "Sapu antrean pekerjaan", "task": "asnportal.jobs_sweep_task", "interval_seconds": 20},
    {
        "name": "Bersihkan batas laju masuk",
        "task": "asnportal.bersihkan_batas_laju_task",
        "crontab": {"minute": "23", "hour": "3"},
    },
    {
        "name": "Bersihkan berkas sementara pekerjaan yang terhenti",
        "task": "asnportal.bersihkan_sementara_task",
        "crontab": {"minute": "41"},
    },
]


def all_schedules():
    out = list(CORE)
    for app in settings.INSTALLED_APPS:
        if "." in app:
            continue
        try:
            mod = importlib.import_module(f"{app}.schedules")
        except ModuleNotFoundError:
            continue
        out.extend(getattr(mod, "SCHEDULES", []))
    return out


class Command(BaseCommand):
    help = "Create or update the periodic tasks declared in code."

    def handle(self, *args, **options):
        for spec in all_schedules():
            defaults = {"task": spec["task"], "kwargs": json.dumps(spec.get("kwargs", {}))}
            if "interval_seconds" in spec:
                interval, _ = IntervalSchedule.objects.get_or_create(
                    every=spec["interval_seconds"], period=IntervalSchedule.SECONDS
                )
                defaults.update(interval=interval, crontab=None)
            else:
                cron = {
                    "minute": "0",
                    "hour": "1",
                    "day_of_week": "*",
                    "day_of_month": "*",
                    "month_of_year": "*",
                }
                cron.update(spec["crontab"])
                crontab, _ = CrontabSchedule.objects.get_or_create(**cron, timezone=settings.TIME_ZONE)
                defaults.update(crontab=crontab, interval=None)
            PeriodicTask.objects.update_or_create(name=spec["name"], defaults=defaults)
        self.stdout.write(f"{len(all_schedules())} schedule(s) in place")
