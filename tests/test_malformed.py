"""Malformed input to evaluate, report and extract: one line naming the file, line and field; exit 2."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from quotes.io import export
from quotes.cli import main
from quotes.types import Quote

TEXT = "Ann Lee said the bridge would reopen."
QUOTE = {"start": 13, "end": 36, "speaker": "Ann Lee", "speaker_start": 0, "speaker_end": 7, "kind": "indirect"}
GOLD = {"doc_id": "d", "text": TEXT, "quotes": [QUOTE]}
PRED = {"doc_id": "d", "quote_id": 1, "text": TEXT[13:36], "start": 13, "end": 36, "speaker": "Ann Lee",
        "speaker_start": 0, "speaker_end": 7, "kind": "indirect", "cue_class": "speech"}


def _quote(**change):
    return {**GOLD, "quotes": [{**QUOTE, **change}]}


def _without(row: dict, field: str) -> dict:
    return {k: v for k, v in row.items() if k != field}


# (id, the bad line, the field the message must name)
BAD_GOLD = [
    ("quotes not a list", {**GOLD, "quotes": {"start": 1}}, "'quotes'"),
    ("quotes a string", {**GOLD, "quotes": "none"}, "'quotes'"),
    ("quote not an object", {**GOLD, "quotes": [5]}, "quote 1"),
    ("quote a list", {**GOLD, "quotes": [[13, 36]]}, "quote 1"),
    ("missing start", {**GOLD, "quotes": [_without(QUOTE, "start")]}, "'start'"),
    ("missing end", {**GOLD, "quotes": [_without(QUOTE, "end")]}, "'end'"),
    ("string start", _quote(start="13"), "'start'"),
    ("float end", _quote(end=36.5), "'end'"),
    ("bool start", _quote(start=True), "'start'"),
    ("null start", _quote(start=None), "'start'"),
    ("negative start", _quote(start=-1), "'start'"),
    ("reversed", _quote(start=30, end=20), "'start' 30 is after 'end' 20"),
    ("past the text", _quote(end=999), "'end' is 999, outside the text (0 to 37)"),
    ("speaker offset a string", _quote(speaker_start="0"), "'speaker_start'"),
    ("speaker end past the text", _quote(speaker_end=99), "'speaker_end'"),
    ("speaker end missing", _quote(speaker_end=None), "'speaker_end'"),
    ("spans of one number", _quote(spans=[13]), "'spans' item 1"),
    ("spans a number", _quote(spans=13), "'spans'"),
    ("spans triple", _quote(spans=[[13, 20, 36]]), "'spans' item 1"),
    ("spans past the text", _quote(spans=[[13, 99]]), "'spans' item 1: 'end'"),
    ("kind a list", _quote(kind=["direct"]), "'kind'"),
    ("cue_class a number", _quote(cue_class=1), "'cue_class'"),
    ("top-level list", [GOLD], "an array, not a JSON object"),
    ("top-level string", '"text"', "a string, not a JSON object"),
    ("top-level null", "null", "null, not a JSON object"),
    ("missing doc_id", _without(GOLD, "doc_id"), "'doc_id'"),
    ("doc_id an object", {**GOLD, "doc_id": {"a": 1}}, "'doc_id'"),
    ("missing text", _without(GOLD, "text"), "'text'"),
    ("text a number", {**GOLD, "text": 5}, "'text'"),
    ("missing quotes", _without(GOLD, "quotes"), "'quotes'"),
    ("not JSON", "{oops", "not JSON"),
]

BAD_PRED = [
    ("top-level list", [PRED], "an array, not a JSON object"),
    ("missing doc_id", _without(PRED, "doc_id"), "'doc_id'"),
    ("null doc_id", {**PRED, "doc_id": None}, "'doc_id'"),
    ("missing kind", _without(PRED, "kind"), "'kind'"),
    ("missing start", _without(PRED, "start"), "'start'"),
    ("string start", {**PRED, "start": "13"}, "'start'"),
    ("negative start", {**PRED, "start": -5}, "'start'"),
    ("reversed", {**PRED, "start": 30, "end": 20}, "'start' 30 is after 'end' 20"),
    ("past the text", {**PRED, "end": 38}, "'end' is 38, outside the text (0 to 37)"),
    ("cue offsets strings", {**PRED, "cue_start": "4", "cue_end": "8"}, "'cue_start'"),
    ("speaker start alone", {**PRED, "speaker_end": None}, "'speaker_end'"),
    ("cue_class a list", {**PRED, "cue_class": ["speech"]}, "'cue_class'"),
    ("not JSON", "{oops", "not JSON"),
]


def _lines(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _one_line_error(capsys, code: int) -> str:
    out, err = capsys.readouterr()
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("quotes: error: ") and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("bad, field", [b[1:] for b in BAD_GOLD], ids=[b[0] for b in BAD_GOLD])
def test_malformed_gold_is_one_line_naming_file_line_and_field(tmp_path, capsys, bad, field):
    gold = _lines(tmp_path / "gold.jsonl", [{**GOLD, "doc_id": "first"}, bad])
    pred = _lines(tmp_path / "pred.jsonl", [PRED])
    err = _one_line_error(capsys, main(["evaluate", str(gold), "--pred", str(pred)]))
    assert f"{gold}:2: " in err and field in err


@pytest.mark.parametrize("bad, field", [b[1:] for b in BAD_PRED], ids=[b[0] for b in BAD_PRED])
def test_malformed_predictions_are_one_line_naming_file_line_and_field(tmp_path, capsys, bad, field):
    gold = _lines(tmp_path / "gold.jsonl", [GOLD])
    pred = _lines(tmp_path / "pred.jsonl", [PRED, bad])
    err = _one_line_error(capsys, main(["evaluate", str(gold), "--pred", str(pred)]))
    assert f"{pred}:2: " in err and field in err


def test_malformed_well_formed_input_still_scores(tmp_path, capsys):
    gold = _lines(tmp_path / "gold.jsonl", [GOLD, {"doc_id": "e", "text": "x", "quotes": []}])
    pred = _lines(tmp_path / "pred.jsonl", [PRED, {**PRED, "doc_id": "elsewhere", "end": 5000}])  # not in the gold
    assert main(["evaluate", str(gold), "--pred", str(pred), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overlap>0.8"]["f1"] == 1.0


def test_malformed_gold_repeated_doc_id_and_bad_encoding(tmp_path, capsys):
    gold = _lines(tmp_path / "gold.jsonl", [GOLD, GOLD])
    err = _one_line_error(capsys, main(["evaluate", str(gold), "--pred", str(gold)]))
    assert f"{gold}:2: doc_id 'd' appears twice (first on line 1)" in err
    gold.write_bytes(b'{"doc_id": "d", "text": "\xff", "quotes": []}\n')
    err = _one_line_error(capsys, main(["evaluate", str(gold), "--pred", str(gold)]))
    assert "not UTF-8" in err


def _truncated_gzip(path: Path, data: bytes) -> Path:
    packed = gzip.compress(data * 200)
    path.write_bytes(packed[: len(packed) // 2])
    return path


def test_malformed_truncated_gzip_input_to_extract(tmp_path, capsys):
    src = _truncated_gzip(tmp_path / "docs.jsonl.gz", b'{"id": "a", "text": "Ann said so."}\n')
    err = _one_line_error(capsys, main(["extract", str(src), "-q"]))
    assert f"{src} is damaged or cut short" in err
    src = _truncated_gzip(tmp_path / "docs.csv.gz", b'id,text\na,"Ann said so."\n')
    assert f"{src} is damaged or cut short" in _one_line_error(capsys, main(["extract", str(src), "-q"]))


def _record_rows() -> bytes:
    q = Quote("d", 1, "x", 0, 1, ((0, 1),), "Ann", 0, 3, "Ann", None, "person", None, "said", 4, 8, "speech",
              "direct", "r", 0.9)
    return export.jsonl_rows([q]).encode()


@pytest.mark.parametrize("name", ["records.jsonl.gz", "records.csv.gz"])
def test_malformed_truncated_gzip_records_to_report(tmp_path, capsys, name):
    data = _record_rows() if name.startswith("records.jsonl") else (export.csv_header() + "d,1,x,0,1,[],Ann,0,3,Ann,,"
                                                                    "person,,said,4,8,speech,direct,r,0.9\r\n").encode()
    src = _truncated_gzip(tmp_path / name, data)
    err = _one_line_error(capsys, main(["report", str(src), "-o", str(tmp_path / "r.html")]))
    assert f"{src}: damaged or cut short" in err


@pytest.fixture()
def parquet_folders(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    made = {}
    for name in ("records-later-lacks-columns", "records-later-not-parquet", "docs-later-lacks-columns",
                 "docs-later-not-parquet"):
        folder = tmp_path / name
        folder.mkdir()
        if name.startswith("records"):
            rows = [json.loads(line) for line in _record_rows().decode().splitlines()]
            rows[0]["pieces"] = json.dumps(rows[0]["pieces"])
            pq.write_table(pa.Table.from_pylist(rows), folder / "part-00000.parquet")
        else:
            pq.write_table(pa.table({"id": ["a"], "text": ["Ann said so."]}), folder / "part-00000.parquet")
        if name.endswith("lacks-columns"):
            pq.write_table(pa.table({"other": [1, 2]}), folder / "part-00001.parquet")
        else:
            (folder / "part-00001.parquet").write_bytes(b"not parquet at all")
        made[name] = folder
    return made


@pytest.mark.parametrize("name", ["records-later-lacks-columns", "records-later-not-parquet"])
def test_malformed_parquet_folder_to_report(parquet_folders, tmp_path, capsys, name):
    folder = parquet_folders[name]
    err = _one_line_error(capsys, main(["report", str(folder), "-o", str(tmp_path / "r.html")]))
    assert "part-00001.parquet" in err


@pytest.mark.parametrize("name", ["docs-later-lacks-columns", "docs-later-not-parquet"])
def test_malformed_parquet_folder_to_extract(parquet_folders, capsys, name):
    folder = parquet_folders[name]
    err = _one_line_error(capsys, main(["extract", str(folder), "--input-format", "parquet", "-q"]))
    assert str(folder / "part-00001.parquet") in err
