"""Word-by-word differences between two texts, for conflict messages and the review screen.

The words are matched with Myers's O(ND) algorithm ("An O(ND) Difference Algorithm and Its
Variations", 1986): its work grows with the size of the change, not with the square of the
text's length, as difflib.SequenceMatcher's did (over a second for a 1,200-word body). A
text rewritten past MAX_COMPARISONS is shown all removed, then all added.
"""

import itertools
import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# Unchanged words kept on each side of a change; longer unchanged stretches are elided.
CONTEXT_WORDS = 6
# The most token comparisons one diff makes (a few hundredths of a second). A 1,200-word
# body with 50 scattered edits takes about 10,000; a quarter of its words replaced, 180,000.
# Two unrelated 1,200-word texts would take 2.5 million, for a diff (their spaces and a few
# common words kept) that says less than "all removed, all added" (docs/performance.md).
MAX_COMPARISONS = 200_000


def words(text):
    return re.findall(r"\S+|\s+", text or "")


def word_diff(old, new):
    """HTML showing what changed from old to new: removed words in <del>, added ones in
    <ins>, with a few unchanged words around each change."""
    before, after = words(old), words(new)
    pieces = []
    for tag, i1, i2, j1, j2 in opcodes(before, after):
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


def opcodes(before, after, limit=MAX_COMPARISONS):
    """How to turn sequence `before` into `after`, as difflib.SequenceMatcher.get_opcodes()
    says it: (tag, i1, i2, j1, j2), tag one of equal, replace, delete, insert. A shortest
    edit, unless it takes more than `limit` comparisons: then the two differ in one replace
    between their common start and end."""
    n, m = len(before), len(after)
    start = 0
    while start < min(n, m) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(n, m) - start and before[n - 1 - end] == after[m - 1 - end]:
        end += 1
    middle = shortest_edit(before[start : n - end], after[start : m - end], limit)
    if middle is None:
        middle = []  # no run in common: one replace
    blocks = [(0, 0, start)] if start else []
    blocks += [(i + start, j + start, size) for i, j, size in middle]
    if end:
        blocks.append((n - end, m - end, end))
    return opcodes_between(blocks, n, m)


def shortest_edit(a, b, limit):
    """The runs of tokens a shortest edit from a to b keeps, as (i, j, size) in order; None
    past `limit` comparisons.

    v[k] is how far (in a) the furthest path with d changes reaches on diagonal k = i - j;
    each round adds one change to every path, then follows the tokens in common."""
    n, m = len(a), len(b)
    if not n or not m:
        return []
    offset = n + m + 1
    v = [0] * (2 * offset + 1)
    trace = []  # v before each round, diagonals -d-1 to d+1: for the way back
    comparisons = 0
    for d in itertools.count():  # n + m rounds at most: every token removed or added
        trace.append(v[offset - d - 1 : offset + d + 2])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]  # one more token of b
            else:
                x = v[offset + k - 1] + 1  # one more token of a
            y = x - k
            run_start = x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            comparisons += x - run_start + 1
            v[offset + k] = x
            if x >= n and y >= m:
                return runs_back(trace, n, m)
            if comparisons > limit:
                return None


def runs_back(trace, n, m):
    """The runs in common along the path found, followed back from the end."""
    runs = []
    x, y = n, m
    for d in range(len(trace) - 1, -1, -1):
        v = trace[d]  # v[k + d + 1] is diagonal k
        k = x - y
        at = k + d + 1
        previous = k + 1 if k == -d or (k != d and v[at - 1] < v[at + 1]) else k - 1
        previous_x = v[previous + d + 1]
        # The run ends at (x, y) and starts after the change from the previous path.
        run_x = previous_x + (previous == k - 1)
        if x > run_x:
            runs.append((run_x, run_x - k, x - run_x))
        x, y = previous_x, previous_x - previous
    runs.reverse()
    return runs


def opcodes_between(blocks, n, m):
    """Opcodes from the runs in common, as SequenceMatcher makes them from its matching
    blocks."""
    codes = []
    i = j = 0
    for block_i, block_j, size in [*blocks, (n, m, 0)]:
        if i < block_i and j < block_j:
            codes.append(("replace", i, block_i, j, block_j))
        elif i < block_i:
            codes.append(("delete", i, block_i, j, block_j))
        elif j < block_j:
            codes.append(("insert", i, block_i, j, block_j))
        if size:
            codes.append(("equal", block_i, block_i + size, block_j, block_j + size))
        i, j = block_i + size, block_j + size
    return codes
