"""The Nu HTML Checker (the pinned npm package vnu-jar) finds no error in any public page."""

import json
import subprocess

import pytest
from django.test import Client

from ..helpers.pages import PUBLIC_PAGES
from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BROKEN = '<!DOCTYPE html><html lang="en"><title>Broken</title><ul><p>Not a list item</p></ul>'


def check(directory):
    """Run the checker once over every .html file in the directory: {file name: [errors]}."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = {}
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def test_every_public_page_is_valid_html(seeded, tmp_path):
    client = Client()
    # A redirect has no page of its own: its target is in the list.
    paths = [path for path, status in PUBLIC_PAGES.items() if status != 302]
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == PUBLIC_PAGES[path], path
        (tmp_path / f"page-{number}.html").write_bytes(response.content)
    # A broken page proves the checker ran and reports what it finds.
    (tmp_path / "broken.html").write_text(BROKEN)

    errors = check(tmp_path)

    assert errors.pop("broken.html")
    assert {paths[int(name[5:-5])]: found for name, found in errors.items()} == {}
