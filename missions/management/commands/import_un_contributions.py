from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missions.editions.un_import import UNImportError, import_un_contributions


class Command(BaseCommand):
    help = (
        "Import the UN's monthly figures of Canada's police from a CSV file: the UN Peace "
        "and Security Data Hub's DPO-UCHISTORICAL file (the rows of UN_CONTRIBUTOR's "
        "police), or the extract's date,mission_acronym,personnel_type,male,female,total. "
        "All or nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would be created or changed, writing nothing.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as lines:
                report = import_un_contributions(lines, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text.") from error
        except UNImportError as error:
            raise CommandError(f"{file}: nothing was imported.\n{error}") from error
        for line in report.lines(file.name, dry_run):
            self.stdout.write(line)
