from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missions.editions.files import EditionFileError
from missions.editions.loading import load_edition


class Command(BaseCommand):
    help = (
        "Load a historical edition of the page from a TOML file (docs/edition-files.md): the "
        "edition, and the regions, missions, postings and figures it names that do not exist "
        "yet. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would be created."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            report = load_edition(file.read_text(encoding="utf-8"), dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except EditionFileError as error:
            raise CommandError(f"{file}: nothing was loaded.\n{error}") from error
        for line in report.lines(dry_run):
            self.stdout.write(line)
