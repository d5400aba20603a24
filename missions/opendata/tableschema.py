"""Frictionless Table Schema from Django model fields: a download's column takes its type,
constraints and title from the model field it is read from, and adds only its meaning."""

from dataclasses import dataclass

from django.db import models
from django.utils import translation

# Booleans are written so in both languages.
TRUE, FALSE = "true", "false"


@dataclass(frozen=True)
class Column:
    """One column of a table. `model` and `field` name the model field it is read from;
    `type` stands in for a column read from no model field."""

    name: str
    description: object
    model: type | None = None
    field: str = ""
    translated: bool = False
    required: bool | None = None
    unique: bool = False
    enum: tuple = ()
    type: str = ""
    unit: object = None

    @property
    def model_field(self):
        return self.model._meta.get_field(self.field) if self.model else None

    def table_type(self):
        """The Frictionless type of the model field."""
        if self.type:
            return self.type
        model_field = self.model_field
        if isinstance(model_field, models.ForeignKey | models.AutoField | models.IntegerField):
            return "integer"
        if isinstance(model_field, models.BooleanField):
            return "boolean"
        if isinstance(model_field, models.DateField):
            return "date"
        return "string"

    def constraints(self):
        model_field = self.model_field
        constraints = {}
        required = self.required
        if required is None:
            required = model_field is not None and not model_field.null and not self.translated
        if required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        choices = model_field.choices if model_field else None
        enum = list(self.enum) or [value for value, _label in (choices or [])]
        if enum:
            constraints["enum"] = enum
        if isinstance(model_field, models.PositiveIntegerField):
            constraints["minimum"] = 0
        if isinstance(model_field, models.CharField) and not enum and not self.translated:
            constraints["maxLength"] = model_field.max_length
        if isinstance(model_field, models.SlugField):
            constraints["pattern"] = "[-a-zA-Z0-9_]+"
        return constraints

    def title(self):
        if self.model_field is None:
            return self.name
        return str(self.model_field.verbose_name)

    def descriptor(self):
        """The Table Schema field, in the active language, with both languages' title and
        description under `translations`."""
        descriptor = {
            "name": self.name,
            "type": self.table_type(),
            "title": self.title(),
            "description": str(self.description),
        }
        if descriptor["type"] == "boolean":
            descriptor |= {"trueValues": [TRUE], "falseValues": [FALSE]}
        if self.unit:
            descriptor["unit"] = str(self.unit)
        constraints = self.constraints()
        if constraints:
            descriptor["constraints"] = constraints
        descriptor["translations"] = in_both_languages(
            lambda: {"title": self.title(), "description": str(self.description)}
        )
        return descriptor


def in_both_languages(build):
    translations = {}
    for code in ("en", "fr"):
        with translation.override(code):
            translations[code] = build()
    return translations


@dataclass(frozen=True)
class Table:
    """One download: its rows, in a fixed order, and their columns."""

    name: str
    title: object
    description: object
    columns: tuple
    primary_key: str
    foreign_keys: tuple = ()

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def schema(self):
        schema = {
            "fields": [column.descriptor() for column in self.columns],
            "missingValues": [""],
            "primaryKey": [self.primary_key],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [own], "reference": {"resource": resource, "fields": [other]}}
                for own, resource, other in self.foreign_keys
            ]
        return schema
