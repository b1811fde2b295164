"""Cue lists: data files, inflection, the cheap prefilter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quotes.cues import (
    CUE_CLASSES,
    DATA_FILES,
    check_cues,
    inflections,
    lexicon,
    read_lines,
)
from quotes.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def test_cues_lists_are_large_enough():
    lex = lexicon()
    speech = {lemma for lemma, classes in lex.verb_classes.items() if "speech" in classes}
    assert len(speech) >= 150
    assert {"say", "tell", "add", "urge", "claim", "warn", "deny"} <= speech
    assert {"say", "write", "tweet"} <= set(lex.forms.values())
    assert {"statement", "remarks", "interview"} <= lex.nouns
    assert lex.pronouns["it"] == (False, False) and lex.pronouns["they"] == (None, True)


@pytest.mark.parametrize(
    "given, chosen",
    [(None, {"speech", "writing"}), ("all", set(CUE_CLASSES)), ("speech", {"speech"}),
     ("thought, evidence", {"thought", "evidence"}), (["stance"], {"stance"})],
)
def test_cues_check_cues(given, chosen):
    assert check_cues(given) == chosen


@pytest.mark.parametrize("given", ["gossip", "", "speech,rumour"])
def test_cues_check_cues_names_the_classes(given):
    with pytest.raises(InputError, match="speech, writing, thought, evidence, stance"):
        check_cues(given)


def test_cues_only_chosen_classes_are_cues():
    default, everything = lexicon(), lexicon(check_cues("all"))
    assert default.cue_lemma("said") == "say" and default.cue_lemma("wrote") == "write"
    for form in ("believes", "knew", "found", "showed", "endorsed", "wants"):
        assert default.cue_lemma(form) is None and everything.cue_lemma(form) is not None, form
    for form in ("read", "allowed", "decided"):  # never a cue in any class
        assert everything.cue_lemma(form) is None, form
    assert not default.mentions_cue("Officials believe the road is safe.")
    assert everything.mentions_cue("Officials believe the road is safe.")


@pytest.mark.parametrize(
    "lemma, source, clause, cue_class",
    [("say", "minister", True, "speech"), ("say", "statement", True, "writing"), ("write", None, True, "writing"),
     ("find", "study", True, "evidence"), ("find", "keller", True, "evidence"), ("suggest", "poll", True, "evidence"),
     ("suggest", "keller", True, "speech"), ("believe", "official", True, "thought"),
     ("deny", "keller", False, "stance"), ("deny", "keller", True, "speech"), ("want", "voter", False, "stance"),
     ("accord", "report", True, "speech"), ("urge", "minister", True, "speech"),
     # no finite clause, no speech, whatever the verb: "urged Congress to act", "continued to rise"
     ("urge", "minister", False, "stance"), ("continue", "price", False, "stance"), ("say", "keller", False, "stance")],
)
def test_cues_cue_class(lemma, source, clause, cue_class):
    assert lexicon().cue_class(lemma, source, clause) == cue_class


def test_cues_noun_classes():
    lex = lexicon(check_cues("all"))
    assert (lex.noun_class("claim"), lex.noun_class("beliefs"), lex.noun_class("finding"),
            lex.noun_class("statement")) == ("speech", "thought", "evidence", "writing")


@pytest.mark.parametrize(
    "lemma, forms",
    [("deny", {"denies", "denied", "denying"}), ("note", {"notes", "noted", "noting"}),
     ("admit", {"admits", "admitted", "admitting"}), ("stress", {"stresses", "stressed"}),
     ("agree", {"agrees", "agreed", "agreeing"})],
)
def test_cues_inflections(lemma, forms):
    assert forms <= inflections(lemma)


def test_cues_irregular_forms_map_to_their_lemma():
    lex = lexicon()
    assert lex.forms["said"] == "say" and lex.forms["told"] == "tell" and lex.forms["wrote"] == "write"
    assert lex.cue_lemma("Said") == "say" and lex.cue_lemma("sayings") is None


@pytest.mark.parametrize(
    "text, hit",
    [("The minister said so.", True), ("According to the report, it rose.", True),
     ("Her statement that it rose was wrong.", True), ("The statement was long.", False),
     ("Their claims that it rose were wrong.", True), ("They second-guessed the plan.", True),
     ("The weather was fine all week.", False)],
)
def test_cues_prefilter(text, hit):
    assert lexicon().mentions_cue(text) is hit


def test_cues_every_data_file_loads_from_a_built_wheel(tmp_path):
    """Data files must ship in the wheel: load them from a non-editable install."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels)], check=True, capture_output=True)
    site = tmp_path / "site"
    wheel = next(wheels.glob("quotes-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    code = (
        "import quotes, quotes.cues as c; "
        f"assert quotes.__file__.startswith({str(site)!r}), quotes.__file__; "
        "assert all(c.read_lines(n) for n in c.DATA_FILES); "
        "print(len(c.lexicon(c.check_cues('all')).forms))"
    )
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
                         cwd=tmp_path, check=True, capture_output=True, text=True)
    assert int(out.stdout) == len(lexicon(check_cues("all")).forms)
    shipped = {f.name for f in (site / "quotes" / "data").iterdir()}
    assert _data_folder() <= shipped, sorted(_data_folder() - shipped)


def _data_folder() -> set[str]:
    """Every file in the source tree's quotes/data (word lists, README, the generating script)."""
    return {f.name for f in (ROOT / "quotes" / "data").iterdir() if f.is_file() and not f.name.startswith(".")}


def test_cues_data_files_lists_every_word_list_in_the_folder():
    assert set(DATA_FILES) == {n for n in _data_folder() if n.endswith(".txt")}
    for name in DATA_FILES:
        assert read_lines(name), name


def test_cues_data_readme_describes_every_data_file():
    readme = (ROOT / "quotes" / "data" / "README.md").read_text(encoding="utf-8")
    missing = [n for n in sorted(_data_folder() - {"README.md"}) if f"`{n}`" not in readme]
    assert not missing, missing


def test_cues_manner_and_topic_verbs_cue_quoted_words_only():
    """`quotes` lines: "shouted", "sang", "spoke", "talked", "continued" make no indirect record (see cues_speech.txt)."""
    lex = lexicon()
    assert {"shout", "sing", "speak", "talk", "continue"} <= lex.quotes_only
    assert not {"say", "tell", "explain", "reply", "respond"} & lex.quotes_only
    assert lex.cue_lemma("shouted") == "shout" and lex.cue_lemma("spoke") == "speak"  # still cues of quotes
