"""ServiceGap: publish service standards, measure the gap customers and employees experience."""

__version__ = "0.1.0"
