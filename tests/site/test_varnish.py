"""deploy/varnish/default.vcl in a real varnishd, in front of the site under gunicorn: a
page asked for again is a hit, a publish shows through it within a second with the purge
worker running, a signed-in editor's pages are never kept, and a PURGE or BAN from outside
the allowed network is refused."""

import re
import shutil
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from missions.frontend.backends import PurgeFailed, VarnishBackend

from ..helpers.environment import ROOT, free_port
from ..helpers.gunicorn import CURRENT, Gunicorn, fetch, manage, seeded_site

pytestmark = pytest.mark.slow

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd", path="/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin")

NEW_NAME = "Ukraine, renamed for Varnish"
PUBLISH = f"""
from missions.editions.publishing import publish_working_copy
from missions.models import Region

region = Region.objects.get(slug="ukraine")
region.name_en = {NEW_NAME!r}
region.save()
publish_working_copy(summary_en="Renamed", summary_fr="Renommée", significant=True)
"""

# A session of a signed-in member of staff, as the sign-in page leaves it; prints its key.
EDITOR_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User

user = User.objects.create_user("editor", is_staff=True)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(session.session_key)
"""


def vcl_for(port, purgers=None):
    """default.vcl with both replicas at the test's gunicorn and, if given, `purgers` as
    the addresses allowed to PURGE and BAN."""
    text = VCL.read_text()
    text = re.sub(
        r'\.host = "web2?"; \.port = "8000";', f'.host = "127.0.0.1"; .port = "{port}";', text
    )
    if purgers is not None:
        allowed = "".join(f'    "{address}";\n' for address in purgers)
        text = re.sub(r"acl purgers \{\n.*?\n\}", f"acl purgers {{\n{allowed}}}", text, flags=re.S)
    return text


class Varnish:
    """varnishd in the foreground, with its own working directory, on a port of its own."""

    def __init__(self, vcl, folder):
        folder.mkdir()
        (folder / "default.vcl").write_text(vcl)
        self.port = free_port()
        self.errors = folder / "varnishd.log"
        with self.errors.open("w") as errors:
            self.process = subprocess.Popen(
                [VARNISHD, "-F", "-j", "none", "-n", str(folder / "work"),
                 "-a", f"127.0.0.1:{self.port}", "-f", str(folder / "default.vcl"),
                 "-s", "malloc,64m"],
                stdout=errors,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        for _attempt in range(100):
            try:
                fetch(self.port, "/healthz", host="127.0.0.1", https=False)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"varnishd did not start: {self.errors.read_text()}")

    def get(self, path, **headers):
        response, content = fetch(self.port, path, **headers)
        return response, content.decode(errors="replace")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seed content under gunicorn, tagging for Varnish and queueing purges for it,
    with a Varnish that takes purges from this machine and one that does not (the
    compose network's list); and the site's environment."""
    if VARNISHD is None:
        pytest.skip("varnishd is not installed: apt-get install varnish varnish-modules")
    folder = tmp_path_factory.mktemp("varnish")
    env = seeded_site(
        folder,
        CACHE_TAG_HEADER="xkey",
        PAGE_SHARED_MAX_AGE="86400",
        FRONTEND_CACHE="varnish",
        VARNISH_URLS="http://127.0.0.1:1",  # the purge worker's is set by its test
        # Workers see the new edition this soon after its commit: before the purge (the
        # purge worker sends each job again once PAGE_VERSION_SECONDS have passed).
        PAGE_VERSION_SECONDS="0.2",
    )
    server = Gunicorn(env, folder, workers=2)
    varnishes = []
    try:
        server.wait_until_up()
        varnishes.append(Varnish(vcl_for(server.port, ["127.0.0.1"]), folder / "allowed"))
        varnishes.append(Varnish(vcl_for(server.port), folder / "outside"))
        yield SimpleNamespace(env=env, allowed=varnishes[0], outside=varnishes[1])
    finally:
        for varnish in varnishes:
            varnish.stop()
        server.stop()


def test_a_page_asked_for_again_is_a_hit_whatever_its_tracking_parameters(site):
    first, body = site.allowed.get("/en/missions/")
    assert first.status == 200
    assert first.getheader("X-Cache") == "MISS"
    again, again_body = site.allowed.get("/en/missions/?utm_source=news&gclid=1")
    assert again.getheader("X-Cache") == "HIT"
    assert int(again.getheader("Age")) >= 0
    assert again_body == body


def test_a_publish_shows_through_varnish_within_a_second_with_the_purge_worker_running(site):
    site.allowed.get(CURRENT)
    cached, body = site.allowed.get(CURRENT)
    assert cached.getheader("X-Cache") == "HIT"
    assert NEW_NAME not in body
    worker_env = {**site.env, "VARNISH_URLS": f"http://127.0.0.1:{site.allowed.port}"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "purge_frontend", "--interval", "0.1"],
        cwd=ROOT,
        env=worker_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(3)  # the worker up and waiting for jobs
        assert worker.poll() is None, worker.stderr.read()
        manage(site.env, "shell", "-c", PUBLISH)
        published = time.monotonic()
        while NEW_NAME not in site.allowed.get(CURRENT)[1]:
            assert time.monotonic() - published < 1, "not within 1 s"
            time.sleep(0.05)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    again, body = site.allowed.get(CURRENT)
    assert again.getheader("X-Cache") == "HIT"
    assert NEW_NAME in body


def test_a_signed_in_editors_pages_are_never_kept(site):
    key = manage(site.env, "shell", "--no-imports", "-c", EDITOR_SESSION).strip()
    for _request in range(2):
        response, _body = site.allowed.get("/en/regions/", Cookie=f"sessionid={key}")
        assert response.status == 200
        assert response.getheader("X-Cache") == "MISS"
        assert "private" in response.getheader("Cache-Control")
    anonymous, _body = site.allowed.get("/en/regions/")
    assert "private" not in anonymous.getheader("Cache-Control")


def test_a_purge_or_ban_from_outside_the_allowed_network_is_refused(site):
    site.outside.get("/en/regions/")
    for method, headers in (
        ("PURGE", {"xkey-purge": "peaceops"}),
        ("PURGE", {}),
        ("BAN", {"ban-url": "."}),
    ):
        refused, _body = site.outside.get("/en/regions/", method=method, **headers)
        assert refused.status == 403, method
    kept, _body = site.outside.get("/en/regions/")
    assert kept.getheader("X-Cache") == "HIT"
    with pytest.raises(PurgeFailed):
        VarnishBackend([f"http://127.0.0.1:{site.outside.port}"]).purge(
            SimpleNamespace(tags="peaceops")
        )


def test_a_ban_from_the_allowed_network_forgets_the_pages_it_names(site):
    site.allowed.get("/en/regions/")
    assert site.allowed.get("/en/regions/")[0].getheader("X-Cache") == "HIT"
    banned, _body = site.allowed.get("/", method="BAN", **{"ban-url": "^/en/regions/$"})
    assert banned.status == 200
    assert site.allowed.get("/en/regions/")[0].getheader("X-Cache") == "MISS"
