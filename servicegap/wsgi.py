"""The WSGI application; refuses to load in production with debug on or a weak secret, so a
server started without `servicegap serve` (gunicorn servicegap.wsgi) is held to the same rules."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicegap.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - settings are configured by the line above

from servicegap import conf  # noqa: E402

conf.check_production(settings.DEBUG, conf.read_secret_key(), settings.MODE)
