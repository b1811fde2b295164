"""Cue lists: data files, inflection, the cheap prefilter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quotes.cues import DATA_FILES, inflections, lexicon, read_lines

ROOT = Path(__file__).resolve().parents[1]


def test_cues_lists_are_large_enough():
    lex = lexicon()
    assert len(lex.speech) >= 150
    assert {"say", "tell", "add", "write", "urge", "claim", "warn", "deny"} <= lex.speech
    assert {"statement", "remarks", "interview"} <= lex.nouns
    assert lex.pronouns["it"] == (False, False) and lex.pronouns["they"] == (None, True)


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
        "print(len(c.lexicon().speech))"
    )
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
                         cwd=tmp_path, check=True, capture_output=True, text=True)
    assert int(out.stdout) == len(lexicon().speech)


def test_cues_every_listed_file_exists_and_is_not_empty():
    for name in DATA_FILES:
        assert read_lines(name), name
