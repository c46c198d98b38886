"""Rate-limit counters as an UNLOGGED table on PostgreSQL: no WAL, so bumping a counter does not wait for a
disk flush on every public request. The counters only guard CPU; losing them on a crash is harmless (the
table comes back empty). SQLite (embedded mode) has no such option: nothing happens there."""

from django.db import migrations


def _set(logged: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("ALTER TABLE asnportal_bataslaju SET %s" % ("LOGGED" if logged else "UNLOGGED"))

    return run


class Migration(migrations.Migration):
    dependencies = [("asnportal", "0005_bataslaju")]

    operations = [migrations.RunPython(_set(False), _set(True), elidable=False)]
