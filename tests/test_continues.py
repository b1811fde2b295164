"""Continuing quotes: a quote with no cue of its own goes on with the speaker just before it (real pipeline)."""

from __future__ import annotations


def _record(quotes, start_text: str, text: str):
    start = text.index(start_text)
    found = [q for q in quotes if q.start <= start < q.end]
    assert len(found) == 1, [(q.text, q.rule) for q in quotes]
    return found[0]


def test_continues_in_the_same_paragraph(extractor):
    text = ("The ferry service will end in March.\n\n"
            "Lena Marsh, who runs it, said the boats had lost money on every crossing last winter. "
            "“Nobody wants to see it go, but the numbers are the numbers.”\n")
    quotes = extractor.extract(text)
    record = _record(quotes, "“Nobody wants", text)
    assert (record.speaker_canonical, record.rule) == ("Lena Marsh", "continues_speaker")
    assert record.confidence < _record(quotes, "the boats had lost", text).confidence


def test_continues_into_the_next_paragraph(extractor):
    text = ("Lena Marsh, who runs the ferry, said the service had lost money on every crossing.\n\n"
            "“Nobody wants to see it go, but the numbers are the numbers.” The last boat leaves on March 30.\n")
    record = _record(extractor.extract(text), "“Nobody wants", text)
    assert record.speaker_canonical == "Lena Marsh"
    assert record.rule in ("continues_speaker", "previous_speaker")


def test_no_continuation_when_another_quote_comes_between(extractor):
    text = ("Lena Marsh said the ferry had lost money on every crossing.\n\n"
            "The island depends on the route, its “lifeline” in winter. "
            "“Nobody wants to see it go, but the numbers are the numbers.”\n")
    record = _record(extractor.extract(text), "“Nobody wants", text)
    assert (record.speaker, record.rule) == (None, "lone_quote")


def test_no_continuation_when_the_paragraph_opens_with_narration(extractor):
    text = ("Lena Marsh said the ferry had lost money on every crossing.\n\n"
            "The island's council met on Tuesday to discuss a subsidy. "
            "“Nobody wants to see it go, but the numbers are the numbers.”\n")
    record = _record(extractor.extract(text), "“Nobody wants", text)
    assert (record.speaker, record.rule) == (None, "lone_quote")


def test_no_continuation_two_paragraphs_later(extractor):
    text = ("Lena Marsh said the ferry had lost money on every crossing.\n\n"
            "The island's council met on Tuesday to discuss a subsidy for the route.\n\n"
            "“Nobody wants to see it go, but the numbers are the numbers.”\n")
    record = _record(extractor.extract(text), "“Nobody wants", text)
    assert record.speaker is None


def test_a_quote_cut_by_its_own_cue_is_not_a_continuation(extractor):
    text = ("Lena Marsh said the ferry had lost money on every crossing.\n\n"
            "“Nobody wants to see it go,” recalls Tom Ide, a deckhand for 22 years.\n")
    quotes = extractor.extract(text)
    record = _record(quotes, "“Nobody wants", text)
    assert record.speaker == "Tom Ide" and record.rule != "continues_speaker"
