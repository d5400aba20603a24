"""A purge the shared cache has not yet acknowledged shows in the admin, for Publishers."""

import datetime

import pytest
from django.urls import reverse

from missions.models import PurgeJob

from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db

QUEUED = datetime.datetime(2025, 3, 3, 14, 0, tzinfo=datetime.UTC)
PENDING = "A purge of the shared cache is still pending"


def test_the_admin_index_tells_publishers_of_a_pending_purge_and_links_to_it():
    PurgeJob.objects.create(tags="live", created=QUEUED)
    PurgeJob.objects.create(tags="live", created=QUEUED, attempts=1, sent_at=QUEUED)

    page = signed_in("Publishers").get(reverse("admin:index")).text

    assert PENDING in page
    assert reverse("admin:missions_purgejob_changelist") + "?pending=1" in page


def test_the_admin_index_says_nothing_once_every_purge_is_sent():
    PurgeJob.objects.create(tags="live", created=QUEUED, attempts=1, sent_at=QUEUED)

    assert PENDING not in signed_in("Publishers").get(reverse("admin:index")).text


def test_the_pending_purges_list_leaves_out_the_sent_ones():
    PurgeJob.objects.create(tags="live region-haiti", created=QUEUED, attempts=3, last_error="x")
    PurgeJob.objects.create(tags="live mission-binuh", created=QUEUED, attempts=1, sent_at=QUEUED)
    url = reverse("admin:missions_purgejob_changelist") + "?pending=1"

    response = signed_in("Publishers").get(url)

    assert [job.tags for job in response.context["cl"].result_list] == ["live region-haiti"]
