import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from missions.feedback import FeedbackForm

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


@register.simple_tag(takes_context=True)
def toggle_url(context, code):
    """The same page in the other language, keeping the query string (e.g. ?as_of)."""
    request = context["request"]
    url = translate_url(request.path, code)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def page_addresses(context):
    """The page's canonical address and its address in each language, absolute. The
    canonical address keeps only the parameters that make another page (?as_of)."""
    request = context["request"]
    query = urlencode({key: request.GET[key] for key in ("as_of",) if request.GET.get(key)})

    def absolute(path):
        return request.build_absolute_uri(f"{path}?{query}" if query else path)

    return {
        "canonical": absolute(request.path),
        "languages": [
            (code, absolute(translate_url(request.path, code))) for code, _n in settings.LANGUAGES
        ],
    }


@register.simple_tag
def lang_attr(record, field):
    """` lang="en"` where a text is shown in the other language, as its fallback."""
    language = record.language_of(field)
    return format_html(' lang="{}"', language) if language != get_language() else ""


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
def to_json(value):
    """JSON for a component attribute; autoescaping keeps it intact inside the quotes."""
    return json.dumps(value, ensure_ascii=False)


@register.simple_tag
def feedback_form(path, edition_number=None):
    """The page feedback form for a page, with the edition the reader sees."""
    return FeedbackForm(initial={"path": path, "edition_number": edition_number})
