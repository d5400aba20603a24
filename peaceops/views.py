from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (settings.CSRF_FAILURE_VIEW): the site's own
    page, in the visitor's language, rather than Django's, which is in English and speaks
    of DEBUG. The reason stays in the log (django.security.csrf)."""
    return render(request, "403_csrf.html", status=403)
