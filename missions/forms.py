from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD, whose error message quotes what was typed."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date. Use the form YYYY-MM-DD."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error


class AsOfForm(forms.Form):
    """The ?as_of= parameter of the current page: today or a past date."""

    as_of = IsoDateField(
        label=_("Date (YYYY-MM-DD)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value and value > timezone.localdate():
            raise ValidationError(
                _("%(value)s is in the future. Choose today or an earlier date."),
                code="future",
                params={"value": value.isoformat()},
            )
        return value
