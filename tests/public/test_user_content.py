"""What staff type is shown as text on every public page, never run as HTML."""

import pytest

from ..helpers.editions import publish_working_copy
from ..helpers.pages import inline_scripts, start_tags
from ..helpers.records import DAY, make_mission, make_posting, make_region, make_snapshot

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "- <b onmouseover=alert(1)>list item</b>",
]

FIELDS = (
    [("region", f"{field}_{lang}") for field in ("name", "note", "intro") for lang in ("en", "fr")]
    + [
        ("mission", f"{field}_{lang}")
        for field in ("name", "acronym", "body")
        for lang in ("en", "fr")
    ]
    + [("mission", "source")]
    + [
        ("posting", f"{field}_{lang}")
        for field in ("title", "organization", "city", "country", "body")
        for lang in ("en", "fr")
    ]
    + [("snapshot", "source")]
)


def build(model, field, payload):
    records = {"region": make_region(slug="haiti", name="Haiti")}
    records["mission"] = make_mission(records["region"], slug="binuh", name="BINUH", started=DAY)
    records["snapshot"] = make_snapshot(records["region"], records["mission"], deployed=5)
    records["posting"] = make_posting(slug="icc", title="International Criminal Court")
    record = records[model]
    setattr(record, field, payload)
    if field[-3:] in ("_en", "_fr"):
        # Only a text given in both languages can be published.
        other = field[:-2] + ("fr" if field.endswith("_en") else "en")
        setattr(record, other, getattr(record, other) or "Text")
    record.save()
    publish_working_copy(DAY)


PAGES = [
    "/en/current-peace-operations/",
    "/fr/missions-en-cours/",
    "/en/current-peace-operations/editions/1/",
    "/fr/missions-en-cours/editions/1/",
    "/en/missions/binuh/",
    "/fr/missions/binuh/",
    "/en/regions/haiti/",
    "/fr/regions/haiti/",
]


@pytest.mark.slow
@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("model,field", FIELDS)
def test_markup_typed_in_any_text_field_never_becomes_a_tag_on_a_public_page(
    client, model, field, payload
):
    build(model, field, payload)
    for page in PAGES:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert inline_scripts(html) == [], (page, field)
        tags = start_tags(html)
        assert not {"img", "b"} & {tag for tag, _attrs in tags}, page
        # The only SVG allowed is the site's own chart.
        assert all(attrs.get("role") == "img" for tag, attrs in tags if tag == "svg"), page


# The fields the public pages show today, and a page that shows each.
SHOWN = {
    ("region", "name_en"): "/en/current-peace-operations/",
    ("region", "name_fr"): "/fr/missions-en-cours/",
    ("region", "note_en"): "/en/current-peace-operations/",
    ("region", "note_fr"): "/fr/missions-en-cours/",
    ("region", "intro_en"): "/en/current-peace-operations/",
    ("region", "intro_fr"): "/fr/missions-en-cours/",
    ("mission", "name_en"): "/en/missions/binuh/",
    ("mission", "name_fr"): "/fr/missions/binuh/",
    ("mission", "acronym_en"): "/en/missions/binuh/",
    ("mission", "acronym_fr"): "/fr/missions/binuh/",
    ("mission", "body_en"): "/en/missions/binuh/",
    ("mission", "body_fr"): "/fr/missions/binuh/",
    ("posting", "title_en"): "/en/current-peace-operations/",
    ("posting", "title_fr"): "/fr/missions-en-cours/",
    ("posting", "body_en"): "/en/current-peace-operations/",
    ("posting", "body_fr"): "/fr/missions-en-cours/",
}


@pytest.mark.parametrize("model,field", SHOWN)
def test_markup_typed_in_a_shown_field_appears_as_escaped_text(client, model, field):
    build(model, field, "Before <script>alert(1)</script> after")
    html = client.get(SHOWN[model, field]).content.decode()
    assert "Before &lt;script&gt;alert(1)&lt;/script&gt; after" in html
    assert "<script>alert(1)</script>" not in html
