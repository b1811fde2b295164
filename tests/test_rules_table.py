"""Every attribution rule, one positive and one near-miss case each, on hand-written trees (no model).

Each case is a text, its sentences as CoNLL-U rows (``ID FORM LEMMA UPOS
XPOS HEAD DEPREL``; offsets are found by searching each form in the text),
and every record the rules make on it, as (rule, kind, content, speaker,
cue). Sentences the surface or the span rules decide need no rows: the
surface frames and transcript turns are computed as the pipeline computes
them. A positive case shows its rule firing; a negative case is a near miss
where it must not fire, with whatever else the document does get.

:func:`test_rules_table_covers_every_rule` reads the rule names out of the
package source, so a new rule without cases fails.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

import quotes
import quotes.attribute
from quotes.attribute import attribute
from quotes.cues import CUE_CLASSES, lexicon
from quotes.parse import sentences_from_conllu
from quotes.spans import find_spans, paragraphs
from quotes.surface import surface_of
from quotes.types import Analysis, Attribution


def analysis(text: str, conllu: str, lex) -> Analysis:
    """An Analysis of text whose parsed sentences are the CoNLL-U blocks (none when empty)."""
    paras = paragraphs(text)
    blocks, para_of, pos = [], [], 0
    for block in conllu.strip().split("\n\n") if conllu.strip() else []:
        rows = []
        for row in block.strip().splitlines():
            idx, form, lemma, upos, xpos, head, deprel = row.split()
            start = text.index(form, pos)
            pos = start + len(form)
            if not rows:
                para_of.append(next(p.index for p in paras if p.start <= start < p.end))
            misc = f"start_char={start}|end_char={pos}"
            rows.append("\t".join([idx, form, lemma, upos, xpos, "_", head, deprel, "_", misc]))
        blocks.append("\n".join(rows))
    sentences = sentences_from_conllu("\n\n".join(blocks) + "\n", text, paragraph_of=para_of) if blocks else ()
    spans = find_spans(text)
    frames, turns = surface_of(text, spans, paras, lex)
    return Analysis(text, paras, spans, sentences, frames, turns)


def records(text: str, conllu: str, cues: str) -> list[tuple]:
    lex = lexicon(frozenset(CUE_CLASSES)) if cues == "all" else lexicon()
    return [
        (r.rule, r.kind, text[r.start:r.end], r.speaker.text if r.speaker else None,
         text[r.cue_start:r.cue_end] if r.cue_start is not None else None)
        for r in attribute(analysis(text, conllu, lex), lex)
    ]


@dataclass(frozen=True)
class Case:
    rule: str
    fires: bool  # a positive case (the rule fires) or a near miss (it must not)
    why: str
    text: str
    conllu: str
    expected: list[tuple]  # every record of the document: (rule, kind, content, speaker, cue)
    cues: str = "default"  # "all" for the PARC/PolNeAR cue classes


WE_LOST_HE_SAID = """
    1 “ “ PUNCT `` 3 punct
    2 We we PRON PRP 3 nsubj
    3 lost lose VERB VBD 7 ccomp
    4 , , PUNCT , 3 punct
    5 ” ” PUNCT '' 3 punct
    6 he he PRON PRP 7 nsubj
    7 said say VERB VBD 0 root
    8 . . PUNCT . 7 punct
    """  # the parse of the first sentence, shared by the rule's two cases

KELLER_SAID = """
    1 Keller Keller PROPN NNP 2 nsubj
    2 said say VERB VBD 0 root
    3 the the DET DT 4 det
    4 road road NOUN NN 6 nsubj:pass
    5 was be AUX VBD 6 aux:pass
    6 closed close VERB VBN 2 ccomp
    7 . . PUNCT . 2 punct
    """  # the parse of the first sentence, shared by the rule's two cases

MOSS_SAID = """
    1 Moss Moss PROPN NNP 2 nsubj
    2 said say VERB VBD 0 root
    3 the the DET DT 4 det
    4 team team NOUN NN 6 nsubj
    5 had have AUX VBD 6 aux
    6 played play VERB VBN 2 ccomp
    7 well well ADV RB 6 advmod
    8 . . PUNCT . 2 punct
    """  # the parse of the first sentence, shared by the rule's two cases


CASES = [
    Case("cue_inside_content", True, "the frame interrupts the quote: a quoted piece on each side",
         'Then “we will not leave,” the minister told reporters, “until it is done.”',
         """
    1 Then then ADV RB 6 advmod
    2 “ “ PUNCT `` 6 punct
    3 we we PRON PRP 6 nsubj
    4 will will AUX MD 6 aux
    5 not not PART RB 6 advmod
    6 leave leave VERB VB 11 ccomp
    7 , , PUNCT , 6 punct
    8 ” ” PUNCT '' 6 punct
    9 the the DET DT 10 det
    10 minister minister NOUN NN 11 nsubj
    11 told tell VERB VBD 0 root
    12 reporters reporter NOUN NNS 11 obj
    13 , , PUNCT , 11 punct
    14 “ “ PUNCT `` 17 punct
    15 until until SCONJ IN 17 mark
    16 it it PRON PRP 17 nsubj
    17 is be AUX VBZ 11 advcl
    18 done done ADJ JJ 17 xcomp
    19 . . PUNCT . 11 punct
    20 ” ” PUNCT '' 11 punct
    """,
         [('cue_inside_content', 'mixed', 'Then “we will not leave,” the minister told reporters, “until it is done.”', 'the minister', 'told')]),
    Case("cue_inside_content", False, "no quoted piece after the frame: the content is on the left only",
         'Then “we will not leave,” the minister told reporters on Friday.',
         """
    1 Then then ADV RB 6 advmod
    2 “ “ PUNCT `` 6 punct
    3 we we PRON PRP 6 nsubj
    4 will will AUX MD 6 aux
    5 not not PART RB 6 advmod
    6 leave leave VERB VB 11 ccomp
    7 , , PUNCT , 6 punct
    8 ” ” PUNCT '' 6 punct
    9 the the DET DT 10 det
    10 minister minister NOUN NN 11 nsubj
    11 told tell VERB VBD 0 root
    12 reporters reporter NOUN NNS 11 obj
    13 on on ADP IN 14 case
    14 Friday Friday PROPN NNP 11 obl
    15 . . PUNCT . 11 punct
    """,
         [('content_before_cue', 'mixed', 'Then “we will not leave,”', 'the minister', 'told')]),
    Case("cue_before_content", True, "SPEAKER CUE that CLAUSE",
         'The mayor said that the bridge would close.',
         """
    1 The the DET DT 2 det
    2 mayor mayor NOUN NN 3 nsubj
    3 said say VERB VBD 0 root
    4 that that SCONJ IN 8 mark
    5 the the DET DT 6 det
    6 bridge bridge NOUN NN 8 nsubj
    7 would would AUX MD 8 aux
    8 close close VERB VB 3 ccomp
    9 . . PUNCT . 3 punct
    """,
         [('cue_before_content', 'indirect', 'that the bridge would close', 'The mayor', 'said')]),
    Case("cue_before_content", False, "a cue verb whose object is no clause (said goodbye)",
         'The mayor said goodbye to the crew.',
         """
    1 The the DET DT 2 det
    2 mayor mayor NOUN NN 3 nsubj
    3 said say VERB VBD 0 root
    4 goodbye goodbye NOUN NN 3 obj
    5 to to ADP IN 7 case
    6 the the DET DT 7 det
    7 crew crew NOUN NN 3 obl
    8 . . PUNCT . 3 punct
    """,
         []),
    Case("content_before_cue", True, "CLAUSE, SPEAKER CUE",
         'The bridge will close in May, the mayor said.',
         """
    1 The the DET DT 2 det
    2 bridge bridge NOUN NN 4 nsubj
    3 will will AUX MD 4 aux
    4 close close VERB VB 10 ccomp
    5 in in ADP IN 6 case
    6 May May PROPN NNP 4 obl
    7 , , PUNCT , 4 punct
    8 the the DET DT 9 det
    9 mayor mayor NOUN NN 10 nsubj
    10 said say VERB VBD 0 root
    11 . . PUNCT . 10 punct
    """,
         [('content_before_cue', 'indirect', 'The bridge will close in May', 'the mayor', 'said')]),
    Case("content_before_cue", False, "an adverbial clause before the cue, whose own object follows it",
         'When the vote ended, the mayor told the crew.',
         """
    1 When when SCONJ WRB 4 mark
    2 the the DET DT 3 det
    3 vote vote NOUN NN 4 nsubj
    4 ended end VERB VBD 8 advcl
    5 , , PUNCT , 4 punct
    6 the the DET DT 7 det
    7 mayor mayor NOUN NN 8 nsubj
    8 told tell VERB VBD 0 root
    9 the the DET DT 10 det
    10 crew crew NOUN NN 8 obj
    11 . . PUNCT . 8 punct
    """,
         []),
    Case("quote_beside_frame", True, "a frame that is a sentence of its own, ending in a colon, before its quote",
         'The mayor said:\n“We will rebuild the bridge.”',
         """
    1 The the DET DT 2 det
    2 mayor mayor NOUN NN 3 nsubj
    3 said say VERB VBD 0 root
    4 : : PUNCT : 3 punct

    1 “ “ PUNCT `` 4 punct
    2 We we PRON PRP 4 nsubj
    3 will will AUX MD 4 aux
    4 rebuild rebuild VERB VB 0 root
    5 the the DET DT 6 det
    6 bridge bridge NOUN NN 4 obj
    7 . . PUNCT . 4 punct
    8 ” ” PUNCT '' 4 punct
    """,
         [('quote_beside_frame', 'direct', '“We will rebuild the bridge.”', 'The mayor', 'said')]),
    Case("quote_beside_frame", False, "a sentence stands between the frame and the quote",
         'The mayor said:\nThe bridge will be rebuilt.\n“We will rebuild the bridge.”',
         """
    1 The the DET DT 2 det
    2 mayor mayor NOUN NN 3 nsubj
    3 said say VERB VBD 0 root
    4 : : PUNCT : 3 punct
    """,
         [('lone_quote', 'direct', '“We will rebuild the bridge.”', None, None)]),
    Case("according_to", True, "According to NP, CLAUSE",
         'According to the survey, the river rose.',
         """
    1 According accord VERB VBG 4 case
    2 to to ADP IN 1 fixed
    3 the the DET DT 4 det
    4 survey survey NOUN NN 8 obl
    5 , , PUNCT , 4 punct
    6 the the DET DT 7 det
    7 river river NOUN NN 8 nsubj
    8 rose rise VERB VBD 0 root
    9 . . PUNCT . 8 punct
    """,
         [('according_to', 'indirect', 'the river rose', 'the survey', 'According to')]),
    Case("according_to", False, "the source after according to is itself quoted",
         'According to “experts”, the river rose.',
         """
    1 According accord VERB VBG 4 case
    2 to to ADP IN 1 fixed
    3 “ “ PUNCT `` 4 punct
    4 experts expert NOUN NNS 8 obl
    5 ” ” PUNCT '' 4 punct
    6 , , PUNCT , 4 punct
    7 the the DET DT 8 det
    8 river river NOUN NN 9 nsubj
    9 rose rise VERB VBD 0 root
    10 . . PUNCT . 9 punct
    """,
         []),
    Case("cue_noun_clause", True, "NP's cue noun with a that-clause",
         "The mayor's claim that the bridge was safe drew anger.",
         """
    1 The the DET DT 2 det
    2 mayor mayor NOUN NN 4 nmod:poss
    3 's 's PART POS 2 case
    4 claim claim NOUN NN 10 nsubj
    5 that that SCONJ IN 9 mark
    6 the the DET DT 7 det
    7 bridge bridge NOUN NN 9 nsubj
    8 was be AUX VBD 9 cop
    9 safe safe ADJ JJ 4 acl
    10 drew draw VERB VBD 0 root
    11 anger anger NOUN NN 10 obj
    12 . . PUNCT . 10 punct
    """,
         [('cue_noun_clause', 'indirect', 'that the bridge was safe', 'The mayor', 'claim')]),
    Case("cue_noun_clause", False, "the that after the cue noun opens a relative clause, not what was claimed",
         'The claim that she made was false.',
         """
    1 The the DET DT 2 det
    2 claim claim NOUN NN 7 nsubj
    3 that that PRON WDT 5 obj
    4 she she PRON PRP 5 nsubj
    5 made make VERB VBD 2 acl:relcl
    6 was be AUX VBD 7 cop
    7 false false ADJ JJ 0 root
    8 . . PUNCT . 7 punct
    """,
         []),
    Case("appearance", True, "SUBJECT seems ADJ (a stance, all cue classes)",
         'The voters seem confident.',
         """
    1 The the DET DT 2 det
    2 voters voter NOUN NNS 3 nsubj
    3 seem seem VERB VBP 0 root
    4 confident confident ADJ JJ 3 xcomp
    5 . . PUNCT . 3 punct
    """,
         [('appearance', 'indirect', 'The voters seem confident', None, 'seem')], cues="all"),
    Case("appearance", False, "appear with no complement: the moon was seen, nothing was said",
         'The moon appeared over the hills.',
         """
    1 The the DET DT 2 det
    2 moon moon NOUN NN 3 nsubj
    3 appeared appear VERB VBD 0 root
    4 over over ADP IN 6 case
    5 the the DET DT 6 det
    6 hills hill NOUN NNS 3 obl
    7 . . PUNCT . 3 punct
    """,
         [], cues="all"),
    Case("surface_frame", True, "“QUOTE,” VERB NAME read off the surface, no parse",
         '“Not bad for a Tuesday,” quipped Rui Esteves.',
         "",
         [('surface_frame', 'direct', '“Not bad for a Tuesday,”', 'Rui Esteves', 'quipped')]),
    Case("surface_frame", False, "the quote does not open its sentence (and nothing is parsed)",
         'He called it “not bad for a Tuesday,” quipped Rui Esteves.',
         "",
         []),
    Case("colon_speaker", True, "NAME: “QUOTE”",
         'Keller: “The ground is still moving.”',
         "",
         [('colon_speaker', 'direct', '“The ground is still moving.”', 'Keller', None)]),
    Case("colon_speaker", False, "a credit label before the colon is no speaker",
         'Photo: “The ground is still moving.”',
         "",
         [('lone_quote', 'direct', '“The ground is still moving.”', None, None)]),
    Case("colon_intro", True, "a parsed sentence ending in a colon introduces the quote",
         'She turned to the crowd: “Here is what I regret.”',
         """
    1 She she PRON PRP 2 nsubj
    2 turned turn VERB VBD 0 root
    3 to to ADP IN 5 case
    4 the the DET DT 5 det
    5 crowd crowd NOUN NN 2 obl
    6 : : PUNCT : 2 punct
    """,
         [('colon_intro', 'direct', '“Here is what I regret.”', 'She', 'turned')]),
    Case("colon_intro", False, "the sentence before the quote ends in a full stop",
         'She turned to the crowd. “Here is what I regret.”',
         """
    1 She she PRON PRP 2 nsubj
    2 turned turn VERB VBD 0 root
    3 to to ADP IN 5 case
    4 the the DET DT 5 det
    5 crowd crowd NOUN NN 2 obl
    6 . . PUNCT . 2 punct
    """,
         [('lone_quote', 'direct', '“Here is what I regret.”', None, None)]),
    Case("dash_speaker", True, "“QUOTE” — NAME",
         '“Stay calm and carry on.” — Maria Keller',
         "",
         [('dash_speaker', 'direct', '“Stay calm and carry on.”', 'Maria Keller', None)]),
    Case("dash_speaker", False, "the dash is followed by narration, not a noun phrase",
         '“Stay calm and carry on.” — and then it rained.',
         "",
         [('lone_quote', 'direct', '“Stay calm and carry on.”', None, None)]),
    Case("continues_previous", True, "the next quote in the same paragraph extends the record",
         '“We lost,” he said. “We will be back.”',
         WE_LOST_HE_SAID,
         [('continues_previous', 'direct', '“We lost,” he said. “We will be back.”', 'he', 'said')]),
    Case("continues_previous", False, "the next quote opens a new paragraph",
         '“We lost,” he said.\n“We will be back next year.”',
         WE_LOST_HE_SAID,
         [('surface_frame', 'direct', '“We lost,”', 'he', 'said'),
          ('previous_speaker', 'direct', '“We will be back next year.”', 'he', None)]),
    Case("previous_speaker", True, "a paragraph that is all quote after an attributed paragraph",
         'Keller said the road was closed.\n“It will take weeks to fix.”',
         KELLER_SAID,
         [('cue_before_content', 'indirect', 'the road was closed', 'Keller', 'said'),
          ('previous_speaker', 'direct', '“It will take weeks to fix.”', 'Keller', None)]),
    Case("previous_speaker", False, "the quote paragraph goes on with narration",
         'Keller said the road was closed.\n“It will take weeks to fix.” The crews left.',
         KELLER_SAID,
         [('cue_before_content', 'indirect', 'the road was closed', 'Keller', 'said'),
          ('continues_speaker', 'direct', '“It will take weeks to fix.”', 'Keller', None)]),
    Case("continues_speaker", True, "a sentence of narration, then a whole-sentence quote",
         'Moss said the team had played well. Then he left. “We will be back next year.”',
         MOSS_SAID,
         [('cue_before_content', 'indirect', 'the team had played well', 'Moss', 'said'),
          ('continues_speaker', 'direct', '“We will be back next year.”', 'Moss', None)]),
    Case("continues_speaker", False, "another quote comes between the record and the quote",
         'Moss said the team had played well. Fans waved “Moss out” banners. “We will be back next year.”',
         MOSS_SAID,
         [('cue_before_content', 'indirect', 'the team had played well', 'Moss', 'said'),
          ('lone_quote', 'direct', '“We will be back next year.”', None, None)]),
    Case("lone_quote", True, "a quoted sentence of speech with nobody in reach",
         "“We're not asking for a palace, just a roof.”",
         "",
         [('lone_quote', 'direct', "“We're not asking for a palace, just a roof.”", None, None)]),
    Case("lone_quote", False, "a title-case quotation is a title",
         '“The Last Keeper of the Light.”',
         "",
         []),
    Case("transcript_turn", True, "three labelled paragraphs, a label used twice",
         "ST-PIERRE: On what basis?\nO'HALLORAN: Every August, for “the lamp.”\nST-PIERRE: And the keeper?",
         "",
         [('transcript_turn', 'indirect', 'On what basis?', 'ST-PIERRE', None),
          ('transcript_turn', 'mixed', 'Every August, for “the lamp.”', "O'HALLORAN", None),
          ('transcript_turn', 'indirect', 'And the keeper?', 'ST-PIERRE', None)]),
    Case("transcript_turn", False, "Q: and A: label the interviewer, not speakers",
         'Q: On what basis?\nA: Every August, for “the lamp.”\nQ: And the keeper?',
         "",
         []),
    Case("headline_colon", True, "an opening NAME: WORDS line with no quote marks",
         "Pence: Flowers won't be at the debate\nThe governor spoke on Monday.",
         "",
         [('headline_colon', 'indirect', "Flowers won't be at the debate", 'Pence', ':')]),
    Case("headline_colon", False, "the headline quotes its words: a colon speaker instead",
         "Pence: “Flowers won't be at the debate”\nThe governor spoke on Monday.",
         "",
         [('colon_speaker', 'direct', "“Flowers won't be at the debate”", 'Pence', None)]),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{'fires' if c.fires else 'near_miss'}" for c in CASES])
def test_rules_table_case(case: Case):
    found = records(case.text, case.conllu, case.cues)
    assert found == case.expected, case.why
    rules = [r[0] for r in found]
    if case.fires:
        assert rules.count(case.rule) >= 1, f"{case.rule} should fire: {case.why}"
    else:
        assert case.rule not in rules, f"{case.rule} must not fire: {case.why}"


def test_rules_table_has_one_positive_and_one_negative_case_per_rule():
    pairs = [(c.rule, c.fires) for c in CASES]
    assert len(pairs) == len(set(pairs))
    assert {r for r, fires in pairs if fires} == {r for r, fires in pairs if not fires}


def _rule_positions() -> dict[str, int]:
    """Callables that take a rule name, and the position of that argument.

    ``Attribution`` (the rule field) and every function of the package with
    a parameter named ``rule`` (``candidate``, ``_span_record`` ...).
    """
    positions = {"Attribution": [f.name for f in fields(Attribution)].index("rule")}
    for path in Path(quotes.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                if "rule" in names:
                    positions[node.name] = names.index("rule")
    return positions


def emitted_rule_names() -> set[str]:
    """Every rule name the package source can put into ``Attribution.rule``.

    String literals passed as the rule argument (by position or as
    ``rule=``) to ``Attribution`` or to a helper that takes a rule, plus
    the names of the entries (functions, or objects with a ``name``) of any
    upper-case ``*RULE*`` tuple of the attribute package.
    """
    positions = _rule_positions()
    found: set[str] = set()
    for path in Path(quotes.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = [k.value for k in node.keywords if k.arg == "rule"]
            if name in positions and len(node.args) > positions[name]:
                args.append(node.args[positions[name]])
            found |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    for info in pkgutil.iter_modules(quotes.attribute.__path__, "quotes.attribute."):
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if "RULE" in attr and attr.isupper() and isinstance(value, (tuple, list)):
                found |= {n for entry in value if isinstance(n := getattr(entry, "name", None)
                                                                  or getattr(entry, "__name__", None), str)}
    return found


def test_rules_table_reads_rule_names_from_the_source():
    names = emitted_rule_names()
    assert {"cue_before_content", "surface_frame", "lone_quote", "transcript_turn", "headline_colon"} <= names
    assert all(name.isidentifier() for name in names)


def test_rules_table_covers_every_rule():
    """A rule the package can emit without a positive and a negative case here fails."""
    assert {c.rule for c in CASES} == emitted_rule_names()


def test_rules_table_names_each_rule_once_and_every_emitted_name():
    from quotes.attribute.rules import RULES

    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert set(names) == emitted_rule_names()


def test_rules_table_prefilter_tests_exactly_the_declared_triggers():
    from quotes.attribute.rules import RULES, parse_triggers
    from quotes.parse import SURFACE_TESTS, surface_tests
    from quotes.pipeline import PREFILTER

    assert set(parse_triggers()) == set(SURFACE_TESTS)  # no surface test left over for a trigger no rule declares
    assert PREFILTER == tuple(SURFACE_TESTS[t] for t in parse_triggers())
    without_colon = tuple(rule for rule in RULES if rule.name != "colon_intro")
    assert SURFACE_TESTS["final_colon"] not in surface_tests(without_colon)


def test_rules_table_new_trigger_without_a_surface_test_fails_loudly():
    from dataclasses import replace

    from quotes.attribute.rules import RULES
    from quotes.parse import surface_tests

    new = replace(RULES[0], trigger="quoted_headline")
    with pytest.raises(LookupError, match="quoted_headline"):
        surface_tests(RULES + (new,))


def test_rules_table_trigger_exactly_when_the_parse_is_needed():
    from quotes.attribute.cue_rules import according_to
    from quotes.attribute.rules import Rule

    with pytest.raises(ValueError, match="trigger"):
        Rule("according_to", "word", 0.8, True, None, according_to)
    with pytest.raises(ValueError, match="trigger"):
        Rule("according_to", "word", 0.8, False, "according", according_to)
