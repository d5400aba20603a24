"""The French message catalogue covers every interface string, with nothing fuzzy, and
follows French typography."""

import gettext
import re
import shutil
import subprocess
import sys

import pytest

from ..helpers.environment import ROOT

# gettext's tools, and makemessages run over a copy of the project.
pytestmark = pytest.mark.slow

CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# A colon, semicolon, question or exclamation mark without the no-break space French puts
# before it. One followed by a letter or a digit is not punctuation: an address, a time
# (10:30), keywords ("Police;Maintien de la paix"). And a curly apostrophe: ours are straight.
BAD_TYPOGRAPHY = re.compile(r"(?<=[^\xa0\u202f])[:;?!](?=[\s)»\"]|$)|’")


# What `make messages` leaves out, and what git ignores: not part of the project's text.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "staticfiles",
    "screenshots",
    "backups",
    "test-results",
    "__pycache__",
    ".ruff_cache",
    "*.egg-info",
    "db.sqlite3",
)


def extract_fresh_catalogue(tmp_path):
    """Run makemessages as `make messages` does, in a copy of the project (the tracked
    catalogue is never written), and return the catalogue it made."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=NOT_COPIED)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--no-obsolete"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    return project / CATALOGUE.relative_to(ROOT)


def entries(msgattrib_option, po):
    output = subprocess.run(
        ["msgattrib", msgattrib_option, "--no-wrap", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


def test_every_interface_string_has_a_french_translation(tmp_path):
    assert entries("--untranslated", extract_fresh_catalogue(tmp_path)) == []


def test_no_french_translation_is_fuzzy():
    assert entries("--only-fuzzy", CATALOGUE) == []


def test_the_committed_catalogue_is_compiled(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE)], check=True)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes(), "run make messages"


def test_every_french_translation_follows_french_typography():
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    # The header (msgid "") is no interface text.
    translations = [french for english, french in catalog.items() if english != ""]
    assert [french for french in translations if BAD_TYPOGRAPHY.search(french)] == []
