"""In-document speaker resolution: a canonical speaker for every record.

* A name resolves to the fullest name in the document that contains it
  ("Keller" and "Ms. Keller" become "Maria Keller").
* A pronoun resolves to the most recent earlier speaker it agrees with in
  person and number ("It" after "a statement" becomes "a statement"); with
  no earlier speaker, "he" and "she" take the nearest full name before them.
* A definite description resolves to the most recent earlier speaker or
  name that shares its head noun or a synonym of it ("The spokesperson"
  becomes "A spokesman for China's Foreign Ministry", "the premier" becomes
  "Li Qiang" when "Premier Li Qiang" was named).
* Anything else (a name seen once, an indefinite description) is its own
  canonical speaker.
* Gender guides pronouns. A speaker is known to be a woman or a man from an
  honorific ("Ms. Keller", anywhere in the document for that surname), a
  gendered noun ("the spokeswoman"), a first name of the first-name table or,
  for a named person, a pronoun already resolved to it. When "she" would join a speaker
  known to be a man, it joins the latest speaker or honorific name known to
  be a woman instead ("Mrs. Clinton", outside quote marks); when the latest
  speaker's gender is unknown, only a matching honorific name in a later
  paragraph takes its place ("Mrs. Clinton held rallies. ¶ She spoke"). A
  description ("the spokeswoman") skips only to an earlier speaker known to
  match.
* After resolution, every record of one canonical speaker gets the same
  type (person, organization, group, document) and, for persons, gender:
  what the text says of that person, then the first-name table
  (:mod:`quotes.speakers.entities`).

Canonical speakers are written with single spaces, so a mention broken over
a wrapped line ("China's\nForeign Ministry") groups with its one-line twin.

The package is laid out by part: ``names.py`` and ``descriptions.py`` read
names and what the text says of them off the surface; ``index.py`` indexes
them once per document; ``chain.py`` keeps the speakers resolved so far;
``pronouns.py`` and ``definites.py`` resolve pronouns and descriptions (a
name resolves in the index); ``canonical.py`` cleans the result;
``entities.py`` gives each chain of mentions its type and gender;
``resolver.py`` ties them together.

Everything here reads the text and the records only, so it gives the same
answer whatever parts of the document were parsed.
"""

from quotes.speakers.names import names_in
from quotes.speakers.resolver import Resolver, resolve, speakers

__all__ = ["Resolver", "given_gender", "names_in", "resolve", "speakers"]


def given_gender(first_name: str) -> str | None:
    """The gender the first-name table (``quotes/data/name_genders.txt``) gives a first name: "female", "male" or None."""
    from quotes.cues import lexicon

    found = lexicon().given_gender(first_name)
    return {"f": "female", "m": "male"}.get(found or "")
