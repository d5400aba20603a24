"""The deployment's own files agree with the site: the guide names every setting the site
reads, docker-compose.yml gives the site the address the downloads service has, and
publish_scheduled runs every minute (compose's scheduler service, the cron line)."""

import re

import yaml

from ..helpers.environment import ROOT


def test_the_deployment_guide_lists_every_environment_variable_the_site_reads():
    sources = (ROOT / "peaceops" / "settings.py").read_text()
    sources += (ROOT / "gunicorn.conf.py").read_text()
    names = set(re.findall(r"""(?:env\.\w+\(|environ\.get\()\s*["']([A-Z_]+)["']""", sources))
    names |= set(re.findall(r"""["']([A-Z_]+)["'] in env""", sources))
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL", "PORT", "WEB_CONCURRENCY"} <= names
    deploying = (ROOT / "docs" / "deploying.md").read_text()
    missing = {name for name in names if f"| `{name}` |" not in deploying}
    assert missing == set()


def test_compose_gives_the_site_its_address_as_the_downloads_service_has_it():
    # Without it a publish renders no page ahead, and sites sharing a Redis share keys.
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    site = services["web"]["environment"]
    assert site["SITE_URL"].startswith("${SITE_URL:?")
    assert site["SITE_URL"] == services["downloads"]["environment"]["SITE_URL"]


def test_compose_runs_publish_scheduled_every_minute_with_the_sites_database_cache_and_address():
    # A publish starts a new version of the pages in the site's cache, rendered ahead at
    # SITE_URL: the scheduler must use the site's own database, cache and address.
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    scheduler, site = services["scheduler"], services["web"]
    loop = "while true; do python manage.py publish_scheduled; sleep 60; done"
    assert loop in scheduler["command"]
    assert scheduler["build"] == site["build"]
    for name in ("DATABASE_URL", "CACHE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"):
        assert scheduler["environment"][name] == site["environment"][name], name
    assert set(scheduler["depends_on"]) == {"db", "redis"}


def test_the_cron_line_runs_publish_scheduled_every_minute():
    lines = (ROOT / "deploy" / "cron" / "peaceops").read_text().splitlines()
    (line,) = [line for line in lines if line and not line.startswith("#")]
    assert line.startswith("* * * * * ")
    assert line.endswith("manage.py publish_scheduled")


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


VCL = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()


def test_compose_puts_varnish_with_the_projects_vcl_in_front_of_two_web_replicas():
    services = compose()["services"]
    varnish, web, web2 = services["varnish"], services["web"], services["web2"]
    assert "./deploy/varnish/default.vcl:/etc/varnish/default.vcl:ro" in varnish["volumes"]
    assert set(varnish["depends_on"]) == {"web", "web2"}
    assert "ports" not in web and "ports" not in web2  # visitors come through Varnish
    assert web2["environment"] == web["environment"]
    assert web2["build"] == web["build"]
    for name in ("web", "web2"):
        assert f'.host = "{name}"; .port = "8000";' in VCL
    # Varnish purges by the tags the site sends in vmod xkey's header.
    assert web["environment"]["CACHE_TAG_HEADER"] == "xkey"


def test_compose_runs_the_purge_worker_with_the_sites_database_and_every_publisher_queues():
    services = compose()["services"]
    purge, site = services["purge"], services["web"]
    assert purge["command"] == ["python", "manage.py", "purge_frontend"]
    assert purge["environment"]["DATABASE_URL"] == site["environment"]["DATABASE_URL"]
    assert purge["environment"]["VARNISH_URLS"] == "http://varnish:80"
    for publisher in ("web", "scheduler", "purge"):
        assert services[publisher]["environment"]["FRONTEND_CACHE"] == "varnish", publisher


def test_varnish_takes_purges_from_the_compose_network_but_never_from_its_gateway():
    (network,) = compose()["networks"]["default"]["ipam"]["config"]
    address, prefix = network["subnet"].split("/")
    assert f'! "{network["gateway"]}";' in VCL
    assert f'"{address}"/{prefix};' in VCL
