"""Trigram index for the pegawai search (`nama` contains, case-insensitive) on PostgreSQL.

Django's icontains compiles to UPPER("nama"::text) LIKE UPPER('%…%'); a GIN trigram index on that exact
expression lets PostgreSQL answer it without reading every pegawai of the instansi. SQLite (embedded mode) has
no such index type: the migration does nothing there.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS kepegawaian_pegawai_nama_trgm "
    "ON kepegawaian_pegawai USING gin ((UPPER(nama::text)) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS kepegawaian_pegawai_nama_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("kepegawaian", "0002_instansi_wke_menit_jabatan_ikhtisar_and_more")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
