"""Hooks for django-axes, which locks out repeated failed sign-ins to the admin, and the
visitor's address, which the lockout and the feedback rate limit count by."""

from django.conf import settings
from django.shortcuts import render
from ipware import get_client_ip


def client_ip(request):
    """The visitor's address. Each of the TRUSTED_PROXY_COUNT proxies appends the address it
    was called from to X-Forwarded-For, so the visitor is the Nth entry from the right; what
    comes before it was sent by the visitor and proves nothing. Without proxies, or when the
    header is too short to have come through them all, the connecting address."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        # ipware counts the proxies listed after the visitor: the nearest proxy is not
        # listed (it is REMOTE_ADDR). Other headers (X-Real-IP…) are the visitor's own.
        address, _routable = get_client_ip(
            request,
            proxy_count=count - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR")


def lockout(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
