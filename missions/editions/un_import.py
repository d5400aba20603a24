"""Importing the UN's monthly figures of Canada's police (UNContribution) from a CSV file,
for `manage.py import_un_contributions`.

Two layouts, told apart by the header:
- the UN Peace and Security Data Hub's DPO-UCHISTORICAL file, every country and personnel
  type: the rows of settings.UN_CONTRIBUTOR's police are kept, other columns ignored;
- the shared extract (content/un-police-contributions/): date, mission_acronym,
  personnel_type, male, female, total.

Figures are copied as given; an empty field stays empty. All or nothing: a bad row refuses
the whole file with its line, and nothing is written.
"""

import csv
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions.core.choices import PersonnelType
from missions.models import Mission, UNContribution

EXTRACT_COLUMNS = ("date", "mission_acronym", "personnel_type", "male", "female", "total")
DATA_HUB_COLUMNS = (
    "isocode3",
    "mission_acronym",
    "personnel_type",
    "male_personnel",
    "female_personnel",
    "last_reporting_date",
)
POLICE = {PersonnelType.INDIVIDUAL_POLICE, PersonnelType.FORMED_POLICE_UNITS}

# Each row's source, as content/un-police-contributions/README.md gives it; its two
# sources do not overlap, so a row's date says which it came from.
DATA_HUB_SOURCE = "UN Peace and Security Data Hub, DPO-UCHISTORICAL"
IPI_SOURCE = (
    "IPI Peacekeeping Database (International Peace Institute, Providing for Peacekeeping), "
    "gender file: IPIDataLab/PPP_Loader, ppp_files/full_gender_data.csv, commit ee52ebc "
    "(2014-10-21). Licence: the repository's GNU GPL v2 LICENSE file; no separate data "
    "licence is stated."
)
UN_REPORTS_SOURCE = (
    "United Nations, Department of Peace Operations: monthly reports of contributions by "
    "mission, country and personnel type (PDF), as kept in kl371218/kl371218, commit "
    "3589eca (2025-09-14). Licence: none is stated."
)
UN_REPORTS_FROM = datetime.date(2015, 1, 1)
ACRONYM_LENGTH = UNContribution._meta.get_field("acronym").max_length


class UNImportError(ValueError):
    """The file is refused; `problems` are its lines' faults, for the person importing."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    line: int
    month: datetime.date
    acronym: str
    personnel_type: str
    male: int | None
    female: int | None
    total: int | None
    source: str

    @property
    def key(self):
        return (self.month, self.acronym, self.personnel_type)

    def figures(self):
        return (self.male, self.female, self.total)

    def heading(self):
        return _("%(mission)s, %(month)s (%(type)s)") % {
            "mission": self.acronym or _("Canada, all missions"),
            "month": self.month.isoformat(),
            "type": self.personnel_type,
        }

    def label(self):
        return _("%(row)s: male %(male)s, female %(female)s, total %(total)s") % {
            "row": self.heading(),
            **{
                name: dash(value)
                for name, value in zip(("male", "female", "total"), self.figures(), strict=True)
            },
        }


@dataclass
class Report:
    rows: int = 0
    created: list[Row] = field(default_factory=list)
    changed: list[tuple[Row, list[str]]] = field(default_factory=list)  # (row, changes)
    left_out: int = 0
    zeros: list[tuple[Row, Row]] = field(default_factory=list)  # (left out, kept)
    national: int = 0
    unmatched: Counter = field(default_factory=Counter)

    def lines(self, file_name, dry_run):
        """What was done, or in a dry run what would be, as lines of text."""
        if not self.rows:
            yield _("%(file)s has no rows to import.") % {"file": file_name}
        elif not self.created and not self.changed:
            yield ngettext(
                "Nothing to change: the %(count)s row of %(file)s is already imported.",
                "Nothing to change: the %(count)s rows of %(file)s are already imported.",
                self.rows,
            ) % {"count": self.rows, "file": file_name}
        else:
            values = {
                "created": len(self.created),
                "changed": len(self.changed),
                "same": self.rows - len(self.created) - len(self.changed),
            }
            yield (
                _(
                    "Dry run, nothing was written. %(created)s UN figure(s) would be created, "
                    "%(changed)s changed, %(same)s left as they are."
                )
                if dry_run
                else _(
                    "%(created)s UN figure(s) created, %(changed)s changed, %(same)s left as "
                    "they are."
                )
            ) % values
            for row in self.created if dry_run else []:
                yield _("Would create %(row)s.") % {"row": row.label()}
            for row, changes in self.changed:
                message = (
                    _("Would change %(row)s: %(changes)s.")
                    if dry_run
                    else _("Changed %(row)s: %(changes)s.")
                )
                yield message % {"row": row.heading(), "changes": ", ".join(changes)}
        if self.left_out:
            yield _("Left out: %(count)s row(s) of other countries or personnel types.") % {
                "count": self.left_out
            }
        for zero, kept in self.zeros:
            yield _(
                "Left out line %(line)s, %(row)s: every figure is 0, and line %(kept)s "
                "gives figures for the same month, mission and personnel type."
            ) % {"line": zero.line, "row": zero.label(), "kept": kept.line}
        if self.national:
            yield _("Canada's totals with no split by mission: %(count)s row(s).") % {
                "count": self.national
            }
        if self.unmatched:
            yield _("Not on the RCMP page: %(acronyms)s.") % {
                "acronyms": ", ".join(
                    ngettext("%(acronym)s (%(count)s row)", "%(acronym)s (%(count)s rows)", count)
                    % {"acronym": acronym, "count": count}
                    for acronym, count in sorted(self.unmatched.items())
                )
            }


def dash(value):
    return "—" if value is None else value


def shown(value):
    """A figure, or a mission by its slug."""
    return dash(getattr(value, "slug", value))


def import_un_contributions(lines, *, dry_run=False, contributor=None):
    """Imports the CSV text `lines` (an iterable of lines, e.g. an open file) into
    UNContribution, or with dry_run only says what it would do. Returns a Report; raises
    UNImportError, having written nothing, if any row is wrong."""
    report = Report()
    rows = read(lines, contributor or settings.UN_CONTRIBUTOR, report)
    report.rows = len(rows)
    missions = match([row for row in rows if row.acronym])
    with transaction.atomic():
        existing = {
            (record.month, record.acronym, record.personnel_type): record
            for record in UNContribution.objects.select_related("mission").select_for_update(
                of=("self",)
            )
        }
        new = []
        for row in rows:
            mission = missions.get(row.acronym.upper())
            if not row.acronym:
                report.national += 1
            elif mission is None:
                report.unmatched[row.acronym] += 1
            values = {
                "mission": mission,
                "male": row.male,
                "female": row.female,
                "total": row.total,
                "source": row.source,
            }
            record = existing.get(row.key)
            if record is None:
                report.created.append(row)
                new.append(
                    UNContribution(
                        month=row.month,
                        acronym=row.acronym,
                        personnel_type=row.personnel_type,
                        **values,
                    )
                )
            elif changes := differences(record, values):
                report.changed.append((row, changes))
                if not dry_run:
                    for name, value in values.items():
                        setattr(record, name, value)
                    record.save()
        if not dry_run:
            UNContribution.objects.bulk_create(new)
    return report


def differences(record, values):
    """What the file changes in `record`, as words: figures and mission old → new."""
    changes = [
        _("%(name)s %(old)s → %(new)s")
        % {
            "name": UNContribution._meta.get_field(name).verbose_name,
            "old": shown(getattr(record, name)),
            "new": shown(values[name]),
        }
        for name in ("mission", "male", "female", "total")
        if getattr(record, name) != values[name]
    ]
    if record.source != values["source"]:
        changes.append(_("source"))
    return changes


def read(lines, contributor, report):
    """The rows to import. The rows left out are counted in `report`: other countries or
    personnel types (in the Data Hub's layout), and rows of zeros beside a row with figures
    for the same month, mission and type (the UN's report of 2015-05-31 prints MINUSTAH's
    Individual Police twice for Canada, 68, 18, 86 and 0, 0, 0: one key can hold one)."""
    reader = csv.reader(lines)
    header = [name.strip().lower() for name in next(reader, [])]
    if set(EXTRACT_COLUMNS) <= set(header):
        layout = extract_row
    elif "last_reporting_date" in header or "isocode3" in header:
        layout = data_hub_row
        missing = [name for name in DATA_HUB_COLUMNS if name not in header]
        if missing:
            raise UNImportError([missing_columns(missing)])
    else:
        missing = [name for name in EXTRACT_COLUMNS if name not in header]
        raise UNImportError([missing_columns(missing)])
    problems, rows = [], {}
    line = reader.line_num
    for values in reader:
        number, line = line + 1, reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            problems.append(
                _("Line %(line)s has %(count)s values; the header has %(columns)s.")
                % {"line": number, "count": len(values), "columns": len(header)}
            )
            continue
        try:
            row = layout(
                dict(zip(header, (value.strip() for value in values), strict=True)),
                number,
                contributor,
            )
        except ValueError as error:
            problems.append(_("Line %(line)s: %(reason)s") % {"line": number, "reason": error})
            continue
        if row is None:
            report.left_out += 1
            continue
        first = rows.setdefault(row.key, row)
        if first is row or first.figures() == row.figures():
            continue  # an exact copy of a row says nothing more
        if zeros(row) and not zeros(first):
            report.zeros.append((row, first))
        elif zeros(first) and not zeros(row):
            report.zeros.append((first, row))
            rows[row.key] = row
        else:
            problems.append(
                _(
                    "Line %(line)s: the same month, mission and personnel type as line "
                    "%(first)s, with other figures."
                )
                % {"line": number, "first": first.line}
            )
    if problems:
        raise UNImportError(problems)
    return list(rows.values())


def zeros(row):
    return all(not value for value in row.figures())


def missing_columns(missing):
    return _("Line 1: the header lacks the column(s) %(columns)s.") % {
        "columns": ", ".join(missing)
    }


def extract_row(values, line, contributor):
    month = day(values["date"])
    return Row(
        line=line,
        month=month,
        acronym=acronym(values["mission_acronym"]),
        personnel_type=police_type(values["personnel_type"]),
        **figures(values["male"], values["female"], values["total"]),
        source=UN_REPORTS_SOURCE if month >= UN_REPORTS_FROM else IPI_SOURCE,
    )


def data_hub_row(values, line, contributor):
    if values["isocode3"].upper() != contributor.upper():
        return None
    kind = personnel_type(values["personnel_type"])
    if kind not in POLICE:
        return None
    return Row(
        line=line,
        month=day(values["last_reporting_date"], times=True),
        acronym=acronym(values["mission_acronym"]),
        personnel_type=kind,
        # The Data Hub gives no total: it stays empty rather than computed.
        **figures(values["male_personnel"], values["female_personnel"], ""),
        source=DATA_HUB_SOURCE,
    )


def day(value, times=False):
    """An ISO date; with `times`, also a date and time at midnight (the Data Hub's)."""
    try:
        if times and len(value) > 10:
            moment = datetime.datetime.fromisoformat(value)
            if moment.time() == datetime.time():
                return moment.date()
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(_('"%(value)s" is not a date (YYYY-MM-DD).') % {"value": value}) from None


def acronym(value):
    if len(value) > ACRONYM_LENGTH:
        raise ValueError(
            _('the mission acronym "%(value)s" is longer than %(limit)s characters.')
            % {"value": value, "limit": ACRONYM_LENGTH}
        )
    return value


def personnel_type(value):
    for choice in PersonnelType:
        if value.lower() == choice.value.lower():
            return choice
    raise ValueError(
        _('"%(value)s" is not a personnel type: use one of %(types)s.')
        % {"value": value, "types": ", ".join(choice.value for choice in PersonnelType)}
    )


def police_type(value):
    kind = personnel_type(value)
    if kind not in POLICE:
        raise ValueError(
            _('"%(value)s" is not a police personnel type: this file holds police only.')
            % {"value": value}
        )
    return kind


def figures(male, female, total):
    values = {"male": number(male), "female": number(female), "total": number(total)}
    if all(value is None for value in values.values()):
        raise ValueError(_("the row gives no figure: give the male, female or total."))
    return values


def number(value):
    if value == "":
        return None
    if value.startswith("-") and value[1:].isdecimal():
        raise ValueError(_("%(value)s is negative: a figure is 0 or more.") % {"value": value})
    if not (value.isascii() and value.isdecimal()):
        raise ValueError(_('"%(value)s" is not a whole number.') % {"value": value})
    return int(value)


def match(rows):
    """Our mission for each acronym of `rows` (upper case) that one of our missions has, in
    English or French, in any case. An acronym two missions share is refused."""
    wanted = {row.acronym.upper() for row in rows}
    found = {}
    for language in ("en", "fr"):
        name = f"acronym_{language}"
        for mission in Mission.objects.annotate(key=Upper(name)).filter(key__in=wanted):
            found.setdefault(mission.key, {})[mission.pk] = mission
    problems = [
        _("%(acronym)s is the acronym of several missions (%(missions)s): give it to one only.")
        % {"acronym": key, "missions": ", ".join(sorted(m.slug for m in missions.values()))}
        for key, missions in sorted(found.items())
        if len(missions) > 1
    ]
    if problems:
        raise UNImportError(problems)
    return {key: next(iter(missions.values())) for key, missions in found.items()}
