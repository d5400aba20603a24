"""The ?as_of= form of the public pages, and the date field the page filters share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD, whose error message quotes what was typed."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": gettext_lazy("“%(value)s” is not a date. Use the form YYYY-MM-DD."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error


class AsOfForm(forms.Form):
    """The ?as_of= parameter of the current page: a past date; today is the current page."""

    # A text field, not the browser's date picker, whose format follows the browser's
    # locale rather than the page's language; gcds-date-input replaces it when scripts run.
    as_of = IsoDateField(
        label=gettext_lazy("Date"),
        help_text=gettext_lazy("Format: YYYY-MM-DD, for example 2018-01-01"),
        required=False,
        widget=forms.DateInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "aria-describedby": "as-of-hint"},
            format="%Y-%m-%d",
        ),
    )

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value and value > timezone.localdate():
            raise ValidationError(
                _("%(value)s is in the future. Choose today or an earlier date."),
                code="future",
                params={"value": value.isoformat()},
            )
        return None if value == timezone.localdate() else value
