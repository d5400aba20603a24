import simple_history
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Peace operations")

    def ready(self):
        # Importing these registers the system checks, the signal that renders a new
        # edition's pages ahead, and the admin (in several modules, so no missions/admin.py).
        from missions import checks  # noqa: F401
        from missions.models import Mission, Posting, Region
        from missions.pagecache import signals  # noqa: F401
        from missions.staff import accounts, admin, editions, feedback, purging  # noqa: F401

        # The history of the translated models is registered here rather than declared on
        # them: by now modeltranslation (first in INSTALLED_APPS) has added their
        # per-language fields, which the historical models must copy
        # (django-simple-history issue #209). DeploymentSnapshot declares its own.
        for model in (Region, Mission, Posting):
            simple_history.register(model, app=self.name)
