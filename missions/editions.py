"""Editions: the page as published, frozen into an immutable, dated, bilingual document.

The records (regions, missions, postings, figures) are the working copy. A Publisher
reviews what would change against the live edition, then publishes: the working copy is
turned into a document (missions/documents.py) and stored as the next edition. Every
public page is rendered from an edition; nothing on it is computed from today's records.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An edition's page and files never change: browsers and CDNs may keep them this long,
# the most HTTP caches honour, without asking again (Cache-Control: immutable).
YEAR = 365 * 24 * 60 * 60


def content_hash(document):
    """A stable fingerprint of a document: the same content always gives the same hash."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class PublishRefused(Exception):
    """Publishing was refused; the message says why and what to do."""


class EditionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-took_effect", "-number")

    def in_force_on(self, day):
        """The edition the public saw on `day`: the newest to take effect by then."""
        return self.filter(took_effect__lte=day).newest_first().first()

    def live(self):
        """The edition on the current page."""
        return self.in_force_on(timezone.localdate())

    def significant(self):
        return self.filter(significant=True)


class Edition(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published from the records")
        HISTORICAL = "historical", _("Historical (loaded from an archived copy)")

    number = models.PositiveIntegerField(
        _("number"), help_text=_("The edition's permanent number, in its address.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.PUBLISHED,
        help_text=_("Published by a Publisher, or loaded from an archived copy of the page."),
    )
    took_effect = models.DateField(
        _("took effect"), help_text=_("The date the public first saw this edition.")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    summary_en = models.TextField(
        _("change summary (English)"), help_text=_("What changed, for the public change log.")
    )
    summary_fr = models.TextField(
        _("change summary (French)"), help_text=_("What changed, for the public change log.")
    )
    significant = models.BooleanField(
        _("significant change"),
        default=True,
        help_text=_(
            "Untick for a typo fix or a rewording: only a significant change moves the page's "
            '"Date modified".'
        ),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "For a historical edition: where the copy comes from, e.g. an archived address."
        ),
    )
    document = models.JSONField(_("document"))
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-took_effect", "-number"]
        get_latest_by = ["took_effect", "number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        permissions = [("publish_edition", _("Can review the working copy and publish an edition"))]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="edition_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="edition_number_positive"),
            models.CheckConstraint(
                condition=~Q(summary_en="") & ~Q(summary_fr=""),
                name="edition_summary_in_both_languages",
                violation_error_message=_("Give the change summary in English and in French."),
            ),
        ]
        indexes = [models.Index(fields=["took_effect", "number"])]

    def __str__(self):
        return _("Edition %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An edition is never changed once stored.")
        from .published import index_edition

        self.content_hash = content_hash(self.document)
        with transaction.atomic():
            super().save(*args, **kwargs)
            index_edition(self)

    def get_absolute_url(self):
        return reverse("missions:edition", args=[self.number])

    def clean(self):
        errors = {}
        if self.took_effect and self.took_effect > timezone.localdate():
            errors["took_effect"] = _("An edition cannot take effect in the future.")
        if not (self.summary_en or "").strip():
            errors["summary_en"] = _("Give the change summary in English.")
        if not (self.summary_fr or "").strip():
            errors["summary_fr"] = _("Give the change summary in French.")
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        raise ValueError("An edition is never deleted.")

    def summary(self, language):
        return self.summary_fr if language == "fr" else self.summary_en


def next_number():
    last = Edition.objects.aggregate(last=models.Max("number"))["last"]
    return (last or 0) + 1


def publish(*, user, summary_en, summary_fr, significant, reviewed_hash, base_number):
    """Freeze the working copy into the next edition, exactly as the Publisher reviewed
    it against edition `base_number` (0 for none). Refused with PublishRefused if the working
    copy or the live edition changed since the review, or if a text is missing."""
    from .documents import build_document, missing_texts
    from .published import figures_pending, sync_published_figures

    with transaction.atomic():
        # Publishing is one at a time: the next publisher waits here, then sees the new
        # live edition and is refused. (The first edition relies on the unique number.)
        Edition.objects.select_for_update().order_by("-number").values_list("pk").first()
        document = build_document()
        missing = missing_texts(document)
        if missing:
            raise PublishRefused(
                _("Nothing was published: %(count)s texts are missing in one language.")
                % {"count": len(missing)}
            )
        live = Edition.objects.live()
        if (live.number if live else 0) != base_number:
            raise PublishRefused(
                _(
                    "Nothing was published: edition %(number)s went live after you opened the "
                    "review. Review the changes again."
                )
                % {"number": live.number if live else 0}
            )
        if content_hash(document) != reviewed_hash:
            raise PublishRefused(
                _(
                    "Nothing was published: the records changed after you opened the review. "
                    "Review the changes again."
                )
            )
        if live and live.content_hash == reviewed_hash and not figures_pending(live.published_at):
            raise PublishRefused(_("Nothing was published: the page would not change."))
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
        sync_published_figures(edition)
    return edition


def publish_working_copy(*, summary_en, summary_fr, significant):
    """Publish the working copy as it stands, for a command or a script that reviews it by
    its own means (generated load data, the bench): no person, no review screen."""
    from .documents import build_document

    live = Edition.objects.live()
    return publish(
        user=None,
        summary_en=summary_en,
        summary_fr=summary_fr,
        significant=significant,
        reviewed_hash=content_hash(build_document()),
        base_number=live.number if live else 0,
    )


def date_modified(edition):
    """The date of the newest significant edition up to `edition`: a typo fix does not
    move it."""
    return (
        Edition.objects.significant()
        .filter(
            Q(took_effect__lt=edition.took_effect)
            | Q(took_effect=edition.took_effect, number__lte=edition.number)
        )
        .newest_first()
        .values_list("took_effect", flat=True)
        .first()
    )


def corrections(edition, live):
    """Figures of `edition` corrected since, as the live edition's data has them:
    {(region, mission or None, as_of, "authorized" or "deployed"): Correction}. One query."""
    from .models import DeploymentSnapshot
    from .pages import Correction

    if live is None or edition.pk == live.pk:
        return {}
    shown = figures_shown(edition.document)
    if not shown:
        return {}
    versions = (
        DeploymentSnapshot.history.filter(
            as_of__in={key[2] for key in shown},
            history_date__lte=live.published_at,
        )
        .exclude(history_type="-")
        .order_by("history_date", "history_id")
        .values_list(
            "region__slug", "mission__slug", "as_of", "authorized", "deployed", "history_date"
        )
    )
    latest = {}
    for region, mission, as_of, authorized, deployed, when in versions:
        latest[(region, mission, as_of.isoformat())] = (authorized, deployed, when)
    found = {}
    for (region, mission, as_of, name), value in shown.items():
        known = latest.get((region, mission, as_of))
        if known is None:
            continue
        now = known[0] if name == "authorized" else known[1]
        if now is not None and now != value:
            found[(region, mission, as_of, name)] = Correction(
                on=timezone.localdate(known[2]), now=now
            )
    return found


def figures_shown(document):
    """{(region, mission or None, as_of, name): value} of every dated figure a document
    shows for one mission or one region (not sums)."""
    shown = {}

    def add(figures, region, mission=None):
        for name, data in (figures or {}).items():
            if data and data.get("as_of") and data["level"] != "missions":
                key_mission = mission if data["level"] == "mission" else None
                shown[(region, key_mission, data["as_of"], name)] = data["value"]

    for row in document.get("table", []):
        add({"authorized": row.get("authorized")}, row["region"])
    for region in document.get("regions", []):
        add(region.get("figures"), region["slug"])
        for mission in region.get("missions", []):
            add(mission.get("figures"), region["slug"], mission["slug"])
    return shown
