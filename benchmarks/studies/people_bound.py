"""How far resolution can take the people scores, given the records the attribution makes.

Reads gold, its people layer and saved predictions (``quotes evaluate GOLD
--save-pred P.jsonl``) and scores people three ways with
:func:`quotes.evaluate.evaluate`:

* **as predicted**;
* **oracle speakers**: every prediction matched to a gold quote (overlap >
  0.8) whose gold maps to one entity takes that entity's name, type and
  gender; the other predictions stay as they are. What is left is what the
  attribution stage loses (quotes not found, records that match no gold);
* **oracle speakers, matched records only**: the same, unmatched predictions
  dropped: the recall the found quotes allow at perfect precision.

Usage::

    python benchmarks/studies/people_bound.py GOLD.jsonl PEOPLE.jsonl PRED.jsonl [--cues all]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from typing import Any

from quotes.evaluate import _match, evaluate, load_gold, load_people


def _oracle(gold: Any, people: Any, predictions: dict[str, list[dict[str, Any]]], keep_unmatched: bool
            ) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    layers = people
    for doc in gold:
        preds = [dict(p) for p in predictions.get(doc.doc_id, [])]
        layer = layers.get(doc.doc_id)
        matched = set()
        if layer is not None:
            entities = layer.entities
            for gi, pi, _share in _match(doc.quotes, preds, 0.8):
                ids = layer.sources.get(doc.quotes[gi].get("id"), ())
                if len(ids) != 1:
                    continue
                entity = entities[ids[0]]
                kind = entity.get("type")
                preds[pi].update(speaker_canonical=entity["name"], speaker=preds[pi].get("speaker") or entity["name"],
                                 speaker_type=kind if kind != "other" else None,
                                 speaker_gender=entity.get("gender") if kind == "person" else None)
                matched.add(pi)
        out[doc.doc_id] = [p for n, p in enumerate(preds) if keep_unmatched or n in matched]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold")
    parser.add_argument("people")
    parser.add_argument("pred")
    parser.add_argument("--cues", default=None, help="score only these cue classes (as quotes evaluate --cues)")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    people = load_people(args.people)
    predictions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with open(args.pred, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                predictions[record["doc_id"]].append(record)
    cues = None if args.cues in (None, "all") else args.cues.split(",")
    runs = (("as predicted", predictions), ("oracle speakers", _oracle(gold, people, predictions, True)),
            ("oracle speakers, matched only", _oracle(gold, people, predictions, False)))
    print(f"{'':<32}{'canon':>7}{'type':>7}{'pers P':>8}{'pers R':>8}{'pers F1':>8}{'fem F1':>8}{'male F1':>8}"
          f"{'fem share':>10}")
    for label, preds in runs:
        found = evaluate(gold, preds, cues=cues, people=people)["people"]
        quoted = found["people_quoted"]
        share = found["female_share"]["predicted"]
        print(f"{label:<32}{found['canonical_exact']['accuracy']:>7.3f}{found['speaker_type']['accuracy']:>7.3f}"
              f"{quoted['precision']:>8.3f}{quoted['recall']:>8.3f}{quoted['f1']:>8.3f}"
              f"{found['people_quoted_female']['f1']:>8.3f}{found['people_quoted_male']['f1']:>8.3f}"
              f"{share if share is not None else float('nan'):>10.3f}")
    print(f"gold female share: {found['female_share']['gold']:.3f}")


if __name__ == "__main__":
    main()
