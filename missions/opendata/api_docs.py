"""The API's page for people (/en/api/, /fr/api/) and its OpenAPI document in the page's
language, both from the document django-ninja makes of missions/opendata/api.py."""

import re

from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from missions.models.editions import live_date_modified
from missions.opendata.api import api
from missions.opendata.downloads import TYPE_LABELS, as_code


def schema_summary(schema):
    """A parameter's or field's type in a few words, as HTML: "whole number, 1 to 1000",
    "one of: <code>a</code>, <code>b</code>", in the current language."""
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    schema = options[0] if len(options) == 1 else schema
    if "enum" in schema:
        return mark_safe(
            conditional_escape(_("one of: %(values)s")) % {"values": as_code(schema["enum"])}
        )
    kind = schema.get("format") or schema.get("type", "object")
    words = [str(TYPE_LABELS.get(kind, kind))]
    limits = {"minimum": schema.get("minimum"), "maximum": schema.get("maximum")}
    if None not in limits.values():
        words.append(_("%(minimum)s to %(maximum)s") % limits)
    elif limits["minimum"] is not None:
        words.append(_("at least %(minimum)s") % limits)
    elif limits["maximum"] is not None:
        words.append(_("at most %(maximum)s") % limits)
    if "pattern" in schema:
        pattern = as_code([schema["pattern"]])
        words.append(
            mark_safe(conditional_escape(_("matching %(pattern)s")) % {"pattern": pattern})
        )
    return mark_safe(", ".join(conditional_escape(word) for word in words))


def code_spans(text):
    """An OpenAPI description as HTML: its `code` spans (CommonMark) marked as code."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", conditional_escape(text)))


def openapi_document(request):
    """The OpenAPI document in the page's language, at /en/api/openapi.json and
    /fr/api/openapi.json."""
    document = api.get_openapi_schema(
        path_prefix=reverse("api-v1:api-root"), language=get_language()
    )
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


class ApiDocsView(TemplateView):
    """The API described for people, from the same OpenAPI document: no script, nothing
    from other hosts (Swagger UI would need both)."""

    template_name = "missions/api_docs.html"

    def get_context_data(self, **kwargs):
        document = api.get_openapi_schema(
            path_prefix=reverse("api-v1:api-root"), language=get_language()
        )
        endpoints = []
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                parameters = [
                    {
                        "name": parameter["name"],
                        "type": schema_summary(parameter.get("schema", {})),
                        "description": code_spans(
                            parameter.get("description")
                            or parameter.get("schema", {}).get("description", "")
                        ),
                    }
                    for parameter in operation.get("parameters", [])
                ]
                endpoints.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "parameters": parameters,
                    }
                )
        return super().get_context_data(
            document=document,
            endpoints=endpoints,
            openapi_url=reverse("missions:api_schema"),
            date_modified=live_date_modified(),
            **kwargs,
        )
