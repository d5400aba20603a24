"""Historical edition files (docs/edition-files.md), written piece by piece for the tests."""

# A historical edition file (docs/edition-files.md): the head, then parts of the page.
HEAD = """\
schema_version = 1
title.en = "Current operations"

[edition]
took_effect = 2016-06-01
source = "https://web.archive.org/web/20160601000000/http://www.rcmp-grc.gc.ca/"
summary.en = "As archived."
summary.fr = "Telle qu'archivée."
"""


def region_toml(
    slug="west-bank", name_en="West Bank", name_fr="Cisjordanie", extra="", language="en"
):
    """A region of an edition file, with the facts its record needs."""
    return f"""
[[regions]]
slug = "{slug}"
name.en = "{name_en}"
name.fr = "{name_fr}"
{extra}
[regions.record]
language = "{language}"
armed = false
"""


def mission_toml(slug, extra="", status="active", name_en=None, name_fr=None, kind="other"):
    """A mission of the region above it in an edition file."""
    return f"""
[[regions.missions]]
slug = "{slug}"
name.en = "{name_en or f"Mission {slug}"}"
name.fr = "{name_fr or f"Mission {slug} FR"}"
kind = "{kind}"
status = "{status}"
{extra}"""


def figure_toml(name, value, wording, level, table="regions.missions.figures"):
    """A figure, in both languages, of the item above it in an edition file."""
    return f"""
[{table}.{name}]
value = {value}
wording = {{ en = "{wording}", fr = "{wording} FR" }}
level = "{level}"
"""


# A region with one mission and its figures, the authorized one worded in English only.
COLOMBIA = (
    region_toml("colombia", "Colombia", "Colombie", language="es")
    + mission_toml(
        "un-spm",
        name_en="UN Special Political Mission",
        name_fr="Mission politique spéciale de l'ONU",
        kind="un",
    )
    + """
[regions.missions.figures.authorized]
value = 10
wording.en = "up to 10"
level = "mission"

[regions.missions.figures.deployed]
value = 4
wording = { en = "4", fr = "4" }
level = "mission"
"""
)


def edition_file(*parts, head=HEAD):
    return head + "".join(parts)
