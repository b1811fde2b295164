"""Draft and check the people layer of the project's gold corpus.

``corpus/gold-people.jsonl`` says who each speaker of ``corpus/gold.jsonl``
is, in the format of ``../shared/eval/polnear-dev-people.jsonl`` (see
``../shared/eval/README.md``): one line per article, in the same order,

    {"doc_id": ..., "entities": [{"id": "e1", "name", "type", "gender",
     "gender_evidence", "role"}, ...], "source_entities": {"Q1": ["e1"], ...}}

It is written by hand, by reading each article: ``type`` (person,
organization, group, document, other) and, for persons, ``gender`` and
``gender_evidence`` (``text``: a pronoun, an honorific or a gendered noun in
the article refers to that person; ``name``: the article never says, but the
first name is clearly gendered; ``none``: gender null). ``name`` is the gold
``speaker_canonical`` of the entity's quotes and ``role`` their gold
``speaker_role``.

``python corpus/people_check.py`` checks the file against gold.jsonl and
prints its counts; ``python corpus/people_check.py draft DOC_ID`` prints a
skeleton for one article (one entity per distinct canonical speaker, type and
gender left as ``?``) to start annotating a new article from.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TYPES = ("person", "organization", "group", "document", "other")
GENDERS = ("female", "male", None)
EVIDENCE = ("text", "name", "none")


def load(path: Path) -> list[dict[str, Any]]:
    """One JSON object per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def draft(doc: dict[str, Any]) -> dict[str, Any]:
    """A skeleton people line for one gold document: one entity per canonical speaker."""
    entities: list[dict[str, Any]] = []
    by_name: dict[str, dict[str, Any]] = {}
    sources: dict[str, list[str]] = {}
    for q in doc["quotes"]:
        if q["speaker"] is None:
            continue
        name = q["speaker_canonical"]
        if name not in by_name:
            by_name[name] = {"id": f"e{len(entities) + 1}", "name": name, "type": "?", "gender": "?",
                             "gender_evidence": "?", "role": q["speaker_role"]}
            entities.append(by_name[name])
        sources[q["id"]] = [by_name[name]["id"]]
    return {"doc_id": doc["doc_id"], "entities": entities, "source_entities": sources}


def problems(gold: list[dict[str, Any]], people: list[dict[str, Any]]) -> list[str]:
    """Every way the people layer disagrees with the gold quotes or the format."""
    out: list[str] = []
    if [d["doc_id"] for d in people] != [d["doc_id"] for d in gold]:
        return ["doc_ids differ from gold.jsonl (one line per gold document, same order)"]
    for doc, line in zip(gold, people):
        where = doc["doc_id"]
        ents = {e["id"]: e for e in line["entities"]}
        if len(ents) != len(line["entities"]):
            out.append(f"{where}: duplicate entity ids")
        if [e["id"] for e in line["entities"]] != [f"e{i + 1}" for i in range(len(ents))]:
            out.append(f"{where}: entity ids are not e1, e2, ... in order")
        quotes = {q["id"]: q for q in doc["quotes"]}
        spoken = {i for i, q in quotes.items() if q["speaker"] is not None}
        mapped = set(line["source_entities"])
        for qid in sorted(spoken - mapped):
            out.append(f"{where}: {qid} has a speaker but no entity")
        for qid in sorted(mapped - spoken):
            out.append(f"{where}: {qid} is mapped but has no speaker in gold")
        used: set[str] = set()
        for qid, ids in line["source_entities"].items():
            if not ids:
                out.append(f"{where}: {qid} maps to no entity")
            for eid in ids:
                used.add(eid)
                if eid not in ents:
                    out.append(f"{where}: {qid} -> unknown entity {eid}")
                elif qid in quotes and len(ids) == 1:
                    q, e = quotes[qid], ents[eid]
                    if e["name"] != q["speaker_canonical"]:
                        out.append(f"{where}: {eid} name {e['name']!r} != canonical {q['speaker_canonical']!r} of {qid}")
                    if e.get("role") != q["speaker_role"]:
                        out.append(f"{where}: {eid} role {e.get('role')!r} != gold role {q['speaker_role']!r} of {qid}")
        for e in line["entities"]:
            if e["id"] not in used:
                out.append(f"{where}: {e['id']} is the source of no quote")
            if e.get("type") not in TYPES:
                out.append(f"{where}: {e['id']} type {e.get('type')!r}")
            if e.get("type") == "person":
                gender, evidence = e.get("gender", "?"), e.get("gender_evidence", "?")
                if gender not in GENDERS or evidence not in EVIDENCE:
                    out.append(f"{where}: {e['id']} gender {gender!r} / evidence {evidence!r}")
                elif (gender is None) != (evidence == "none"):
                    out.append(f"{where}: {e['id']} gender {gender!r} with evidence {evidence!r}")
                if "role" not in e:
                    out.append(f"{where}: person {e['id']} has no role key")
            elif e.get("gender") is not None or e.get("gender_evidence") not in (None, "none"):
                out.append(f"{where}: non-person {e['id']} has a gender")
    return out


def counts(people: list[dict[str, Any]]) -> dict[str, Counter[Any]]:
    """Entities by type, persons by gender and by evidence."""
    ents = [e for d in people for e in d["entities"]]
    persons = [e for e in ents if e["type"] == "person"]
    return {"types": Counter(e["type"] for e in ents),
            "gender": Counter(e["gender"] for e in persons),
            "evidence": Counter((e["gender"], e["gender_evidence"]) for e in persons),
            "mapped": Counter(len(d["source_entities"]) for d in people)}


def main(argv: list[str]) -> int:
    """Check gold-people.jsonl, or print a draft line for one document."""
    gold = load(HERE / "gold.jsonl")
    if argv[:1] == ["draft"]:
        for doc in gold:
            if doc["doc_id"] in argv[1:] or len(argv) == 1:
                print(json.dumps(draft(doc), ensure_ascii=False))
        return 0
    people = load(HERE / "gold-people.jsonl")
    found = problems(gold, people)
    for p in found:
        print(p)
    c = counts(people)
    print(f"{len(people)} documents, {sum(c['types'].values())} entities {dict(c['types'])}, "
          f"{sum(n * k for n, k in c['mapped'].items())} mapped quotes")
    print(f"persons by gender {dict(c['gender'])}; by (gender, evidence) {dict(c['evidence'])}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
