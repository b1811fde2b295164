"""People: clean canonical names, description links, speaker type and gender (records built by hand)."""

from __future__ import annotations

import pytest

from quotes.cues import lexicon
from quotes.speakers import canonical as clean
from quotes.speakers import given_gender, resolve
from quotes.types import Attribution, Mention


def mention(text: str, doc: str, kind: str, head: str, person=None, plural=False, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = doc.index(text, start + 1)
    return Mention(start, start + len(text), text, head, kind, person, plural)


def resolved(doc: str, mentions: list[Mention], gender: str = "names"):
    records = [Attribution(m.end + 1, m.end + 2, (), m, None, None, None, "indirect", "test", 0.5, 0) for m in mentions]
    return resolve(doc, records, gender=gender)


def fields(doc: str, mentions: list[Mention], gender: str = "names") -> list[tuple]:
    return [(r.canonical, r.type, r.gender, r.gender_evidence) for r in resolved(doc, mentions, gender)]


# ---------------------------------------------------------------------------
# canonical names: one test per class, with what must stay untouched
LEX = lexicon()


def _fullest(table: dict[str, str]):
    return lambda text: table.get(text, text)


@pytest.mark.parametrize("name, expected", [
    ("Ana\u200b Lee", "Ana Lee"),  # zero-width space
    ("Ana\u200dLee", "AnaLee"),  # joiner inside a word
    ("Tom\x07 Berg", "Tom Berg"),  # control character
    ("Ana Lee", "Ana Lee"),
])
def test_clean_invisible_characters(name, expected):
    assert clean.visible(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("Union Local 12 late Friday", "Union Local 12"),
    ("Ada Moss on Monday", "Ada Moss"),
    ("Ada Moss Tuesday", "Ada Moss"),
    ("figures published on Tuesday", "figures published on Tuesday"),  # a description keeps its time
    ("The union last week", "The union last week"),
])
def test_clean_time_phrase(name, expected):
    assert clean.without_time(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("Even Veterans Affairs", "Veterans Affairs"),
    ("Ana Lee and Tom Berg each", "Ana Lee and Tom Berg"),
    ("Mook further", "Mook"),
    ("Mr. Obama often", "Mr. Obama"),
    ("Ana Lee", "Ana Lee"),
    ("Family", "Family"),  # the last word is never dropped
])
def test_clean_adverbs_and_quantifiers(name, expected):
    assert clean.without_adverbs(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("Tim Roe with the Health Authority", "Tim Roe"),
    ("Maria Keller from the State Survey", "Maria Keller"),
    ("The Tax Policy Center at the Urban Institute", "The Tax Policy Center at the Urban Institute"),
])
def test_clean_affiliation(name, expected):
    assert clean.without_affiliation(name, LEX) == expected


@pytest.mark.parametrize("name, common, expected", [
    ("Crooked Hillary Clinton", {"Hillary Clinton"}, "Hillary Clinton"),  # the text names her without it
    ("State Jon Husted", {"state"}, "Jon Husted"),  # "state" is written in lower case elsewhere
    ("Del. Stacey Plaskett", set(), "Stacey Plaskett"),  # an abbreviated title
    ("the Rev. Peter Wherry", set(), "Peter Wherry"),
    ("NBC News moderator Matt Lauer", set(), "Matt Lauer"),  # a person noun before the name
    ("Public — Trump", set(), "Trump"),
    ("Cornell William Brooks", set(), "Cornell William Brooks"),  # a first name the table lacks
    ("The Canadian Coast Guard", {"the"}, "The Canadian Coast Guard"),  # an organisation keeps every word
    ("Mary Ann Smith", set(), "Mary Ann Smith"),
])
def test_clean_epithet_before_a_first_name(name, common, expected):
    assert clean.without_epithet(name, LEX, lambda word: word in common) == expected


def test_clean_title_before_a_name_given_in_full():
    fullest = _fullest({"Wang": "Wang Qishan"})
    assert clean.without_title("Vice-President Wang", fullest) == "Wang Qishan"
    assert clean.without_title("Vice-President Wang", _fullest({})) == "Vice-President Wang"  # never named in full


def test_clean_capitals_and_suffix():
    assert clean.from_capitals("WALLACE", _fullest({"Wallace": "Chris Wallace"})) == "Chris Wallace"
    assert clean.from_capitals("WALLACE", _fullest({})) == "WALLACE"  # never named in full: as written
    assert clean.with_suffix_stop("Joseph R. Biden Jr") == "Joseph R. Biden Jr."


def test_clean_in_a_document():
    doc = ("Robby Mook runs the campaign. Mook further said the polls were close. "
           "Mary Ortiz with the Health Authority said the clinic was full.")
    ms = [mention("Mook further", doc, "name", "further"), mention("Mary Ortiz with the Health Authority", doc,
                                                                   "name", "authority")]
    assert [r.canonical for r in resolved(doc, ms)] == ["Robby Mook", "Mary Ortiz"]


def test_acronym_takes_the_name_it_spells():
    doc = ("The International Monetary Fund cut its forecast. "
           "The IMF said growth would slow. Officials at the IMF said more.")
    ms = [mention("The IMF", doc, "name", "imf")]
    assert fields(doc, ms)[0][:2] == ("The International Monetary Fund", "organization")


def test_organisation_keeps_the_article_the_text_writes():
    doc = "Officials at the FBI declined to comment. The FBI said the review was over."
    ms = [mention("FBI", doc, "name", "fbi", nth=1)]
    assert fields(doc, ms)[0][:2] == ("the FBI", "organization")


# ---------------------------------------------------------------------------
# descriptions linked to the one person the text gave that age, office, party, profile
@pytest.mark.parametrize("doc, said, head, expected", [
    ("Dana Roe, 32, runs the depot. The 32-year-old said the trucks were late.",
     "The 32-year-old", "32-year-old", "Dana Roe"),
    ("Former Sgt. Colm Fry led the patrol. The former sergeant said it was quiet.",
     "The former sergeant", "sergeant", "Colm Fry"),
    ("Sen. Ada Quill, a Vermont Democrat, voted no. The Vermont Democrat said the bill was rushed.",
     "The Vermont Democrat", "democrat", "Ada Quill"),
    ("Tom Vance, a bow-tied novelist, spoke last. The bow-tied novelist said books still matter.",
     "The bow-tied novelist", "novelist", "Tom Vance"),
])
def test_description_links_to_the_described_person(doc, said, head, expected):
    ms = [mention(said, doc, "description", head, person=True)]
    assert fields(doc, ms)[0][:2] == (expected, "person")


@pytest.mark.parametrize("doc", [
    "Dana Roe runs the depot. She said the trucks were late.",
    "Robin Vale runs the depot on Elm Street. She said the trucks were late.",
])
def test_pronoun_with_one_person_in_reach_takes_them_without_a_known_gender(doc):
    name = doc.split(" runs")[0]
    assert fields(doc, [mention("She", doc, "pronoun", "she", person=True)])[0][:2] == (name, "person")


# ---------------------------------------------------------------------------
# speaker type
@pytest.mark.parametrize("doc, said, kind, head, person, plural, expected", [
    ("Maria Keller said no.", "Maria Keller", "name", "keller", None, False, "person"),
    ("Talvik Motors said no.", "Talvik Motors", "name", "motors", None, False, "organization"),
    ("The county's road department said no.", "The county's road department", "description", "department",
     False, False, "organization"),
    ("Residents said no.", "Residents", "description", "resident", True, True, "group"),
    ("Two officials said no.", "Two officials", "description", "official", True, True, "group"),
    ("Twelve percent said no.", "Twelve percent", "description", "percent", None, False, "group"),
    ("Democrats said no.", "Democrats", "name", "democrats", None, True, "group"),
    ("A statement said no.", "A statement", "description", "statement", False, False, "document"),
    ("The poll found no change.", "The poll", "description", "poll", False, False, "document"),
    ("The new ad says no.", "The new ad", "description", "ad", None, False, "document"),
    ("A spokeswoman said no.", "A spokeswoman", "description", "spokeswoman", True, False, "person"),
    ("Reuters said no.", "Reuters", "name", "reuters", None, False, "organization"),
])
def test_speaker_type(doc, said, kind, head, person, plural, expected):
    assert fields(doc, [mention(said, doc, kind, head, person=person, plural=plural)])[0][1] == expected


def test_type_and_gender_are_the_same_on_every_record_of_a_chain():
    doc = "Ms. Ada Moss runs the shop. Moss said prices rose. She said more. Ada Moss said that was all."
    ms = [mention("Moss", doc, "name", "moss", nth=1), mention("She", doc, "pronoun", "she", person=True),
          mention("Ada Moss", doc, "name", "moss", nth=1)]
    assert fields(doc, ms) == [("Ada Moss", "person", "female", "text")] * 3


# ---------------------------------------------------------------------------
# gender: each kind of evidence, its order, and the switches
@pytest.mark.parametrize("doc, said, kind, head, expected", [
    # an honorific anywhere in the document, for that surname
    ("Ms. Okafor spoke first. Jo Okafor said no.", "Jo Okafor", "name", "okafor", ("female", "text")),
    # a he/she the resolver took to be the speaker
    ("Jo Okafor spoke first. He said no.", "He", "pronoun", "he", ("male", "text")),
    # a pronoun after the person's name in running text
    ("Jo Okafor runs the shop. She opened it in 2009. Okafor said no.", "Okafor", "name", "okafor",
     ("female", "text")),
    # a gendered noun in the role the text gives the person
    ("Jo Okafor, a spokeswoman for the port, said no.", "Jo Okafor", "name", "okafor", ("female", "text")),
    # the text says nothing: the first-name table
    ("Maria Okafor said no.", "Maria Okafor", "name", "okafor", ("female", "name")),
    ("Karl Okafor said no.", "Karl Okafor", "name", "okafor", ("male", "name")),
    # a name used for both, and nothing in the text: unknown
    ("Jo Okafor said no.", "Jo Okafor", "name", "okafor", (None, None)),
    # the text beats the table: "Maria" with "Mr." is a man
    ("Mr. Okafor spoke first. Maria Okafor said no.", "Maria Okafor", "name", "okafor", ("male", "text")),
    # an honorific outweighs one pronoun the other way
    ("Ms. Okafor spoke first. Jo Okafor said no. He left.", "Jo Okafor", "name", "okafor", ("female", "text")),
])
def test_gender_evidence(doc, said, kind, head, expected):
    person = True if kind == "pronoun" else None
    if kind == "pronoun":
        ms = [mention("Jo Okafor", doc, "name", "okafor"), mention(said, doc, kind, head, person=person)]
    else:
        ms = [mention(said, doc, kind, head, person=person)]
    assert fields(doc, ms)[-1][2:] == expected


def test_another_person_between_name_and_pronoun_gives_no_evidence():
    doc = "Jo Okafor met Ms. Ruth Lane. She said nothing. Okafor said no."
    assert fields(doc, [mention("Okafor", doc, "name", "okafor", nth=1)])[0][2] is None


def test_a_pronoun_inside_quote_marks_is_no_evidence():
    doc = "Jo Okafor spoke. “She never called,” Okafor said."
    records = [Attribution(doc.index("“"), doc.index("”") + 1, ((doc.index("“"), doc.index("”") + 1),),
                           mention("Okafor", doc, "name", "okafor", nth=1), None, None, None, "direct", "test", 0.5, 0)]
    assert resolve(doc, records)[0].gender is None


def test_gender_switches():
    doc = "Maria Okafor said no. Ms. Lane said yes."
    ms = [mention("Maria Okafor", doc, "name", "okafor"), mention("Ms. Lane", doc, "name", "lane")]
    assert [f[2:] for f in fields(doc, ms)] == [("female", "name"), ("female", "text")]
    assert [f[2:] for f in fields(doc, ms, "text")] == [(None, None), ("female", "text")]
    assert [f[2:] for f in fields(doc, ms, "off")] == [(None, None), (None, None)]
    with pytest.raises(ValueError, match="gender"):
        fields(doc, ms, "guess")


def test_only_persons_have_a_gender():
    doc = "A spokeswoman for the port said no. The port said yes."
    ms = [mention("A spokeswoman for the port", doc, "description", "spokeswoman", person=True),
          mention("The port", doc, "description", "port", person=False)]
    assert [f[1:3] for f in fields(doc, ms)] == [("person", "female"), ("organization", None)]


def test_given_gender_table():
    assert given_gender("Maria") == "female"
    assert given_gender("Hélène") == "female"  # accents folded, as the source stores names
    assert given_gender("Karl") == "male"
    assert given_gender("Jean") is None  # used for both
    assert given_gender("Xqzt") is None
