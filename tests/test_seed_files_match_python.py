"""Temporary: the seed files make the same working copy as missions/seed_content.py."""

import datetime

import pytest
from django.core.management import call_command

from missions import seed_content as seed
from missions.models import DeploymentSnapshot, Mission, Posting, Region

pytestmark = pytest.mark.django_db


def value(record, name):
    field = getattr(record, name)
    if isinstance(field, datetime.date):
        return field.isoformat()
    return getattr(field, "slug", field)


def test_the_seed_files_make_the_records_seed_content_py_made():
    call_command("seed_content")
    for model, rows in ((Region, seed.REGIONS), (Mission, seed.MISSIONS), (Posting, seed.POSTINGS)):
        assert model.objects.count() == len(rows)
        for row in rows:
            record = model.objects.get(slug=row["slug"])
            assert record.published
            for name, expected in row.items():
                assert value(record, name) == expected, (row["slug"], name)
    assert DeploymentSnapshot.objects.count() == len(seed.SNAPSHOTS)
    for row in seed.SNAPSHOTS:
        snapshot = DeploymentSnapshot.objects.get(
            region__slug=row["region"], mission__slug=row["mission"], as_of=row["as_of"]
        )
        for name in ("authorized", "deployed", "source"):
            assert getattr(snapshot, name) == row[name], (row, name)
