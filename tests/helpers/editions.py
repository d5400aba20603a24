"""Editions: published from the working copy as a Publisher would, or stored directly."""

from django.test import TestCase
from django.utils import timezone

from missions.editions.building import build_document
from missions.editions.figures import sync_published_figures
from missions.editions.publishing import publish
from missions.editions.review import review
from missions.editions.scheduling import schedule
from missions.models.editions import Edition, next_number

from .records import make_region
from .staff import make_user

REVIEW = "/en/admin/missions/edition/review/"


def publish_working_copy(
    took_effect=None, summary="Published.", user=None, significant=True, summary_fr=None
):
    """Publish the working copy as the next edition, as a Publisher would after reviewing
    it, and run what waits for the commit; with took_effect, the edition is dated then
    (editions are published in date order)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        live = Edition.objects.live()
        edition = publish(
            user=user,
            summary_en=summary,
            summary_fr=summary_fr or f"{summary} (FR)",
            significant=significant,
            reviewed_hash=review(live, build_document()).fingerprint,
            base_number=live.number if live else 0,
        )
        if took_effect:
            Edition.objects.filter(pk=edition.pk).update(took_effect=took_effect)
            edition.refresh_from_db()
    return edition


def store_working_copy(summary="Stored."):
    """The working copy stored as the next edition, as publishing would store it but with
    no review: for a fixture whose working copy is the live edition's (the seed), where a
    review would find nothing to publish."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        edition = Edition.objects.create(
            number=next_number(),
            took_effect=timezone.localdate(),
            summary_en=summary,
            summary_fr=f"{summary} (FR)",
            document=build_document(),
        )
        sync_published_figures(edition)
    return edition


def schedule_working_copy(go_live_at, user=None):
    """Schedule the working copy for `go_live_at` as a Publisher who reviews it now would."""
    live = Edition.objects.live()
    return schedule(
        user=user or make_user("pat", "Publishers"),
        go_live_at=go_live_at,
        summary_en="Renamed",
        summary_fr="Renommée",
        significant=False,
        reviewed_hash=review(live, build_document()).fingerprint,
        base_number=live.number if live else 0,
    )


def publish_from_review(client, summary_en="Reviewed", summary_fr="Révisé"):
    """Publish the working copy from the review screen as `client` (a Publisher), and run
    what waits for the commit, as outside a test's transaction."""
    form = client.get(REVIEW).context["form"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            REVIEW,
            {
                **{name: form.initial[name] for name in ("reviewed_hash", "base_number")},
                "summary_en": summary_en,
                "summary_fr": summary_fr,
                "significant": "on",
            },
        )


def publish_a_new_region(client):
    """A new region, published from the review screen as `client`."""
    make_region(slug="new-region", name="New region")
    return publish_from_review(client, "New region", "Nouvelle région")


def make_edition(number, took_effect, document=None, significant=True, **kwargs):
    """An edition with a small document, stored directly (as the loader and tests do)."""
    return Edition.objects.create(
        number=number,
        took_effect=took_effect,
        summary_en=kwargs.pop("summary_en", f"Edition {number}"),
        summary_fr=kwargs.pop("summary_fr", f"Édition {number}"),
        significant=significant,
        document=document or small_document(f"Region {number}"),
        **kwargs,
    )


def small_document(region_name, slug="somewhere", authorized=None, as_of=None):
    """A valid edition document with one region and one mission."""
    figures = {}
    if authorized is not None:
        figures["authorized"] = {
            "value": authorized,
            "wording": {"en": str(authorized), "fr": str(authorized)},
            "as_of": as_of,
            "level": "mission",
        }
    return {
        "schema_version": 1,
        "title": {"en": "Current peace operations", "fr": "Missions en cours"},
        "table": [],
        "regions": [
            {
                "slug": slug,
                "name": {"en": region_name, "fr": f"{region_name} (fr)"},
                "missions": [
                    {
                        "slug": f"{slug}-mission",
                        "name": {"en": f"Mission in {region_name}", "fr": f"Mission ({slug})"},
                        "kind": "un",
                        "status": "active",
                        "figures": figures,
                    }
                ],
            }
        ],
        "postings": [],
    }
