"""Page feedback, as on every Canada.ca page: "Did you find what you were looking for?"
Yes or No, then, after a No, a short box for details. (Canada.ca's "Report a problem or
mistake on this page" was decommissioned in October 2025; older reports keep the kind of
problem chosen.)

The form is plain HTML on every public page, which is cached and shared, so it carries no
CSRF token of the visitor's: it posts to its own endpoint, which is CSRF-exempt and guarded
instead by an Origin check, a honeypot field, a size limit and a rate limit. A report keeps
the page, its language and the edition the reader saw, nothing about the reader; the
address is used for the rate limit only, as a salted hash kept in the cache (or, while the
cache fails, in the process). E-mail addresses, phone numbers and Social Insurance Numbers
written in the details are masked before they are stored.

A "No" is stored at once, since most readers go no further, then the reader is asked for
details on a page of its own: a GET, at an address signed for that report, so that its
language toggle leads to the same form in the other language. What they send there is
attached to the "No".
"""

import datetime
import logging
import re
import threading
import time
from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from redis.exceptions import RedisError

from missions.models.feedback import Feedback
from peaceops.signin import client_ip

logger = logging.getLogger(__name__)

# Reports one address may send in RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
MAX_BODY = 8 * 1024
# How long the reader who answered "No" may still say what was wrong.
DETAILS_SECONDS = 24 * 60 * 60
REPORT_SALT = "peaceops.feedback.report"
# Canada.ca's page feedback takes 300 characters of details (reports sent before with the
# problem form kept up to the model's MAX_DETAILS).
MAX_DETAILS = 300
# The feedback pages' "Date modified": the day their text last changed (move it when it does).
PAGES_MODIFIED = datetime.date(2026, 12, 7)


# The pages that end with the feedback forms (templates/includes/page_feedback.html).
PAGES_WITH_FEEDBACK = {
    "current",
    "edition",
    "edition_corrections",
    "changes",
    "mission_detail",
    "region_detail",
    "mission_index",
    "region_index",
    "data",
    "api_docs",
}


def is_public_page(path):
    """Whether a path (query string aside) is one of the site's public pages."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/"):
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return match.namespace == "missions" and match.url_name in PAGES_WITH_FEEDBACK


# Personal information a reader may write in the details, masked before storage. Phone
# numbers are North American (+1 613 555 0199, (613) 555-0199); a SIN is nine digits in
# threes (046 454 286). A phone number is matched first: its last nine digits are not a SIN.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?!\w)"
)
SIN = re.compile(r"(?<![\w-])\d{3}[\s.-]?\d{3}[\s.-]?\d{3}(?![\w-])")


def masked(text):
    """The text with e-mail addresses, phone numbers and SINs replaced by a note in the
    current language."""
    text = EMAIL.sub(gettext("[email removed]"), text)
    text = PHONE.sub(gettext("[phone number removed]"), text)
    return SIN.sub(gettext("[SIN removed]"), text)


class HoneypotForm(forms.ModelForm):
    # A honeypot: hidden from people by CSS, filled in by spam robots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def is_spam(self):
        return bool(self.data.get("website"))


class DetailsForm(HoneypotForm):
    """The details a reader who answered "No" may add."""

    details = forms.CharField(
        label=_("Please provide more details"),
        help_text=_(
            "You will not receive a reply. Don't include personal information (telephone, "
            "email, SIN, financial, medical, or work details)."
        ),
        max_length=MAX_DETAILS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Feedback
        fields = ["details"]

    def clean_details(self):
        return masked(self.cleaned_data["details"])


class FeedbackForm(HoneypotForm):
    """Yes or No, with the page and the edition the reader saw."""

    class Meta:
        model = Feedback
        fields = ["path", "edition_number", "helpful"]
        widgets = {"path": forms.HiddenInput, "edition_number": forms.HiddenInput}

    def clean_path(self):
        path = self.cleaned_data["path"]
        if not is_public_page(path):
            raise ValidationError(_("This is not a page of this site."), code="page")
        return path

    def clean_helpful(self):
        if self.cleaned_data["helpful"] is None:
            raise ValidationError(_("Answer Yes or No."), code="required")
        return self.cleaned_data["helpful"]


def rate_key(request):
    digest = salted_hmac("peaceops.feedback.rate", client_ip(request) or "").hexdigest()
    return f"missions:feedback-rate:{digest}"


class RateLimiter:
    """Counts each address's reports in the shared cache, so that the limit holds across
    processes. If the cache fails (Redis down or hung), it is skipped for
    PAGE_CACHE_RETRY_SECONDS, as the page cache skips it, and each process counts on its
    own meanwhile: the reader's report is still taken, and an address may send RATE_LIMIT
    to each process."""

    # Addresses a process counts on its own at most; past that, the oldest are forgotten.
    MAX_LOCAL = 10_000

    def __init__(self):
        self.skip_until = 0.0
        self.local = {}  # key: (count, end of its window)
        self.lock = threading.Lock()

    def over(self, key):
        """Count a report against the key; True once it has sent RATE_LIMIT already."""
        if time.monotonic() >= self.skip_until:
            try:
                return self.count_shared(key) > RATE_LIMIT
            except (RedisError, OSError) as error:
                seconds = settings.PAGE_CACHE_RETRY_SECONDS
                self.skip_until = time.monotonic() + seconds
                logger.error(
                    "The feedback rate limit failed to reach the cache (%s); "
                    "counting in this process for %s s.",
                    error,
                    seconds,
                )
        return self.count_local(key) > RATE_LIMIT

    def count_shared(self, key):
        cache.add(key, 0, RATE_WINDOW)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RATE_WINDOW)
            return 1

    def count_local(self, key):
        now = time.monotonic()
        with self.lock:
            count, ends = self.local.get(key, (0, now + RATE_WINDOW))
            if ends <= now:
                count, ends = 0, now + RATE_WINDOW
            if key not in self.local and len(self.local) >= self.MAX_LOCAL:
                self.forget(now)
            self.local[key] = (count + 1, ends)
            return count + 1

    def forget(self, now):
        """Drop the ended windows and, if that is not enough, the older half (a dict keeps
        the order in which addresses were first counted)."""
        self.local = {key: value for key, value in self.local.items() if value[1] > now}
        for key in list(self.local)[: len(self.local) - self.MAX_LOCAL // 2]:
            del self.local[key]


rate_limiter = RateLimiter()


def details_url(report):
    """The page where the reader who answered "No" says what was wrong, in the current
    language; only that reader has its signed address."""
    return details_address(signing.dumps(report.pk, salt=REPORT_SALT))


def details_address(token):
    return f"{reverse('missions:feedback')}?{urlencode({'report': token})}"


def report_for(token):
    """The "No" a details address was signed for, or None if it was altered or is too old."""
    try:
        pk = signing.loads(token, salt=REPORT_SALT, max_age=DETAILS_SECONDS)
    except signing.BadSignature:  # expired ones too
        return None
    return Feedback.objects.filter(pk=pk, helpful=False).first()


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
    """Receives the Yes or No of the public pages, stored at once. After a "No", GET shows
    the page asking for details (?report=…), and its form is posted back there."""

    def get(self, request):
        if "report" not in request.GET:
            # The language toggle of a page answering a form leads here.
            return redirect("missions:current")
        report = report_for(request.GET["report"])
        if report is None:
            return self.expired(request)
        if report.has_details:
            return redirect(self.thanks_url(report.path), permanent=False)
        return self.details_page(request, DetailsForm(), report, request.GET["report"])

    def post(self, request):
        if int(request.headers.get("Content-Length") or 0) > MAX_BODY:
            return self.refuse(request, _("Your message is too long."), 413)
        if not same_origin(request):
            return self.refuse(request, _("Send the form from a page of this site."), 403)
        if "report" in request.GET:
            return self.add_details(request, request.GET["report"])
        form = FeedbackForm(request.POST)
        if form.is_spam():
            return redirect(self.thanks_url(request.POST.get("path")), permanent=False)
        if not form.is_valid():
            message = " ".join(message for errors in form.errors.values() for message in errors)
            return self.refuse(request, message, 400)
        if rate_limiter.over(rate_key(request)):
            return self.refuse(
                request, _("We have received many reports from your connection. Try later."), 429
            )
        report = form.save(commit=False)
        report.language = get_language()
        report.save()
        if report.helpful is False:
            return redirect(details_url(report))
        return redirect(self.thanks_url(report.path), permanent=False)

    def add_details(self, request, token):
        report = report_for(token)
        if report is None:
            return self.expired(request)
        form = DetailsForm(request.POST, instance=report)
        if form.is_spam():
            return redirect(self.thanks_url(report.path), permanent=False)
        if not form.is_valid():
            return self.details_page(request, form, report, token, status=400)
        if not report.add_details("", form.cleaned_data["details"]):
            return self.refuse(
                request, _("We already have what was wrong with this page. Thank you."), 409
            )
        return redirect(self.thanks_url(report.path), permanent=False)

    def details_page(self, request, form, report, token, status=200):
        context = {
            "form": form,
            "report": report,
            "action": details_address(token),
            "page": report.path,
            "date_modified": PAGES_MODIFIED,
        }
        return render(request, "missions/feedback_form.html", context, status=status)

    def thanks_url(self, path):
        url = reverse("missions:feedback_thanks")
        if path and is_public_page(path):
            return f"{url}?{urlencode({'page': path})}"
        return url

    def expired(self, request):
        message = _("This form has expired. Go back to the page and send your answer again.")
        return self.refuse(request, message, 400)

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
            {"page": page if is_public_page(page) else None, "date_modified": PAGES_MODIFIED},
        )
