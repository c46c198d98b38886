#!/usr/bin/env bash
# Back up Portal ASN: the PostgreSQL database (pg_dump custom format) and the media folder (uploads, reports),
# into one timestamped folder with SHA-256 sums. Usage: scripts/backup.sh [DEST]  (default: var/backups)
# Needs DATABASE_URL (postgres://...) and, unless the default var/media, MEDIA_ROOT. Restore: scripts/restore.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL (postgres://user@host:port/db)}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "backup.sh backs up PostgreSQL only"; exit 2;; esac
media="${MEDIA_ROOT:-${PORTAL_VAR_DIR:-var}/media}"
dest="${1:-${PORTAL_VAR_DIR:-var}/backups}/portal-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$dest/database.dump"
if [ -d "$media" ]; then tar -C "$media" -cf "$dest/media.tar" .; else tar -cf "$dest/media.tar" -T /dev/null; fi
(cd "$dest" && sha256sum database.dump media.tar > SHA256SUMS)
echo "$dest"
