"""Bilingual texts: the {"en": ..., "fr": ...} pairs of the edition documents."""

from dataclasses import dataclass

from missions.core.markup import render_markup


@dataclass
class Text:
    """A text in the page's language, or in the other one where it was not known (then
    `lang` says which, for the lang attribute)."""

    value: str
    lang: str | None = None

    def __str__(self):
        return self.value

    def __bool__(self):
        return bool(self.value)

    @property
    def html(self):
        return render_markup(self.value)


def text_in(value, language):
    """The text of a pair in `language`, or in the other language where it is not known."""
    value = value or {}
    if value.get(language):
        return Text(value[language])
    other = next((code for code, text in value.items() if text), None)
    return Text(value[other], other) if other else Text("")
