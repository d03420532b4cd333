from __future__ import annotations

from django.shortcuts import redirect


def root(request):
    return redirect("login")
