from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from missions.models.editions import Edition
from missions.pagecache.middleware import render_current_pages
from missions.pagecache.store import clear_public_pages


@receiver(post_save, sender=Edition)
def edition_stored(sender, using, **kwargs):
    """Public pages change only when an edition is stored, and only once it is committed:
    a page rendered meanwhile is kept under the version that then ends."""
    transaction.on_commit(pages_changed, using=using)


def pages_changed():
    """A new version of the pages. Where the site knows its address (SITE_URL), the current
    pages are rendered ahead under it first, so that no visitor waits for them."""
    clear_public_pages(render_ahead=render_current_pages if settings.SITE_URL else None)
