"""Hooks for django-axes, which locks out repeated failed sign-ins to the admin."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The visitor's address. Each trusted proxy appends the address it was called from to
    X-Forwarded-For, so with N of them the visitor is the Nth entry from the right; what
    comes before it was sent by the visitor and proves nothing."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
