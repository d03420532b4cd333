"""Every place ServiceGap leans on a private part of Django, gathered here, with why.

Each one was measured to matter; each is guarded by ``tests/runtime/test_internals.py``, which fails
when a Django upgrade removes or renames a hook named in ``RELIED_ON`` (Django 5.2 LTS today).
Nothing else in the code may touch Django's private attributes.

1. **A writer queue for SQLite** (``WriterQueueSQLite``, the ``servicegap.runtime.sqlite`` backend).
   SQLite allows one writer at a time, and a waiting writer sleeps in SQLite's busy handler in
   growing steps of up to 100 ms, which turns a short queue of writers into long tail latencies.
   Every write transaction first takes an exclusive ``flock`` on ``<database>.writelock``, so the
   kernel wakes the next writer the moment the lock is released, across threads and processes.
   It hooks the private transaction methods of Django's SQLite wrapper
   (``_start_transaction_under_autocommit``, ``_commit``, ``_rollback``, ``_set_autocommit``,
   ``_close``); there is no public hook around a transaction's start and end. Measured with
   concurrent API ingest (benchmarks/ingest.py, docs/performance.md).
2. **Model instances without ``Model.__init__``** (``bare_instance``, ``mark_stored``), used by
   ``runtime/bulk.py`` for the rows of a bulk import and of API ingest. ``__init__``'s checks per
   keyword cost five times the rest of building an instance; the bulk import of 1,000,000 answers
   went from 34,300 to about 110,000 answers/s with this and the other changes of that work. Used
   only when no ``pre_init``/``post_init`` receiver listens for the model, and the instance is
   left as ``__init__`` leaves it: a fresh ``ModelState`` and every attname in ``__dict__``.
3. **Model internals read, not changed**: ``Model._meta`` (fields, table, primary key) and
   ``Model._state`` (``adding``, ``db``) in ``runtime/bulk.py`` and ``runtime/rows.py``. ``_meta`` is
   documented as the Model _meta API; ``_state`` is not, but every third-party bulk loader
   sets it the same way.
"""

from __future__ import annotations

import fcntl
import os
from typing import Any

from django.db import models
from django.db.backends.sqlite3 import base as sqlite_base
from django.db.models.base import ModelState

# (owner, attribute): what a Django upgrade must keep for the code above to work.
RELIED_ON: tuple[tuple[Any, str], ...] = (
    (sqlite_base.DatabaseWrapper, "_start_transaction_under_autocommit"),
    (sqlite_base.DatabaseWrapper, "_commit"),
    (sqlite_base.DatabaseWrapper, "_rollback"),
    (sqlite_base.DatabaseWrapper, "_set_autocommit"),
    (sqlite_base.DatabaseWrapper, "_close"),
    (sqlite_base.DatabaseWrapper, "is_in_memory_db"),
    (ModelState, "adding"),
    (ModelState, "db"),
    (ModelState, "fields_cache"),
)


class WriterQueueSQLite(sqlite_base.DatabaseWrapper):
    """Django's SQLite wrapper whose write transactions queue on a kernel file lock (1. above)."""

    _lock_fd: int | None = None
    _locked = False

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict.get("NAME") or "")
        if not name or self.is_in_memory_db():
            return None
        return name + ".writelock"

    def _acquire_write_lock(self) -> None:
        path = self._lock_path()
        if path is None or self._locked:
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._locked = True

    def _release_write_lock(self) -> None:
        if self._locked and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._locked = False

    def _start_transaction_under_autocommit(self):
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private: RELIED_ON
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()  # type: ignore[misc]  # private: RELIED_ON
        finally:
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()  # type: ignore[misc]  # private: RELIED_ON
        finally:
            self._release_write_lock()

    def _set_autocommit(self, autocommit):
        try:
            super()._set_autocommit(autocommit)  # type: ignore[misc]  # private: RELIED_ON
        finally:
            if autocommit:
                self._release_write_lock()

    def _close(self):
        try:
            return super()._close()  # type: ignore[misc]  # private: RELIED_ON
        finally:
            self._release_write_lock()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def bare_instance(model: type[models.Model], attnames: tuple[str, ...], values: list[Any]) -> Any:
    """An unsaved instance of ``model`` as ``Model.__init__`` would leave it, without running it
    (2. above): the caller has checked that no init signal listens and gives every attname."""
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(zip(attnames, values, strict=True))
    return obj


def mark_stored(obj: models.Model, alias: str) -> None:
    """What ``Model.save`` records once a row is inserted: no longer adding, and where."""
    obj._state.adding = False
    obj._state.db = alias
