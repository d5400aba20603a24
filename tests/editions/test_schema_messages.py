"""A schema error of an edition file in the reader's language, naming the field as staff
know it, for each kind of error the validator reports."""

import pytest
from django.utils import translation

from missions.editions.files import EditionFileError, parse

from ..helpers.edition_files import COLOMBIA, HEAD, edition_file

TITLE = 'title.en = "Current operations"'


def in_head(old, new):
    return edition_file(COLOMBIA, head=HEAD.replace(old, new))


def in_mission(old, new):
    return edition_file(COLOMBIA.replace(old, new, 1))


NBSP = "\u00a0"
# A file with one mistake, and what the refusal says in English and in French.
MISTAKES = {
    "required": (
        in_head(f"{TITLE}\n", ""),
        "the title is missing",
        "le titre manque",
    ),
    "required, of a plural field": (
        edition_file(),
        "the regions are missing",
        "les régions manquent",
    ),
    "type": (
        in_head(TITLE, f"{TITLE}\ntitle.fr = 3"),
        "the title (French) must be text",
        "le titre (français) doit être du texte",
    ),
    "type of a whole number": (
        in_mission("value = 10", 'value = "10"'),
        "the number must be a whole number",
        "le nombre doit être un nombre entier",
    ),
    "type of a flag": (
        in_mission("armed = false", 'armed = "no"'),
        'the "armed" field must be true or false',
        f"le champ «{NBSP}armé{NBSP}» doit valoir true ou false",
    ),
    "type of a list": (
        in_mission('kind = "un"', 'kind = "un"\nlanguages = "en"'),
        "the language pages must be a list",
        "les pages de langue doivent être une liste",
    ),
    "type of a table": (
        in_mission('kind = "un"', 'kind = "un"\nsince = 2004'),
        'the "since" date must be a table (key = value)',
        f"la date «{NBSP}depuis{NBSP}» doit être une table (clé = valeur)",
    ),
    "type of a text": (
        in_head(TITLE, 'title = "Current operations"'),
        "the title must be a table of texts (en, fr)",
        "le titre doit être une table de textes (en, fr)",
    ),
    "type of a list's item": (
        in_head(TITLE, f"{TITLE}\nheader = [3]"),
        "header line 1 must be a table of texts (en, fr)",
        "la ligne d'en-tête 1 doit être une table de textes (en, fr)",
    ),
    "enum": (
        in_mission('kind = "un"', 'kind = "nato"'),
        'the kind must be one of "un", "eu", "bilateral", "other"',
        'le type doit être l\'une des valeurs "un", "eu", "bilateral", "other"',
    ),
    "const": (
        in_head("schema_version = 1", "schema_version = 2"),
        "the schema version must be 1",
        "la version du schéma doit valoir 1",
    ),
    "minimum": (
        in_mission("value = 10", "value = -1"),
        "the number must be 0 or more",
        "le nombre doit valoir 0 ou plus",
    ),
    "minLength": (
        in_head('summary.en = "As archived."', 'summary.en = ""'),
        "the change summary (English) cannot be empty",
        "le résumé des changements (anglais) ne peut pas être vide",
    ),
    "maxLength": (
        in_mission('slug = "colombia"', f'slug = "{"a" * 101}"'),
        "the slug can have at most 100 characters",
        "le slug ne peut pas dépasser 100 caractères",
    ),
    "pattern of a slug": (
        in_mission('slug = "colombia"', 'slug = "Colombia"'),
        "the slug may hold only lower-case letters, digits and single hyphens",
        "le slug ne peut contenir que des lettres minuscules sans accent, des chiffres et "
        "des traits d'union simples",
    ),
    "pattern of a date": (
        in_mission('level = "mission"', 'level = "mission"\nas_of = "2016-6-1"'),
        "the figure's date must be a date written YYYY-MM-DD",
        "la date du chiffre doit être une date écrite AAAA-MM-JJ",
    ),
    "additionalProperties": (
        in_mission('kind = "un"', 'kind = "un"\ncolour = "red"'),
        'unknown key in mission 1: "colour"',
        f'clé inconnue dans la mission 1{NBSP}: "colour"',
    ),
    "minProperties": (
        in_head(TITLE, "title = {}"),
        "the title needs a text in English or French (en or fr)",
        "il faut un texte en anglais ou en français (en ou fr) pour le titre",
    ),
    "minItems": (
        in_mission('kind = "un"', 'kind = "un"\nlanguages = []'),
        "the language pages cannot be an empty list",
        "les pages de langue ne peuvent pas être une liste vide",
    ),
    "uniqueItems": (
        in_mission('kind = "un"', 'kind = "un"\nlanguages = ["en", "en"]'),
        "the language pages list the same value twice",
        "les pages de langue contiennent deux fois la même valeur",
    ),
}


def refusal(text, language):
    with translation.override(language), pytest.raises(EditionFileError) as refused:
        parse(text)
    return [error.message for error in refused.value.errors]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_schema_error_names_the_field_in_english_and_in_french(mistake):
    text, english, french = MISTAKES[mistake]
    assert refusal(text, "en") == [english]
    assert refusal(text, "fr") == [french]


def test_a_schema_error_keeps_the_line_of_its_field():
    text = in_head(TITLE, f"{TITLE}\ntitle.fr = 3")
    with translation.override("fr"), pytest.raises(EditionFileError) as refused:
        parse(text)
    assert str(refused.value) == f"Ligne 3{NBSP}: le titre (français) doit être du texte"
