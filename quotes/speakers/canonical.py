"""Clean canonical names: what a speaker's name never keeps.

The parse, a headline or a wire style can leave words inside a speaker
mention that are not the speaker's name. Each class below is one small
named function, and :func:`clean` applies them in order:

* invisible characters (zero-width spaces, joiners, controls) inside a name;
* a time phrase after it ("Union Local 12 late Friday", "Ada Moss on Monday");
* an adverb or quantifier at either edge ("Even Veterans Affairs", "Ana Lee
  and Tom Berg each", "Mook further") — the words of ``canonical_trim.txt``
  and adverbs in *-ly*;
* an affiliation after a person's name ("Tim Roe with the Health Authority");
* a word before a first name that is no part of the name ("Crooked Hillary
  Clinton", "State Jon Husted", "Public — Trump"): a title, an abbreviation
  ("Del.", "the Rev.") or a word the text also writes in lower case, or any
  word where the text names the person without it elsewhere;
* a title in front of a name the text gives in full elsewhere
  ("Vice-President Wang" when "Wang Qishan" is named).

Where a cut leaves a shorter name, the caller's ``fullest`` finds the fullest
form of what is left, without its titles ("Mook further" -> "Mook" -> "Robby
Mook", "Mr. Obama often" -> "Obama").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from quotes.attribute.doc import DAYS, TEMPORAL
from quotes.cues import Lexicon, kinds
from quotes.speakers.names import PARTICLES, title_words

Fullest = Callable[[str], str]

_AFFILIATION = re.compile(r"^((?:[A-Z][\w’'.-]*[ \u00a0]+)+[A-Z][\w’'.-]*),?[ \u00a0]+(?:with|from|at|of)[ \u00a0]+"
                          r"(?:the[ \u00a0]+)?[A-Z]")
_ARTICLES = frozenset({"the", "a", "an"})
_TIME_LEAD = kinds("speaker_words.txt")["time_lead"]
SPEAKER_WORDS = kinds("speaker_words.txt")  # the word lists of quotes/data/speaker_words.txt, by kind
_JOINING = SPEAKER_WORDS["joining"]
_DASH = re.compile(r"[ \u00a0]*[—–―][ \u00a0]*")


_TRIM = kinds("canonical_trim.txt")  # "lead": dropped at a name's start, "tail": at its end


def visible(name: str) -> str:
    """Drop zero-width and control characters: "Ana\u200b Lee" is "Ana Lee"."""
    if name.isascii() and name.isprintable():
        return name
    kept = "".join(c for c in name if unicodedata.category(c) not in ("Cf", "Cc") or c in "\n\t")
    return " ".join(kept.split())


def _key(word: str) -> str:
    return word.lower().strip(".,;:")


def without_time(name: str) -> str:
    """Drop a time phrase at the end: "Union Local 12 late Friday", "Ada Moss on Monday", "the union last week"."""
    words = name.split()
    tail = _TRIM["tail"]
    if not words or not words[0][:1].isupper() or _key(words[0]) in _ARTICLES:
        return name  # a description keeps its time: "figures published on Tuesday"
    while len(words) > 1:
        last = _key(words[-1])
        if last in DAYS or (last in TEMPORAL and len(words) > 2 and _key(words[-2]) in tail | {"this", "last", "next"}):
            words = words[:-1]
            if len(words) > 1 and _key(words[-1]) in _TIME_LEAD:
                words = words[:-1]
            continue
        break
    return " ".join(words)


def without_adverbs(name: str) -> str:
    """Drop adverbs and quantifiers at the edges: "Even Veterans Affairs", "Ana Lee and Tom Berg each"."""
    words = name.split()
    lead, tail = _TRIM["lead"], _TRIM["tail"]
    while len(words) > 1 and _key(words[0]) in lead:
        words = words[1:]
    while len(words) > 1 and (_key(words[-1]) in tail or words[-1].islower() and _key(words[-1]).endswith("ly")
                              and len(words[-1]) > 4):
        words = words[:-1]
    return " ".join(words)


def without_affiliation(name: str, lex: Lexicon) -> str:
    """A person's name before "with/from/at the ORGANISATION": "Tim Roe with the Health Authority" is "Tim Roe".

    Only where the name opens with a first name: "The Tax Policy Center at the
    Urban Institute" is one organisation's name.
    """
    match = _AFFILIATION.match(name)
    if match is None or lex.given_gender(name.split()[0]) is None:
        return name
    return match.group(1)


def without_epithet(name: str, lex: Lexicon, common: Callable[[str], bool]) -> str:
    """Drop words before a first name that are no part of the name: "Crooked Hillary Clinton", "State Jon Husted"."""
    parts = _DASH.split(name)
    if len(parts) > 1 and parts[-1][:1].isupper():
        name = parts[-1]  # "Public — Trump": a dash ends what came before
    words = name.split()
    lower = [n for n, w in enumerate(words[:-2]) if not w[:1].isupper() and _key(w) not in _JOINING]
    if lower and _key(words[lower[-1]]) in lex.person and lex.given_gender(words[lower[-1] + 1]) is not None \
            and all(w[:1].isupper() and not w.endswith(("’s", "'s")) for w in words[lower[-1] + 1:]):
        return " ".join(words[lower[-1] + 1:])  # "NBC News moderator Matt Lauer"
    if words and _key(words[0]) == "the" and len(words) > 3 and _abbreviation(words[1]):
        words = words[1:]  # "the Rev. Peter Wherry"
    if len(words) < 3 or not all(w[:1].isupper() or w.lower() in PARTICLES for w in words):
        return " ".join(words)
    if _key(words[0]) in _ARTICLES or any(_key(w) in lex.nonperson or _key(w) in lex.org_suffixes for w in words):
        return name  # "The Canadian Coast Guard": an organisation's name keeps every word
    found = [k for k in range(1, len(words) - 1) if lex.given_gender(words[k]) is not None and len(_key(words[k])) > 1
             and len(words) - k <= 4]
    if not found:
        return name
    rest = " ".join(words[found[-1]:])
    if all(_abbreviation(w) or common(_key(w)) for w in words[:found[-1]]) or common(rest):
        return rest
    return name  # "Cornell William Brooks": a first name the table lacks is still a name


def _abbreviation(word: str) -> bool:
    """A short capitalised word with a stop: "Del.", "Rev.", "Amb." (a title the word lists may not hold)."""
    return word.endswith(".") and word[:1].isupper() and 2 < len(word) <= 5


def without_title(name: str, fullest: Fullest) -> str:
    """A title before a name the text gives in full: "Vice-President Wang" is "Wang Qishan"."""
    words = name.split()
    titles = title_words()
    k = 0
    while k < len(words) - 1 and all(part in titles for part in _key(words[k]).split("-") if part):
        k += 1
    if k == 0:
        return name
    rest = " ".join(words[k:])
    found = fullest(rest)
    return found if len(found.split()) > len(rest.split()) else name


def with_suffix_stop(name: str) -> str:
    """"Joseph R. Biden Jr" is written "Joseph R. Biden Jr.", as news writes the suffix."""
    return f"{name}." if name.endswith((" Jr", " Sr")) else name


def from_capitals(name: str, fullest: Fullest) -> str:
    """A surname in capitals (a transcript's "WALLACE") is the person the text names in full ("Chris Wallace")."""
    if not (name.isupper() and len(name) > 3 and " " not in name and name.isalpha()):
        return name
    found = fullest(name.title())
    return found if len(found.split()) > 1 else name


def clean(name: str, lex: Lexicon, fullest: Fullest, common: Callable[[str], bool] = lambda _word: False) -> str:
    """Apply every cleaning class in turn; a surname left alone by a cut is looked up again in full."""
    cleaned = visible(name)
    cut = without_affiliation(without_adverbs(without_time(cleaned)), lex)
    if cut != cleaned and cut[:1].isupper():
        cut = fullest(cut)  # "Mook further" -> "Robby Mook", "Mr. Obama often" -> "Obama"
    cleaned = without_title(cut, fullest)
    cleaned = from_capitals(cleaned, fullest)
    cleaned = with_suffix_stop(without_epithet(cleaned, lex, common))
    return cleaned or name
