"""Publish the scheduled publications whose time has come (missions/editions/scheduling.py):
run it every minute (deploy/cron/peaceops, or docker-compose's scheduler service). It says
one line for each publication it published or refused, and nothing when nothing is due, so
that cron mails only news."""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from missions.editions.scheduling import publish_due
from missions.opendata.files import build_files

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish the scheduled publications that are due; nothing when none is."

    def handle(self, *args, **options):
        for scheduled in publish_due():
            due = f"{scheduled.go_live_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC"
            if scheduled.edition is None:
                self.stdout.write(f"Due {due}: refused. {scheduled.outcome_en}")
                continue
            self.stdout.write(f"Due {due}: published as edition {scheduled.edition.number}.")
            # As the review screen does. Without SITE_URL, build_downloads builds them later;
            # visitors get them streamed meanwhile.
            if settings.DOWNLOADS_BUILD_ON_PUBLISH and settings.SITE_URL:
                try:
                    build_files(scheduled.edition, settings.SITE_URL)
                except Exception:
                    logger.exception(
                        "The downloads of edition %s were not built.", scheduled.edition.number
                    )
