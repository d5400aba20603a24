"""The edition document: the whole page in English and French, as data.

A document is plain JSON, described by missions/editions/schemas/edition.schema.json.
Texts are {"en": ..., "fr": ...} pairs; a language left out was not known (a historical
edition may lack one). An item with "languages" appears only on those language pages, as
when the English and French pages of a year differed. Figures keep their number, the words
the page used for it, their date and whether they belong to a mission or to the whole
region.

missions/editions/building.py turns the working copy into a document.
"""

import json
from functools import cache
from pathlib import Path

import jsonschema
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from missions.core.text import Text, text_in
from missions.editions.schema_messages import schema_message

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "edition.schema.json"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@cache
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_errors(document):
    """Every way `document` breaks the schema, as (path, message), path as a list and the
    message in the reader's language."""
    validator = jsonschema.Draft202012Validator(schema())
    return [
        (list(error.absolute_path), schema_message(error))
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def in_each_language(message, **values):
    """{"en": ..., "fr": ...} for an interface message, e.g. "Up to %(cap)s"."""
    texts = {}
    for code in LANGUAGES:
        with translation.override(code):
            texts[code] = gettext(message) % {k: v(code) for k, v in values.items()}
    return texts


def localized_number(number):
    def in_language(code):
        with translation.override(code):
            return intcomma(number)

    return in_language


# A figure's words where the edition gave none in the page's language (a historical
# edition archived in one language): its number, said the way the page says it.
FIGURE_WORDS = {
    "authorized": gettext_noop("Up to %(value)s"),
    "authorized_total": gettext_noop("Up to %(value)s in total"),
}


def figure_wording(data, name, language):
    """(words, original) of a figure in `language`: the edition's own words, or where it
    gave them only in the other language, the number in `language` and the original
    words (a Text with its lang) beside it. A stored wording may be a plain English
    string (older documents)."""
    wording = data.get("wording")
    if isinstance(wording, str):
        wording = {"en": wording}
    words = text_in(wording, language)
    if not words.lang:
        return words, None
    number = localized_number(data["value"])(language)
    key = name if data.get("level") == "mission" else f"{name}_total"
    message = FIGURE_WORDS.get(key, FIGURE_WORDS.get(name))
    if message:
        with translation.override(language):
            number = gettext(message) % {"value": number}
    return Text(number), words


def text_fields(item):
    return {
        name: value for name, value in item.items() if isinstance(value, dict) and is_text(value)
    }


def is_text(value):
    return (
        bool(value)
        and set(value) <= set(LANGUAGES)
        and all(isinstance(text, str) for text in value.values())
    )


def missing_texts(document):
    """(where, field, language) for each text given in one language only."""
    missing = []

    def check(where, item):
        for field, value in text_fields(item).items():
            given = {code for code in LANGUAGES if value.get(code, "").strip()}
            for code in set(LANGUAGES) - given if given else ():
                missing.append((where, field, code))

    for row in document.get("table", []):
        check(row["region"], row)
    for region in document.get("regions", []):
        check(region["slug"], region)
        for mission in region.get("missions", []):
            check(mission["slug"], mission)
    for posting in document.get("postings", []):
        check(posting["slug"], posting)
    return missing


def catalog_names(*documents):
    """{slug: name in each language} of the regions and missions in the documents' catalogs,
    the first document's first (None: no document)."""
    names = {}
    for document in reversed([d for d in documents if d]):
        for kind in ("regions", "missions"):
            for entry in document.get("catalog", {}).get(kind, []):
                names[entry["slug"]] = entry["name"]
    return names
