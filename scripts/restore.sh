#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty media folder.
# Usage: DATABASE_URL=postgres://.../new_db MEDIA_ROOT=/path/to/media scripts/restore.sh BACKUP_DIR
# Stop web, worker and beat first (or point them at the restored database and media afterwards), then run
# `manage.py migrate` (a no-op for a backup of the same release) and start them again.
set -euo pipefail
src="${1:?usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the (empty) media folder to restore into}"
(cd "$src" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$src/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xf "$src/media.tar"
echo "restored $src"
