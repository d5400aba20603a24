"""Build the live edition's full figure downloads (missions/opendata/files.py), for a site
that does not build them while publishing (DOWNLOADS_BUILD_ON_PUBLISH off): run it on a
timer. Files already built are kept, so a run with nothing new to build costs a query."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from missions.models.editions import Edition
from missions.opendata.files import build_files


class Command(BaseCommand):
    help = "Build the full figure downloads of the live edition, if not built yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="The site's address, cited in the JSON files, e.g. https://peace.example.ca "
            "(default: the SITE_URL setting).",
        )

    def handle(self, *args, site_url, **options):
        site = urlsplit(site_url)
        if site.scheme not in ("http", "https") or not site.netloc:
            raise CommandError(
                "Give the site's address as https://host (SITE_URL or --site-url), "
                f"not {site_url!r}."
            )
        live = Edition.objects.live()
        if live is None:
            self.stdout.write("No edition is live yet: nothing to build.")
            return
        built = build_files(live, site_url)
        if built:
            self.stdout.write(f"Edition {live.number}: built {', '.join(built)}.")
        else:
            self.stdout.write(f"Edition {live.number}: every file was built already.")
