"""Edition files: one version of the page, as TOML (described in docs/edition-files.md).

A file holds [edition] metadata, then the page in the shape of an edition document
(missions/editions/schemas/edition.schema.json). Regions, missions and postings may carry a
[record] table, and figures a source: facts the loader needs to create records that do
not exist yet. They are left out of the stored document.

Every error names its line: TOML syntax errors carry one, and a schema error's path is
mapped back to the line of its key or [[table]] header by Locator. A file nested too
deeply is refused before it is parsed, since the parser recurses once a level.
"""

import datetime
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema
import referencing
from django.conf import settings
from django.utils.translation import gettext as _

from missions.editions import document
from missions.editions.schema_messages import schema_message

FILE_SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "edition-file.schema.json"
CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "editions"
# Keys read by the loader only, never stored in the document.
RECORD_ONLY = ("edition", "record", "source")
# Far more than an edition file needs (about 8 levels), far fewer than would exhaust
# Python's recursion limit in tomllib, the schema check or the loader.
MAX_DEPTH = 32
# What nests, once strings and comments are skipped: brackets, braces, and the dots of
# dotted keys (a float's dot counts too, which is harmless).
NESTING = re.compile(
    r'"""(?:[^"\\]++|\\.|"(?!""))*+"""'  # possessive: one pass, even when never closed
    r"|'''.*?'''"
    r'|"(?:[^"\\\n]++|\\[^\n])*+"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[][{}.=,\n]",
    re.DOTALL,
)


@dataclass(frozen=True)
class FileError:
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(error)s") % {"line": self.line, "error": self.message}


class EditionFileError(Exception):
    """The file cannot be loaded; `errors` lists every reason with its line."""

    def __init__(self, errors):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = list(errors)


@cache
def file_schema():
    return json.loads(FILE_SCHEMA_PATH.read_text(encoding="utf-8"))


def file_validator():
    edition = referencing.Resource.from_contents(document.schema())
    registry = referencing.Registry().with_resource(document.schema()["$id"], edition)
    return jsonschema.Draft202012Validator(file_schema(), registry=registry)


class Locator:
    """Maps a path in the parsed file, e.g. ["regions", 2, "missions", 0, "figures"], to
    the line that sets it: its key, or the header of its [table] or [[array of tables]].
    Inside an inline table or array, the line of the key holding it."""

    HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
    KEY = re.compile(
        r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=\s*(.*)$"
    )

    def __init__(self, text):
        self.lines = {}
        counts = {}  # concrete path of an array of tables -> its last index
        table = ()
        closing = None  # the quotes that close a multi-line string being skipped
        for number, line in enumerate(text.splitlines(), start=1):
            if closing:
                if closing in line:
                    closing = None
                continue
            header = self.HEADER.match(line)
            if header:
                keys = self.split(header.group(2))
                parent = self.resolve(keys[:-1], counts)
                table = (*parent, keys[-1])
                if header.group(1) == "[[":
                    counts[table] = counts.get(table, -1) + 1
                    table = (*table, counts[table])
                self.lines.setdefault(table, number)
                continue
            key = self.KEY.match(line)
            if key:
                path = (*table, *self.split(key.group(1)))
                for end in range(len(table) + 1, len(path) + 1):
                    self.lines.setdefault(path[:end], number)
                value = key.group(2)
                for quotes in ('"""', "'''"):
                    if value.startswith(quotes) and value.count(quotes) == 1:
                        closing = quotes

    @staticmethod
    def split(dotted):
        return [
            part.strip().strip("\"'") for part in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", dotted)
        ]

    @staticmethod
    def resolve(keys, counts):
        path = ()
        for key in keys:
            path = (*path, key)
            if path in counts:
                path = (*path, counts[path])
        return path

    def line(self, path):
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def iso_dates(value):
    """TOML dates as YYYY-MM-DD strings, as in a document."""
    if isinstance(value, dict):
        return {key: iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [iso_dates(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@dataclass
class EditionFile:
    data: dict
    locator: Locator

    @property
    def meta(self):
        return self.data["edition"]

    @property
    def took_effect(self):
        return datetime.date.fromisoformat(self.meta["took_effect"])

    def line(self, path):
        return self.locator.line(path)

    def document(self):
        """The stored document: the page without loader-only facts, each figure dated
        (by default, the day the edition took effect)."""

        def strip(value, path=()):
            if isinstance(value, list):
                return [strip(item, (*path, index)) for index, item in enumerate(value)]
            if not isinstance(value, dict):
                return value
            item = {k: strip(v, (*path, k)) for k, v in value.items() if k not in RECORD_ONLY}
            if "wording" in item and "level" in item:
                item.setdefault("as_of", self.meta["took_effect"])
            return item

        document = strip(self.data)
        for row in document.get("table", []):
            row.setdefault("authorized", None)
        for region in document["regions"]:
            region.setdefault("missions", [])
        return document

    def duplicates(self):
        """An error for each table row, region, mission or posting listed a second time."""
        errors, seen = [], {}

        def check(kind, slug, path):
            if (kind, slug) in seen:
                message = _('"%(slug)s" is listed twice (first on line %(line)s).')
                errors.append(
                    FileError(self.line(path), message % {"slug": slug, "line": seen[kind, slug]})
                )
            seen.setdefault((kind, slug), self.line(path))

        for index, row in enumerate(self.data.get("table", [])):
            check("row", row["region"], ("table", index))
        for r_index, region in enumerate(self.data["regions"]):
            check("region", region["slug"], ("regions", r_index))
            for m_index, mission in enumerate(region.get("missions", [])):
                check("mission", mission["slug"], ("regions", r_index, "missions", m_index))
        for index, posting in enumerate(self.data.get("postings", [])):
            check("posting", posting["slug"], ("postings", index))
        return errors


def too_deep(text):
    """A FileError for the first line that nests arrays, tables or dotted keys more than
    MAX_DEPTH levels deep, or None. Reads the text in one pass, without recursion."""
    line, depth, dots = 1, 0, 0
    for token in NESTING.findall(text):
        if token in ("[", "{"):
            depth, dots = depth + 1, 0
        elif token in ("]", "}"):
            depth, dots = max(depth - 1, 0), 0
        elif token == ".":
            dots += 1
        elif token in ("=", ",", "\n"):
            dots = 0
        if depth + dots > MAX_DEPTH:
            message = _(
                "Arrays, tables and dotted keys are too deeply nested (more than %(limit)s levels)."
            )
            return FileError(line, message % {"limit": MAX_DEPTH})
        line += token.count("\n")
    return None


def parse(text):
    """The file as an EditionFile, or EditionFileError with every problem and its line."""
    if error := too_deep(text):
        raise EditionFileError([error])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+)", str(error))
        raise EditionFileError(
            [FileError(int(found.group(1)) if found else None, _("Not valid TOML: %s") % error)]
        ) from error
    data = iso_dates(data)
    locator = Locator(text)
    errors = [
        FileError(locator.line(error.absolute_path), schema_message(error))
        for error in sorted(
            file_validator().iter_errors(data), key=lambda e: locator.line(e.absolute_path)
        )
    ]
    if errors:
        raise EditionFileError(errors)
    return EditionFile(data, locator)


def shipped_files():
    """The edition files that ship with the project, oldest first by name."""
    return sorted(CONTENT_DIR.glob("*.toml"))
