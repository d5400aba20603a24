from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .caching import clear_public_pages
from .models import DeploymentSnapshot, Edition, Mission, Posting, Region


@receiver([post_save, post_delete], sender=Region)
@receiver([post_save, post_delete], sender=Mission)
@receiver([post_save, post_delete], sender=Posting)
@receiver([post_save, post_delete], sender=DeploymentSnapshot)
@receiver(post_save, sender=Edition)
def record_changed(sender, using, **kwargs):
    """Clear the public pages now, and again once the change is committed, so that no page
    rendered from the old records in between is kept."""
    clear_public_pages()
    transaction.on_commit(clear_public_pages, using=using)
