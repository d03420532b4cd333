from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

from servicegap.core.public import is_public_page


class LoginRequiredMiddleware:
    """Every page that is not on the public list sends an anonymous visitor to login, one hop."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if request.user.is_authenticated or is_public_page(path) or path.startswith("/api/"):
            return self.get_response(request)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
