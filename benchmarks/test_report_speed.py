"""The corpus report: reading, summarizing and drawing about 20,000 records."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from quotes import report
from quotes.types import QUOTE_FIELDS

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "eval" / "polnear-train.jsonl"


@pytest.fixture(scope="session")
def gold_records_csv(tmp_path_factory) -> Path:
    """PolNeAR train's gold attributions (19,832) written as a records CSV (gold speaker as canonical)."""
    path = tmp_path_factory.mktemp("report") / "train-gold.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, QUOTE_FIELDS)
        writer.writeheader()
        for line in TRAIN.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for n, q in enumerate(doc["quotes"], 1):
                writer.writerow({"doc_id": doc["doc_id"], "quote_id": n, "start": q["start"], "end": q["end"],
                                 "speaker": q.get("speaker") or "", "speaker_canonical": q.get("speaker") or "",
                                 "cue": q.get("cue") or "", "kind": q["kind"], "pieces": "[]"})
    return path


def test_report_speed_polnear_train_gold(benchmark, gold_records_csv):
    benchmark.group = "report"

    def run() -> str:
        return report.render_report(report.summarize(report.read_records(gold_records_csv)))

    page = benchmark(run)
    benchmark.extra_info["records"] = sum(1 for _ in gold_records_csv.open(encoding="utf-8")) - 1
    benchmark.extra_info["page KB"] = round(len(page.encode("utf-8")) / 1024, 1)
