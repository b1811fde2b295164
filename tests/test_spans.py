"""The regex pass: quote marks of real newsrooms, apostrophes, messy text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.spans import PieceIndex, find_spans, paragraphs

QUOTE_CHARS = set("\"“”„‟«»‹›「」『』‚‘’'`")


def pieces_of(text: str) -> list[list[str]]:
    return [[text[p.start:p.end] for p in span.pieces] for span in find_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we will win" today.', [['"we will win"']]),
        ("He said “we will win” today.", [["“we will win”"]]),
        ("She said ‘we will win’ today.", [["‘we will win’"]]),
        ("She said 'we will win' today.", [["'we will win'"]]),
        ("Il a dit « nous gagnerons » hier.", [["« nous gagnerons »"]]),
        ("Il a dit «nous gagnerons» hier.", [["«nous gagnerons»"]]),
        ("Il a dit ‹ oui › hier.", [["‹ oui ›"]]),
        ("Er sagte »wir gewinnen« gestern.", [["»wir gewinnen«"]]),
        ("Er sagte „wir gewinnen“ gestern.", [["„wir gewinnen“"]]),
        ("Er sagte ‚wir gewinnen‘ gestern.", [["‚wir gewinnen‘"]]),
        ("彼は「勝つ」と言った。『本』もある。", [["「勝つ」"], ["『本』"]]),
        ("He said ''we will win'' today.", [["''we will win''"]]),
        ("He said ``we will win'' today.", [["``we will win''"]]),
    ],
)
def test_spans_mark_styles(text, expected):
    assert pieces_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Don't tell O'Brien about the ’80s.",
        "It was rock ’n’ roll at the students' union.",
        "James’ book and the Joneses' car were there.",
        "The '90s were 'em days, rock 'n' roll.",
        "She measured 5' 11\" and he was 6'2.",
    ],
)
def test_spans_apostrophes_are_not_quotes(text):
    assert pieces_of(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“Don't go,” O'Brien said, “it’s the ’80s.”", [["“Don't go,”", "“it’s the ’80s.”"]]),
        ("She said ‘the students’ union is closed’ today.", [["‘the students’ union is closed’"]]),
        ("‘James’ book is lost,’ he said.", [["‘James’ book is lost,’"]]),
        ("He said 'don't worry' and left.", [["'don't worry'"]]),
    ],
)
def test_spans_apostrophes_inside_and_around_quotes(text, expected):
    assert pieces_of(text) == expected


def test_spans_interrupted_quote_is_one_span_with_two_pieces():
    text = "“We will not leave,” the minister told reporters, “until the work is done.”"
    assert pieces_of(text) == [["“We will not leave,”", "“until the work is done.”"]]


def test_spans_two_sentences_with_attribution_stay_two_spans():
    text = "“We lost,” he said. “We will be back.”"
    assert pieces_of(text) == [["“We lost,”"], ["“We will be back.”"]]


def test_spans_multi_paragraph_quote_has_one_piece_per_paragraph():
    text = "“The first paragraph ends here.\n\n“The second one too.\n“The last one closes.” After."
    spans = find_spans(text)
    assert len(spans) == 1
    assert [text[p.start:p.end] for p in spans[0].pieces] == [
        "“The first paragraph ends here.",
        "“The second one too.",
        "“The last one closes.”",
    ]
    assert [p.close_len for p in spans[0].pieces] == [0, 0, 1]


def test_spans_nested_quote_stays_inside_outer_span():
    text = "“The so-called ‘deal’ is dead,” she said. He said \"it is 'over' now.\""
    assert pieces_of(text) == [["“The so-called ‘deal’ is dead,”"], ["\"it is 'over' now.\""]]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "stray text and then "a real quote" here.', [['"a real quote"']]),
        ("An unclosed “mark here.\nThe next “paragraph” is fine.", [["“paragraph”"]]),
        ("A closer ” without opener and “a quote” after.", [["“a quote”"]]),
        ("“Unclosed at the end", []),
        ('Many """ marks "then a quote" ok', [['"then a quote"']]),
    ],
)
def test_spans_stray_marks_stay_in_their_paragraph(text, expected):
    assert pieces_of(text) == expected


def test_spans_titles_and_scare_quotes_are_spans():
    text = "The film “Midnight Harbour” won, and the so-called “deal” failed."
    assert pieces_of(text) == [["“Midnight Harbour”"], ["“deal”"]]


@pytest.mark.parametrize(
    "text",
    [
        "Line one\r\n“A quoted\tline,” he said.\r\nNext",
        "Old Mac\rline “quoted\u00a0text” end\r",
        "Zero\u200bwidth “quo\u200bted” and Ελληνικά «κείμενο» and 中文「引用」",
    ],
)
def test_spans_offsets_exact_in_odd_text(text):
    spans = find_spans(text)
    assert spans
    for span in spans:
        for piece in span.pieces:
            assert text[piece.start] in QUOTE_CHARS and text[piece.end - 1] in QUOTE_CHARS
            assert text[piece.start:piece.end] == text[piece.start:piece.end].strip()


def test_spans_paragraphs_trim_and_skip_blank_lines():
    text = "  First line. \r\n\r\n\tSecond\u00a0line\nThird"
    paras = paragraphs(text)
    assert [text[p.start:p.end] for p in paras] == ["First line.", "Second\u00a0line", "Third"]


WRAPPED = (
    "The minister said on Friday that the budget would pass and that\n"
    "Maria Keller, the leader of the opposition, would have to accept the\n"
    "result.\n\n"
    "“We have the votes,” he told reporters outside the chamber after a\n"
    "meeting with his party.\n"
    "  A line that starts with spaces begins a paragraph.\n"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a line that goes on in lower case continues its paragraph (CRLF too)
        ("He said the plan\nwould fail.\nNext one.", ["He said the plan\nwould fail.", "Next one."]),
        ("He said the plan\r\nwould fail.\r\nNext one.", ["He said the plan\r\nwould fail.", "Next one."]),
        # a sentence end, a colon or an upper-case start keeps the break
        ("It ended.\nsoon after\nThe next", ["It ended.", "soon after", "The next"]),
        ("Listed:\nfirst item", ["Listed:", "first item"]),
        # hard-wrapped text: only blank and indented lines start paragraphs
        (WRAPPED, [
            "The minister said on Friday that the budget would pass and that\n"
            "Maria Keller, the leader of the opposition, would have to accept the\n"
            "result.",
            "“We have the votes,” he told reporters outside the chamber after a\n"
            "meeting with his party.",
            "A line that starts with spaces begins a paragraph.",
        ]),
        # short lines, or one long line anywhere: every line is a paragraph
        ("Short\nLine\n\nMore", ["Short", "Line", "More"]),
        (WRAPPED.replace("after a", "after a " + "x" * 60), [
            "The minister said on Friday that the budget would pass and that",
            "Maria Keller, the leader of the opposition, would have to accept the\nresult.",
            "“We have the votes,” he told reporters outside the chamber after a " + "x" * 60 + "\nmeeting with his party.",
            "A line that starts with spaces begins a paragraph.",
        ]),
    ],
)
def test_spans_paragraphs_join_wrapped_lines(text, expected):
    assert [text[p.start:p.end] for p in paragraphs(text)] == expected


def test_spans_quote_wrapped_over_lines_is_one_span():
    wrapped = (
        "“We will not back down on this budget,” the minister told reporters\n"
        "outside the chamber on Friday, “and we will win this vote in the\n"
        "assembly, whatever the opposition leader says about it this week.”\n\n"
        "“A new paragraph,” she added."
    )
    expected = [
        ["“We will not back down on this budget,”",
         "“and we will win this vote in the\nassembly, whatever the opposition leader says about it this week.”"],
        ["“A new paragraph,”"],
    ]
    assert pieces_of(wrapped) == expected
    crlf = [[p.replace("\n", "\r\n") for p in span] for span in expected]
    assert pieces_of(wrapped.replace("\n", "\r\n")) == crlf
    line_per_paragraph = "“This quote is not closed\nA new paragraph and “a quote” in it."
    assert pieces_of(line_per_paragraph) == [["“a quote”"]]


def test_spans_rejects_non_text():
    with pytest.raises(TypeError, match="needs a str"):
        find_spans(b"bytes")  # type: ignore[arg-type]


def _check_invariants(text: str) -> None:
    spans = find_spans(text)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end, "top-level spans overlap"
        previous_end = span.end
        assert span.pieces[0].start == span.start and span.pieces[-1].end == span.end
        for piece in span.pieces:
            assert span.start <= piece.start < piece.end <= span.end
            assert text[piece.start] in QUOTE_CHARS
            if piece.close_len:
                assert text[piece.end - 1] in QUOTE_CHARS
            else:  # a paragraph of a multi-paragraph quote ends at its line end
                gap = r"(?:[^\S\r\n\u2028\u2029\x85]|[\u200b\u200c\u200d\u2060\ufeff])*"
                assert re.match(gap + r"[\r\n\u2028\u2029\x85]", text[piece.end:])


ALPHABET = st.sampled_from(list("ab .,!?\n\r\t'\"“”‘’«»„‚「」`-—") + ["\u00a0", "\u200b", "é", "中"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_spans_property_quote_heavy_text(text):
    _check_invariants(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_spans_property_any_unicode(text):
    _check_invariants(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120), st.integers(0, 130), st.integers(0, 130))
def test_spans_piece_index_agrees_with_a_scan(text, a, b):
    index = PieceIndex(find_spans(text))
    start, end = min(a, b), max(a, b)
    pieces = [p for s in find_spans(text) for p in s.pieces]
    assert index.within(start, end) == [p for p in pieces if start <= p.start and p.end <= end]
    assert index.at(a) == next((p for p in pieces if p.start <= a < p.end), None)


def test_spans_many_stray_marks_and_large_input_are_fine():
    stray = '"' * 2001 + " text ‘" * 1000
    _check_invariants(stray)
    big = ("He said “this is fine,” and left. " * 30000)[:1_000_000]
    spans = find_spans(big)
    assert len(spans) == big.count("“")
    wrapped = "Title\n\n" + "“Stay calm,” she said, and the minister told the assembly that it would\n" * 14000
    assert len(find_spans(wrapped)) == 14000
    assert len(paragraphs(wrapped)) == 2


NEST = (("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("「", "」"), ("『", "』"), ("‹", "›"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"\'' * 10_000, 0),  # alternating marks: each opens, none closes
        ("He said " + "".join(NEST[i % 7][0] + "w " for i in range(3000))
         + " ".join("w" + NEST[i % 7][1] for i in reversed(range(3000))) + ".", 1),  # 3,000 levels, all closed
        ("He said " + "“w " * 3000 + " ".join(["w»"] * 3000) + ".", 0),  # 3,000 open, closers of another family
        ("'" * 10_000 + "’" * 10_000, 0),
        ('said"quote"' * 2000, 2000),  # one line, no spaces
    ],
    ids=["alternating", "nested", "nested-unclosed", "apostrophes", "no-spaces"],
)
def test_spans_hostile_shapes(text, expected):
    """The shapes of benchmarks/test_hostile_speed.py, small: right answers (and linear time there)."""
    _check_invariants(text)
    spans = find_spans(text)
    assert len(spans) == expected
    if expected == 1:
        assert (spans[0].start, spans[0].end) == (8, len(text) - 1)
