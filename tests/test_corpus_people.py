"""The people layer of the project's gold corpus (corpus/gold-people.jsonl) agrees with corpus/gold.jsonl.

Its format is that of ../shared/eval/polnear-dev-people.jsonl. At the time of
writing it holds 459 entities: 255 persons (124 male, 122 female, 9 unknown;
143 gendered by the text, 103 by first name only), 104 organisations, 52
documents, 48 groups; 701 quotes mapped.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TYPES = {"person", "organization", "group", "document", "other"}


def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def pairs() -> list[tuple[dict, dict]]:
    gold, people = _lines("gold.jsonl"), _lines("gold-people.jsonl")
    assert [p["doc_id"] for p in people] == [g["doc_id"] for g in gold], "one line per gold document, same order"
    assert all(set(p) == {"doc_id", "entities", "source_entities"} for p in people)
    return list(zip(gold, people))


def test_every_quote_with_a_speaker_is_mapped_and_no_other(pairs):
    for gold, people in pairs:
        spoken = {q["id"] for q in gold["quotes"] if q["speaker"] is not None}
        assert set(people["source_entities"]) == spoken, gold["doc_id"]


def test_mapped_entities_exist_and_carry_the_gold_name_and_role(pairs):
    for gold, people in pairs:
        ents = {e["id"]: e for e in people["entities"]}
        assert len(ents) == len(people["entities"]), gold["doc_id"]
        assert list(ents) == [f"e{i + 1}" for i in range(len(ents))], gold["doc_id"]
        quotes = {q["id"]: q for q in gold["quotes"]}
        used = set()
        for qid, ids in people["source_entities"].items():
            assert ids and all(i in ents for i in ids), (gold["doc_id"], qid)
            used.update(ids)
            for i in ids:
                assert ents[i]["name"] == quotes[qid]["speaker_canonical"], (gold["doc_id"], qid)
                assert ents[i].get("role") == quotes[qid]["speaker_role"], (gold["doc_id"], qid)
        assert used == set(ents), f"{gold['doc_id']}: an entity is the source of no quote"


def test_types_and_genders_are_in_the_allowed_sets(pairs):
    for gold, people in pairs:
        for e in people["entities"]:
            assert e["type"] in TYPES and isinstance(e["name"], str) and e["name"], (gold["doc_id"], e)
            if e["type"] == "person":
                assert e["gender"] in {"female", "male", None}, (gold["doc_id"], e)
                assert e["gender_evidence"] in {"text", "name", "none"}, (gold["doc_id"], e)
                assert (e["gender"] is None) == (e["gender_evidence"] == "none"), (gold["doc_id"], e)
                assert "role" in e
            else:
                assert e.get("gender") is None and e.get("gender_evidence") in {None, "none"}, (gold["doc_id"], e)


def test_people_layer_is_large_enough(pairs):
    ents = [e for _, people in pairs for e in people["entities"]]
    types = Counter(e["type"] for e in ents)
    persons = [e for e in ents if e["type"] == "person"]
    gendered = Counter(e["gender"] for e in persons if e["gender"])
    assert len(ents) >= 450 and types["person"] >= 250
    assert types["organization"] >= 100 and types["document"] >= 50 and types["group"] >= 45
    assert sum(gendered.values()) >= 240 and gendered["female"] >= 115 and gendered["male"] >= 115
    assert sum(1 for e in persons if e["gender_evidence"] == "text") >= 140
    assert sum(len(people["source_entities"]) for _, people in pairs) >= 700
