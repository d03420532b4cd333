"""The recognition tests' fixture ``team`` (tests/recognition_support.py)."""

from tests.recognition_support import team  # noqa: F401 - the fixture
