import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "x7#k2!mQ9vR$zL4pW8nB1cF6hJ3tY5uA0sD-eG_iK=oP+qU*wE&rT^yH@jN%bV"


def run_check(**env_vars):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_with_nothing_set_the_site_starts_in_local_mode_and_says_so():
    result = run_check()
    assert result.returncode == 0, result.stderr
    assert "local development mode" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_check(DEBUG="false", SECRET_KEY="django-insecure-changeme")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_a_secret_key_alone_means_production_with_debug_off():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "peaceops.settings",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "peace.example.ca",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["False", "['peace.example.ca']"], result.stderr
