import simple_history
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Peace operations")

    def ready(self):
        from . import checks, signals  # noqa: F401
        from .models import Mission, Posting, Region

        # The history of the translated models is registered here rather than declared on
        # them: by now modeltranslation (first in INSTALLED_APPS) has added their
        # per-language fields, which the historical models must copy
        # (django-simple-history issue #209). DeploymentSnapshot declares its own.
        for model in (Region, Mission, Posting):
            simple_history.register(model, app=self.name)
