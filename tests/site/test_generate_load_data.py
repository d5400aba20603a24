"""manage.py generate_load_data: fake bilingual content of the requested sizes, for load
tests, in an empty database (or with --force, beside the rest)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from missions.models import DeploymentSnapshot, Mission, Posting, Region, Status

pytestmark = pytest.mark.django_db


def generate(**options):
    options = {"regions": 3, "missions_per_region": 5, "snapshots_per_mission": 12, **options}
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("generate_load_data", stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def counts():
    return [m.objects.count() for m in (Region, Mission, DeploymentSnapshot, Posting)]


def test_the_generator_fills_an_empty_database_with_the_requested_sizes():
    stdout, stderr = generate(regions=4, missions_per_region=3, snapshots_per_mission=20)
    assert Region.objects.count() == 4
    assert Mission.objects.count() == 12
    assert DeploymentSnapshot.objects.filter(mission__isnull=False).count() == 12 * 20
    # Every other region also has region-level figures, one for every ten mission figures.
    assert DeploymentSnapshot.objects.filter(mission__isnull=True).count() == 2 * 2
    assert Posting.objects.count() == 2
    assert "Generated 4 regions, 12 missions, 244 snapshots and 2 postings" in stdout
    assert "Snapshots: 244 of 244 (100%)" in stderr


def test_generated_records_are_published_and_their_slugs_say_they_are_generated():
    generate()
    for model in (Region, Mission, Posting):
        assert not model.objects.filter(published=False).exists()
        assert all(
            slug.startswith("load-") for slug in model.objects.values_list("slug", flat=True)
        )


def test_generated_records_are_bilingual_with_french_accents():
    generate()
    for mission in Mission.objects.all():
        assert mission.name_en != mission.name_fr
        assert mission.body_en and mission.body_fr
    french = " ".join(Mission.objects.values_list("body_fr", flat=True))
    assert {"é", "à", "ç"} <= set(french)
    assert Region.objects.filter(name_fr__startswith="République de").exists()


def test_every_generated_record_passes_the_models_own_validation():
    generate(regions=3, missions_per_region=5, snapshots_per_mission=15)
    for model in (Region, Mission, DeploymentSnapshot, Posting):
        for record in model.objects.all():
            record.full_clean()


def test_missions_cover_every_kind_and_status_with_chains_of_predecessors():
    generate(regions=4)
    assert set(Mission.objects.values_list("kind", flat=True)) == set(Mission.Kind.values)
    assert set(Mission.objects.values_list("status", flat=True)) == set(Status.values)
    # A lineage of three, like MINUSTAH, MINUJUSTH, BINUH.
    assert Mission.objects.filter(predecessor__predecessor__isnull=False).exists()
    for mission in Mission.objects.filter(predecessor__isnull=False):
        assert mission.predecessor.status == Status.ENDED
        assert mission.predecessor.ended == mission.started - datetime.timedelta(days=1)


def test_figures_go_back_daily_or_weekly_from_yesterday():
    generate()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for mission in Mission.objects.exclude(status=Status.ENDED):
        dates = list(mission.snapshots.values_list("as_of", flat=True).order_by("as_of"))
        assert dates[-1] == yesterday
        gaps = {(later - earlier).days for earlier, later in zip(dates, dates[1:], strict=False)}
        assert gaps in ({1}, {7})
    for mission in Mission.objects.filter(status=Status.ENDED):
        assert mission.snapshots.latest().as_of == mission.ended


def test_the_current_page_shows_generated_content_in_both_languages(client):
    generate()
    region = Region.objects.get(slug="load-region-0002")
    assert region.name_fr in client.get("/fr/missions-en-cours/").content.decode()
    assert region.name_en in client.get("/en/current-peace-operations/").content.decode()


def test_the_generator_refuses_a_database_with_content_and_changes_nothing(seeded):
    before = counts()
    with pytest.raises(CommandError, match="The database already has content"):
        generate()
    assert counts() == before


def test_with_force_earlier_generated_records_are_replaced_and_the_rest_kept(seeded):
    seed = counts()
    generate(force=True, regions=5)
    generate(force=True, regions=2, missions_per_region=2, snapshots_per_mission=3)
    assert Region.objects.filter(slug__startswith="load-").count() == 2
    assert Mission.objects.filter(slug__startswith="load-").count() == 4
    generated = DeploymentSnapshot.objects.filter(region__slug__startswith="load-").count()
    assert generated == 4 * 3 + 1
    assert counts() == [seed[0] + 2, seed[1] + 4, seed[2] + generated, seed[3] + 2]


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("regions", 0, "--regions must be 1 or more."),
        ("missions_per_region", -1, "--missions-per-region must be 1 or more."),
        ("snapshots_per_mission", 20_000, "--snapshots-per-mission must be at most 10,000."),
        ("batch_size", 0, "--batch-size must be 1 or more."),
    ],
)
def test_bad_sizes_are_refused_with_a_clear_message_and_change_nothing(option, value, message):
    with pytest.raises(CommandError, match=message):
        generate(**{option: value})
    assert counts() == [0, 0, 0, 0]


def test_small_batches_give_the_same_records():
    generate(batch_size=7)
    assert counts() == [3, 15, 3 * 5 * 12 + 2 * 1, 2]
