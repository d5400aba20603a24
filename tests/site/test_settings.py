"""The settings the environment gives the site, read by Django started in a process of its
own: local and production mode, HTTPS, the admin's address, the cache, the database, the
downloads."""

import subprocess
import sys

import pytest

from ..helpers.environment import PRODUCTION, ROOT, STRONG_KEY, clean_env

# Each test starts Django in a process of its own.
pytestmark = pytest.mark.slow


def run_check(*args, **env_vars):
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=clean_env(**env_vars),
        capture_output=True,
        text=True,
    )


def run_python(code, **env_vars):
    """Print what the code prints, with Django set up under the given environment."""
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="peaceops.settings", **env_vars),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_with_nothing_set_the_site_starts_in_local_mode_and_says_so():
    result = run_check()
    assert result.returncode == 0, result.stderr
    # A system check (missions/checks.py), not a print at import.
    assert "(peaceops.I001) No SECRET_KEY set: running in local development mode" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_check(DEBUG="false", SECRET_KEY="django-insecure-changeme")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_production_refuses_a_long_key_of_few_different_characters():
    result = run_check(DEBUG="false", SECRET_KEY="ab" * 30)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_a_secret_key_alone_means_production_with_debug_off():
    printed = run_python(
        "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="peace.example.ca",
    )
    assert printed.split() == ["False", "['peace.example.ca']"]


def test_production_settings_pass_the_deployment_checklist_with_no_warning():
    result = run_check("--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_is_https_only_with_secure_cookies_and_hsts():
    printed = run_python(
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.CSRF_TRUSTED_ORIGINS, sep='|')",
        **PRODUCTION,
    )
    assert printed.split("|") == [
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "['https://peace.example.ca']",
    ]


def test_local_mode_serves_plain_http_without_hsts():
    printed = run_python(
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    assert printed.split() == ["False", "0", "False"]


def test_the_admin_can_be_moved_by_a_setting():
    printed = run_python(
        "from django.urls import resolve, reverse, Resolver404; print(reverse('admin:login'))\n"
        "try: resolve('/en/admin/')\nexcept Resolver404: print('gone')",
        ADMIN_URL="staff-7f3k/",
    )
    assert printed.split() == ["/en/staff-7f3k/login/", "gone"]


def test_the_cache_is_local_memory_by_default():
    printed = run_python("from django.conf import settings; print(settings.CACHES['default'])")
    assert "django.core.cache.backends.locmem.LocMemCache" in printed


def test_cache_url_selects_djangos_redis_cache_which_gives_up_within_a_second():
    printed = run_python(
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], c['OPTIONS'])",
        CACHE_URL="redis://127.0.0.1:6379/8",
    )
    assert printed == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/8 "
        "{'socket_connect_timeout': 1, 'socket_timeout': 1}"
    )


def test_the_cache_keys_carry_the_sites_host_unless_a_prefix_is_set():
    code = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    assert run_python(code, SITE_URL="https://staging.example.ca") == "staging.example.ca"
    assert run_python(code, SITE_URL="https://staging.example.ca", CACHE_KEY_PREFIX="s2") == "s2"


def test_an_unreachable_postgresql_server_is_given_up_on_after_seconds():
    printed = run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        DATABASE_URL="postgres://peaceops@db.example:5432/peaceops",
    )
    assert printed == "{'connect_timeout': 5}"


def test_a_style_source_can_be_added_to_the_content_security_policy():
    printed = run_python(
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['style-src'])",
        CSP_STYLE_SRC="'self','sha256-abc='",
    )
    assert printed == "[\"'self'\", \"'sha256-abc='\"]"


def test_the_downloads_are_kept_on_the_local_file_system_by_default():
    printed = run_python(
        "from django.conf import settings; d = settings.STORAGES['downloads']; "
        "print(d['BACKEND'], d['OPTIONS']['location'])",
        DOWNLOADS_ROOT="/srv/downloads",
    )
    assert printed == "django.core.files.storage.FileSystemStorage /srv/downloads"


def test_a_bucket_keeps_the_downloads_as_public_immutable_files_behind_the_cdn():
    printed = run_python(
        "from django.conf import settings; from django.core.files.storage import storages; "
        "d = settings.STORAGES['downloads']; print(d['BACKEND']); print(d['OPTIONS']); "
        "print(storages['downloads'].url('edition-3/snapshots-en.csv.gz'))",
        DOWNLOADS_BUCKET="peaceops-downloads",
        DOWNLOADS_ENDPOINT_URL="https://s3.example.ca",
        DOWNLOADS_CDN_DOMAIN="downloads.peace.example.ca",
    )
    assert printed.splitlines() == [
        "missions.opendata.storage.DownloadStorage",
        str(
            {
                "bucket_name": "peaceops-downloads",
                "endpoint_url": "https://s3.example.ca",
                "custom_domain": "downloads.peace.example.ca",
                "querystring_auth": False,
                "file_overwrite": True,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            }
        ),
        "https://downloads.peace.example.ca/edition-3/snapshots-en.csv.gz",
    ]


def test_without_a_cdn_or_endpoint_the_bucket_is_aws_s3_at_its_own_address():
    # Empty, as docker-compose passes what is not set, is the same as not set.
    printed = run_python(
        "from django.conf import settings; o = settings.STORAGES['downloads']['OPTIONS']; "
        "print(o['endpoint_url'], o['custom_domain'])",
        DOWNLOADS_BUCKET="peaceops-downloads",
        DOWNLOADS_ENDPOINT_URL="",
        DOWNLOADS_CDN_DOMAIN="",
    )
    assert printed == "None None"
