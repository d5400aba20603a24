import datetime
import gzip
import io
import os
from contextlib import nullcontext

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

# Rebuilt by migrate, or of no use in another database.
EXCLUDED = {"contenttypes", "auth.permission", "sessions", "axes"}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond, as stored: DjangoJSONEncoder cuts them to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Command(BaseCommand):
    help = (
        "Write every record, with its history and the admin log, to a compressed JSON file "
        "in backups/, readable by its owner only. Staff accounts are kept as user names "
        "only (no password, no e-mail address) unless --include-users is given. Restore it "
        "with `manage.py loaddata FILE` into an empty, migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help='The file to write (default: backups/<time>.json.gz); "-" for standard output.',
        )
        parser.add_argument(
            "--include-users",
            action="store_true",
            help="Keep staff accounts whole: password hashes, e-mail addresses, groups.",
        )

    def handle(self, *args, output=None, include_users=False, **options):
        if output is None:
            (settings.BASE_DIR / "backups").mkdir(mode=0o700, exist_ok=True)
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            output = str(settings.BASE_DIR / "backups" / f"peaceops-{stamp}.json.gz")
        objects = self.records(include_users)
        if output == "-":
            self.serialize(objects, self.stdout._out)  # the raw stream
            return
        # Created readable by its owner only, whatever the umask; an existing file too.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        compress = output.endswith(".gz")
        with (
            open(descriptor, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb") if compress else nullcontext(raw) as binary,
            io.TextIOWrapper(binary, encoding="utf-8") as stream,
        ):
            self.serialize(objects, stream)
        self.stdout.write(f"Wrote {output}")

    def serialize(self, objects, stream):
        serializers.serialize(
            "json",
            objects,
            stream=stream,
            cls=ExactJSONEncoder,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )

    def records(self, include_users):
        """Every record, model by model in the order loaddata needs, as dumpdata does."""
        app_list = [(config, None) for config in apps.get_app_configs()]
        for model in serializers.sort_dependencies(app_list, allow_cycles=True):
            opts = model._meta
            if opts.proxy or not opts.managed or {opts.app_label, opts.label} & EXCLUDED:
                continue
            queryset = model._default_manager.order_by(opts.pk.name)
            if model is User and not include_users:
                yield from self.user_names(queryset)
            else:
                yield from queryset.iterator()

    def user_names(self, users):
        """What the history and the admin log need to say who made a change: each account
        with its name and groups, but no password, e-mail address or other personal data,
        inactive."""
        fields = ("pk", "username", "date_joined")
        for pk, username, date_joined in users.values_list(*fields).iterator():
            yield User(
                pk=pk,
                username=username,
                password=make_password(None),
                is_active=False,
                date_joined=date_joined,
            )
