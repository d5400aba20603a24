"""The records' querysets: published records, missing translations and latest figures."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from modeltranslation.translator import translator

from missions.models.snapshots import DeploymentSnapshot


class TranslatedQuerySet(models.QuerySet):
    def missing_translation(self, language):
        """Records with a text given in the other language but not in this one: the ones
        Publishable.missing_translations() flags."""
        missing = Q()
        for name in translator.get_options_for_model(self.model).fields:
            for other, _name in settings.LANGUAGES:
                if other != language:
                    given = ~Q(**{f"{name}_{other}": ""}) & Q(**{f"{name}_{other}__isnull": False})
                    empty = Q(**{f"{name}_{language}": ""}) | Q(
                        **{f"{name}_{language}__isnull": True}
                    )
                    missing |= given & empty
        return self.filter(missing)


class RegionQuerySet(TranslatedQuerySet):
    def published(self):
        return self.filter(published=True)

    def with_latest_figures(self, on_date):
        """Annotate each region with its latest region-level figures on or before on_date."""
        latest = DeploymentSnapshot.objects.filter(
            region=OuterRef("pk"), mission__isnull=True, as_of__lte=on_date
        ).order_by("-as_of")
        return self.annotate(
            region_authorized=Subquery(latest.values("authorized")[:1]),
            region_as_of=Subquery(latest.values("as_of")[:1]),
        )


class MissionQuerySet(TranslatedQuerySet):
    def published(self):
        return self.filter(published=True, region__published=True)

    def with_latest_figures(self, on_date):
        """Annotate each mission with its latest mission-level figures on or before on_date."""
        latest = DeploymentSnapshot.objects.filter(
            mission=OuterRef("pk"), as_of__lte=on_date
        ).order_by("-as_of")
        return self.annotate(
            latest_authorized=Subquery(latest.values("authorized")[:1]),
            latest_deployed=Subquery(latest.values("deployed")[:1]),
            latest_as_of=Subquery(latest.values("as_of")[:1]),
        )


class PostingQuerySet(TranslatedQuerySet):
    def published(self):
        return self.filter(published=True)
