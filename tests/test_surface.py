"""Surface frames and transcript turns: read off the text, no parse."""

from __future__ import annotations

import pytest

from quotes.cues import lexicon
from quotes.spans import find_spans, paragraphs
from quotes.surface import speaker_at, surface_frames, transcript_turns


def frame_of(text: str):
    found = surface_frames(text, find_spans(text), paragraphs(text), lexicon())
    return found.get(0)


@pytest.mark.parametrize(
    "text, speaker, kind, cue, listed",
    [
        ("“We will win,” said Maria Keller.", "Maria Keller", "name", "said", True),
        ("“We will win,” she said.", "she", "pronoun", "said", True),
        ("“Not bad for a Tuesday,” quipped Harrowgate manager Rui Esteves.", "Harrowgate manager Rui Esteves", "name",
         "quipped", True),
        ("“We are done,” deadpanned Ilse ter Borg.", "Ilse ter Borg", "name", "deadpanned", False),
        ("“Take care,” cautions the retired nurse, who worked there for 30 years.", "the retired nurse",
         "description", "cautions", True),
        ("“It is over,” recalls van der Berg, who ran the mill.", "van der Berg", "name", "recalls", True),
        ("“Are you sure?” asked Ibrahima N'Doye.", "Ibrahima N'Doye", "name", "asked", True),
        ("“Fine,” says Mr. Smith of the council.", "Mr. Smith", "name", "says", True),
        ("“It was close,” the minister told reporters on Tuesday.", "the minister", "description", "told", True),
        ("“This is a good day,” said its chairwoman, Greta Holm.", "Greta Holm", "name", "said", True),
        ("“The last fire came,” said Regional fire chief Daniel van der Berg.",
         "Regional fire chief Daniel van der Berg", "name", "said", True),
        ("“We lost,” she said, “but we will be back.”", "she", "pronoun", "said", True),
        ("“The offer is 4 percent,” the union's general secretary, Yusuf al-Harthi, told reporters, “and no more.”",
         "Yusuf al-Harthi", "name", "told", True),
    ],
)
def test_surface_frame_finds_the_speaker_however_a_parser_would_read_it(text, speaker, kind, cue, listed):
    frame = frame_of(text)
    assert frame is not None
    assert (frame.speaker.text, frame.speaker.kind, text[frame.cue_start:frame.cue_end], frame.listed) == \
        (speaker, kind, cue, listed)
    assert text[frame.speaker.start:frame.speaker.end] == speaker


@pytest.mark.parametrize(
    "text",
    [
        "“We lost,” Keller said, adding that the team would recover.",  # a second cue: the parse decides
        "“Education is not a luxury,” read one banner.",  # a banner is no speaker
        "He called it “a disgrace,” she said.",  # the quote does not open the sentence
        "“Yes,” the report on the crash published by the board said.",  # too long to read off the surface
        "“We are done.” Keller said.",  # a full stop inside the marks: the quote is a sentence of its own
        "“Same again Thursday, boys!” shouted someone from the stands.",
    ],
)
def test_surface_frame_leaves_other_sentences_to_the_parse(text):
    assert frame_of(text) is None


def test_surface_frame_ends_at_its_sentence():
    text = "“We will win,” said Keller. “We always do.”"
    frame = frame_of(text)
    assert text[:frame.end] == "“We will win,” said Keller."


def test_surface_speaker_after_a_dash_keeps_the_title():
    text = "“Stay calm.” — Deputy mayor Tom Akiwenzie, at Tuesday's meeting."
    start = text.index("Deputy")
    mention = speaker_at(text, start, len(text), lexicon())
    assert mention is not None and mention.text == "Deputy mayor Tom Akiwenzie"


TRANSCRIPT = (
    "Hospital chief questioned\n\nWhat follows is an edited transcript.\n\n"
    "ST-PIERRE: Eleven closures in four months. Who decided?\n\n"
    "RAO-WHITFIELD: The site leader on call makes that decision.\n\n"
    "ST-PIERRE: On what basis?\n\nQ: And then?\n\nRelated: Hospital budget cut\n"
)


def test_surface_transcript_turns():
    turns = transcript_turns(TRANSCRIPT, paragraphs(TRANSCRIPT), lexicon())
    assert [TRANSCRIPT[t.label_start:t.label_end] for t in turns] == ["ST-PIERRE", "RAO-WHITFIELD", "ST-PIERRE"]
    assert [TRANSCRIPT[t.start:t.end] for t in turns][2] == "On what basis?"


def test_surface_two_labelled_lines_are_no_transcript():
    text = "The vote is on Friday.\n\nKeller: We will win.\n\nBrandt: We will not.\n"
    assert transcript_turns(text, paragraphs(text), lexicon()) == ()


@pytest.mark.parametrize(
    "headline, label",
    [("Pence: Flowers Won't Be at Debate\n\nThe governor said so.", "Pence"),
     ("Analysis: Why the vote matters\n\nText.", None), ("The Latest: Trump urges supporters\n\nText.", None),
     ("Photo: a barn fire\n\nText.", None), ('Keller: "We will win"\n\nText.', None)],
)
def test_surface_headline_with_a_speaker_label(headline, label):
    turns = transcript_turns(headline, paragraphs(headline), lexicon())
    assert [headline[t.label_start:t.label_end] for t in turns if t.headline] == ([label] if label else [])
