"""Admin forms that refuse an edit made to an out-of-date copy of a record."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import is_historic

from missions.core.textdiff import word_diff
from missions.models.locking import stored_value


class VersionedForm(forms.ModelForm):
    """Carries the version of the record the editor started from.

    If someone else saved the record since, the save is refused and the form comes back
    with the editor's own changes kept, the other person's changes brought into the fields
    the editor left alone, and a message saying who changed what and when.
    """

    # Not named "version": a form may not list a non-editable model field.
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    change_reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Optional. Shown in the record's History, e.g. “Figures from the 2025 announcement”."
        ),
    )

    # Set on inline forms: the formset saves an existing record only if its form changed.
    saved_only_if_changed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["base_version"].required = True
            # A revert starts from an old version's values but edits the record as it is now.
            self.initial["base_version"] = (
                self.current().version if is_historic(self.instance) else self.instance.version
            )

    def current(self):
        return self._meta.model._base_manager.filter(pk=self.instance.pk).first()

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get("base_version")
        if self.instance.pk is None or seen is None:
            return cleaned_data
        current = self.current()
        if current is None:
            raise ValidationError(
                _("Someone deleted this %(model)s after you opened it. Nothing was saved.")
                % {"model": self._meta.model._meta.verbose_name},
                code="conflict",
            )
        if current.version != seen:
            self.merge(seen, current)
        self.instance.version = current.version
        return cleaned_data

    def merge(self, seen, current):
        """Bring their changes into the form and refuse the save if the editor changed
        anything too."""
        model = self._meta.model
        history = model.history.filter(**{model._meta.pk.attname: current.pk})
        base = history.filter(version=seen).order_by("-history_date").first()
        newer = list(history.filter(version__gt=seen).select_related("history_user"))
        names = [
            name
            for name in self.fields
            if name not in ("base_version", "change_reason", model._meta.pk.name)
        ]
        theirs, mine = [], []
        if base is not None:
            old = self.stored(model_to_dict(base.instance, fields=names))
            new = self.stored(model_to_dict(current, fields=names))
            for name in names:
                if name not in old:
                    continue
                if self.edited(name, old[name]):
                    mine.append(name)
                if old[name] != new[name]:
                    theirs.append((name, old[name], new[name]))
                    if name not in mine:
                        self.take(name, new[name])
        self.take("base_version", current.version)
        self.__dict__.pop("changed_data", None)
        if base is not None and (not theirs or (self.saved_only_if_changed and not mine)):
            # Nothing of theirs can be lost: they changed no field here, or the editor left
            # this record alone and the formset will not save it.
            return

        who = sorted({str(record.history_user or _("someone")) for record in newer}) or [
            _("Someone")
        ]
        when = max((record.history_date for record in newer), default=current.modified)
        messages = [
            _(
                "%(who)s saved %(model)s “%(object)s” at %(when)s, after you opened it. "
                "Your changes were not saved, so nothing of theirs was overwritten."
            )
            % {
                "who": ", ".join(who),
                "model": model._meta.verbose_name,
                "object": current,
                "when": date_format(localtime(when), "DATETIME_FORMAT"),
            }
        ]
        for name, old_value, new_value in theirs:
            field = model._meta.get_field(name)
            if isinstance(field, models.TextField) and old_value and new_value:
                message = format_html(
                    "{} {}",
                    _("Their change to %(field)s:") % {"field": capfirst(field.verbose_name)},
                    word_diff(old_value, new_value),
                )
            else:
                message = _("Their change: %(field)s is now %(new)s (it was %(old)s).") % {
                    "field": capfirst(field.verbose_name),
                    "new": describe(model, name, new_value),
                    "old": describe(model, name, old_value),
                }
            if name in mine:
                message = format_html(
                    "{} {}", message, _("You changed it too: your value is in the form.")
                )
            messages.append(message)
        messages.append(
            _(
                "Their other changes are now in the form and yours are kept. "
                "Check the form, then save again."
            )
        )
        raise ValidationError(messages, code="conflict")

    def stored(self, values):
        """Values as the database stores them, whatever path saved them."""
        model = self._meta.model
        return {
            name: stored_value(model._meta.get_field(name), value) for name, value in values.items()
        }

    def edited(self, name, stored):
        """Whether the editor changed field `name` from its `stored` value."""
        field = self._meta.model._meta.get_field(name)
        if name in self.cleaned_data:
            submitted = self.fields[name].prepare_value(self.cleaned_data[name])
            if isinstance(submitted, str) or submitted is None:
                return stored_value(field, submitted) != stored_value(field, stored)
        return self.fields[name].has_changed(stored, self[name].data)

    def take(self, name, value):
        """Put a value from the database into the submitted data, as if typed in."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = self.fields[name].prepare_value(value)


class VersionedInlineForm(VersionedForm):
    saved_only_if_changed = True
    change_reason = None  # the page's reason applies to its lines too


def describe(model, name, value):
    """A short, readable form of a stored value, for the conflict message."""
    field = model._meta.get_field(name)
    if value is None or value == "":
        return _("empty")
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif field.is_relation:
        value = field.related_model._base_manager.filter(pk=value).first() or value
    elif isinstance(value, bool):
        value = _("yes") if value else _("no")
    return f"“{Truncator(str(value)).chars(120)}”"
