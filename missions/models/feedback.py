"""Page feedback, as on every Canada.ca page (missions/public/feedback.py takes it). A "No"
is stored as soon as it is sent; what was wrong is attached to it afterwards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_DETAILS = 1000


class Feedback(models.Model):
    class Problem(models.TextChoices):
        WRONG = "wrong", _("The information is wrong or out of date")
        UNCLEAR = "unclear", _("The information is hard to understand")
        MISSING = "missing", _("Information is missing")
        BROKEN = "broken", _("A link, button or page does not work")
        OTHER = "other", _("Something else")

    created = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    path = models.CharField(
        _("page"), max_length=200, help_text=_("The address of the page, from the site's root.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, help_text=_("The page's language.")
    )
    edition_number = models.PositiveIntegerField(
        _("edition"),
        null=True,
        blank=True,
        help_text=_("The edition of the page the reader saw, where the page shows one."),
    )
    helpful = models.BooleanField(
        _("found what they were looking for"),
        null=True,
        blank=True,
        help_text=_("The reader's answer, or empty for a reported problem."),
    )
    problem = models.CharField(
        _("what was wrong"),
        max_length=10,
        choices=Problem,
        blank=True,
        help_text=_("The kind of problem the reader chose."),
    )
    details = models.TextField(
        _("details"),
        max_length=MAX_DETAILS,
        blank=True,
        help_text=_("What the reader wrote."),
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(helpful__isnull=False) | ~Q(problem="") | ~Q(details=""),
                name="feedback_says_something",
            )
        ]

    def __str__(self):
        return f"{self.path} ({self.created:%Y-%m-%d})" if self.created else self.path

    def get_absolute_url(self):
        return self.path

    @property
    def has_details(self):
        return bool(self.problem or self.details)

    def add_details(self, problem, details):
        """Attach what a reader who answered "No" then said was wrong. Once only: False,
        changing nothing, if the report has its details already (the form sent twice)."""
        return bool(
            Feedback.objects.filter(pk=self.pk, helpful=False, problem="", details="").update(
                problem=problem, details=details
            )
        )

    def clean(self):
        if self.helpful is None and not self.problem and not self.details:
            raise ValidationError(_("Say whether you found it, or what was wrong."))
