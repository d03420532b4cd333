"""Page numbers for the API's long lists (``@paginate(Pages)``)."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 10_000_000  # pages of at most 100 (NINJA_MAX_PER_PAGE_SIZE): offsets below 10**9


class Pages(PageNumberPagination):
    """Ninja's page numbers with a bound on ``page``: an offset past 2**63 is a 500 in SQLite."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
