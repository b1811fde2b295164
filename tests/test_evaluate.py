"""Scoring: overlap, exact match, purity, speaker accuracy, joint scores."""

from __future__ import annotations

import json

import pytest

from quotes.errors import InputError
from quotes.evaluate import GoldDoc, evaluate, format_report, load_gold, speaker_right

TEXT = "“We will win,” said Maria Keller. The mayor said the plan was fine and the budget was balanced."
GOLD_Q = [
    {"start": 0, "end": 14, "spans": [[0, 14]], "speaker": "Maria Keller", "speaker_start": 20, "speaker_end": 32,
     "kind": "direct"},
    {"start": 49, "end": 94, "speaker": "The mayor", "speaker_start": 34, "speaker_end": 43, "kind": "indirect"},
]
DOC = GoldDoc("d1", TEXT, tuple(GOLD_Q), None)


def pred(start, end, speaker=None, s_start=None, s_end=None, kind="direct", canonical=None):
    return {"start": start, "end": end, "speaker": speaker, "speaker_start": s_start, "speaker_end": s_end,
            "speaker_canonical": canonical or speaker, "kind": kind}


def test_evaluate_perfect_predictions_score_one():
    preds = {"d1": [pred(0, 14, "Maria Keller", 20, 32), pred(49, 94, "The mayor", 34, 43, "indirect")]}
    report = evaluate([DOC], preds)
    for t in ("overlap>0.3", "overlap>0.8"):
        assert report[t]["f1"] == 1.0 and report[t]["joint"]["f1"] == 1.0 and report[t]["speaker_accuracy"] == 1.0
    assert report["exact"]["f1"] == 1.0 and report["purity"] == 1.0


def test_evaluate_partial_overlap_counts_at_03_not_08():
    preds = {"d1": [pred(49, 72, "The mayor", 34, 43, "indirect")]}  # half of the gold clause
    report = evaluate([DOC], preds, kinds=["indirect"])
    assert report["overlap>0.3"]["recall"] == 1.0
    assert report["overlap>0.8"]["recall"] == 0.0
    assert report["exact"]["recall"] == 0.0


def test_evaluate_purity_punishes_long_predictions():
    preds = {"d1": [pred(0, 94, "Maria Keller", 20, 32)]}
    report = evaluate([DOC], preds, kinds=["direct"])
    assert report["overlap>0.8"]["recall"] == 1.0
    assert report["purity"] == pytest.approx(14 / 94, abs=1e-4)


@pytest.mark.parametrize(
    "p, right",
    [
        (pred(0, 14, "Keller", 26, 32), True),  # offsets overlap
        (pred(0, 14, "Ms. Keller", 200, 210), True),  # same surname elsewhere
        (pred(0, 14, "she", 200, 203, canonical="Maria Keller"), True),  # canonical carries the name
        (pred(0, 14, "the mayor", 34, 43), False),
        (pred(0, 14), False),
    ],
)
def test_evaluate_speaker_right(p, right):
    assert speaker_right(GOLD_Q[0], p) is right


def test_evaluate_gold_without_speaker_wants_none():
    gold = {"speaker": None, "speaker_start": None, "speaker_end": None}
    assert speaker_right(gold, pred(0, 1)) and not speaker_right(gold, pred(0, 1, "X", 0, 1))


def test_evaluate_kinds_filter_and_one_to_one_matching():
    preds = {"d1": [pred(0, 14, "Maria Keller", 20, 32), pred(0, 14, "Maria Keller", 20, 32)]}
    report = evaluate([DOC], preds, kinds=["direct"])
    assert report["gold"] == 1 and report["predicted"] == 2
    assert report["overlap>0.3"]["precision"] == 0.5 and report["overlap>0.3"]["recall"] == 1.0
    assert "recall by kind" in format_report(report)


def test_evaluate_load_gold_split_and_errors(tmp_path):
    path = tmp_path / "g.jsonl"
    rows = [{"doc_id": "dev/a", "text": "x", "quotes": []}, {"doc_id": "train/b", "text": "y", "quotes": []},
            {"doc_id": "c", "split": "dev", "text": "z", "quotes": []}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [d.doc_id for d in load_gold(path, split="dev")] == ["dev/a", "c"]
    path.write_text('{"doc_id": "a"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a gold document"):
        load_gold(path)
    with pytest.raises(InputError, match="cannot read gold file"):
        load_gold(tmp_path / "missing.jsonl")


def test_evaluate_canonical_and_role_accuracy():
    gold = [dict(GOLD_Q[0], speaker_canonical="Maria Keller", speaker_role="a geologist"),
            dict(GOLD_Q[1], speaker_canonical="Ellen Ruiz", speaker_role=None)]
    doc = GoldDoc("d1", TEXT, tuple(gold), None)
    right = [dict(pred(0, 14, "Maria Keller", 20, 32, canonical="maria keller"), speaker_role="The geologist"),
             dict(pred(49, 94, "The mayor", 34, 43, "indirect", canonical="Ellen Ruiz"), speaker_role=None)]
    report = evaluate([doc], {"d1": right})
    assert report["canonical_accuracy"] == {"accuracy": 1.0, "scored": 2}
    assert report["role_accuracy"] == {"accuracy": 1.0, "scored": 1}  # a leading article and case are ignored
    wrong = [dict(right[0], speaker_canonical="Keller", speaker_role="geologist at the survey"),
             dict(right[1], speaker_role="Mayor")]
    report = evaluate([doc], {"d1": wrong})
    assert report["canonical_accuracy"]["accuracy"] == 0.5
    assert report["role_accuracy"]["accuracy"] == 0.0 and report["role_agreement_accuracy"]["accuracy"] == 0.0
    assert "canonical speaker accuracy, overlap > 0.8: 0.500 of 2" in format_report(report)
    assert "canonical_accuracy" not in evaluate([DOC], {"d1": right})  # gold without canonical speakers


def test_evaluate_cue_classes_filter_gold_and_predictions():
    gold = [dict(GOLD_Q[0], cue_class=None), dict(GOLD_Q[1], cue_class="thought")]
    doc = GoldDoc("d1", TEXT, tuple(gold), None)
    preds = {"d1": [dict(pred(0, 14, "Maria Keller", 20, 32), cue_class="speech"),
                    dict(pred(49, 94, "The mayor", 34, 43, "indirect"), cue_class="thought")]}
    assert evaluate([doc], preds, cues=["speech", "writing"])["gold"] == 1
    assert evaluate([doc], preds, cues=["speech", "writing"])["predicted"] == 1
    thought = evaluate([doc], preds, cues=["thought"])  # the record without a cue stays in the gold
    assert (thought["gold"], thought["overlap>0.8"]["precision"], thought["overlap>0.8"]["recall"]) == (2, 1.0, 0.5)
    assert evaluate([DOC], preds, cues=["speech"])["gold"] == 2  # gold without cue classes is kept whole
