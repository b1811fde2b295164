"""The project's own gold corpus: in sync with its sources, big enough, and scored above floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from quotes.cues import DEFAULT_CUES
from quotes.evaluate import evaluate, load_gold

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def _builder():
    spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_files_are_built_from_the_annotated_sources():
    texts, gold = _builder().build()
    on_disk = {p.name: p.read_bytes().decode("utf-8") for p in (CORPUS / "articles").glob("*.txt")}
    assert on_disk == texts, "run: python corpus/build.py"
    lines = (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == gold, "run: python corpus/build.py"


def test_corpus_is_large_and_varied():
    gold = load_gold(CORPUS / "gold.jsonl")
    kinds = [q["kind"] for d in gold for q in d.quotes]
    assert len(gold) >= 85 and len(kinds) >= 700
    assert kinds.count("indirect") >= 350 and kinds.count("direct") >= 220 and kinds.count("mixed") >= 80
    classes = {q["cue_class"] for d in gold for q in d.quotes}
    assert classes == {None, "speech", "writing", "thought", "evidence", "stance"}
    assert sum(1 for d in gold for q in d.quotes if q["speaker_role"]) >= 300
    for d in gold:
        for q in d.quotes:
            assert d.text[q["start"]:q["end"]], q
            if q["speaker"] is not None:
                assert d.text[q["speaker_start"]:q["speaker_end"]] == q["speaker"]


def test_corpus_annotation_marks_parse():
    text, records = _builder().parse('{1|"Yes,"} <1|she=Maria Keller> [1|said]. {1|"Go."} Not <2|X>')
    assert text == '"Yes," she said. "Go." Not X'
    assert records[1]["parts"] == [[0, 6], [17, 22]] and records[1]["canonical"] == "Maria Keller"
    text, records = _builder().parse("<1|He=Karl Berg~Finance Minister> [1:writing|wrote] {1|that X}. <2|Berg~Finance Minister> [2|said] {2|Y}")
    assert text == "He wrote that X. Berg said Y"
    assert records[1]["canonical"] == "Karl Berg" and records[1]["role"] == "Finance Minister"
    assert records[1]["cue_class"] == "writing" and records[2]["cue_class"] == "speech"
    assert records[2]["canonical"] == "Berg" and text[slice(*records[2]["speaker"])] == "Berg"
    with pytest.raises(ValueError, match="unknown cue class"):
        _builder().parse("<1|X> [1:gossip|said] {1|Y}")
    with pytest.raises(ValueError, match="unclosed"):
        _builder().parse("{1|open")


@pytest.fixture(scope="module")
def corpus_report(extractor):
    gold = load_gold(CORPUS / "gold.jsonl")
    preds = {doc_id: [q.to_dict() for q in quotes]
             for doc_id, quotes in extractor.extract_many((d.doc_id, d.text) for d in gold)}
    return gold, preds


# Floors measured on the shared small models with the default cue classes (see README); raise them as the
# rules improve. Measured (2026-12-02, second session): joint F1 0.977 / 0.964 / 0.950, speaker accuracy 0.994 / 0.988
# / 0.982.
@pytest.mark.parametrize(
    "kinds, joint_f1, speaker_accuracy",
    [(["direct", "mixed"], 0.97, 0.99), (["direct", "mixed", "indirect"], 0.955, 0.98), (["indirect"], 0.94, 0.97)],
)
def test_corpus_scores_hold_their_floors(corpus_report, kinds, joint_f1, speaker_accuracy):
    gold, preds = corpus_report
    report = evaluate(gold, preds, kinds=kinds, cues=sorted(DEFAULT_CUES))["overlap>0.8"]
    assert report["joint"]["f1"] >= joint_f1, report
    assert report["speaker_accuracy"] >= speaker_accuracy, report


def test_corpus_canonical_speakers_and_roles_hold_their_floors(corpus_report):
    """Measured 0.952 canonical (of 600 pairs) and 0.957 role accuracy (issue 16 asks 0.95 and 0.90)."""
    gold, preds = corpus_report
    report = evaluate(gold, preds, cues=sorted(DEFAULT_CUES))
    assert report["canonical_accuracy"]["accuracy"] >= 0.945, report["canonical_accuracy"]
    assert report["role_accuracy"]["accuracy"] >= 0.95, report["role_accuracy"]
