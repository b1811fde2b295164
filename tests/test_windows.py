"""Windows of a long document: where cores end, what each window reads (no model needed)."""

from __future__ import annotations

import pytest

from quotes.spans import find_spans, paragraphs
from quotes.windows import (
    FORCED,
    OUTSIDE_QUOTES,
    SAFE,
    cut_quality,
    plan_windows,
    split_long,
)


def _plan(text: str, size: int):
    return list(plan_windows(text, paragraphs(text), find_spans(text), size=size))


def _check_tiling(text: str, windows) -> None:
    """Cores tile the text; each core's paragraphs are among those its window reads."""
    assert windows[0].start == 0 and windows[-1].end == len(text)
    for a, b in zip(windows, windows[1:]):
        assert a.end == b.start
    for w in windows:
        starts = {p.start for p in w.paragraphs}
        assert w.start == 0 or w.start in starts
        assert all(w.paragraphs[0].start <= s.end and s.start <= w.paragraphs[-1].end for s in w.spans)
    for span in find_spans(text):  # every quote goes to the parser with the window whose core holds it
        owner = next(w for w in windows if w.start <= span.start < w.end)
        assert span in owner.spans, (span, owner.start, owner.end)


ARTICLE = "\n\n".join(f"Paragraph {n} tells what the council decided on day {n}, in plain words." for n in range(40))


def test_windows_tile_the_text_and_respect_the_size():
    windows = _plan(ARTICLE, 500)
    _check_tiling(ARTICLE, windows)
    longest = max(p.end - p.start for p in paragraphs(ARTICLE)) + 2  # a paragraph and its blank line
    assert len(windows) >= -(-len(ARTICLE) // 500)
    assert all(500 - longest < w.end - w.start <= 500 for w in windows[:-1])  # full cores, not one per paragraph


@pytest.mark.parametrize(
    "passage, cue",
    [
        ("The mayor then said:\n\n“The road will stay closed. We are sorry for it.”", "said:"),  # colon_intro
        ("“The road will stay closed,” the mayor said.\n\n“We are sorry for it, and we will pay.”", "said."),  # previous_speaker
        ("“The road will stay closed.\n\n“We are sorry for it,” the mayor said.", "“We are"),  # one quote, two paragraphs
    ],
    ids=["colon-intro", "previous-speaker", "multi-paragraph-quote"],
)
def test_windows_never_cut_between_a_quote_and_what_attributes_it(passage, cue):
    """The size limit falls right before the second paragraph of the passage; the core ends elsewhere."""
    before = "\n\n".join(f"Line {n} of plain report text, nothing quoted here." for n in range(12))
    text = before + "\n\n" + passage + "\n\n" + ARTICLE
    second = text.index("\n\n“", len(before) + 2) + 2  # where the naive cut would fall
    windows = _plan(text, second)
    _check_tiling(text, windows)
    assert second not in {w.start for w in windows}
    owner = next(w for w in windows if w.start <= text.index(cue) < w.end)
    assert owner.start <= len(before) + 2 and owner.end > second


def test_windows_cut_quality_table():
    text = "Plain words here.\n\n“A quote opens this one.”\n\nWords first, then “a quote”.\n\n“Open across\n\n“two paragraphs.”"
    regions = paragraphs(text)
    assert cut_quality(text, regions, find_spans(text))[1:] == [OUTSIDE_QUOTES, SAFE, OUTSIDE_QUOTES, FORCED]


def test_windows_forced_cuts_when_every_paragraph_opens_a_quote():
    text = "\n\n".join(f"“Quote number {n} opens its paragraph,” said speaker {n}." for n in range(60))
    windows = _plan(text, 300)
    _check_tiling(text, windows)
    assert len(windows) >= -(-len(text) // 300)  # no safe cut anywhere: still bounded windows, not one huge one
    assert max(w.end - w.start for w in windows) <= 300
    assert sum(len(w.spans) for w in windows) >= 60


@pytest.mark.parametrize(
    "line, size",
    [("Words and more words. " * 500, 1000), ("x" * 20_000, 3000), ("a,b;c" * 4000 + " end", 999)],
    ids=["sentences", "no-spaces", "no-sentences"],
)
def test_windows_split_a_paragraph_longer_than_the_window(line, size):
    text = "Intro.\n\n" + line + "\n\nOutro."
    parts = split_long(text, paragraphs(text), size)
    long = [p for p in parts if p.index == 1]
    assert len(long) > 1 and all(p.end - p.start <= size for p in parts)
    assert "".join(text[p.start:p.end] for p in long).replace(" ", "") == line.strip().replace(" ", "")
    if ". " in line:
        assert all(text[p.end - 1] == "." for p in long)
    _check_tiling(text, _plan(text, size))


def test_windows_short_or_empty_text_is_one_window():
    assert [(w.start, w.end) for w in _plan("", 100)] == [(0, 0)]
    assert [(w.start, w.end) for w in _plan("One line.", 100)] == [(0, 9)]
