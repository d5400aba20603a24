"""Real-browser tests: pytest-playwright drives Debian's Chromium against live_server.

Run with `make test-browser` (needs /usr/bin/chromium, Java and `npm ci`'s node_modules).
"""

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"


def other_hosts(urls, site_url):
    """The URLs that go to any host but the site's (data: and blob: URLs go nowhere)."""
    origin = urlsplit(site_url).netloc
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin
    ]


# Collects what the Content-Security-Policy blocks, from the moment each page starts.
LISTEN_FOR_CSP_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile);
});
"""


def csp_violations(page):
    return page.evaluate("window.__violations || []")


@pytest.fixture(scope="package", autouse=True)
def orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test thread, and Django's ORM
    refuses to run next to one. The tests touch the database only between page loads. Set
    for these tests only, not for the rest of the suite."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session", autouse=True)
def databases_made_before_the_browser(django_db_setup):
    """The test databases are made before Playwright starts its event loop, and so are
    destroyed after it has stopped it, each process's (pytest-xdist) included."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Browsers cannot be downloaded here: use Debian's Chromium, and keep it off the network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def staff_roles(django_db_blocker):
    """The staff groups and their permissions as the migrations made them, read once,
    before a live-server test empties the tables."""
    from django.contrib.auth.models import Group

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop may be running
        with django_db_blocker.unblock():
            return {
                group.name: list(
                    group.permissions.values_list("content_type__app_label", "codename")
                )
                for group in Group.objects.all()
            }


@pytest.fixture
def site(live_server, staff_roles):
    """The live site with the content of both seed pages and the staff groups."""
    from django.contrib.auth.models import Group, Permission

    for name, permissions in staff_roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in permissions
        )
    call_command("seed_content", stdout=io.StringIO())
    return live_server


@pytest.fixture
def visit(page, site):
    """Open a path of the live site and wait until the GC Design System has drawn it.

    Fails the test if the browser asks any host but the site itself for anything, during a
    visit or after it (links followed, forms sent).
    """
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(LISTEN_FOR_CSP_VIOLATIONS)

    def only_this_site():
        elsewhere = other_hosts(requested, site.url)
        assert elsewhere == [], f"the browser asked other hosts for {elsewhere}"

    def visit(path, wait_for_components=True):
        response = page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        if wait_for_components:
            page.wait_for_function(
                """() => [...document.querySelectorAll('*')]
                    .filter(el => el.localName.startsWith('gcds-'))
                    .every(el => el.classList.contains('hydrated'))"""
            )
        page.evaluate("document.fonts.ready.then(() => true)")
        only_this_site()
        # Checked on the page as served: test tools injected later (axe) are not the site's.
        assert csp_violations(page) == []
        return response

    yield visit
    only_this_site()


@pytest.fixture
def without_javascript(page):
    """The page as it reads when the design system's scripts do not load."""
    page.route("**/vendor/gcds/*.js", lambda route: route.abort())
    return page


@pytest.fixture(scope="module")
def axe():
    """The pinned axe-core, from node_modules (npm ci)."""
    return Axe.from_file(ROOT / "node_modules" / "axe-core" / "axe.min.js")


def violations(axe, page):
    # The design system fades each page in (50 ms, longer on a busy machine): text measured
    # half-faded fails the contrast check. The fade starts once the styles are loaded.
    page.wait_for_load_state()
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    results = axe.run(page)
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]])
        for v in results.response["violations"]
    ]


PASSWORD = "a-long-test-passphrase-1"


def sign_in(page, visit, username, group=None, language="en"):
    """A new staff user in `group` (None: a superuser), signed in on the admin."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    else:
        user.is_superuser = True
        user.save()
    visit(f"/{language}/admin/", wait_for_components=False)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    return user
