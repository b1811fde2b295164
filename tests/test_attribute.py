"""Attribution rules on hand-written dependency trees (CoNLL-U), no model needed."""

from __future__ import annotations

import pytest

from quotes.attribute import attribute, kind_of
from quotes.parse import sentences_from_conllu
from quotes.spans import find_spans, paragraphs
from quotes.types import Analysis


def analysis(text: str, conllu: str) -> Analysis:
    """Build an Analysis from a text and CoNLL-U rows without offsets.

    Each row is ``ID FORM LEMMA UPOS HEAD DEPREL``; offsets are found by
    searching each form in the text from left to right, and written into
    MISC so that stanza's CoNLL reader carries them.
    """
    lines, pos, sent_paras = [], 0, []
    paras = paragraphs(text)
    for block in conllu.strip().split("\n\n"):
        rows = []
        for row in block.strip().splitlines():
            idx, form, lemma, upos, head, deprel = row.split()
            start = text.index(form, pos)
            pos = start + len(form)
            misc = f"start_char={start}|end_char={pos}"
            rows.append("\t".join([idx, form, lemma, upos, "_", "_", head, deprel, "_", misc]))
        first = int(rows[0].split("\t")[9].split("|")[0].split("=")[1])
        sent_paras.append(next(p.index for p in paras if p.start <= first < p.end))
        lines.append("\n".join(rows))
    sentences = sentences_from_conllu("\n\n".join(lines) + "\n", text, paragraph_of=sent_paras)
    return Analysis(text, paras, find_spans(text), sentences)


def records(text: str, conllu: str):
    return [
        (r.rule, r.kind, text[r.start:r.end], r.speaker.text if r.speaker else None,
         text[r.cue_start:r.cue_end] if r.cue_start is not None else None)
        for r in attribute(analysis(text, conllu))
    ]


INVERTED = """
1 “ “ PUNCT 4 punct
2 We we PRON 4 nsubj
3 will will AUX 4 aux
4 win win VERB 7 ccomp
5 , , PUNCT 4 punct
6 ” ” PUNCT 4 punct
7 said say VERB 0 root
8 Maria Maria PROPN 7 nsubj
9 Keller Keller PROPN 8 flat
10 , , PUNCT 12 punct
11 a a DET 12 det
12 geologist geologist NOUN 8 appos
13 at at ADP 16 case
14 the the DET 16 det
15 state state NOUN 16 compound
16 survey survey NOUN 12 nmod
17 . . PUNCT 7 punct
"""


def test_attribute_inverted_quote_takes_the_name_not_the_apposition():
    text = "“We will win,” said Maria Keller, a geologist at the state survey."
    assert records(text, INVERTED) == [
        ("content_before_cue", "direct", "“We will win,”", "Maria Keller", "said")
    ]


REPORTED = """
1 The the DET 2 det
2 spokesperson spokesperson NOUN 4 nsubj
3 also also ADV 4 advmod
4 stated state VERB 0 root
5 that that SCONJ 8 mark
6 China China PROPN 8 nsubj
7 would would AUX 8 aux
8 keep keep VERB 4 ccomp
9 pushing push VERB 8 xcomp
10 for for ADP 14 case
11 a a DET 14 det
12 “ “ PUNCT 14 punct
13 political political ADJ 14 amod
14 settlement settlement NOUN 9 obl
15 . . PUNCT 14 punct
16 ” ” PUNCT 14 punct
"""


def test_attribute_reported_clause_with_fragment_is_mixed():
    text = "The spokesperson also stated that China would keep pushing for a “political settlement.”"
    assert records(text, REPORTED) == [
        ("cue_before_content", "mixed", "that China would keep pushing for a “political settlement.”",
         "The spokesperson", "stated")
    ]


GOODBYE = """
1 He he PRON 2 nsubj
2 said say VERB 0 root
3 goodbye goodbye NOUN 2 obj
4 and and CCONJ 5 cc
5 told tell VERB 2 conj
6 the the DET 7 det
7 story story NOUN 5 obj
8 . . PUNCT 2 punct
"""


def test_attribute_non_speech_uses_of_cue_verbs_make_no_record():
    assert records("He said goodbye and told the story.", GOODBYE) == []


CONTINUED = """
1 “ “ PUNCT 3 punct
2 We we PRON 3 nsubj
3 lost lose VERB 7 ccomp
4 , , PUNCT 3 punct
5 ” ” PUNCT 3 punct
6 he he PRON 7 nsubj
7 said say VERB 0 root
8 . . PUNCT 7 punct

1 “ “ PUNCT 4 punct
2 We we PRON 4 nsubj
3 will will AUX 4 aux
4 be be AUX 0 root
5 back back ADV 4 advmod
6 . . PUNCT 4 punct
7 ” ” PUNCT 4 punct
"""


def test_attribute_quote_after_the_attribution_sentence_continues_the_record():
    text = "“We lost,” he said. “We will be back.”"
    found = attribute(analysis(text, CONTINUED))
    assert len(found) == 1
    rec = found[0]
    assert (rec.rule, rec.kind, rec.speaker.text) == ("continues_previous", "direct", "he")
    assert [text[a:b] for a, b in rec.pieces] == ["“We lost,”", "“We will be back.”"]
    assert text[rec.start:rec.end] == text


INTERRUPTED = """
1 “ “ PUNCT 5 punct
2 We we PRON 5 nsubj
3 will will AUX 5 aux
4 not not PART 5 advmod
5 leave leave VERB 10 ccomp
6 , , PUNCT 5 punct
7 ” ” PUNCT 5 punct
8 the the DET 9 det
9 minister minister NOUN 10 nsubj
10 told tell VERB 0 root
11 reporters reporter NOUN 10 obj
12 , , PUNCT 10 punct
13 “ “ PUNCT 18 punct
14 until until SCONJ 16 mark
15 it it PRON 16 nsubj
16 is be AUX 10 advcl
17 done done ADJ 16 xcomp
18 . . PUNCT 10 punct
19 ” ” PUNCT 10 punct
"""


def test_attribute_interrupted_quote_is_one_record_with_two_pieces():
    text = "“We will not leave,” the minister told reporters, “until it is done.”"
    found = attribute(analysis(text, INTERRUPTED))
    assert len(found) == 1
    rec = found[0]
    assert (rec.rule, rec.kind, rec.speaker.text) == ("cue_inside_content", "direct", "the minister")
    assert [text[a:b] for a, b in rec.pieces] == ["“We will not leave,”", "“until it is done.”"]


ACCORDING = """
1 According accord VERB 4 case
2 to to ADP 1 fixed
3 the the DET 4 det
4 report report NOUN 8 obl
5 , , PUNCT 4 punct
6 the the DET 7 det
7 economy economy NOUN 8 nsubj
8 grew grow VERB 0 root
9 . . PUNCT 8 punct
"""


def test_attribute_according_to_attributes_its_clause():
    text = "According to the report, the economy grew."
    assert records(text, ACCORDING) == [("according_to", "indirect", "the economy grew", "the report", "According to")]


COLON = """
1 Keller Keller PROPN 0 root
2 : : PUNCT 1 punct

1 “ “ PUNCT 4 punct
2 The the DET 3 det
3 ground ground NOUN 4 nsubj
4 moves move VERB 0 root
5 . . PUNCT 4 punct
6 ” ” PUNCT 4 punct
"""


def test_attribute_name_and_colon_introduce_a_quote():
    text = "Keller: “The ground moves.”"
    assert records(text, COLON) == [("colon_speaker", "direct", "“The ground moves.”", "Keller", None)]


SCARE = """
1 The the DET 6 det
2 so so ADV 4 advmod
3 - - PUNCT 4 punct
4 called call VERB 6 amod
5 “ “ PUNCT 6 punct
6 deal deal NOUN 8 nsubj
7 ” ” PUNCT 6 punct
8 failed fail VERB 0 root
9 . . PUNCT 8 punct
"""


def test_attribute_scare_quotes_get_no_record():
    assert records("The so-called “deal” failed.", SCARE) == []


@pytest.mark.parametrize(
    "text, parts, expected",
    [
        ("“All of it.”", [(0, 12)], "direct"),
        ("“All of it,” he said, “and more.”", [(0, 12), (22, 33)], "direct"),
        ("that “all of it”", [(0, 16)], "mixed"),
        ("that all of it", [(0, 14)], "indirect"),
    ],
)
def test_attribute_kind_follows_the_quote_marks(text, parts, expected):
    pieces = [(p.start, p.end) for s in find_spans(text) for p in s.pieces]
    assert kind_of(text, parts, pieces) == expected


def test_attribute_many_quotes_in_one_document():
    """Twenty thousand dash-attributed quotes: every one gets its record (the rules stay linear)."""
    from quotes.spans import paragraphs as paras_of

    text = "“Stay calm and stay home.” — Maria Keller\n" * 20000
    found = attribute(Analysis(text, paras_of(text), find_spans(text), ()))
    assert len(found) == 20000
    assert {r.rule for r in found} == {"dash_speaker"}
    assert all(text[r.speaker.start:r.speaker.end] == "Maria Keller" for r in found)


def test_words_after_the_cue_that_begin_its_content_are_not_its_speaker():
    # The parse lost the cue's subject (a word it tagged ADV); "the roads" is the content's subject.
    text = "Cityhall said the roads would reopen on Monday."
    conllu = """
1 Cityhall cityhall ADV 2 advmod
2 said say VERB 0 root
3 the the DET 4 det
4 roads road NOUN 6 nsubj
5 would would AUX 6 aux
6 reopen reopen VERB 2 ccomp
7 on on ADP 8 case
8 Monday Monday PROPN 6 obl
9 . . PUNCT 2 punct
"""
    found = records(text, conllu)
    assert [(rule, content, cue) for rule, _, content, _, cue in found] == [
        ("cue_before_content", "the roads would reopen on Monday", "said")]
    assert found[0][3] != "the roads"


def test_a_capitalised_word_opening_the_clause_before_the_cue_is_its_speaker():
    # The tagger took the surname for a verb (a clausal subject); the position still names the speaker.
    text = "Benning said she would cap increases."
    conllu = """
1 Benning benning VERB 2 csubj
2 said say VERB 0 root
3 she she PRON 5 nsubj
4 would would AUX 5 aux
5 cap cap VERB 2 ccomp
6 increases increase NOUN 5 obj
7 . . PUNCT 2 punct
"""
    assert records(text, conllu) == [
        ("cue_before_content", "indirect", "she would cap increases", "Benning", "said")]


def test_an_object_noun_phrase_with_a_relative_clause_is_not_what_was_said():
    text = "She answered the questions that had swirled around her."
    conllu = """
1 She she PRON 2 nsubj
2 answered answer VERB 0 root
3 the the DET 4 det
4 questions question NOUN 2 obj
5 that that PRON 7 nsubj
6 had have AUX 7 aux
7 swirled swirl VERB 4 acl:relcl
8 around around ADP 9 case
9 her she PRON 7 obl
10 . . PUNCT 2 punct
"""
    assert records(text, conllu) == []


def test_a_name_set_off_by_commas_is_the_speaker_even_when_parsed_as_a_modifier():
    text = "A spokeswoman for the observatory, Mei Santos, confirmed that the data would be public."
    conllu = """
1 A a DET 2 det
2 spokeswoman spokeswoman NOUN 10 nsubj
3 for for ADP 5 case
4 the the DET 5 det
5 observatory observatory NOUN 2 nmod
6 , , PUNCT 8 punct
7 Mei Mei PROPN 8 compound
8 Santos Santos PROPN 2 nmod
9 , , PUNCT 2 punct
10 confirmed confirm VERB 0 root
11 that that SCONJ 15 mark
12 the the DET 13 det
13 data data NOUN 15 nsubj
14 would would AUX 15 aux
15 public public ADJ 10 ccomp
16 . . PUNCT 10 punct
"""
    assert [speaker for _, _, _, speaker, _ in records(text, conllu)] == ["Mei Santos"]
