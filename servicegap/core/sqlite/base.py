"""The SQLite backend of ServiceGap (``ENGINE = "servicegap.core.sqlite"``): Django's, with write
transactions queued on a kernel file lock. The class and why it exists: ``core/internals.py``."""

from servicegap.core.internals import WriterQueueSQLite as DatabaseWrapper

__all__ = ["DatabaseWrapper"]
