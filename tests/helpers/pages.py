"""The public pages: their addresses, and what a browser or a reader finds in them."""

import html as html_module
import re
from html.parser import HTMLParser

from django.core.cache import cache

CURRENT = "/en/current-peace-operations/"
# The data downloads' folder in each language.
DATA = {"en": "/en/data/", "fr": "/fr/donnees/"}


# Every public page of the seed content, in both languages where it has two, with the 400
# and 404 pages, and the status each answers with. The header, browser, axe and HTML checks
# go through all of them.
PUBLIC_PAGES = {
    "/": 200,
    "/en/current-peace-operations/": 200,
    "/fr/missions-en-cours/": 200,
    "/en/current-peace-operations/editions/1/": 200,
    "/fr/missions-en-cours/editions/1/": 200,
    "/en/current-peace-operations/editions/1/corrections/": 200,
    "/fr/missions-en-cours/editions/1/corrections/": 200,
    "/en/current-peace-operations/?as_of=2018-01-01": 302,
    "/en/current-peace-operations/?as_of=2018-02-30": 400,
    "/fr/missions-en-cours/?as_of=2018-02-30": 400,
    "/en/missions/minujusth/": 200,
    "/fr/missions/minujusth/": 200,
    "/en/missions/binuh/": 200,
    "/fr/missions/binuh/": 200,
    "/en/regions/caribbean-region/": 200,
    "/fr/regions/caribbean-region/": 200,
    "/en/missions/": 200,
    "/fr/missions/": 200,
    "/en/missions/?status=ended&kind=un": 200,
    "/fr/missions/?status=ended&kind=un": 200,
    "/en/missions/?status=closed": 400,
    "/fr/missions/?status=closed": 400,
    "/en/regions/": 200,
    "/fr/regions/": 200,
    "/en/data/": 200,
    "/fr/donnees/": 200,
    "/en/api/": 200,
    "/fr/api/": 200,
    "/en/no-such-page/": 404,
    "/fr/aucune-page/": 404,
    "/en/feedback/thanks/?page=/en/current-peace-operations/": 200,
    "/fr/retroaction/merci/?page=/fr/missions-en-cours/": 200,
}


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(html):
    """Every start tag in the page, as (name, attributes), as a browser would parse them."""
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def plain_text(html):
    """The page's text, a line for each piece, as a reader sees it (the column names each
    table cell repeats for phones are for sighted readers only)."""
    html = re.sub(r'<span class="cell-label"[^>]*>.*?</span>', "", html)
    text = html_module.unescape(re.sub(r"<[^>]+>", "\n", html))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def inline_scripts(html):
    """Scripts a strict CSP would block: inline ones (JSON data blocks don't run) and
    event-handler attributes."""
    found = []
    for tag, attrs in start_tags(html):
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            found.append(tag)
        found += [f"{tag} {name}" for name in attrs if name.startswith("on")]
    return found


def inline_styles(html):
    """Styles a strict CSP would block: <style> elements and style attributes."""
    return [(tag, attrs) for tag, attrs in start_tags(html) if tag == "style" or "style" in attrs]


def cached_pages():
    """The keys of the pages in the (local memory) cache, each in every encoding."""
    return sorted(key.split(":", 2)[2] for key in cache._cache if "missions:public-page:" in key)


def assert_shows(html, *fragments):
    """Check that the page holds every fragment; a failure names all the missing ones."""
    missing = [fragment for fragment in fragments if fragment not in html]
    assert missing == [], f"missing from the page: {missing}"


def page_html(client, url, status=200):
    """The page at `url`, decoded, having checked the status it answers with."""
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def table_rows(html, table_class):
    """The text of each cell of each body row of the page's table of that class (the
    column names each cell repeats for phones are for sighted readers only)."""
    table = re.search(rf'<table class="{table_class}[^"]*">(.*?)</table>', html, re.S).group(1)
    table = re.sub(r'<span class="cell-label"[^>]*>.*?</span>', "", table)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
