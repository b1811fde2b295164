"""The rule table: every attribution rule, in the order it is tried, with what it starts from and needs.

One entry per rule name (the name that goes into ``Quote.rule``). Where a
rule starts from decides when it runs (:mod:`~quotes.attribute.settle`):

* ``word`` — each word of a parsed sentence: ``function(doc, tree, i, confidence)``;
* ``frame`` — a cue verb with its speaker, for words no word rule used
  (:func:`~quotes.attribute.cue_rules.frame_at`): ``function(doc, frame, confidence)``;
* ``turn`` — a transcript turn or headline label: ``function(doc, turn, confidence)``;
* ``span`` — a quoted span no record covers once the rules above are
  settled, given the record before it: ``function(doc, span, last, confidence)``.

Within one starting point the first rule that returns a record wins.
``confidence`` is the rule's base confidence; a rule lowers it only for a
reason it names (a belief verb, no speaker, negation or a modal).

A rule that needs the parse names its ``trigger``: what on the surface
lets it start (the trigger names live in :mod:`quotes.parse`, upstream).
The parse prefilter tests exactly the triggers of this table's
parse-needing rules, each with the surface test ``quotes.parse.SURFACE_TESTS``
gives it: :data:`quotes.pipeline.PREFILTER` is derived from this table and
handed to the Parser, so imports stay one-way; a trigger without a surface
test fails when ``quotes.pipeline`` is imported.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from quotes.attribute.cue_rules import (
    according_to,
    appearance,
    content_before_cue,
    cue_before_content,
    cue_inside_content,
    cue_noun_clause,
    quote_beside_frame,
)
from quotes.attribute.span_rules import (
    colon_intro,
    colon_speaker,
    continues_previous,
    continues_speaker,
    dash_speaker,
    headline_colon,
    lone_quote,
    previous_speaker,
    surface_frame,
    transcript_turn,
)
from quotes.parse import ACCORDING, CUE_FORM, CUE_NOUN_THAT, FINAL_COLON  # the surface triggers
from quotes.types import Attribution

StartsFrom = Literal["word", "frame", "turn", "span"]

# Triggers: what on the surface of a sentence lets a parse-needing rule start


@dataclass(frozen=True, slots=True)
class Rule:
    """One attribution rule and what it needs.

    Attributes:
        name: the rule's name, as it goes into ``Quote.rule``.
        starts_from: ``word``, ``frame``, ``turn`` or ``span`` (see the module docstring).
        confidence: the base confidence of its records.
        needs_parse: whether it reads the dependency parse.
        trigger: for a rule that needs the parse, what on the surface lets it start; else None.
        function: the rule; returns an :class:`~quotes.types.Attribution` or None.
        replaces_previous: its record extends, and replaces, the record before its span.
    """

    name: str
    starts_from: StartsFrom
    confidence: float
    needs_parse: bool
    trigger: str | None
    function: Callable[..., Attribution | None]
    replaces_previous: bool = False

    def __post_init__(self) -> None:
        if self.needs_parse != (self.trigger is not None):
            raise ValueError(f"rule {self.name!r}: a rule names a trigger exactly when it needs the parse "
                             f"(needs_parse={self.needs_parse}, trigger={self.trigger!r})")
        if self.function.__name__ != self.name:
            raise ValueError(f"rule {self.name!r}: its function is {self.function.__name__!r}; name them alike")


RULES: tuple[Rule, ...] = (
    Rule("according_to", "word", 0.8, True, ACCORDING, according_to),
    Rule("cue_noun_clause", "word", 0.5, True, CUE_NOUN_THAT, cue_noun_clause),
    Rule("appearance", "word", 0.4, True, CUE_FORM, appearance),
    Rule("cue_inside_content", "frame", 0.9, True, CUE_FORM, cue_inside_content),
    Rule("cue_before_content", "frame", 0.85, True, CUE_FORM, cue_before_content),
    Rule("content_before_cue", "frame", 0.85, True, CUE_FORM, content_before_cue),
    Rule("quote_beside_frame", "frame", 0.8, True, CUE_FORM, quote_beside_frame),
    Rule("transcript_turn", "turn", 0.7, False, None, transcript_turn),
    Rule("headline_colon", "turn", 0.6, False, None, headline_colon),
    Rule("surface_frame", "span", 0.85, False, None, surface_frame),
    Rule("colon_speaker", "span", 0.75, False, None, colon_speaker),
    Rule("colon_intro", "span", 0.8, True, FINAL_COLON, colon_intro),
    Rule("dash_speaker", "span", 0.7, False, None, dash_speaker),
    Rule("continues_previous", "span", 1.0, False, None, continues_previous,  # the extended record's, times 1.0
         replaces_previous=True),
    Rule("previous_speaker", "span", 0.6, False, None, previous_speaker),
    Rule("continues_speaker", "span", 0.5, False, None, continues_speaker),
    Rule("lone_quote", "span", 0.3, False, None, lone_quote),
)


@functools.cache
def starting_from(start: StartsFrom) -> tuple[Rule, ...]:
    """The rules of :data:`RULES` that start from ``start``, in table order."""
    return tuple(rule for rule in RULES if rule.starts_from == start)


def parse_triggers(rules: tuple[Rule, ...] = RULES) -> tuple[str, ...]:
    """The triggers of the rules that need the parse, each once, in table order."""
    return tuple(dict.fromkeys(rule.trigger for rule in rules if rule.trigger is not None))
