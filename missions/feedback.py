"""Page feedback, as on every Canada.ca page: "Did you find what you were looking for?"
and "Report a problem or mistake on this page".

The form is plain HTML on every public page, which is cached and shared, so it carries no
CSRF token of the visitor's: it posts to its own endpoint, which is CSRF-exempt and guarded
instead by an Origin check, a honeypot field, a size limit and a rate limit. A report keeps
the page, its language and the edition the reader saw, nothing about the reader; the
address is used for the rate limit only, as a salted hash kept in the cache.
"""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from peaceops.signin import client_ip

# Reports one address may send in RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
MAX_DETAILS = 1000
MAX_BODY = 8 * 1024


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

    def clean(self):
        if self.helpful is None and not self.problem and not self.details:
            raise ValidationError(_("Say whether you found it, or what was wrong."))


def is_public_page(path):
    """Whether a path (query string aside) is one of the site's public pages."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/"):
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return match.namespace == "missions" and match.url_name in {
        "current",
        "mission_detail",
        "region_detail",
    }


class FeedbackForm(forms.ModelForm):
    # A honeypot: hidden from people by CSS, filled in by spam robots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Feedback
        fields = ["path", "edition_number", "helpful", "problem", "details"]
        widgets = {
            "path": forms.HiddenInput,
            "edition_number": forms.HiddenInput,
            "problem": forms.RadioSelect,
        }
        labels = {"details": _("Details (optional)")}
        help_texts = {
            "details": _(
                "Don't include personal information such as your name, email address or "
                "phone number. You will not get a reply."
            ),
            "problem": "",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = Feedback.Problem.choices
        self.fields["problem"].label = _("What was wrong?")
        self.fields["details"].widget.attrs.update(rows=4, maxlength=MAX_DETAILS)

    def clean_path(self):
        path = self.cleaned_data["path"]
        if not is_public_page(path):
            raise ValidationError(_("This is not a page of this site."), code="page")
        return path

    def is_spam(self):
        return bool(self.data.get("website"))


def rate_key(request):
    digest = salted_hmac("peaceops.feedback.rate", client_ip(request) or "").hexdigest()
    return f"missions:feedback-rate:{digest}"


def over_rate_limit(request):
    """Count this report against the address; True once it has sent RATE_LIMIT already."""
    key = rate_key(request)
    cache.add(key, 0, RATE_WINDOW)
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        return False


def same_origin(request):
    """The form was sent from a page of this site: browsers send Origin with every POST."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return False
    parts = urlsplit(origin)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin == f"{request.scheme}://{request.get_host()}" or origin in (
        settings.CSRF_TRUSTED_ORIGINS
    )


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class FeedbackView(View):
    """Receives the feedback forms of the public pages.

    "Yes" and the problem report are stored at once; "No" first asks what was wrong."""

    http_method_names = ["post"]

    def post(self, request):
        if int(request.headers.get("Content-Length") or 0) > MAX_BODY:
            return self.refuse(request, _("Your message is too long."), 413)
        if not same_origin(request):
            return self.refuse(request, _("Send the form from a page of this site."), 403)
        form = FeedbackForm(request.POST)
        if form.is_spam():
            return redirect(self.thanks_url(request.POST.get("path")), permanent=False)
        if not form.is_valid():
            context = {"form": form, "errors": True, "helpful": form.cleaned_data.get("helpful")}
            return render(request, "missions/feedback_form.html", context, status=400)
        data = form.cleaned_data
        if data["helpful"] is False and "step" not in request.POST:
            return render(
                request,
                "missions/feedback_form.html",
                {"form": FeedbackForm(initial=data), "helpful": False},
            )
        if over_rate_limit(request):
            return self.refuse(
                request, _("We have received many reports from your connection. Try later."), 429
            )
        report = form.save(commit=False)
        report.language = get_language()
        report.save()
        return redirect(self.thanks_url(report.path), permanent=False)

    def thanks_url(self, path):
        url = reverse("missions:feedback_thanks")
        if path and is_public_page(path):
            return f"{url}?{urlencode({'page': path})}"
        return url

    def refuse(self, request, message, status):
        return render(
            request, "missions/feedback_refused.html", {"message": message}, status=status
        )


@method_decorator(never_cache, name="dispatch")
class FeedbackThanksView(View):
    def get(self, request):
        page = request.GET.get("page", "")
        return render(
            request,
            "missions/feedback_thanks.html",
            {"page": page if is_public_page(page) else None},
        )
