"""Understand text: every comment enriched, redacted, routed and searchable (docs/text.md)."""
