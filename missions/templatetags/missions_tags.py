import json

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from missions.core import dates
from missions.core.links import absolute_url
from missions.public.feedback import FeedbackForm
from missions.public.past import asked_day_html

register = template.Library()

# Pages of other Government of Canada sites that the header, breadcrumbs and footer link to.
GC_URLS = {
    "canada": {"en": "https://www.canada.ca/en.html", "fr": "https://www.canada.ca/fr.html"},
    "rcmp": {"en": "https://rcmp.ca/en", "fr": "https://grc.ca/fr"},
    "federal_policing": {
        "en": "https://rcmp.ca/en/federal-policing",
        "fr": "https://grc.ca/fr/police-federale",
    },
    "international_policing": {
        "en": "https://rcmp.ca/en/federal-policing/international-policing",
        "fr": "https://grc.ca/fr/police-federale/police-internationale",
    },
    "terms": {
        "en": "https://www.canada.ca/en/transparency/terms.html",
        "fr": "https://www.canada.ca/fr/transparence/avis.html",
    },
    "privacy": {
        "en": "https://www.canada.ca/en/transparency/privacy.html",
        "fr": "https://www.canada.ca/fr/transparence/confidentialite.html",
    },
}


@register.simple_tag
def other_language():
    """The other official language, for the language toggle."""
    current = get_language()
    code = next(code for code, _name in settings.LANGUAGES if code != current)
    return get_language_info(code)


def same_page_in(request, code):
    """The path of the page in language `code`. Built from the URL pattern the request
    matched, never from the raw path, which an address like /\\evil.example/ would turn
    into a link to another site. A page the URLs do not match (a 404) leads to the
    current page."""
    match = request.resolver_match
    with translation.override(code):
        if match is None:
            return reverse("missions:current")
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:  # a pattern without a name
            return reverse("missions:current")


@register.simple_tag(takes_context=True)
def toggle_url(context, code):
    """The same page in the other language, keeping the query string (e.g. ?as_of)."""
    request = context["request"]
    url = same_page_in(request, code)
    # A page the URLs do not match leads to the current page, without its query.
    query = request.GET.urlencode() if request.resolver_match else ""
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def page_addresses(context):
    """The page's canonical address and its address in each language, at SITE_URL. Every
    version of the page has an address of its own (an edition's is …/editions/N/), so
    no query parameter is part of it."""
    request = context["request"]
    return {
        "canonical": absolute_url(request, same_page_in(request, get_language())),
        "languages": [
            (code, absolute_url(request, same_page_in(request, code)))
            for code, _name in settings.LANGUAGES
        ],
    }


@register.simple_tag
def lang_attr(record, field):
    """` lang="en"` where a text is shown in the other language, as its fallback."""
    language = record.language_of(field)
    return format_html(' lang="{}"', language) if language != get_language() else ""


@register.simple_tag
def lang_of(text):
    """` lang="fr"` on a text of a page shown in the other language, where its own
    language was not known (missions.core.text.Text)."""
    language = getattr(text, "lang", None)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag
def gc_url(name):
    """The address of a Government of Canada page in the current language."""
    return GC_URLS[name][get_language()]


@register.simple_tag
def footer_links():
    """The links of the footer's site band, {label: url}, as gcds-footer takes them."""
    return {
        _("Current peace operations"): reverse("missions:current"),
        _("RCMP website"): gc_url("rcmp"),
    }


@register.filter
def asked_day(value):
    """The date a reader asked for (?as_of=), in full, marked as such."""
    return asked_day_html(value)


@register.filter
def long_date(value):
    """A date in full, as the page's language writes it: "1er juin 2022"."""
    return dates.long_date(value) if value else ""


@register.filter
def to_json(value):
    """JSON for a component attribute; autoescaping keeps it intact inside the quotes."""
    return json.dumps(value, ensure_ascii=False)


@register.simple_tag
def feedback_form(path, edition_number=None):
    """The page feedback form for a page, with the edition the reader sees."""
    return FeedbackForm(initial={"path": path, "edition_number": edition_number})
