from django import template
from django.conf import settings
from django.urls import translate_url
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
