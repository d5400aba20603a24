"""Optimistic locking, and text stored the same way whichever path saved it."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator


class VersionConflict(Exception):
    """Someone else saved the record since this copy of it was read."""


def stored_text(value):
    """Text as the database keeps it: browsers post line breaks as CRLF, files and the
    shell as LF, and a missing translation may be NULL or empty. Keeping one form means a
    comparison never sees a change nobody made."""
    if value is None:
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def stored_value(field, value):
    """`value` of model field `field` as a save would store it."""
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        return stored_text(value)
    return value


def text_fields(model):
    try:
        # A translated text's own name reads the current language's text, or the other
        # language's where that is empty: writing it back would copy one into the other.
        translated = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = set()
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in translated
    ]


class Versioned(models.Model):
    """Optimistic locking: a save is refused if the record changed since it was read."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one with each save; an edit of an older version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalize_text()
        if self._state.adding:
            return super().save(*args, **kwargs)
        read = self.version
        self.version = read + 1
        try:
            with transaction.atomic(using=kwargs.get("using")):
                # Conditional UPDATE: the row lock makes a concurrent save wait, then miss.
                claimed = (
                    type(self)
                    ._base_manager.filter(pk=self.pk, version=read)
                    .update(version=self.version)
                )
                if not claimed:
                    raise VersionConflict(self)
                super().save(*args, **kwargs)
        except BaseException:
            self.version = read
            raise

    def normalize_text(self):
        for field in text_fields(type(self)):
            value = getattr(self, field.attname)
            if value is not None:
                setattr(self, field.attname, stored_text(value))
