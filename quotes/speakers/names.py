"""Names on the surface: capitalised runs with their titles split off, and fuller forms of a name."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from quotes.cues import kinds, lexicon

SPEAKER_WORDS = kinds("speaker_words.txt")  # the word lists of quotes/data/speaker_words.txt, by kind
PARTICLES = SPEAKER_WORDS["name_particle"]
_WORD = r"(?:[A-Z]|(?:al|el|ad|ar|as|an|at|bin|ben|ibn|abu|da|de|di|du|le|la|d|l)[-’'][A-Z])[\w’'.-]*"
_CAPITALISED = re.compile(
    _WORD + r"(?:[ \u00a0]+(?:(?:" + "|".join(sorted(PARTICLES)) + r")[ \u00a0]+){0,2}" + _WORD + ")*"
)
HONORIFICS = SPEAKER_WORDS["honorific"]
# Party words are titles only before a given name: "Republican Donald Trump", not "Republican National Committee".
_PARTIES = SPEAKER_WORDS["party"]
_SENTENCE_WORDS = SPEAKER_WORDS["sentence_word"]
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_ADVERBS = SPEAKER_WORDS["name_adverb"]
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_OF_TAIL = re.compile(r"[ \u00a0]+of[ \u00a0]+")


@dataclass(frozen=True, slots=True)
class Name:
    """A capitalised run of the text read as a name, its leading titles split off."""

    start: int
    end: int
    words: tuple[str, ...]  # the name without leading titles, lower-cased
    text: str  # the name without leading titles, as written
    titles: tuple[str, ...]  # the title words in front of it, lower-cased


@functools.cache
def title_words() -> frozenset[str]:
    """Words that stand before a name as a title: honorifics and the person nouns of the word lists."""
    return HONORIFICS | frozenset(lexicon().person)


def strip_titles(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading sentence words and titles off a capitalised run.

    "Chinese Premier Li Qiang" gives (["Li", "Qiang"], ["premier"]);
    "Trustee Colin Park" gives (["Colin", "Park"], ["trustee"]).
    """
    keys = [w.lower().rstrip(".") for w in words]
    titled = title_words()
    given = lexicon().given_names
    last_title = max((n for n, k in enumerate(keys[:-1]) if k in titled or k in _PARTIES and keys[n + 1] in given),
                     default=-1)
    titles = [k for k in keys[:last_title + 1] if k in titled or k in _PARTIES]
    words, keys = words[last_title + 1:], keys[last_title + 1:]
    nonperson, never = lexicon().nonperson, lexicon().nonspeakers
    while words and (keys[0] in _SENTENCE_WORDS or keys[0] in HONORIFICS or keys[0] in never
                     or keys[0].endswith(("’s", "'s"))):
        if keys[0].endswith(("’s", "'s")) and len(keys) > 1 and all(k in nonperson for k in keys[1:]):
            break  # "St. Brigid's Hospital": the possessive belongs to the name
        if keys[0] in HONORIFICS:
            titles.append(keys[0])
        elif keys[0].endswith(("’s", "'s")):
            titles = []  # "Mr. Trump's RT": the titles were the owner's
        words, keys = words[1:], keys[1:]
    if words and len(words[-1]) > 2 and words[-1].endswith("."):
        words = [*words[:-1], words[-1][:-1]]
    return words, titles


def _runs(match: re.Match[str]) -> list[list[tuple[int, str]]]:
    """Cut a capitalised run after a word that ends a sentence ("Smith. Then ...")."""
    runs: list[list[tuple[int, str]]] = [[]]
    for word in re.finditer(r"\S+", match.group()):
        runs[-1].append((match.start() + word.start(), word.group()))
        token = word.group()
        if token.endswith(".") and len(token) > 2 and token.lower().rstrip(".") not in HONORIFICS | {"st", "mt", "ft"}:
            runs.append([])
    return [run for run in runs if run]


def names_in(text: str) -> tuple[Name, ...]:
    """Every run of capitalised words, with leading titles split off.

    Args:
        text: the document text.

    Returns:
        The runs that still hold a word after stripping, in text order.
    """
    found = []
    for match in _CAPITALISED.finditer(text):
        for run in _runs(match):
            raw = [w for _, w in run]
            words, titles = strip_titles(raw)
            if words and len(words[-1]) > 3 and words[-1].endswith(("'s", "’s")):
                words = [*words[:-1], words[-1][:-2]]  # "Bernadette Okonjo's husband": the name is "Bernadette Okonjo"
            if not words:
                continue
            start = run[len(raw) - len(words)][0]
            end = run[-1][0] + len(words[-1]) if len(words) > 0 else start
            found.append(Name(start, end, tuple(w.lower().strip(".,") for w in words), text[start:end], tuple(titles)))
    return tuple(found)


def words_of(text: str) -> list[str]:
    return [w.lower().strip(".,’'") for w in re.findall(r"[\w’'.-]+", text)]


def fuller_form(name: Name, key: tuple[str, ...]) -> tuple[int, str] | None:
    """The part of a name that is a fuller form of these name words, ranked, or None.

    Best (2): a name that ends in the words ("Lindsey Graham" for "Graham"),
    before a suffix ("Joseph R. Biden Jr") or an "of" tail, which is cut
    ("Lamar Alexander" from "Lamar Alexander of Tennessee"), or the first
    two or three words of a longer run that end in them ("Lindsey Graham"
    from the headline "Lindsey Graham Says"); among equals the earliest in
    the document wins, as a full name comes first in news. Next (1): a
    titled name of up to three words that starts with them ("Premier Li
    Qiang" for "Li"). Last (0): a two-word name that starts with them, for
    companies ("Talvik Motors"), used only when nothing better exists (so
    "Trump" is "Donald Trump", not "Trump Tower"). A title-case headline
    is never a fuller form as a whole ("Obama Says African-American Museum
    Will Tell").
    """
    words, text = name.words, name.text
    if "of" in words and words.index("of") > 0 and words[words.index("of") - 1] not in lexicon().nonperson:
        words = words[:words.index("of")]
        text = _OF_TAIL.split(text, maxsplit=1)[0]
    core = words[:-1] if words and words[-1] in _SUFFIXES else words
    n = len(key)
    if not n <= len(core) <= 5:
        return None
    if core[-n:] == key:
        return 2, text
    inner = next((k for k in range(1, len(core) - n) if core[k:k + n] == key), 0)
    if inner and inner + n <= 3:  # "Lindsey Graham Says": the name ends at the words
        return 2, " ".join(text.split()[:inner + n])
    if core[:n] == key and name.titles and len(core) <= 3:
        return 1, text
    if core[:n] == key and len(core) == 2:
        return 0, text
    return None


def name_key(text: str, head: str) -> tuple[tuple[str, ...], str]:
    """The lower-cased name words of a mention (titles stripped) and its name as written.

    Lower-case role words before a name go with the titles: "Harrowgate
    manager Rui Esteves" gives ("rui", "esteves"), "Rui Esteves".
    """
    words, _ = strip_titles(text.split())
    if not words and len(text.split()) > 1:
        words = text.split()[-1:]  # "Mr. King", "Ms. Judge": a surname that is also a title word
    if "of" in words[1:] and words[words.index("of", 1) - 1].lower() not in lexicon().nonperson:
        words = words[:words.index("of", 1)]  # "Sen. Corwin Mabry of Deshler", but "the Ministry of Health"
    while len(words) > 1 and (words[-1].lower() in _ADVERBS or words[-1].islower() and words[-1].endswith("ly")):
        words = words[:-1]  # "Mrs Blyth later": an adverb the parse left in the mention
    cut = max((n + 1 for n, w in enumerate(words[:-1]) if w[:1].islower() and w.lower() not in PARTICLES), default=0)
    if cut and words[cut - 1].lower().strip(".,") in title_words() and all(
            w[:1].isupper() or w.lower() in PARTICLES for w in words[cut:]):
        words = words[cut:]
    key = tuple(w.lower().strip(".,") for w in words) or (head,)
    return key, " ".join(words) or text

