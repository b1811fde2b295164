"""Attribution rules: link quoted spans and reported clauses to a cue and a speaker.

The rules run in the order of one table, one module per concern:

* :mod:`~quotes.attribute.doc` — the document as the rules see it (trees,
  frames, lookups by offset, whether a word is used as a cue);
* :mod:`~quotes.attribute.speaker` — the speaker of a cue: its subject in
  the dependency tree, else a noun phrase read off the surface;
* :mod:`~quotes.attribute.content` — the content left or right of the frame
  formed by the cue, its speaker and their modifiers, snapped to whole
  quoted pieces (surface boundaries survive parse errors far better than
  subtree boundaries), and the candidate record built from it;
* :mod:`~quotes.attribute.cue_rules` — rules that start from a cue word;
* :mod:`~quotes.attribute.span_rules` — rules for the quoted spans no cue
  rule covered: a speaker before a colon or after a dash, the continuation
  of the previous quote, the speaker of the previous paragraph's quote;
* :mod:`~quotes.attribute.rules` — the table: every rule in order, what it
  starts from, its base confidence, whether it needs the parse and what on
  the surface lets it start (the parse prefilter is derived from it);
* :mod:`~quotes.attribute.settle` — runs them in table order and keeps one
  record where several overlap.

Each rule is a small function returning a :class:`~quotes.types.Attribution`
or ``None``; the name of the rule that fired goes into ``Quote.rule``.
"""

from quotes.attribute.content import kind_of
from quotes.attribute.settle import attribute

__all__ = ["attribute", "kind_of"]
