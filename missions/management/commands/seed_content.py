from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from missions.editions.cachetags import queue_purge
from missions.editions.document import schema_errors
from missions.editions.figures import publish_figures
from missions.editions.files import EditionFileError, parse, shipped_files
from missions.editions.loading import Loader, Report, make_edition, with_catalog
from missions.models.editions import Edition, content_hash


def load_seed(paths):
    """Make the records and editions match the seed files: the records as the newest file
    names them (older files add what it does not name), and one edition per file. Safe to
    run twice. Returns the Report; raises EditionFileError naming the file."""
    report = Report()
    files = []
    for path in paths:
        try:
            files.append((path, parse(path.read_text(encoding="utf-8"))))
        except EditionFileError as error:
            raise EditionFileError([f"{path.name}: {e}" for e in error.errors]) from error
    files.sort(key=lambda item: item[1].took_effect, reverse=True)
    with transaction.atomic():
        claimed = set()
        loaders = [(path, Loader(f, report, sync=True, claimed=claimed)) for path, f in files]
        for phase in ("records", "link", "figures"):
            for _path, loader in loaders:
                getattr(loader, phase)()
        errors = [f"{path.name}: {e}" for path, loader in loaders for e in loader.errors]
        for path, edition_file in reversed(files):
            document = with_catalog(edition_file.document())
            errors += [f"{path.name}: {path_} {m}" for path_, m in schema_errors(document)]
            same = Edition.objects.filter(
                took_effect=edition_file.took_effect, content_hash=content_hash(document)
            )
            if not errors and not same.exists():
                edition = make_edition(edition_file, document)
                publish_figures(dict(loaders)[path].created_figures, edition)
                queue_purge(edition)
                report.editions.append(edition)
        if errors:
            raise EditionFileError(errors)
    return report


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
