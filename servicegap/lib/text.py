"""Rules for text arriving from outside that hold for every way in.

PostgreSQL cannot store U+0000 (NUL) in a text or JSON column, so it is refused on both databases
before anything is looked up or written, naming where it was found.
"""

from __future__ import annotations

from typing import Any

NUL = "\x00"
NUL_MESSAGE = "text may not contain the NUL character (U+0000)"


def nul_path(value: Any, path: str = "") -> str | None:
    """The path (``answers[0].value``) of the first key or string of a parsed JSON value that holds
    NUL; ``path`` itself when it is the value; None when there is none."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return where
            found = nul_path(item, where)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None
