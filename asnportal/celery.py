import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asnportal.settings.local")

app = Celery("asnportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.beat_init.connect
def _only_one_beat(sender=None, **kwargs):
    """A second beat stands by until the first is gone (asnportal.beatlock)."""
    from asnportal import beatlock

    beatlock.acquire()
