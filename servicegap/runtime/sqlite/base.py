"""The SQLite backend of ServiceGap (``ENGINE = "servicegap.runtime.sqlite"``): Django's, with write
transactions queued on a kernel file lock. The class and why it exists: ``runtime/internals.py``."""

from servicegap.runtime.internals import WriterQueueSQLite as DatabaseWrapper

__all__ = ["DatabaseWrapper"]
