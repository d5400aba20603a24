from django.core.management.base import BaseCommand, CommandError

from missions.edition_files import EditionFileError, shipped_files
from missions.loading import load_seed


class Command(BaseCommand):
    help = (
        "Load the seed pages shipped in content/editions/: the records as the newest page "
        "has them, and each page as a historical edition of its date. Safe to run twice."
    )

    def handle(self, *args, **options):
        try:
            report = load_seed(shipped_files())
        except EditionFileError as error:
            raise CommandError(str(error)) from error
        records = len(report.created) + len(report.changed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed content loaded: {records} records changed, "
                f"{len(report.editions)} editions added."
            )
        )
