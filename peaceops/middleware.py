import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answers /healthz with 200 if the database answers, else 503. It comes first, before
    the host and HTTPS checks, because load balancers and container probes call the bare
    address over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            logger.warning("Health check: the database is unreachable.", exc_info=True)
            response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        else:
            response = JsonResponse({"status": "ok", "database": "up"})
        add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A plain 503 page, with no stack trace, when the database cannot be reached. Nothing
    is kept from the failure: the next request connects afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("The database is unavailable: %s", exception)
        # Rendered without the request: context processors would query the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
