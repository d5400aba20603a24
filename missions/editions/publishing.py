"""Publishing: the working copy frozen into the next edition, and the published copy of
the figures brought in line with it in the same transaction, exactly as reviewed, with the
job that purges the changed pages from a shared cache in front of the site."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missions.editions.building import build_document
from missions.editions.cachetags import queue_purge
from missions.editions.document import missing_texts
from missions.editions.figures import sync_published_figures
from missions.editions.review import review, review_changes, start_fingerprint
from missions.editions.un_figures import sync_un_figures
from missions.models.editions import Edition, next_number


class PublishRefused(Exception):
    """Publishing was refused; the message says why and what to do, in the language active
    when it is read (a scheduled publication keeps it in both)."""

    def __init__(self, message, **values):
        super().__init__(message)
        self.message, self.values = message, values

    def __str__(self):
        return str(self.message) % self.values if self.values else str(self.message)


def publish(*, user, summary_en, summary_fr, significant, reviewed_hash, base_number):
    """Freeze the working copy into the next edition, exactly as the Publisher reviewed
    it against edition `base_number` (0 for none): `reviewed_hash` is the review's
    fingerprint (missions/editions/review.py). Refused with PublishRefused if the working
    copy or the live edition changed since the review, if a text is missing, or if nothing
    would change."""
    with transaction.atomic():
        # Publishing is one at a time: the next publisher waits here, then sees the new
        # live edition and is refused. (The first edition relies on the unique number.)
        Edition.objects.select_for_update().order_by("-number").values_list("pk").first()
        document = build_document()
        missing = missing_texts(document)
        if missing:
            raise PublishRefused(
                _("Nothing was published: %(count)s texts are missing in one language."),
                count=len(missing),
            )
        live = Edition.objects.live()
        if (live.number if live else 0) != base_number:
            raise PublishRefused(
                _(
                    "Nothing was published: edition %(number)s went live after you opened the "
                    "review. Review the changes again."
                ),
                number=live.number if live else 0,
            )
        edition = Edition(
            number=next_number(),
            took_effect=timezone.localdate(),
            published_by=user,
            summary_en=summary_en,
            summary_fr=summary_fr,
            significant=significant,
            document=document,
        )
        edition.full_clean(exclude=["content_hash"])
        try:
            with transaction.atomic():
                edition.save()
        except IntegrityError as error:
            # Another publish took the number first: that edition went live meanwhile.
            raise PublishRefused(
                _("Nothing was published: another edition went live meanwhile. Review again.")
            ) from error
        # The figures are written as they are compared, then checked against the review:
        # if it no longer matches, the transaction takes everything back.
        hasher = start_fingerprint(document)
        figures = sync_published_figures(edition, hasher)
        figures += sync_un_figures(edition, hasher)
        if hasher.hexdigest() != reviewed_hash:
            raise PublishRefused(
                _(
                    "Nothing was published: the records changed after you opened the review. "
                    "Review the changes again."
                )
            )
        if live and not figures and not review_changes(live.document, document):
            raise PublishRefused(_("Nothing was published: nothing would change."))
        queue_purge(edition)
    return edition


def publish_working_copy(*, summary_en, summary_fr, significant):
    """Publish the working copy as it stands, for a command or a script that reviews it by
    its own means (generated load data, the bench): no person, no review screen."""
    live = Edition.objects.live()
    return publish(
        user=None,
        summary_en=summary_en,
        summary_fr=summary_fr,
        significant=significant,
        reviewed_hash=review(live, build_document()).fingerprint,
        base_number=live.number if live else 0,
    )
