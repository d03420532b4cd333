"""The WSGI application; refuses to load in production with debug on or a weak secret, so a
server started without `servicegap serve` (gunicorn servicegap.wsgi) is held to the same rules."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicegap.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - settings are configured by the line above

from servicegap import conf  # noqa: E402

conf.check_production(settings.DEBUG, conf.read_secret_key(), settings.MODE)

# Load the URL configuration, and with it every view and what views import, and the report kinds
# (their builders pull in NumPy and SciPy; the registry imports them on first use), now: `servicegap serve` loads this module once before forking its
# web workers, so each new or recycled worker answers its first request at once instead of after
# three seconds of imports, with its other requests queued behind.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - evaluated for its imports

from servicegap.reports import registry  # noqa: E402

registry.kinds()  # imports every declared kind's module
