from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .editions import Edition
from .page_cache import clear_public_pages


@receiver(post_save, sender=Edition)
def edition_stored(sender, using, **kwargs):
    """Public pages change only when an edition is stored. Clear them now, and again once
    the edition is committed, so that no page rendered in between is kept."""
    clear_public_pages()
    transaction.on_commit(clear_public_pages, using=using)
