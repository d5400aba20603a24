"""The project's files, the site's settings as the environment gives them, and the tests'
own Redis database."""

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

# The project's root folder, and the tests' own files (the seed pages as archived).
ROOT = Path(__file__).resolve().parents[2]


DATA = ROOT / "tests" / "data"


# Production, as docker-compose.yml sets it, for the tests that start the site in a
# subprocess.
STRONG_KEY = "x7#k2!mQ9vR$zL4pW8nB1cF6hJ3tY5uA0sD-eG_iK=oP+qU*wE&rT^yH@jN%bV"


PRODUCTION = {
    "SECRET_KEY": STRONG_KEY,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "peace.example.ca",
    "CSRF_TRUSTED_ORIGINS": "https://peace.example.ca",
    "SITE_URL": "https://peace.example.ca",
    "TRUSTED_PROXY_COUNT": "1",
}


SETTINGS_VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "SITE_URL",
    "TRUSTED_PROXY_COUNT",
    "ADMIN_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
    "CSP_STYLE_SRC",
    "DOWNLOADS_BUCKET",
    "DOWNLOADS_ENDPOINT_URL",
    "DOWNLOADS_CDN_DOMAIN",
    "FRONTEND_CACHE",
    "VARNISH_URLS",
    "AKAMAI_HOST",
    "AKAMAI_CLIENT_TOKEN",
    "AKAMAI_CLIENT_SECRET",
    "AKAMAI_ACCESS_TOKEN",
    "AKAMAI_NETWORK",
    "CLOUDFRONT_DISTRIBUTION_ID",
)


def redis_url():
    """A Redis database of the tests' own, which they empty: TEST_REDIS_URL, by default
    database 8 of the local server, and the next ones for pytest-xdist's other processes."""
    url = urlsplit(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8"))
    process = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return url._replace(path=f"/{int(url.path.strip('/') or 0) + process}").geturl()


def redis_caches(location, key_prefix=""):
    """settings.CACHES for the Redis database at `location`, with the time limits
    peaceops/settings.py sets for a CACHE_URL on Redis."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": key_prefix,
        }
    }


def clean_env(**env_vars):
    """This process's environment without any of the site's settings, plus env_vars."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(env_vars)
    return env


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on, as the system picks it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
