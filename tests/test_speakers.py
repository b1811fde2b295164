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


def test_speakers_titles_before_a_possessive_belong_to_the_owner():
    (name,) = names_in("It was Mr. Trump's RT appearance.")
    assert (name.text, name.titles) == ("RT", ())


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


def test_speakers_she_skips_a_man_named_with_an_honorific():
    doc = "Maria Keller and Tom Brandt spoke. Ms. Keller said yes. Mr. Brandt said no. She said maybe."
    ms = [mention("Ms. Keller", doc, "name", "keller"), mention("Mr. Brandt", doc, "name", "brandt"),
          mention("She", doc, "pronoun", "she", person=True)]
    assert canonical(doc, ms) == ["Maria Keller", "Tom Brandt", "Maria Keller"]


def test_speakers_honorific_anywhere_gives_the_surname_its_gender():
    doc = "Mr. Brandt and Ms. Keller arrived late. Keller said yes. Brandt said no. She said maybe. He left."
    ms = [mention("Keller", doc, "name", "keller"), mention("Brandt", doc, "name", "brandt", nth=1),
          mention("She", doc, "pronoun", "she", person=True), mention("He", doc, "pronoun", "he", person=True)]
    assert canonical(doc, ms) == ["Keller", "Brandt", "Keller", "Brandt"]


def test_speakers_pronoun_gender_carries_to_later_pronouns():
    doc = "Trump spoke. He said no. Clinton answered. She said yes. Clinton said more. He said later."
    ms = [mention("Trump", doc, "name", "trump"), mention("He", doc, "pronoun", "he", person=True),
          mention("Clinton", doc, "name", "clinton"), mention("She", doc, "pronoun", "she", person=True),
          mention("Clinton", doc, "name", "clinton", nth=1), mention("He", doc, "pronoun", "he", person=True, nth=1)]
    assert canonical(doc, ms) == ["Trump", "Trump", "Clinton", "Clinton", "Clinton", "Trump"]


def test_speakers_clash_without_a_known_alternative_keeps_the_latest_speaker():
    doc = "The Journal reported it. Mr. Gorski said no. She said yes."
    ms = [mention("The Journal", doc, "name", "journal"), mention("Mr. Gorski", doc, "name", "gorski"),
          mention("She", doc, "pronoun", "she", person=True)]
    assert canonical(doc, ms) == ["Journal", "Gorski", "Gorski"]


def test_speakers_gendered_description_skips_the_other_gender():
    doc = "A spokesman for the army said no. A spokeswoman for the navy said yes. The spokesperson said maybe. The spokesman added more."
    ms = [mention("A spokesman for the army", doc, "description", "spokesman", person=True),
          mention("A spokeswoman for the navy", doc, "description", "spokeswoman", person=True),
          mention("The spokesman", doc, "description", "spokesman", person=True)]
    assert canonical(doc, ms) == ["A spokesman for the army", "A spokeswoman for the navy", "A spokesman for the army"]


def test_speakers_unknown_gender_does_not_block():
    doc = "Ms. Keller spoke. The minister said no. She said it again."
    ms = [mention("The minister", doc, "description", "minister", person=True),
          mention("She", doc, "pronoun", "she", person=True)]
    assert canonical(doc, ms) == ["The minister", "The minister"]


def test_speakers_pronoun_takes_a_later_name_with_a_matching_honorific():
    doc = "Mr. Sharpton said the turnout was low. Mrs. Clinton held rallies in Ohio. She said black votes mattered."
    ms = [mention("Mr. Sharpton", doc, "name", "sharpton"), mention("She", doc, "pronoun", "she", person=True)]
    assert canonical(doc, ms) == ["Sharpton", "Clinton"]


def test_speakers_clash_falls_back_to_an_earlier_honorific_name():
    doc = "Ms. Keller and Mr. Brandt met the press. Mr. Brandt said a deal was near. She said it was not signed."
    ms = [mention("Mr. Brandt", doc, "name", "brandt", nth=1), mention("She", doc, "pronoun", "she", person=True)]
    assert canonical(doc, ms) == ["Brandt", "Keller"]


def test_speakers_plural_or_unnamed_speakers_get_no_gender():
    doc = "Women protested, the crowd said. She said go. Mr. Brandt said no. She said yes."
    ms = [mention("Women", doc, "description", "woman"), mention("the crowd", doc, "description", "crowd"),
          mention("She", doc, "pronoun", "she", person=True), mention("Mr. Brandt", doc, "name", "brandt"),
          mention("She", doc, "pronoun", "she", person=True, nth=1)]
    # neither "Women" (a plural) nor "the crowd" (not a named person) is known to be a woman,
    # so the last "She" has no known match to move to and stays with the latest speaker
    assert canonical(doc, ms) == ["Women", "the crowd", "the crowd", "Brandt", "Brandt"]


@pytest.mark.parametrize(
    "doc, expected",
    [
        # the latest speaker's gender is unknown: an honorific name in a later paragraph takes over ...
        ("The agency said the rule was law.\nMr. Obama dismissed the criticism. He said it was fine.", "Obama"),
        # ... but not one in the same paragraph, where it is usually what the speaker talked about
        ("The agency said that Mr. Obama was wrong. He said it was fine.", "The agency"),
    ],
)
def test_speakers_unknown_speaker_gives_way_only_to_a_later_paragraph(doc, expected):
    ms = [mention("The agency", doc, "description", "agency"), mention("He", doc, "pronoun", "he", person=True)]
    assert canonical(doc, ms)[-1] == expected


@pytest.mark.parametrize(
    "doc, said, expected",
    [
        ("Lindsey Graham Says Trump Is Wrong\nSen. Lindsey Graham spoke first. Graham said no.", "Graham", "Lindsey Graham"),
        ("Obama Says African-American Museum Will Tell\nThe museum opened. Obama said yes.", "Obama", "Obama"),
        ("Lamar Alexander of Tennessee spoke. Alexander said no.", "Alexander", "Lamar Alexander"),
        ("Joseph R. Biden Jr. spoke. Biden said no.", "Biden", "Joseph R. Biden Jr"),
        ("Premier Li Qiang arrived. Li said ties were strong.", "Li", "Li Qiang"),
        ("Trump Tower was quiet. Donald Trump arrived. Trump said no.", "Trump", "Donald Trump"),
        ("Why Sanders Lags\nBernie Sanders spoke. Sanders said no.", "Sanders", "Bernie Sanders"),
        # a company named after its first word, when nothing better exists
        ("Talvik Motors recalled 4,000 cars. Talvik said the fault was rare.", "Talvik", "Talvik Motors"),
    ],
)
def test_speakers_fullest_name_is_a_name_not_a_headline(doc, said, expected):
    start = doc.rindex(said + " said")
    m = Mention(start, start + len(said), said, said.lower(), "name", None, False)
    assert canonical(doc, [m]) == [expected]
