"""The UN's own monthly figures of Canada's police, as a download of their own: its columns,
and its sources with their terms as content/un-police-contributions/README.md gives them.
The RCMP's licence does not cover them: each source keeps its own terms, and a source that
states no licence is said to state none."""

from django.utils.translation import gettext_lazy as _

from missions.models.published import PublishedUNFigure
from missions.opendata.tableschema import Column, Table

UN_CONTRIBUTIONS = Table(
    name="un-contributions",
    title=_("Canada's police in UN missions, as reported by the UN (monthly)"),
    description=_(
        "The UN's own monthly figures of Canadian police in its missions, by mission and "
        "personnel type, as the UN reported them: a series of their own, beside the RCMP's, "
        "never mixed with them. A row with no acronym is Canada's total, which the UN gave "
        "with no split by mission that month. The RCMP's licence does not cover these rows: "
        "each source keeps its own terms (see sources)."
    ),
    primary_key="contribution_id",
    foreign_keys=(("mission_id", "missions", "mission_id"),),
    columns=(
        Column(
            "contribution_id",
            _("The UN figure's permanent identifier on this site."),
            PublishedUNFigure,
            "contribution_id",
            unique=True,
        ),
        Column(
            "month",
            _("The date of the UN's report, as YYYY-MM-DD (the last day of its month)."),
            PublishedUNFigure,
            "month",
        ),
        Column(
            "acronym",
            _(
                "The UN mission's acronym as the UN prints it, e.g. MONUSCO; empty for "
                "Canada's total with no split by mission."
            ),
            PublishedUNFigure,
            "acronym",
            required=False,
        ),
        Column(
            "mission_id",
            _(
                "Our mission with this acronym (its mission_id); empty if the RCMP page has no "
                "such mission (e.g. UNMIK)."
            ),
            type="integer",
        ),
        Column(
            "mission_slug",
            _("Our mission's name in the site's addresses; empty if none."),
            PublishedUNFigure,
            "mission",
            required=False,
        ),
        Column(
            "personnel_type",
            _("The UN's personnel type, as the UN names it (the same in both languages)."),
            PublishedUNFigure,
            "personnel_type",
        ),
        Column(
            "male",
            _("Men, as the UN reported them; empty if not given."),
            PublishedUNFigure,
            "male",
            unit=_("police officers"),
        ),
        Column(
            "female",
            _("Women, as the UN reported them; empty if not given."),
            PublishedUNFigure,
            "female",
            unit=_("police officers"),
        ),
        Column(
            "total",
            _("The total as the UN printed it; empty if not given (never computed here)."),
            PublishedUNFigure,
            "total",
            unit=_("police officers"),
        ),
        Column("source", _("Where the row comes from."), PublishedUNFigure, "source"),
        Column(
            "edition",
            _("The number of the edition of the page that first published the row as it is."),
            PublishedUNFigure,
            "edition",
            type="integer",
            required=True,
        ),
    ),
)

IPI_LICENCE = {
    "name": "GPL-2.0",
    "path": "https://github.com/IPIDataLab/PPP_Loader/blob/"
    "ee52ebc622bb99cd52af388fca38573ba0ea85df/LICENSE",
    "title": _(
        "GNU General Public License v2: the LICENSE file of the IPI Peacekeeping Database's "
        "repository, for its rows (2009-11 to 2014-08). It covers the repository; no separate "
        "data licence is stated."
    ),
}
# A source with no licence has no "licenses": its description says that none is stated.
UN_SOURCES = (
    {
        "title": _("IPI Peacekeeping Database (International Peace Institute)"),
        "path": "https://github.com/IPIDataLab/PPP_Loader/blob/"
        "ee52ebc622bb99cd52af388fca38573ba0ea85df/ppp_files/full_gender_data.csv",
        "description": _(
            "Rows dated 2009-11-30 to 2014-08-31: its gender file, compiled monthly from the "
            "UN's reports of contributions by country, mission and gender. Licence: the "
            "repository's GNU GPL v2 file; no separate data licence is stated."
        ),
        "licenses": (IPI_LICENCE,),
    },
    {
        "title": _(
            "United Nations, Department of Peace Operations: monthly reports of "
            "contributions by mission, country and personnel type"
        ),
        "path": "https://github.com/kl371218/kl371218/tree/"
        "3589ecac25c7c8929d8f9c5f95adb5ebaa7bcbce",
        "description": _(
            "Rows dated 2015-01-31 to 2025-07-31: the UN's monthly PDF reports, as kept in "
            "this repository. No licence is stated."
        ),
    },
)


def plain(value):
    """A description with its texts in the active language."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    return str(value)


def un_terms():
    """The UN resource's licences and sources, in the active language: the licence of the
    one source that states one (a resource must name one), and each source with its own
    terms."""
    return {"licenses": [plain(IPI_LICENCE)], "sources": plain(UN_SOURCES)}
