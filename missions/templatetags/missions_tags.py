from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

register = template.Library()


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


@register.simple_tag
def lang_attr(record, field):
    """` lang="en"` where a text is shown in the other language, as its fallback."""
    language = record.language_of(field)
    return format_html(' lang="{}"', language) if language != get_language() else ""
