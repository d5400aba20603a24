from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

# Rebuilt by migrate, or of no use in another database.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
# XML keeps the microseconds of each change's time, which JSON cuts to milliseconds.
FORMAT = "xml"


class Command(BaseCommand):
    help = (
        "Write every record, with its history, the staff accounts and the admin log, to a "
        "compressed XML file in backups/. Restore it with `manage.py loaddata FILE` into an "
        "empty, migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help='The file to write (default: backups/<time>.xml.gz); "-" for standard output.',
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            (settings.BASE_DIR / "backups").mkdir(exist_ok=True)
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            output = str(settings.BASE_DIR / "backups" / f"peaceops-{stamp}.{FORMAT}.gz")
        to_stdout = output == "-"
        call_command(
            "dumpdata",
            format=FORMAT,
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            output=None if to_stdout else output,
            verbosity=0,
            stdout=self.stdout._out,  # the raw stream, as dumpdata itself writes to
        )
        if not to_stdout:
            self.stdout.write(f"Wrote {output}")
