"""How much of PolNeAR's indirect class can a reported-speech extractor reach? A bound, measured.

    quotes evaluate ../shared/eval/polnear-dev.jsonl --cues all --save-pred all.jsonl
    quotes evaluate ../shared/eval/polnear-dev.jsonl --save-pred default.jsonl
    python benchmarks/studies/indirect_bound.py ../shared/eval/polnear-dev.jsonl all.jsonl default.jsonl

Two questions about the indirect class, both answered with the gold:

* **Recall.** Each gold indirect quote is put in one of four groups: does
  its content hold a finite verb (a word the shared models tag VBD, VBZ,
  VBP or MD: a reported clause), and does its cue hold a word of any cue
  list (``--cues all``)? The script prints the share of the gold in each
  group and the recall of the first prediction file (overlap > 0.8, kind
  indirect on both sides) in each, so one sees where the missing recall
  lives: in contents that are no clause ("Christie endorsed Trump") and
  cues that are no verb of saying or thinking ("a call to arms against").
* **Precision.** An oracle drops whole cue words from the second prediction
  file, the least precise first as judged by the gold itself, until the
  precision of its indirect records reaches ``--target``; it prints how
  many words that takes, which ones, and the recall left. When a handful of
  rare words gets there, the gap is spread thin and no rule written without
  the gold closes it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import ROOT, SHARED

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
sys.path.insert(0, str(ROOT))

from quotes.cues import CUE_CLASSES, lexicon
from quotes.evaluate import GoldDoc, _match, load_gold
from quotes.extract import Extractor

FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _predictions(path: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            found[record["doc_id"]].append(record)
    return found


def _indirect(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r.get("kind") == "indirect"]


def recall_by_group(docs: list[GoldDoc], preds: dict[str, list[dict[str, Any]]]) -> None:
    lex = lexicon(frozenset(CUE_CLASSES))
    extractor = Extractor(cues="all", select=False)  # every sentence tagged, for the finite-verb test
    size: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for doc in docs:
        tokens = [t for s in extractor.analyse([doc.text])[0].sentences for t in s.tokens]
        golds = _indirect(list(doc.quotes))
        matched = {gi for gi, _, _ in _match(golds, _indirect(preds.get(doc.doc_id, [])), 0.8)}
        for gi, gold in enumerate(golds):
            spans = gold.get("spans") or [[gold["start"], gold["end"]]]
            clause = any(t.xpos in FINITE for t in tokens if any(a <= t.start < b for a, b in spans))
            cue = gold.get("cue") or ""
            listed = "according" in cue.lower() or any(
                lex.cue_lemma(w) or lex.is_cue_noun(w) for w in re.findall(r"[A-Za-z’']+", cue))
            group = f"{'a clause' if clause else 'no finite verb'}, {'listed cue' if listed else 'cue in no list'}"
            size[group] += 1
            hit[group] += gi in matched
    total = sum(size.values())
    print(f"gold indirect quotes: {total}; recall of the predictions: {sum(hit.values()) / total:.3f}")
    print(f"{'content, cue':<32}{'gold':>7}{'share':>8}{'recall':>8}")
    for group in sorted(size):
        print(f"{group:<32}{size[group]:>7}{size[group] / total:>8.3f}{hit[group] / size[group]:>8.3f}")


def oracle_precision(docs: list[GoldDoc], preds: dict[str, list[dict[str, Any]]], target: float) -> None:
    lex = lexicon(frozenset(CUE_CLASSES))
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    n_gold = 0
    for doc in docs:
        golds = _indirect(list(doc.quotes))
        mine = _indirect(preds.get(doc.doc_id, []))
        n_gold += len(golds)
        matched = {pi for _, pi, _ in _match(golds, mine, 0.8)}
        for pi, record in enumerate(mine):
            cue = record.get("cue") or ""
            word = lex.cue_lemma(cue) or cue.lower() or f"({record['rule']})"
            (right if pi in matched else wrong)[word] += 1
    hits, preds_n = sum(right.values()), sum(right.values()) + sum(wrong.values())
    print(f"indirect records: {preds_n}, precision {hits / preds_n:.3f}, recall {hits / n_gold:.3f}")
    dropped = []
    for word in sorted(set(right) | set(wrong), key=lambda w: (right[w] / (right[w] + wrong[w]), right[w])):
        if hits / preds_n >= target:
            break
        hits -= right[word]
        preds_n -= right[word] + wrong[word]
        dropped.append(f"{word} {right[word]}/{right[word] + wrong[word]}")
    print(f"oracle: {len(dropped)} cue words dropped -> precision {hits / preds_n:.3f}, recall {hits / n_gold:.3f}")
    print("dropped (right/records):", ", ".join(dropped))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold")
    parser.add_argument("all_cues", help="predictions with --cues all (the recall groups)")
    parser.add_argument("default_cues", help="predictions with the default cues (the precision oracle)")
    parser.add_argument("--target", type=float, default=0.88)
    args = parser.parse_args()
    docs = load_gold(args.gold)
    recall_by_group(docs, _predictions(args.all_cues))
    print()
    oracle_precision(docs, _predictions(args.default_cues), args.target)


if __name__ == "__main__":
    main()
