"""Spreadsheet import and export (django-import-export) of snapshots and missions.

The admin and `manage.py import_snapshots` use these same resources, so a file is
checked by the same rules wherever it comes in: each row goes through the model's
full_clean, as a form in the admin does, and one bad row means nothing is written.
"""

import datetime
import difflib
import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from missions.core.spreadsheets import spreadsheet_safe, spreadsheet_text
from missions.editions.warnings import figure_warnings
from missions.models import DeploymentSnapshot, Mission, Region
from missions.staff.importing import FileLineResult


class LookupWidget(widgets.ForeignKeyWidget):
    """Finds a record by any of several fields, ignoring case; exports its slug. Each
    value is looked up once per import, and one not found suggests the closest names."""

    def __init__(self, model, lookups, required=False):
        super().__init__(model, field="slug")
        self.lookups = lookups
        self.required = required
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            if self.required:
                raise ValueError(_("This column cannot be empty."))
            return None
        key = (value.casefold(), self.scope(row))
        if key not in self.found:
            try:
                self.found[key] = self.lookup(value, row)
            except ValueError as error:
                self.found[key] = error
        if isinstance(self.found[key], ValueError):
            raise self.found[key]
        return self.found[key]

    def scope(self, row):
        return None

    def lookup(self, value, row):
        query = Q()
        for lookup in self.lookups:
            query |= Q(**{f"{lookup}__iexact": value})
        matches = list(self.get_queryset(value, row).filter(query)[:2])
        if len(matches) == 1:
            return matches[0]
        if matches:
            return self.ambiguous(value)
        return self.not_found(value, row)

    def ambiguous(self, value):
        raise ValueError(
            _("“%(value)s” matches more than one %(model)s; use the slug instead.")
            % {"value": value, "model": self.model._meta.verbose_name}
        )

    def suggestion(self, value, row):
        """“ Did you mean “West Bank”?”, or nothing, for a value that matches no record."""
        names = {}  # what might have been meant: the name to suggest for it
        for values in self.get_queryset(value, row).values_list(*self.lookups):
            found = dict(zip(self.lookups, values, strict=True))
            shown = next((v for k, v in found.items() if k != "slug" and v), found.get("slug"))
            for lookup, name in found.items():
                if name:
                    names.setdefault(name.casefold(), name if lookup != "slug" else shown)
        close = difflib.get_close_matches(value.casefold(), names, n=1, cutoff=0.6)
        if not close:
            return ""
        return " " + _("Did you mean “%(name)s”?") % {"name": names[close[0]]}

    def not_found(self, value, row):
        raise ValueError(
            _("There is no %(model)s “%(value)s”.")
            % {"value": value, "model": self.model._meta.verbose_name}
            + self.suggestion(value, row)
        )


class RegionWidget(LookupWidget):
    def __init__(self):
        super().__init__(Region, ["slug", "name_en"], required=True)


class MissionWidget(LookupWidget):
    """A mission of the row's region, by slug, acronym or English name."""

    def __init__(self):
        super().__init__(Mission, ["slug", "acronym_en", "acronym_fr", "name_en"])

    def scope(self, row):
        return str(row.get("region") or "").strip().casefold()

    def get_queryset(self, value, row, *args, **kwargs):
        region = str(row.get("region") or "").strip()
        return Mission.objects.filter(
            Q(region__slug__iexact=region) | Q(region__name_en__iexact=region)
        )

    def not_found(self, value, row):
        raise ValueError(
            _("There is no mission “%(value)s” in the region “%(region)s”.")
            % {"value": value, "region": str(row.get("region") or "").strip()}
            + self.suggestion(value, row)
        )


class WholeNumberWidget(widgets.IntegerWidget):
    """Whole numbers only: 1.5 is an error, not 1."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if re.fullmatch(r"[+-]?\d+", str(value).strip()):
            return int(str(value).strip())
        raise ValueError(_("Enter a whole number."))


class IsoDateWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):  # a date cell in a spreadsheet
            return value.date()
        try:
            return super().clean(value.strip() if isinstance(value, str) else value)
        except ValueError:
            raise ValueError(_("Enter a valid date in the form YYYY-MM-DD.")) from None


class StrictBooleanWidget(widgets.BooleanWidget):
    """Yes or no, 1 or 0, true or false, or empty; anything else is an error."""

    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "yes", "Yes", "YES"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "no", "No", "NO"]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if value not in (*self.TRUE_VALUES, *self.FALSE_VALUES, *self.NULL_VALUES):
            raise ValueError(_("Enter yes or no, or leave it empty."))
        return super().clean(value, row, **kwargs)


class SpreadsheetResource(resources.ModelResource):
    """Exports text a spreadsheet would run as a formula defused, in every format, and
    reads it back as it was."""

    def export_field(self, field, instance, **kwargs):
        return spreadsheet_safe(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for column, value in row.items():
            row[column] = spreadsheet_text(value)


class AllOrNothingResource(SpreadsheetResource):
    """An import that checks every row like an admin form, and writes nothing unless
    every row passes."""

    #: Columns a file must have; any column the resource does not know is an error.
    required_columns = ()

    def __init__(self, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.progress = progress

    @classmethod
    def get_result_class(cls):
        return FileLineResult

    def import_data(self, dataset, **kwargs):
        # One transaction, rolled back on any invalid row, whoever calls it.
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        result = super().import_data(dataset, **kwargs)
        result.locate(getattr(dataset, "lines", range(2, len(dataset) + 2)))
        return result

    def before_import(self, dataset, **kwargs):
        dataset.headers = [str(header or "").strip().lower() for header in dataset.headers or []]
        known = [field.column_name for field in self.get_export_fields()]
        missing = [column for column in self.required_columns if column not in dataset.headers]
        unknown = [header for header in dataset.headers if header not in known]
        if missing or unknown:
            problems = []
            if missing:
                problems.append(_("missing columns: %s") % ", ".join(missing))
            if unknown:
                problems.append(_("unknown columns: %s") % ", ".join(unknown))
            raise ValueError(
                _("The header row is wrong (%(problems)s). The columns are: %(columns)s.")
                % {"problems": "; ".join(problems), "columns": ",".join(known)}
            )

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = _("Imported from %(file)s") % {
            "file": kwargs.get("file_name") or _("a file")
        }

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.values = dict(row)  # for the preview, which shows every row as read
        return row_result

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress:
            self.progress(kwargs["row_number"])


class SnapshotResource(AllOrNothingResource):
    """Deployment figures. Every row is a new snapshot: a row for a date that already
    has figures is an error, never an update (correct a figure in the admin)."""

    region = fields.Field(attribute="region", widget=RegionWidget())
    mission = fields.Field(attribute="mission", widget=MissionWidget())
    as_of = fields.Field(attribute="as_of", widget=IsoDateWidget())
    authorized = fields.Field(attribute="authorized", widget=WholeNumberWidget())
    deployed = fields.Field(attribute="deployed", widget=WholeNumberWidget())
    source = fields.Field(attribute="source", widget=widgets.CharWidget())

    required_columns = ("region", "mission", "as_of", "authorized", "deployed", "source")

    class Meta:
        model = DeploymentSnapshot
        fields = ("region", "mission", "as_of", "authorized", "deployed", "source")
        import_order = export_order = fields
        force_init_instance = True
        clean_model_instances = True
        skip_html_diff = True  # the preview shows each row as read (importing.file_table)
        store_instance = True  # the figures read, for the preview's warnings

    def get_queryset(self):
        return super().get_queryset().select_related("region", "mission")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.dates = {}  # region id: {(mission id, as_of)} taken, in the database or the file

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # A preview of a file that passes every check warns of contradictions it brings.
        if kwargs.get("dry_run") and not (result.has_errors() or result.has_validation_errors()):
            result.warnings = figure_warnings(row.instance for row in result.rows if row.instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's full_clean, with its constraints checked against figures read once
        per region rather than by three queries a row (the database enforces them too)."""
        errors = dict(import_validation_errors or {})
        try:
            # The widgets found the region and mission: no need to query them again.
            instance.full_clean(
                exclude=[*errors, "region", "mission"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        constraints = {c.name: c for c in DeploymentSnapshot._meta.constraints}
        if instance.authorized is None and instance.deployed is None:
            message = constraints["snapshot_has_a_figure"].violation_error_message
            errors.setdefault(NON_FIELD_ERRORS, []).append(message)
        if instance.region_id and instance.as_of and "as_of" not in errors:
            if instance.region_id not in self.dates:
                self.dates[instance.region_id] = set(
                    DeploymentSnapshot.objects.filter(region_id=instance.region_id).values_list(
                        "mission_id", "as_of"
                    )
                )
            taken = self.dates[instance.region_id]
            key = (instance.mission_id, instance.as_of)
            if key in taken:
                level = "mission" if instance.mission_id else "region"
                message = constraints[f"snapshot_unique_{level}_date"].violation_error_message
                errors.setdefault("as_of", []).append(message)
            elif not errors:
                taken.add(key)
        if errors:
            raise ValidationError(errors)


def draft_region_error(region, was_published, may_publish):
    """The rule of the mission form (admin.MissionForm.clean_region) and its import: moving
    a published mission into a draft region takes it off the public site, which only a
    Publisher may do. The ValidationError, or None if the move is allowed."""
    if region.published or not was_published or may_publish:
        return None
    return ValidationError(
        _(
            "“%(region)s” is a draft region: moving this published mission there would "
            "take it off the public site. Only a Publisher can do that; or ask a "
            "Publisher to publish the region first."
        ),
        code="unpublishes",
        params={"region": region},
    )


class MissionResource(AllOrNothingResource):
    """Missions, matched by slug. `published` is exported but never imported: a
    publisher publishes. `version` refuses a row edited from an out-of-date export."""

    region = fields.Field(attribute="region", widget=RegionWidget())
    predecessor = fields.Field(
        attribute="predecessor",
        widget=LookupWidget(Mission, ["slug"]),
    )
    position = fields.Field(attribute="position", widget=WholeNumberWidget())
    started = fields.Field(attribute="started", widget=IsoDateWidget())
    ended = fields.Field(attribute="ended", widget=IsoDateWidget())
    armed = fields.Field(attribute="armed", widget=StrictBooleanWidget())
    published = fields.Field(attribute="published", readonly=True, widget=StrictBooleanWidget())
    version = fields.Field(attribute="version", readonly=True, widget=WholeNumberWidget())

    required_columns = ("slug", "version")

    class Meta:
        model = Mission
        fields = (
            "slug",
            "region",
            "name_en",
            "name_fr",
            "acronym_en",
            "acronym_fr",
            "kind",
            "status",
            "position",
            "started",
            "started_precision",
            "ended",
            "ended_precision",
            "language",
            "armed",
            "predecessor",
            "body_en",
            "body_fr",
            "source",
            "published",
            "version",
        )
        import_order = export_order = fields
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return super().get_queryset().select_related("region", "predecessor")

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False

        def value(obj, field):
            # An empty cell matches a text that was never filled in (NULL).
            stored = field.get_value(obj)
            return None if stored == "" else stored

        return all(
            value(instance, field) == value(original, field) for field in self.get_import_fields()
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        region_id = instance.region_id
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if instance.pk is not None and instance.region_id != region_id:
            user = kwargs.get("user")  # the admin's; nobody's, and so no right, elsewhere
            may_publish = user is not None and user.has_perm("missions.publish_mission")
            if error := draft_region_error(instance.region, instance.published, may_publish):
                errors.setdefault("region", []).extend(error.messages)
        if instance.pk is not None and str(row.get("version") or "").strip() != str(
            instance.version
        ):
            errors["version"] = [
                _(
                    "This mission was changed after the file was exported (the file has "
                    "version %(file)s, the site has version %(site)s). Export it again and "
                    "redo your changes, so that nobody's edit is lost."
                )
                % {"file": row.get("version") or "—", "site": instance.version}
            ]
        if errors:
            raise ValidationError(errors)
