"""No French public page shows English outside an element marked lang="en" (issue 30).

From the current French page, every same-site French link is followed three links deep,
with the pages no link leads to: a past date, 400 and 404 pages, the feedback pages. Each
page's visible text, less what is marked lang="en", <script>, <style> and <code>, must
hold none of the English seen leaking before (KNOWN_ENGLISH) and none of the English
function words (ENGLISH_WORDS), and follow French typography. The Atom feed is read the
same way, and the French OpenAPI document's descriptions and titles.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from missions.models import DeploymentSnapshot, Mission, Posting, Region

from ..helpers.editions import publish_working_copy
from ..helpers.records import make_posting

pytestmark = pytest.mark.django_db

START = "/fr/missions-en-cours/"
DEPTH = 3
# Pages no link leads to, or that the crawl should not depend on finding.
UNLINKED = [
    f"{START}?as_of=2019-05-05",
    "/fr/retroaction/merci/?page=/fr/missions-en-cours/",
    "/fr/aucune-page/",
    f"{START}?as_of=2018-02-30",
    "/fr/missions/?status=closed",
    "/fr/regions/?active_on=2030-13-01",
    "/fr/donnees/",
    "/fr/api/",
    f"{START}editions/1/",
    f"{START}editions/3/corrections/",
    f"{START}modifications/",
]
FEED = f"{START}modifications/fil/"
FEEDBACK = "/fr/retroaction/"
# Field titles of the API written the same in both languages.
SAME_IN_FRENCH = {"Document", "Mission", "Source", "Total"}
OPENAPI = "/fr/api/openapi.json"

# English seen on French pages before, each as a pattern no French text matches ("au
# total", "page", "de" are French: only the English turns of phrase are looked for).
KNOWN_ENGLISH = [
    r"\bCurrent (?:peace )?operations\b",
    r"\bUp to\b",
    r"\d+,? (?:in )?total\b",
    r"\bRecords per page\b",
    r"\bTook effect\b",
    r"\bDate From\b",
    r"\bReport a problem\b",
    r"\bPosting added\b",
    r"\bDate modified\b",
    r"\bchanged\b",
    r"\bon (?:the|this)\b",
    r"\b[a-z]+(?:_[a-z]+)+\b",  # a field name (as_of_precision) not marked as code
]
# English function words, whole words: none of them is a French word ("on" and "page"
# are, so they are left out).
ENGLISH_WORDS = [
    *("the", "and", "of", "with", "from", "to", "for", "this"),
    *("was", "were", "is", "are", "by"),
]
ENGLISH = re.compile(
    "|".join(KNOWN_ENGLISH + [rf"\b{word}\b" for word in ENGLISH_WORDS]), re.IGNORECASE
)
# A colon, semicolon, question or exclamation mark ending a word without the no-break space
# French puts before it (one followed by a letter or digit is an address, a time or a list
# separator, not punctuation); or a curly apostrophe: the site's are straight.
BAD_TYPOGRAPHY = re.compile(r"(?<=[^\xa0\u202f])[:;?!](?=[\s)»\"]|$)|’")
HIDDEN = {"script", "style", "code", "template"}
# Attributes people read: labels, and the text the GC Design System components show.
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "legend", "hint")
READ_ATTRIBUTES += ("notice-title", "contextual-heading", "label", "heading")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Meta elements whose content people read: in search results and shared links.
READ_META = {"description", "keywords", "dcterms.title", "dcterms.description", "og:title"}
READ_META |= {"og:description", "dcterms.subject"}


class FrenchText(HTMLParser):
    """The text of a page a French reader reads, less what is marked lang="en" and what
    is code; and the page's same-site links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.links = [], []
        self.open = []  # (tag, whether its text is left out) of each open element

    def skipped(self):
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag not in VOID:
            lang = attrs.get("lang")
            english = lang.startswith("en") if lang else False
            self.open.append((tag, self.skipped() or english or tag in HIDDEN))
        if self.skipped() or attrs.get("lang", "").startswith("en"):
            return
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append(attrs[name])
        meta = attrs.get("name") or attrs.get("property")
        if tag == "meta" and meta in READ_META and attrs.get("content"):
            self.pieces.append(attrs["content"])

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _skipped in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self.skipped() and data.strip():
            # Only HTML's white space: str.split() would also take the no-break spaces.
            self.pieces.append(re.sub(r"[ \t\n\r\f]+", " ", data).strip(" "))


def read(html):
    parser = FrenchText()
    parser.feed(html)
    parser.close()
    return parser


def english_in(where, pieces):
    """A line for each piece of text holding English: where, the English found and the
    text around it."""
    return [
        f"{where}: {match.group(0)!r} in {piece[max(0, match.start() - 50) : match.end() + 50]!r}"
        for piece in pieces
        for match in ENGLISH.finditer(piece)
    ]


def assert_found(what, found):
    assert found == [], f"{what}:\n" + "\n".join(found)


@pytest.fixture
def with_a_change(seeded):
    """The seed content and a published edition (3) that changes a figure, a region's
    note and adds a posting, so that the change log and the history pages have sentences
    of each kind."""
    mission = Mission.objects.get(slug="binuh")
    DeploymentSnapshot.objects.create(
        region=mission.region, mission=mission, as_of=datetime.date(2025, 1, 6), authorized=12
    )
    region = Region.objects.get(slug="ukraine")
    region.note_en, region.note_fr = "Operations resumed.", "Les opérations ont repris."
    region.save()
    make_posting(
        slug="interpol",
        title="INTERPOL liaison officer",
        title_fr="Agent de liaison auprès d'INTERPOL",
        position=Posting.objects.count() + 1,
    )
    return publish_working_copy(
        datetime.date(2025, 1, 6),
        summary="Figures of January 2025",
        summary_fr="Chiffres de janvier 2025",
    )


def is_french_page(url):
    parts = urlsplit(url)
    return parts.netloc in ("", "testserver") and parts.path.startswith("/fr/")


def crawl(client):
    """{url: response} of every French page from START, DEPTH links deep, of UNLINKED and
    of the feedback pages a reader who answers No sees."""
    seen = {}
    queue = deque([(START, 0)] + [(url, DEPTH) for url in UNLINKED])
    while queue:
        url, depth = queue.popleft()
        if url in seen:
            continue
        seen[url] = response = client.get(url, follow=True)
        if depth == DEPTH or "text/html" not in response["Content-Type"]:
            continue
        for href in read(response.content.decode()).links:
            link = urljoin(url, href).split("#")[0]
            if is_french_page(link):
                queue.append((urlsplit(link)._replace(scheme="", netloc="").geturl(), depth + 1))
    origin = {"Origin": "http://testserver"}
    details = client.post(FEEDBACK, {"path": START, "helpful": "false"}, headers=origin)
    seen[details["Location"]] = client.get(details["Location"])
    seen[f"{details['Location']} (too long)"] = client.post(
        details["Location"], {"details": "x" * 301}, headers=origin
    )
    return seen


def feed_text(element, inherited="fr"):
    """The text of the feed's elements not marked xml:lang="en"; HTML content read as a
    page is."""
    lang = element.get("{http://www.w3.org/XML/1998/namespace}lang", inherited)
    if lang.startswith("en"):
        return []
    pieces = []
    if element.text and element.text.strip():
        if element.get("type") == "html":
            pieces += read(element.text).pieces
        else:
            pieces.append(element.text.strip())
    for child in element:
        pieces += feed_text(child, lang)
    return pieces


@pytest.fixture
def french_text(with_a_change, client):
    """{url: the pieces of text a French reader reads there} of every French page the
    crawl reaches, and of the Atom feed."""
    pages = {
        url: read(response.content.decode()).pieces
        for url, response in crawl(client).items()
        if "text/html" in response["Content-Type"]
    }
    pages[FEED] = feed_text(ET.fromstring(client.get(FEED).content))
    return pages


def test_the_crawl_reaches_every_kind_of_french_page(with_a_change, client):
    pages = crawl(client)
    html = {url for url, response in pages.items() if "text/html" in response["Content-Type"]}
    feed = ET.fromstring(client.get(FEED).content)

    assert len(html) > 30
    assert {"/fr/missions/binuh/", "/fr/regions/caribbean-region/", *UNLINKED} <= html
    assert {response.status_code for response in pages.values()} == {200, 400, 404}
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 3


def test_no_french_page_or_feed_shows_english_outside_lang_en(french_text):
    assert_found(
        "English on French pages",
        [hit for url, pieces in french_text.items() for hit in english_in(url, pieces)],
    )


def test_french_pages_and_feed_follow_french_typography(french_text):
    assert_found(
        "French typography",
        [
            f"{url}: {piece[max(0, match.start() - 50) : match.end() + 20]!r}"
            for url, pieces in french_text.items()
            for piece in pieces
            for match in BAD_TYPOGRAPHY.finditer(piece)
        ],
    )


def described(node):
    """Every description, summary and title in an OpenAPI document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary", "title") and isinstance(value, str):
                yield value
            else:
                yield from described(value)
    elif isinstance(node, list):
        for value in node:
            yield from described(value)


def test_the_french_openapi_document_describes_everything_in_french(with_a_change, client):
    document = json.loads(client.get(OPENAPI).content)

    texts = list(described(document))
    assert len(texts) > 20
    assert_found("English in the French OpenAPI document", english_in(OPENAPI, texts))


def field_titles(document):
    """{(schema or path, field or parameter): title} of an OpenAPI document."""
    titles = {
        (name, field): properties["title"]
        for name, schema in document["components"]["schemas"].items()
        for field, properties in schema.get("properties", {}).items()
    }
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                titles[path, parameter["name"]] = parameter["schema"]["title"]
    return titles


def test_every_field_of_the_french_openapi_document_has_a_french_title(client):
    english = field_titles(json.loads(client.get("/en/api/openapi.json").content))
    french = field_titles(json.loads(client.get(OPENAPI).content))

    assert french.keys() == english.keys()
    assert {
        where: title
        for where, title in french.items()
        if title == english[where] and title not in SAME_IN_FRENCH
    } == {}
