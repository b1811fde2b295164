"""Articles scraped one line each: a photo credit inside running text ends at its name/agency."""

from __future__ import annotations

import pytest

from conftest import SEED
from quotes.spans import credit_ranges

# An invented article (not the seed): a caption credit ends the first line.
ARTICLE = (
    "The harbour authority reopened the northern pier on Monday after three weeks of repairs, ending a long "
    "dispute with the fishing cooperative. Image: Marta Lindqvist/Reuters\n"
    "Harbour master Jonas Peller said the pier was “safe for every vessel on the register.”\n"
    "The cooperative welcomed the decision on Tuesday. It said that “the fleet can finally land its catch where "
    "it always has.”\n"
    "A spokeswoman for the city council urged boat owners to “report any damage at once” and promised that "
    "inspections would continue through the winter.\n"
    "The spokeswoman also stated that the council would seek “a lasting agreement with the cooperative.”\n"
    "Fish prices in the region have risen by a fifth since the pier closed.\n"
)


def _fields(records):
    return [(q.start, q.end, q.text, q.speaker, q.speaker_canonical, q.kind, q.cue) for q in records]


@pytest.mark.parametrize("text, credits", [
    (ARTICLE.replace("\n", " "), ["Image: Marta Lindqvist/Reuters"]),
    ("A barn burned. Image: Jane Rowe/AP Fire chief Ana Ruiz said it was over. " + "More text. " * 30,
     ["Image: Jane Rowe/AP"]),
    ("Crowds at the gate. Photo: Protesters outside the court on Monday. Alexey Ivanov/Sputnik/AP (Wire)- The judge "
     "said the hearing would resume. " + "More text. " * 30,
     ["Photo: Protesters outside the court on Monday. Alexey Ivanov/Sputnik/AP"]),
    ("x " * 200 + "Reporting by Jane Rowe and Tom Hale; editing by Will Dunn. He said so. " + "y " * 200,
     ["Reporting by Jane Rowe and Tom Hale; editing by Will Dunn"]),
    ("Photo: a barn fire\n\nText.", ["Photo: a barn fire"]),  # a caption line stays a credit to its end
    ("(Reporting by Jane Rowe; Additional reporting by Tom Hale; Editing by Will Dunn.)",
     ["Reporting by Jane Rowe; Additional reporting by Tom Hale; Editing by Will Dunn.)"]),
])
def test_one_line_credit_ends_at_its_names(text, credits):
    assert [text[a:b] for a, b in credit_ranges(text)] == credits


@pytest.mark.parametrize("text", ["Image: " * 200_000, "Image: /" * 200_000, "Photo by " * 200_000,
                                  "Jane/" * 300_000, "Photo: Ab Ab Ab Ab and " * 60_000])
def test_one_line_credits_cost_linear_time(text):
    import time

    t0 = time.perf_counter()
    credit_ranges(text + " ")  # a new string: the cache does not answer
    assert time.perf_counter() - t0 < 5  # about 0.2 s each here; quadratic would take hours


def test_one_line_article_gives_the_records_of_its_lines(extractor):
    one_line = ARTICLE.replace("\n", " ")
    lines = extractor.extract(ARTICLE, doc_id="a")
    assert len(lines) >= 3 and lines[0].speaker == "Harbour master Jonas Peller"
    assert _fields(extractor.extract(one_line, doc_id="a")) == _fields(lines)


def test_one_line_seed_article_gives_the_seed_records(extractor):
    """The seed article (../shared/seed/article.txt) with its line breaks turned into spaces (same length)."""
    if not SEED.exists():
        pytest.skip(f"no seed article at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    records = extractor.extract(text, doc_id="article")
    assert len(records) >= 4
    assert _fields(extractor.extract(text.replace("\n", " "), doc_id="article")) == _fields(records)
