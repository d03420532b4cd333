"""The Django-side text tests' fixtures (tests/text_support.py)."""

from tests.text_support import place  # noqa: F401 - the fixture
