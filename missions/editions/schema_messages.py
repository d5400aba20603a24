"""A schema error of an edition file or document in the reader's language, naming the field
as staff know it: "the regions are missing", "the title (French) must be text", rather
than the validator's "'regions' is a required property".

Each message takes the field's grammatical number (ngettext with 1 or 2), so that French
agrees: "le titre manque", "les régions manquent".
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from jsonschema.exceptions import best_match

# Each key of the files and documents: its name in a sentence, and whether it is plural.
FIELDS = {
    "edition": (_("the edition's details"), True),
    "took_effect": (_("the date it took effect"), False),
    "source": (_("the source"), False),
    "summary": (_("the change summary"), False),
    "significant": (_("the significant flag"), False),
    "figures_precision": (_("the precision of the figures' dates"), False),
    "schema_version": (_("the schema version"), False),
    "title": (_("the title"), False),
    "notice": (_("the notice"), False),
    "header": (_("the header lines"), True),
    "intro": (_("the introduction"), False),
    "mission_heading": (_("the mission heading layout"), False),
    "table": (_("the summary table"), False),
    "regions": (_("the regions"), True),
    "missions": (_("the missions"), True),
    "postings": (_("the postings"), True),
    "catalog": (_("the catalog"), False),
    "region": (_("the region"), False),
    "name": (_("the name"), False),
    "acronym": (_("the acronym"), False),
    "slug": (_("the slug"), False),
    "kind": (_("the kind"), False),
    "status": (_("the status"), False),
    "status_note": (_("the status note"), False),
    "note": (_("the note"), False),
    "body": (_("the text"), False),
    "language": (_("the language"), False),
    "language_code": (_("the language code"), False),
    "armed": (_('the "armed" field'), False),
    "is_armed": (_("whether it is armed"), False),
    "languages": (_("the language pages"), True),
    "figures": (_("the figures"), True),
    "authorized": (_("the authorized figure"), False),
    "deployed": (_("the deployed figure"), False),
    "value": (_("the number"), False),
    "wording": (_("the wording"), False),
    "as_of": (_("the figure's date"), False),
    "level": (_("the figure's level"), False),
    "since": (_('the "since" date'), False),
    "date": (_("the date"), False),
    "precision": (_("the precision"), False),
    "record": (_("the record's facts"), True),
    "position": (_("the position"), False),
    "started": (_("the start date"), False),
    "started_precision": (_("the start date's precision"), False),
    "ended": (_("the end date"), False),
    "ended_precision": (_("the end date's precision"), False),
    "predecessor": (_("the predecessor"), False),
}
# An item of a list, by its number counted from 1.
ITEMS = {
    "regions": _("region %(number)s"),
    "missions": _("mission %(number)s"),
    "postings": _("posting %(number)s"),
    "table": _("row %(number)s of the summary table"),
    "header": _("header line %(number)s"),
    "languages": _("language page %(number)s"),
}
IN_LANGUAGE = {"en": _("%(field)s (English)"), "fr": _("%(field)s (French)")}
# The patterns of the schemas, by what they ask for.
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def field_label(path):
    """The field at `path` (keys and list indexes) in a sentence, and whether it is plural."""
    path = list(path)
    language = path.pop() if len(path) > 1 and path[-1] in IN_LANGUAGE else None
    if not path:
        label, plural = _("the file"), False
    elif isinstance(path[-1], int) and len(path) > 1 and path[-2] in ITEMS:
        label, plural = ITEMS[path[-2]] % {"number": path[-1] + 1}, False
    else:
        label, plural = FIELDS.get(path[-1], (f'"{path[-1]}"', False))
    if language:
        label = IN_LANGUAGE[language] % {"field": label}
    return str(label), plural


def schema_message(error):
    """What is wrong, in the reader's language, for a jsonschema ValidationError."""
    kind, limit = error.validator, error.validator_value
    if kind in ("anyOf", "oneOf") and error.context:
        # "A date or nothing": say what is wrong with it as a date.
        relevant = [
            e for e in error.context if not (e.validator == "type" and e.validator_value == "null")
        ]
        return schema_message(best_match(relevant or error.context))
    path = list(error.absolute_path)
    if kind == "required":
        path.append(
            next(key for key in limit if key not in error.instance and repr(key) in error.message)
        )
    if kind == "additionalProperties":
        extra = [key for key in error.instance if key not in error.schema.get("properties", {})]
        field, _plural = field_label(path)
        keys = ", ".join(f'"{key}"' for key in extra)
        return ngettext(
            "unknown key in %(field)s: %(keys)s",
            "unknown keys in %(field)s: %(keys)s",
            len(extra),
        ) % {"field": field, "keys": keys}
    field, plural = field_label(path)
    number = 2 if plural else 1
    values = {"field": field, "limit": limit}
    if kind == "required":
        message = ngettext("%(field)s is missing", "%(field)s are missing", number)
    elif (
        kind == "type"
        and limit == "object"
        and set(error.schema.get("properties", ())) == {"en", "fr"}
    ):
        message = ngettext(
            "%(field)s must be a table of texts (en, fr)",
            "%(field)s must be tables of texts (en, fr)",
            number,
        )
    elif kind == "type":
        message = type_message(limit, number)
    elif kind == "enum":
        values["limit"] = ", ".join(f'"{value}"' for value in limit)
        message = ngettext(
            "%(field)s must be one of %(limit)s", "%(field)s must be one of %(limit)s", number
        )
    elif kind == "const":
        message = ngettext("%(field)s must be %(limit)s", "%(field)s must be %(limit)s", number)
    elif kind == "pattern" and limit == DATE_PATTERN:
        message = ngettext(
            "%(field)s must be a date written YYYY-MM-DD",
            "%(field)s must be dates written YYYY-MM-DD",
            number,
        )
    elif kind == "pattern" and limit == SLUG_PATTERN:
        message = ngettext(
            "%(field)s may hold only lower-case letters, digits and single hyphens",
            "%(field)s may hold only lower-case letters, digits and single hyphens",
            number,
        )
    elif kind in ("pattern", "format"):
        message = ngettext(
            "%(field)s does not have the expected form",
            "%(field)s do not have the expected form",
            number,
        )
    elif kind == "minLength" and limit == 1:
        message = ngettext("%(field)s cannot be empty", "%(field)s cannot be empty", number)
    elif kind == "minLength":
        message = ngettext(
            "%(field)s must have at least %(limit)s characters",
            "%(field)s must have at least %(limit)s characters",
            number,
        )
    elif kind == "maxLength":
        message = ngettext(
            "%(field)s can have at most %(limit)s characters",
            "%(field)s can have at most %(limit)s characters",
            number,
        )
    elif kind == "minimum":
        message = ngettext(
            "%(field)s must be %(limit)s or more", "%(field)s must be %(limit)s or more", number
        )
    elif kind == "maximum":
        message = ngettext(
            "%(field)s must be %(limit)s or less", "%(field)s must be %(limit)s or less", number
        )
    elif kind == "minProperties":
        message = ngettext(
            "%(field)s needs a text in English or French (en or fr)",
            "%(field)s need a text in English or French (en or fr)",
            number,
        )
    elif kind == "minItems":
        message = ngettext(
            "%(field)s cannot be an empty list", "%(field)s cannot be an empty list", number
        )
    elif kind == "uniqueItems":
        message = ngettext(
            "%(field)s lists the same value twice", "%(field)s list the same value twice", number
        )
    else:
        message = ngettext("%(field)s is not valid", "%(field)s are not valid", number)
    return message % values


def type_message(expected, number):
    if expected == "string":
        return ngettext("%(field)s must be text", "%(field)s must be text", number)
    if expected == "integer":
        return ngettext(
            "%(field)s must be a whole number", "%(field)s must be whole numbers", number
        )
    if expected == "boolean":
        return ngettext(
            "%(field)s must be true or false", "%(field)s must be true or false", number
        )
    if expected == "array":
        return ngettext("%(field)s must be a list", "%(field)s must be a list", number)
    if expected == "object":
        return ngettext(
            "%(field)s must be a table (key = value)",
            "%(field)s must be a table (key = value)",
            number,
        )
    return ngettext("%(field)s is not valid", "%(field)s are not valid", number)
