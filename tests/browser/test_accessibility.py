"""axe-core (the pinned npm package) finds no accessibility violation on any public page.

axe runs all its default rules: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and best practices.
"""

import pytest

from ..helpers.pages import PUBLIC_PAGES
from .conftest import violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_axe_finds_no_violation(page, visit, axe, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    visit(path)
    assert violations(axe, page) == []


@pytest.mark.parametrize("path", ["/", "/en/current-peace-operations/", "/fr/missions-en-cours/"])
def test_axe_finds_no_violation_without_javascript(without_javascript, visit, axe, path):
    visit(path, wait_for_components=False)
    assert violations(axe, without_javascript) == []


def test_axe_finds_no_violation_on_a_tablet(page, visit, axe):
    page.set_viewport_size({"width": 768, "height": 800})
    visit("/en/current-peace-operations/")
    assert violations(axe, page) == []


def test_axe_reports_what_it_finds(page, visit, axe):
    # The scan above is not vacuous: the same engine flags an image without a text alternative.
    visit("/en/current-peace-operations/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')"
    )
    assert [v[0] for v in violations(axe, page)] == ["image-alt"]
