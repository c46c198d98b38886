"""Replacing and adding stored files without ever losing one (issue 18).

The order is always: write the new file to storage first (a full disk fails here, before anything changed);
switch the row in the transaction; delete the replaced file only after the transaction commits. If anything
fails before the commit, the new file is removed and the old one is untouched, so a row never points at a file
that is gone.

    with files.swap() as fs, transaction.atomic():
        row = Model.objects.select_for_update().get(pk=pk)
        fs.put(row, "berkas", upload)       # writes now; the previous file goes after commit
        row.save()

`put` must run inside the atomic block (its deletion is registered with transaction.on_commit); `swap()` must be
outside it (it cleans up after the rollback).
"""

from __future__ import annotations

import contextlib
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def delete_quietly(storage, name: str) -> None:
    """Delete a stored file; a failure is logged (a file left behind), never raised into a committed change."""
    try:
        storage.delete(name)
    except OSError as exc:
        logger.warning("stored file %s could not be deleted: %s", name, exc)


class FileSwap:
    def __init__(self):
        self.written: list[tuple[object, str]] = []

    def put(self, instance, field_name: str, upload, name: str | None = None) -> str:
        """Write `upload` into `instance.<field_name>` now (not saved to the database); the field's previous
        file is deleted after commit. Returns the stored name."""
        field = getattr(instance, field_name)
        old = field.name
        field.save(name or getattr(upload, "name", None) or "berkas", upload, save=False)
        storage, new = field.storage, field.name
        self.written.append((storage, new))
        if old and old != new:
            transaction.on_commit(lambda: delete_quietly(storage, old))
        return new

    def discard(self, storage, name: str) -> None:
        """Delete a stored file after commit (a row removed with its file)."""
        if name:
            transaction.on_commit(lambda: delete_quietly(storage, name))

    def rollback(self) -> None:
        for storage, name in self.written:
            delete_quietly(storage, name)


@contextlib.contextmanager
def swap():
    fs = FileSwap()
    try:
        yield fs
    except BaseException:
        fs.rollback()
        raise
