"""Text as it may be shown or exported: the engine's redaction (``servicegap.text.redact``),
imported on first use so that Django-side modules load without the engine's imports."""

from __future__ import annotations


def redact(text: str) -> str:
    """``text`` with e-mail addresses, phone, card and account numbers replaced."""
    from servicegap.text.redact import redact as engine_redact

    return engine_redact(text)
