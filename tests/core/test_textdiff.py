"""The word diff of the review screen and the conflict messages: what it shows, and that its
work stays bounded on long texts (its time is measured by `make bench`, not here)."""

import random
import re

from missions.core.textdiff import MAX_COMPARISONS, opcodes, word_diff, words

# The words of the long texts: few and often repeated, as in the bodies.
WORDS = (
    "Canadian police officers provide strategic advice and mentoring to senior and "
    "middle-level management of the national police service in support of reform efforts "
    "building capacity training community policing gender human rights"
)


def long_text(word_count, seed):
    """A body of `word_count` words drawn from WORDS, in paragraphs of 100 words."""
    draw, vocabulary = random.Random(seed), WORDS.split()
    pieces = []
    for n in range(word_count):
        pieces.append(draw.choice(vocabulary))
        pieces.append("\n\n" if n % 100 == 99 else " ")
    return "".join(pieces).strip()


def edited(text, count):
    """The text with `count` words, evenly spread, replaced by "edit0", "edit1"…; and the
    words replaced."""
    tokens = words(text)
    positions = [n for n, token in enumerate(tokens) if not token.isspace()]
    step = len(positions) // count
    replaced = []
    for edit in range(count):
        position = positions[edit * step + step // 2]
        replaced.append(tokens[position])
        tokens[position] = f"edit{edit}"
    return "".join(tokens), replaced


class CountedToken(str):
    """A token that counts how often it is compared with another."""

    comparisons = 0

    def __eq__(self, other):
        CountedToken.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def comparisons_for(old, new):
    CountedToken.comparisons = 0
    opcodes([CountedToken(t) for t in words(old)], [CountedToken(t) for t in words(new)])
    return CountedToken.comparisons


def shortest_edit_kept(a, b):
    """How many tokens a shortest edit from a to b keeps (their longest common
    subsequence), by dynamic programming: the reference the diff is checked against."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def test_a_changed_word_is_shown_removed_then_added_between_the_words_around_it():
    assert (
        word_diff("They train local police.", "They train Haitian police.")
        == "They train <del>local</del><ins>Haitian</ins> police."
    )


def test_french_text_is_diffed_word_by_word_its_non_breaking_spaces_included():
    assert word_diff(
        "La mission a pour objectif\xa0: former des policiers.",
        "La mission a pour objectif\xa0: conseiller des policiers québécois.",
    ) == (
        "La mission a pour objectif\xa0: <del>former</del><ins>conseiller</ins> des "
        "<del>policiers.</del><ins>policiers québécois.</ins>"
    )


def test_html_typed_in_either_text_is_escaped():
    html = word_diff('<b>Old</b> & "quoted"', "<script>alert(1)</script> & 'quoted'")

    assert html == (
        "<del>&lt;b&gt;Old&lt;/b&gt;</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> "
        "&amp; <del>&quot;quoted&quot;</del><ins>&#x27;quoted&#x27;</ins>"
    )


def test_identical_short_texts_are_shown_whole_with_no_change():
    assert word_diff("Police officers advise.", "Police officers advise.") == (
        "Police officers advise."
    )


def test_a_text_added_to_an_empty_one_is_all_added_and_one_emptied_all_removed():
    assert word_diff("", "New text.") == "<ins>New text.</ins>"
    assert word_diff(None, "New text.") == "<ins>New text.</ins>"
    assert word_diff("Old text.", "") == "<del>Old text.</del>"


def test_long_unchanged_stretches_keep_six_words_next_to_each_change():
    before = " ".join(f"w{n}" for n in range(40))
    after = before.replace("w20", "changed")

    assert word_diff(before, after) == (
        " … w14 w15 w16 w17 w18 w19 <del>w20</del><ins>changed</ins> w21 w22 w23 w24 w25 w26 … "
    )


def test_a_few_edits_in_a_1200_word_text_show_exactly_those_words():
    before = long_text(1200, seed=1)
    after, replaced = edited(before, 3)

    changes = re.findall(r"<(del|ins)>(.*?)</\1>", str(word_diff(before, after)))

    assert changes == [
        change for n, word in enumerate(replaced) for change in (("del", word), ("ins", f"edit{n}"))
    ]


def test_fifty_scattered_edits_in_a_1200_word_text_take_a_twentieth_of_the_most_comparisons():
    before = long_text(1200, seed=1)
    after, _replaced = edited(before, 50)

    assert word_diff(before, after).count("<del>") == 50
    assert comparisons_for(before, after) < MAX_COMPARISONS / 20


def test_a_rewritten_text_is_shown_all_removed_then_all_added():
    before, after = long_text(1200, seed=1), long_text(1200, seed=2)

    assert word_diff(before, after) == f"<del>{before}</del><ins>{after}</ins>"


def test_a_rewrite_stops_comparing_once_past_the_most_comparisons():
    before, after = long_text(1200, seed=1), long_text(1200, seed=2)

    # Past the limit, the diff stops at the end of the run of equal words it is following.
    limit = MAX_COMPARISONS + len(words(before)) + len(words(after))
    assert MAX_COMPARISONS < comparisons_for(before, after) < limit


def test_a_rewrite_keeps_the_start_and_end_the_texts_have_in_common():
    before, after = "Same start. old words here. Same end.", "Same start. new text. Same end."

    assert [code[0] for code in opcodes(words(before), words(after), limit=0)] == [
        "equal",
        "replace",
        "equal",
    ]
    assert word_diff(before, after).startswith("Same start. <del>")


def test_the_diff_of_any_two_short_sequences_is_a_shortest_edit_that_rebuilds_both():
    draw = random.Random(5)
    for _case in range(2000):
        a = [draw.randrange(3) for _ in range(draw.randrange(12))]
        b = [draw.randrange(3) for _ in range(draw.randrange(12))]

        codes = opcodes(a, b)

        rebuilt_a, rebuilt_b, kept = [], [], 0
        for tag, i1, i2, j1, j2 in codes:
            rebuilt_a += a[i1:i2]
            rebuilt_b += b[j1:j2]
            if tag == "equal":
                assert a[i1:i2] == b[j1:j2]
                kept += i2 - i1
        assert (rebuilt_a, rebuilt_b) == (a, b)
        assert kept == shortest_edit_kept(a, b)
