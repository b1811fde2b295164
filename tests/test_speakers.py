"""In-document speaker resolution, on records built by hand."""

from __future__ import annotations

import pytest

from quotes.speakers import names_in, resolve
from quotes.types import Attribution, Mention


def mention(text: str, doc: str, kind: str, head: str, person=None, plural=False, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = doc.index(text, start + 1)
    return Mention(start, start + len(text), text, head, kind, person, plural)


def record(m: Mention) -> Attribution:
    return Attribution(m.end + 1, m.end + 2, (), m, None, None, "indirect", "test", 0.5, 0)


def canonical(doc: str, mentions: list[Mention]) -> list[str | None]:
    return resolve(doc, [record(m) for m in mentions])


def test_speakers_pronoun_takes_the_last_agreeing_speaker():
    doc = "A statement said the visit aimed high. It noted that ties were strong."
    ms = [mention("A statement", doc, "description", "statement", person=False),
          mention("It", doc, "pronoun", "it", person=False)]
    assert canonical(doc, ms) == ["A statement", "A statement"]


def test_speakers_he_skips_non_person_speakers():
    doc = "Maria Keller said no. The ministry said yes. She said it again."
    ms = [mention("Maria Keller", doc, "name", "keller"),
          mention("The ministry", doc, "description", "ministry", person=False),
          mention("She", doc, "pronoun", "she", person=True)]
    assert canonical(doc, ms) == ["Maria Keller", "The ministry", "Maria Keller"]


def test_speakers_description_takes_a_synonym_antecedent():
    doc = "A spokesman for the Foreign Ministry urged calm. The spokesperson also stated that talks would go on."
    ms = [mention("A spokesman for the Foreign Ministry", doc, "description", "spokesman", person=True),
          mention("The spokesperson", doc, "description", "spokesperson", person=True)]
    assert canonical(doc, ms) == ["A spokesman for the Foreign Ministry"] * 2


def test_speakers_title_description_finds_the_named_person():
    doc = "Premier Li Qiang arrived on Tuesday. The premier said ties were strong."
    ms = [mention("The premier", doc, "description", "premier", person=True)]
    assert canonical(doc, ms) == ["Li Qiang"]


def test_speakers_names_take_the_fullest_form():
    doc = "Mayor Ellen Ruiz spoke first. Later Ruiz said the budget was fine. Ms. Ruiz added more."
    ms = [mention("Ruiz", doc, "name", "ruiz", nth=1), mention("Ms. Ruiz", doc, "name", "ruiz")]
    assert canonical(doc, ms) == ["Ellen Ruiz", "Ellen Ruiz"]


def test_speakers_two_people_pronoun_follows_the_last_speaker():
    doc = "Marek blamed the pitch, Marek said. Duarte said they were poor. He said it twice."
    ms = [mention("Marek", doc, "name", "marek", nth=1), mention("Duarte", doc, "name", "duarte"),
          mention("He", doc, "pronoun", "he", person=True)]
    assert canonical(doc, ms)[-1] == "Duarte"


@pytest.mark.parametrize(
    "text, names",
    [
        ("Chinese Premier Li Qiang met Putin.", ["Li Qiang", "Putin"]),
        ("The Post said Mr. Smith left.", ["Post", "Smith"]),
    ],
)
def test_speakers_names_strip_sentence_words_and_titles(text, names):
    found = [n.text for n in names_in(text)]
    assert found == names


def test_speakers_many_records_resolve():
    """Thousands of records in one document: each gets its canonical speaker (lookups are indexed)."""
    doc = "Dr. Maria Keller spoke. " + " ".join(["Keller said no. She said yes."] * 5000)
    ms = []
    pos = 0
    for _ in range(5000):
        k = doc.index("Keller said", pos)
        ms.append(Mention(k, k + 6, "Keller", "keller", "name", None, False))
        s = doc.index("She", k)
        ms.append(Mention(s, s + 3, "She", "she", "pronoun", True, False))
        pos = s
    assert set(canonical(doc, ms)) == {"Maria Keller"}
