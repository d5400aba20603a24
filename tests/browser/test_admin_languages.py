"""The admin in both languages, in Chromium: the language switch on every page leads to
the same page in the other language, and the main lists read normally at 1280 and 1024 px
(docs/admin-lists-{en,fr}-{1280,1024}.png show them)."""

import base64

import pytest

from .conftest import ROOT, sign_in, violations

pytestmark = pytest.mark.browser

LISTS = ["mission", "posting", "edition", "region"]


def test_the_french_admin_switches_to_english_and_back(page, visit, axe):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, visit, "root", language="fr")
    visit("/fr/admin/missions/mission/?status__exact=active", wait_for_components=False)
    assert violations(axe, page) == []
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/admin/missions/mission/?status__exact=active")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations(axe, page) == []
    page.get_by_role("link", name="Français").click()
    assert page.url.endswith("/fr/admin/missions/mission/?status__exact=active")
    assert page.locator("html").get_attribute("lang") == "fr"


def broken_or_cut(page):
    """The words of the results table wider than their cell (so broken across lines), and
    the cells whose text is cut off."""
    return page.evaluate(
        """() => {
            const found = [];
            for (const cell of document.querySelectorAll('#result_list th, #result_list td')) {
                for (const word of cell.innerText.split(/\\s+/).filter((w) => w.length > 1)) {
                    const probe = document.createElement('span');
                    probe.style.whiteSpace = 'nowrap';
                    probe.style.position = 'absolute';
                    probe.textContent = word;
                    cell.appendChild(probe);
                    const wide = probe.getBoundingClientRect().width;
                    probe.remove();
                    if (wide > cell.clientWidth + 1) found.push(word);
                }
                if (cell.scrollWidth > cell.clientWidth + 1) found.push(cell.innerText);
            }
            return found;
        }"""
    )


@pytest.mark.parametrize("width", [1280, 1024])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_main_admin_lists_read_normally(page, visit, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, visit, "root", language=language)
    shots = []
    for model in LISTS:
        visit(f"/{language}/admin/missions/{model}/", wait_for_components=False)
        assert broken_or_cut(page) == [], model
        assert page.evaluate("document.documentElement.scrollWidth") <= width, model
        # Every column shows, without scrolling the table.
        assert page.evaluate(
            "(box => box.scrollWidth <= box.clientWidth)(document.querySelector('.results'))"
        ), model
        shots.append(base64.b64encode(page.screenshot()).decode())
    # The four lists, one under the other, in one picture.
    page.set_content(
        '<body style="margin:0">'
        + "".join(
            f'<img src="data:image/png;base64,{shot}" style="display:block">' for shot in shots
        )
        + "</body>"
    )
    page.screenshot(path=ROOT / "docs" / f"admin-lists-{language}-{width}.png", full_page=True)
