"""Universal Dependencies closed sets the rules test against: relation names and UPOS tags.

Grammar, not vocabulary: these are the UD v2 labels the parser emits, so they
stay in code, here only; every word list is a data file in ``quotes/data``.
"""

from __future__ import annotations

# Relations inside a noun phrase: the speaker's phrase keeps them ("the foreign ministry's spokesman").
NP_RELS = frozenset({
    "det", "det:poss", "det:predet", "amod", "compound", "flat", "flat:name", "flat:foreign", "nmod:poss",
    "nummod", "case", "nmod", "fixed", "goeswith", "cc", "conj", "cc:preconj", "punct", "nmod:npmod", "nmod:tmod",
})
# Relations of a cue's dependents that belong to the frame (cue, speaker, auxiliaries), not to the content.
FRAME_RELS = frozenset({
    "aux", "aux:pass", "advmod", "compound:prt", "obl", "obl:tmod", "obl:npmod", "iobj", "expl", "discourse",
    "nsubj", "nsubj:pass", "mark", "cop", "neg", "punct",
})
# Relations that make a word a modifier inside a noun phrase: a cue form there is no verb ("the said report").
MODIFIER_RELS = frozenset({"amod", "compound", "case", "det", "nmod:poss", "flat"})
# Relations that hold a name together, for cutting a long speaker phrase down to its name.
NAME_RELS = frozenset({"compound", "flat", "flat:name", "det", "amod"})

# Tags of words that may head a speaker or content noun phrase.
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"})
# Tags of the words of a noun phrase read off the surface ("the foreign minister", "Ann Lee").
NP_UPOS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM"})
# NP_UPOS with prepositions: a noun phrase and its tail ("A nurse at Calloway General").
NP_TAIL_UPOS = NP_UPOS | {"ADP"}
# What may come before a cue form in a reporting frame ("The minister also said").
FRAME_LEAD_UPOS = NP_UPOS | {"ADV", "AUX", "PUNCT"}
# Function-word tags: a one-word phrase with one of them is no noun phrase ("In", "But").
FUNCTION_UPOS = frozenset({"ADV", "ADP", "CCONJ", "SCONJ", "INTJ", "PART"})
