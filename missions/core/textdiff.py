"""Word-by-word differences between two texts, for conflict messages and history."""

import difflib
import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# Unchanged words kept on each side of a change; longer unchanged stretches are elided.
CONTEXT_WORDS = 6


def words(text):
    return re.findall(r"\S+|\s+", text or "")


def word_diff(old, new):
    """HTML showing what changed from old to new: removed words in <del>, added ones in
    <ins>, with a few unchanged words around each change."""
    before, after = words(old), words(new)
    pieces = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(elided("".join(before[i1:i2]), i1 == 0, i2 == len(before)))
            continue
        if i2 > i1:
            pieces.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def elided(text, at_start, at_end):
    """An unchanged stretch, shortened to the words next to the changes around it."""
    parts = words(text)
    keep = CONTEXT_WORDS * 2  # words and the spaces between them
    if len(parts) <= keep * 2:
        return text
    head = "" if at_start else "".join(parts[:keep])
    tail = "" if at_end else "".join(parts[-keep:])
    return format_html("{}{}{}", head, mark_safe(" … "), tail)
