"""Settings for peaceops, read from the environment (or a .env file) by django-environ.

With no SECRET_KEY set, the site runs in local development mode (DEBUG on, a random
key per process, SQLite) and says so. With DEBUG off, a missing or weak SECRET_KEY
stops start-up, and the defaults are those of an HTTPS-only site behind a proxy
(docs/deploying.md lists every variable).
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

LOCAL_MODE = "SECRET_KEY" not in env
DEBUG = env.bool("DEBUG", default=LOCAL_MODE)

if LOCAL_MODE:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # missions/checks.py says so whenever manage.py runs.
    SECRET_KEY = get_random_secret_key()
else:
    SECRET_KEY = env.str("SECRET_KEY")
    # The same bar as Django's deployment check (security.W009).
    if not DEBUG and (
        len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
    ):
        raise ImproperlyConfigured("SECRET_KEY is too weak: use 50 or more random characters.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "peaceops.views.csrf_failure"

# HTTPS only (Canada.ca). TLS ends at the proxy, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by peaceops.middleware.PermissionsPolicyMiddleware: the site uses none of these.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# No inline scripts or styles and nothing from other hosts. The one inline style allowed,
# by its hash, is the <style> the GC Design System loader adds to hide its components
# until they are drawn (static/vendor/gcds; tests/browser/test_csp.py catches a change).
# A hash rather than a nonce, because public pages are served from the cache.
GCDS_LOADER_STYLE = "'sha256-cQUN0Mzu0Lgb8rMs8J0WogUMBejyHI/K2/alYj672vo='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": env.list("CSP_STYLE_SRC", default=[SELF, GCDS_LOADER_STYLE]),
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "csp",
    "axes",
    "import_export",
    "missions",
]

MIDDLEWARE = [
    "peaceops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Cached public pages for visitors without a session cookie, before the rest: each is
    # stored with the headers the middleware below gave it, the security headers included.
    "missions.pagecache.middleware.PublicPageMiddleware",
    # A public response's lifetime in shared caches and its cache tags, stored with a page.
    "missions.pagecache.tags.SharedCacheMiddleware",
    "peaceops.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # A public page's query made canonical (or a 400), and the built full downloads.
    "missions.pagecache.addresses.PublicAddressMiddleware",
    "peaceops.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "peaceops.urls"
WSGI_APPLICATION = "peaceops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections: opening one costs more than the page's queries. The development
# server starts a thread per request, which defeats them.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
# A kept connection is tested before reuse, so the site recovers after a database restart.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server gives a 503 in seconds rather than hanging every worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A text not yet translated shows in the other language (marked with its lang), never empty.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The full figure downloads, built once for each edition, plain and gzipped.
    "downloads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("DOWNLOADS_ROOT", default=BASE_DIR / "downloads")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DOWNLOADS_BUCKET = env.str("DOWNLOADS_BUCKET", default="")
if DOWNLOADS_BUCKET:
    # Or in an S3-compatible bucket, behind a CDN (docs/deploying.md, "Download files"). boto3 finds
    # the credentials itself: the AWS_* environment variables, or the machine's role.
    STORAGES["downloads"] = {
        "BACKEND": "missions.opendata.storage.DownloadStorage",
        "OPTIONS": {
            "bucket_name": DOWNLOADS_BUCKET,
            # Another S3-compatible service than AWS's (MinIO, a cloud's object storage).
            # Empty is unset, as docker-compose passes them.
            "endpoint_url": env.str("DOWNLOADS_ENDPOINT_URL", default="") or None,
            "custom_domain": env.str("DOWNLOADS_CDN_DOMAIN", default="") or None,
            # Public files, at plain addresses that a CDN can keep.
            "querystring_auth": False,
            # A name holds its edition's number, so is never reused for other content: two
            # builds at once (a publish's and the downloads service's) write the same file,
            # not a renamed copy the site would never find.
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

# Build the full figure downloads in the publisher's request (seconds at a small size). A
# large site sets this off and runs `manage.py build_downloads` on a timer instead
# (docs/deploying.md, "Download files"); SITE_URL gives that command the addresses the files cite.
DOWNLOADS_BUILD_ON_PUBLISH = env.bool("DOWNLOADS_BUILD_ON_PUBLISH", default=True)
# The site's address, https://host. Every absolute link the site writes starts with it, never
# with the Host header a visitor sends (missions/core/links.py). Required with DEBUG off
# (check --deploy: peaceops.E001); without it, local development's links follow the request.
SITE_URL = env.str("SITE_URL", default="")
# The plain-HTTP redirect goes to the site's host as well, not to the one the visitor sent.
SECURE_SSL_HOST = urlsplit(SITE_URL).netloc or None

# Moving the admin away from /admin/ keeps scripted attacks off it.
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
FORMAT_MODULE_PATH = ["peaceops.formats"]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down or hung means slower pages, not errors or hung workers: each call gives up
    # within a second, and then the page cache skips Redis for a while
    # (missions/pagecache/store.py).
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)
# Each site's keys are its own in a cache it may share: staging and production on one Redis
# database would otherwise serve each other's pages. By default they carry the site's host.
# The pages' version alone is named by the database instead, so that a process without
# SITE_URL (a cron job, a shell) changes the workers' pages (missions/pagecache/store.py).
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default=urlsplit(SITE_URL).netloc)
# After a cache failure, the cache is skipped for this long (each process serves its own
# copies of the pages meanwhile), then it is tried again.
PAGE_CACHE_RETRY_SECONDS = env.int("PAGE_CACHE_RETRY_SECONDS", default=30)
# How long browsers and CDNs may reuse a public page (then ask again, with its ETag), and
# serve it stale while they fetch a fresh copy.
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=60)
PAGE_STALE_WHILE_REVALIDATE = env.int("PAGE_STALE_WHILE_REVALIDATE", default=600)
# How long a shared cache (Varnish, a CDN) may keep a public page (s-maxage). Longer than
# PAGE_MAX_AGE only where publishing purges it by tag (FRONTEND_CACHE): a day, say.
PAGE_SHARED_MAX_AGE = env.int("PAGE_SHARED_MAX_AGE", default=PAGE_MAX_AGE)
# The header naming what a response depends on, for a shared cache to purge it by tag:
# Surrogate-Key (Fastly), Cache-Tag (Cloudflare), Edge-Cache-Tag (Akamai), xkey (Varnish).
CACHE_TAG_HEADER = env.str("CACHE_TAG_HEADER", default="Surrogate-Key")
# The shared cache that publishing purges by tag, through `manage.py purge_frontend`
# (missions/frontend/, docs/deploying.md "Purging the CDN"): none, varnish, akamai or
# cloudfront. The chosen one's settings below are required; credentials have no default.
FRONTEND_CACHE = env.str("FRONTEND_CACHE", default="none")
# Each Varnish's address, such as http://varnish:80.
VARNISH_URLS = env.list("VARNISH_URLS", default=[])
# The Akamai API client's EdgeGrid credentials (its .edgerc), and the network to purge.
AKAMAI_HOST = env.str("AKAMAI_HOST", default="")
AKAMAI_CLIENT_TOKEN = env.str("AKAMAI_CLIENT_TOKEN", default="")
AKAMAI_CLIENT_SECRET = env.str("AKAMAI_CLIENT_SECRET", default="")
AKAMAI_ACCESS_TOKEN = env.str("AKAMAI_ACCESS_TOKEN", default="")
AKAMAI_NETWORK = env.str("AKAMAI_NETWORK", default="production")
# boto3 finds the AWS credentials itself, as for the downloads bucket.
CLOUDFRONT_DISTRIBUTION_ID = env.str("CLOUDFRONT_DISTRIBUTION_ID", default="")
# Public pages change with each edition's commit (missions/pagecache/store.py); this bounds
# how long a page lives if a change reaches the database some other way.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 * 60)
# Each process reads the pages' version (the cache's, and the newest edition's id) at most
# this often, and serves its own copies of the pages in between: an edition published by
# another process reaches it within this many seconds.
PAGE_VERSION_SECONDS = env.float("PAGE_VERSION_SECONDS", default=1.0)

# Admin sign-in: after AXES_FAILURE_LIMIT failures for one user name from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner among the JSON lines; lockouts are still logged
# Failures and lockouts are logged with the address; the user name, which is sometimes a
# mistyped password, stays in the admin's access attempts only.
AXES_SENSITIVE_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "peaceops.signin.lockout"
AXES_CLIENT_IP_CALLABLE = "peaceops.signin.client_ip"
# How many proxies in front of gunicorn append to X-Forwarded-For (0: trust none of it), to
# find the visitor's address for the lockout and the feedback rate limit
# (peaceops/signin.py). Required in production, which is behind the TLS proxy: left at 0,
# every visitor has the proxy's address, and `check --deploy` says so (missions/checks.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# JSON lines on stdout, for the container's log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own console handler would print every line a second time, unstructured.
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}

# django-import-export: importing takes the add permission, exporting the view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Imports (admin and `manage.py import_snapshots`): a file over any of these limits is
# refused with a message naming the limit, before its rows are checked. An upload keeps
# only IMPORT_MAX_BYTES + 1 bytes of a file (the rest is dropped as it arrives).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=50)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=250_000)
IMPORT_MAX_UNZIPPED_BYTES = env.int("IMPORT_MAX_UNZIPPED_BYTES", default=30 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "missions.staff.importing.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# `manage.py import_un_contributions` keeps, from the UN Data Hub's file of every country,
# the rows of this contributor (its ISO 3166 alpha-3 code, the file's isocode3).
UN_CONTRIBUTOR = env.str("UN_CONTRIBUTOR", default="CAN")

# A mission's history page notes each month where our deployed figure and the UN's total
# differ by more than this many officers (missions/public/history.py, un_series).
UN_DIVERGENCE_THRESHOLD = env.int("UN_DIVERGENCE_THRESHOLD", default=5)
