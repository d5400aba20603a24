"""System checks: run by manage.py (runserver, migrate, check) before it does anything."""

from django.conf import settings
from django.core import checks


@checks.register()
def local_development_mode(app_configs, **kwargs):
    """Say so when the site runs without a SECRET_KEY (peaceops/settings.py)."""
    if not settings.LOCAL_MODE:
        return []
    return [
        checks.Info(
            "No SECRET_KEY set: running in local development mode "
            "(DEBUG on, a new random key at each start).",
            hint="Set SECRET_KEY (docs/deploying.md) for anything but local development.",
            id="peaceops.I001",
        )
    ]
