"""The 400 and 404 pages of a public address: what is wrong with it, and what to do next."""

import functools
import uuid

from django.http import HttpRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from missions.public.forms import AsOfForm

BAD_REQUEST = "missions/bad_request.html"


def context(message, path):
    return {"message": message, "form": AsOfForm(), "retry_url": path}


def bad_request(request, message, status=400, template=BAD_REQUEST):
    """The page saying what is wrong with the address the view was asked for."""
    return render(request, template, context(message, request.path), status=status)


@functools.lru_cache(maxsize=64)
def bad_request_page(language, message, template=BAD_REQUEST, path=None):
    """The same page, rendered once per language, kind of mistake and page in each process,
    without the visitor's query, and split where the value typed goes: so any number of
    made-up addresses costs one render. A page's own 400 template (an index's) is for its
    address; the others are for the current page's (their language toggle leads there)."""
    placeholder = uuid.uuid4().hex
    with translation.override(language):
        request = HttpRequest()
        request.path = request.path_info = path or reverse("missions:current")
        request.method = "GET"
        html = render_to_string(
            template, context(message % {"value": placeholder}, request.path), request=request
        )
    return html.split(placeholder)
