"""The quality app's API routers under /api/v1, each part in its own module: the indicators
(``indicator_api``) and the walk-throughs (``walk_api``)."""

from ninja import Router

from servicegap.quality.indicator_api import router as indicators
from servicegap.quality.walk_api import router as walks

router = Router()
router.add_router("", indicators)
router.add_router("", walks)
