"""What storing an edition does to the public pages once it is committed.

Nothing is needed for the edition to go live: the pages' version holds the newest
edition's id (missions/pagecache/store.py), so the commit itself starts a new version,
which every process reads within PAGE_VERSION_SECONDS, even if this one dies right after.
What waits for the commit is the render ahead: a convenience, not the publish.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from missions.models.editions import Edition
from missions.pagecache.middleware import render_current_pages
from missions.pagecache.store import read_pages_version, render_pages_ahead


@receiver(post_save, sender=Edition)
def edition_stored(sender, using, **kwargs):
    """The new pages are rendered ahead once the edition is committed: before, no other
    process can read it."""
    transaction.on_commit(pages_changed, using=using)


def pages_changed():
    """This process reads the new version at once. Where the site knows its address
    (SITE_URL), the current pages are rendered under it now, holding their render claims,
    so that visitors elsewhere keep their last copies until they are stored and none waits
    for a render; if this process dies first, visitors render them, each page once."""
    version = read_pages_version()
    if settings.SITE_URL and version is not None:
        render_pages_ahead(render_current_pages, version)
