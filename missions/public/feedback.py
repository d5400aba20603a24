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
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from missions.models.feedback import MAX_DETAILS, Feedback
from peaceops.signin import client_ip

# Reports one address may send in RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
MAX_BODY = 8 * 1024


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
