"""Security headers, and pages that keep working under the strict Content-Security-Policy."""

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from ..helpers.pages import PUBLIC_PAGES, inline_scripts, inline_styles, start_tags

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    f"style-src 'self' {settings.GCDS_LOADER_STYLE}",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def assert_secure_headers(response):
    assert set(response["Content-Security-Policy"].split("; ")) == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def assets(html):
    """The addresses of everything the page makes the browser load."""
    loading = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src"}
    loading |= {"embed": "src", "object": "data"}
    return [
        attrs[loading[tag]]
        for tag, attrs in start_tags(html)
        if tag in loading
        and attrs.get(loading[tag])
        # The page's canonical and other-language addresses are links, not loads.
        and attrs.get("rel") not in ("canonical", "alternate")
    ]


@pytest.mark.parametrize("path,status", PUBLIC_PAGES.items())
def test_every_public_page_has_the_security_headers_and_loads_only_the_sites_own_files(
    seeded, client, path, status
):
    response = client.get(path)
    assert response.status_code == status
    assert_secure_headers(response)
    html = response.content.decode()
    assert inline_scripts(html) == []
    assert inline_styles(html) == []
    if status == 302:
        return  # a redirect has no page
    loaded = assets(html)
    assert "/static/vendor/gcds/gcds.esm.js" in loaded
    assert "/static/vendor/gcds/gcds.css" in loaded
    # Nothing from another host (links to Canada.ca pages are not loads), nor generated.
    assert [url for url in loaded if not url.startswith("/static/")] == []


@pytest.mark.parametrize("url", ["/en/current-peace-operations/", "/fr/regions/haiti/"])
def test_a_page_served_from_the_cache_has_the_same_headers_as_when_it_was_rendered(
    client, haiti, url
):
    rendered = client.get(url, HTTP_ACCEPT_ENCODING="br")
    cached = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert cached.content == rendered.content
    assert_secure_headers(cached)
    for header in ("Content-Language", "Vary", "Cache-Control", "ETag", "Content-Encoding"):
        assert cached[header] == rendered[header]


def admin_urls():
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in ("region", "mission", "posting", "deploymentsnapshot"):
        obj = apps.get_model("missions", model).objects.first()
        urls += [
            reverse(f"admin:missions_{model}_changelist"),
            reverse(f"admin:missions_{model}_add"),
            reverse(f"admin:missions_{model}_change", args=[obj.pk]),
            reverse(f"admin:missions_{model}_history", args=[obj.pk]),
        ]
    urls.append(reverse("admin:missions_mission_changelist") + "?q=binuh")
    urls.append(reverse("admin:missions_deploymentsnapshot_changelist") + "?as_of__year=2020")
    urls.append(reverse("admin:missions_mission_add") + "?_popup=1&_to_field=id")
    return urls


def test_the_admin_pages_run_no_inline_script_and_have_the_security_headers(admin_client, haiti):
    for url in admin_urls():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response)
        assert inline_scripts(response.content.decode()) == [], url


def test_the_admin_sign_in_page_runs_no_inline_script(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_secure_headers(response)
    assert inline_scripts(response.content.decode()) == []


def test_the_admin_popup_response_runs_no_inline_script(admin_client, haiti):
    response = admin_client.post(
        reverse("admin:missions_mission_add") + "?_popup=1&_to_field=id",
        {
            "_popup": "1",
            "_to_field": "id",
            "region": haiti.region.pk,
            "name_en": "New mission",
            "slug": "new-mission",
            "kind": "un",
            "status": "active",
            "position": "0",
            "started_precision": "day",
            "ended_precision": "day",
            "snapshots-TOTAL_FORMS": "0",
            "snapshots-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "django-admin-popup-response-constants" in html
    assert inline_scripts(html) == []


def test_the_health_check_is_not_under_the_language_prefix_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-store" in response["Cache-Control"]
    assert client.get("/en/healthz").status_code == 404
