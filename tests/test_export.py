"""CSV, JSONL and HTML output: round trips through csv, pandas, R and a real browser."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import subprocess
from pathlib import Path

import pytest
from conftest import CHROMIUM_FLAGS, chromium, system_program

from quotes import export
from quotes.types import QUOTE_FIELDS, Quote

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"

TRICKY = [
    Quote("doc, with comma", 1, '“Costs rose, sharply,\r\nand \'more\' \"will\" follow”', 0, 46, ((0, 46),),
          "Ana “Nana” O'Brien", 50, 68, "Ana O'Brien", "city councillor, Ward 3", "said", 69, 73, "speech", "direct",
          "content_before_cue", 0.85),
    Quote("ünïcødé ✓", 2, "that nothing\nhappened", 80, 101, (), None, None, None, None, None, None, None, None,
          None, "indirect", "according_to", 0.5),
]


def _as_text(q: Quote) -> dict[str, str]:
    row = q.to_dict()
    row["pieces"] = json.dumps(row["pieces"])
    return {k: "" if row[k] is None else str(row[k]) for k in QUOTE_FIELDS}


def test_export_csv_round_trips_through_python_csv():
    data = export.csv_header() + export.csv_rows(TRICKY)
    assert data.endswith("\r\n")
    back = list(csv.DictReader(io.StringIO(data, newline="")))
    assert back == [_as_text(q) for q in TRICKY]


def test_export_csv_round_trips_through_pandas(tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas comes with the dev extra")
    path = tmp_path / "q.csv"
    path.write_text(export.csv_header() + export.csv_rows(TRICKY), encoding="utf-8", newline="")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(QUOTE_FIELDS)
    assert frame.to_dict("records") == [_as_text(q) for q in TRICKY]


def test_export_to_dataframe_has_contract_columns():
    pytest.importorskip("pandas", reason="pandas comes with the dev extra")
    frame = export.to_dataframe(TRICKY)
    assert list(frame.columns) == list(QUOTE_FIELDS) and len(frame) == 2
    assert frame.loc[0, "speaker"] == "Ana “Nana” O'Brien"


def test_export_csv_round_trips_through_r(tmp_path):
    rscript = system_program("Rscript", package="r-base-core")
    path = tmp_path / "q.csv"
    path.write_text(export.csv_header() + export.csv_rows(TRICKY), encoding="utf-8", newline="")
    out = tmp_path / "r.txt"
    script = (
        f"df <- read.csv('{path}', encoding='UTF-8', stringsAsFactors=FALSE, na.strings=character(0));"
        f"con <- file('{out}', open='w', encoding='UTF-8');"
        "for (col in names(df)) cat(col, '\\x1f', paste(as.character(df[[col]]), collapse='\\x1e'), '\\x1d', file=con, sep='');"
        "close(con)"
    )
    subprocess.run([rscript, "-e", script], check=True, capture_output=True)
    cols = {}
    for chunk in out.read_text(encoding="utf-8").split("\x1d")[:-1]:
        name, values = chunk.split("\x1f")
        cols[name] = values.split("\x1e")
    assert list(cols) == list(QUOTE_FIELDS)
    expected = [_as_text(q) for q in TRICKY]
    assert cols["text"] == [e["text"].replace("\r\n", "\n") for e in expected] or cols["text"] == [e["text"] for e in expected]
    assert cols["speaker"] == [e["speaker"] for e in expected]
    assert cols["doc_id"] == [e["doc_id"] for e in expected]
    assert cols["start"] == [e["start"] for e in expected]


def test_export_jsonl_one_record_per_line():
    lines = export.jsonl_rows(TRICKY).splitlines()
    assert [json.loads(line) for line in lines] == [q.to_dict() for q in TRICKY]


class _QuoteText(html.parser.HTMLParser):
    """Collects the text of every element carrying data-q, by quote id."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.quotes: dict[str, str] = {}
        self.tags: list[str] = []
        self.in_tag = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(a.get("data-q"))
        self.in_tag = "data-tag-of" in a

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        self.in_tag = False

    def handle_data(self, data):
        qid = next((q for q in reversed(self.stack) if q), None)
        if qid is not None:
            self.quotes[qid] = self.quotes.get(qid, "") + data
        if self.in_tag:
            self.tags.append(data)


def test_export_html_is_self_contained(seed_text, seed_quotes):
    page = export.render_html([("article", seed_text, seed_quotes)])
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert page.count("data-tag-of=") == len(seed_quotes)


def test_export_html_renders_in_chromium(tmp_path, seed_text, seed_quotes):
    browser = chromium()
    page = tmp_path / "seed.html"
    page.write_text(export.render_html([("article", seed_text, seed_quotes)]), encoding="utf-8")
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    parsed = _QuoteText()
    parsed.feed(dom)
    assert parsed.quotes == {str(q.quote_id): q.text for q in seed_quotes}
    assert any("A spokesman for China’s Foreign Ministry · urged" in t for t in parsed.tags)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-seed.png"
    subprocess.run([browser, *flags, "--window-size=1200,1800", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000
