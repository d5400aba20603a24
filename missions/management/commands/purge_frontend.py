"""Send the purge jobs that publishing queued to the shared cache in front of the site
(FRONTEND_CACHE: Varnish, Akamai or CloudFront), retrying each until it is acknowledged
(missions/frontend/). Run it as a worker (docker-compose's purge service), or with --once
from a timer. Each attempt is logged, as a JSON line on stdout."""

import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from missions.frontend.backends import frontend_backend
from missions.frontend.jobs import send_due


class Command(BaseCommand):
    help = "Send the pending purges to the frontend cache, retrying failed ones later."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Send what is due, then stop, rather than wait."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between two looks for due jobs (default 1).",
        )

    def handle(self, *args, once, interval, **options):
        try:
            backend = frontend_backend()
        except ImproperlyConfigured as error:
            raise CommandError(error) from error
        if backend is None:
            raise CommandError("FRONTEND_CACHE is none: there is no cache to purge.")
        while True:
            send_due(backend)  # which logs each attempt
            if once:
                return
            time.sleep(interval)
            # As a request would: a connection lost meanwhile (a database restart) is
            # replaced rather than failing every look from then on.
            close_old_connections()
