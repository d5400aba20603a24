import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")

application = get_wsgi_application()
# Django imports the URL configuration on a process's first request. It imports
# django-ninja and pydantic: 160 to 310 ms in a new worker on a quiet machine, that the
# requests queued behind the first would wait. Load it with the application instead.
import_module(settings.ROOT_URLCONF)

from missions.pagecache.wsgi import PageCacheApplication  # noqa: E402 (needs Django set up)

# The cached pages it sent, answered again without Django (missions/pagecache/wsgi.py).
application = PageCacheApplication(application)
