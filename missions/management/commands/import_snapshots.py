from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missions.staff.importing import ImportFileError, check_size, problems, read_csv, read_xlsx
from missions.staff.resources import SnapshotResource

READERS = {".csv": read_csv, ".xlsx": read_xlsx}


class Command(BaseCommand):
    help = (
        "Import deployment figures from a CSV (or XLSX) file with the header "
        "region,mission,as_of,authorized,deployed,source. All or nothing: if any row is "
        "wrong, every problem is listed with its line number and nothing is written."
    )
    progress_every = 500

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and list what would be created, without writing anything.",
        )

    def handle(self, *args, file, dry_run, **options):
        dataset = self.read(Path(file))
        total = len(dataset)

        def progress(row_number):
            if total > self.progress_every and row_number % self.progress_every == 0:
                self.stderr.write(f"Checked {row_number} of {total} rows…")

        resource = SnapshotResource(progress=progress)
        result = resource.import_data(
            dataset, dry_run=dry_run, file_name=Path(file).name, retain_instance_in_row_result=True
        )
        found = problems(result)
        if found:
            for line in found:
                self.stderr.write(line)
            raise CommandError(
                f"{file}: {len(found)} problem(s) found. Nothing was imported; "
                "correct the file and run the command again."
            )
        if not total:
            self.stdout.write(f"{file} has no rows: nothing to import.")
        elif dry_run:
            self.stdout.write(f"Dry run: {total} snapshot(s) would be created:")
            for number, row in enumerate(result.rows, start=2):
                snapshot = row.instance
                self.stdout.write(
                    f"  line {result.where(number)}: {snapshot}: "
                    f"authorized {dash(snapshot.authorized)}, "
                    f"deployed {dash(snapshot.deployed)}"
                )
            self.stdout.write("Nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {total} snapshot(s) from {file}."))

    def read(self, path):
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            raise CommandError(f"{path}: use a .csv or .xlsx file.")
        try:
            check_size(path.stat().st_size)  # before reading it
            data = path.read_bytes()
            return reader(data if reader is read_xlsx else data.decode("utf-8-sig"))
        except OSError as e:
            raise CommandError(f"{path}: {e.strerror}.") from e
        except UnicodeDecodeError as e:
            raise CommandError(f"{path} is not UTF-8 text.") from e
        except ImportFileError as e:
            raise CommandError(f"{path}: {e}") from e


def dash(value):
    return "—" if value is None else value
