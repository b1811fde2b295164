"""Parquet in and out (pyarrow), in-process: part files, resume, the schema, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from quotes.cli import main
from quotes.io.inputs import read_folder
from quotes.io.parquet import arrow_schema
from quotes.types import QUOTE_FIELDS, record_schema

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    ("a", "“We will win,” said Maria Keller, a geologist at the state survey.\n\nShe said the road would stay closed."),
    ("b", "The council met on Tuesday.\n\nMayor Ellen Ruiz said the budget was balanced."),
    *[(d.doc_id, d.text) for d in read_folder(ROOT / "corpus" / "articles")][:3],
]


def run(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def test_parquet_schema_comes_from_the_record_fields():
    schema = arrow_schema()
    assert schema.names == list(QUOTE_FIELDS)
    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "json": pa.string()}
    for field in schema:
        kind, nullable = record_schema()[field.name]
        assert (field.type, field.nullable) == (kinds[kind], nullable)
    assert schema.field("pieces").type == pa.string() and schema.field("speaker_start").nullable


@pytest.fixture(scope="module")
def jsonl_rows(tmp_path_factory, models_dir) -> list[dict]:
    """The JSONL output for DOCS, the reference the Parquet output must equal."""
    folder = tmp_path_factory.mktemp("jsonl")
    src, out = folder / "docs.jsonl", folder / "out.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in DOCS), encoding="utf-8")
    assert main(["extract", str(src), "--format", "jsonl", "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in rows} == {i for i, _ in DOCS}
    return rows


def _input(tmp_path: Path) -> Path:
    """DOCS as Parquet with other column names, and one row whose text is null."""
    src = tmp_path / "docs.parquet"
    table = pa.table({"key": [i for i, _ in DOCS[:2]] + ["empty"] + [i for i, _ in DOCS[2:]],
                      "body": [t for _, t in DOCS[:2]] + [None] + [t for _, t in DOCS[2:]]})
    pq.write_table(table, src)
    return src


def _plain(frame: pd.DataFrame) -> list[dict]:
    plain = frame.astype(object).where(frame.notna(), None)
    return [dict(r, pieces=json.loads(r["pieces"])) for r in plain.to_dict("records")]


def test_parquet_output_reads_back_equal_to_jsonl(tmp_path, capsys, jsonl_rows):
    folder = tmp_path / "records"
    code, err = run(["extract", str(_input(tmp_path)), "--id-column", "key", "--text-column", "body",
                     "--format", "parquet", "-o", str(folder), "--partition-docs", "2"], capsys)
    assert code == 0, err
    assert "document 'empty' failed: the text is missing (null)" in err
    assert sorted(p.name for p in folder.iterdir()) == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    by_pandas = pd.read_parquet(folder)
    assert list(by_pandas.columns) == list(QUOTE_FIELDS)
    assert _plain(by_pandas) == jsonl_rows
    by_arrow = pq.read_table(folder)
    assert by_arrow.schema.names == list(QUOTE_FIELDS)
    assert [dict(r, pieces=json.loads(r["pieces"])) for r in by_arrow.to_pylist()] == jsonl_rows


def test_parquet_resume_rewrites_only_missing_parts(tmp_path, capsys, monkeypatch, jsonl_rows):
    from quotes.io import partitions, sinks

    folder = tmp_path / "records"
    progress = tmp_path / "records.progress"
    args = ["extract", str(_input(tmp_path)), "--id-column", "key", "--text-column", "body", "--format", "parquet",
            "-o", str(folder), "--partition-docs", "2", "-q"]
    real = sinks.ParquetSink.write_part

    def write_part(self, index, done, *end):
        if index == 1:
            raise KeyboardInterrupt  # as if the run had been stopped before writing part 1
        real(self, index, done, *end)

    monkeypatch.setattr(sinks.ParquetSink, "write_part", write_part)
    assert run(args, capsys)[0] == 130
    monkeypatch.setattr(sinks.ParquetSink, "write_part", real)
    assert sorted(p.name for p in folder.iterdir()) == ["part-00000.parquet"] and progress.exists()
    code, err = run(args, capsys)
    assert code == 2 and err.strip().endswith("already holds part files; add --resume to finish that run, or remove them")
    code, err = run([*args, "--resume", "--partition-docs", "3"], capsys)  # other partitions would lose records
    assert code == 2 and "--partition-docs: the interrupted run used 2, this one 3" in err and err.count("\n") == 1
    kept = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    code, err = run([*args[:-1], "--resume"], capsys)
    assert code == 0, err
    assert "2 skipped (already done), 3 documents" in err  # part 0's two documents
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name in kept} == kept
    assert (folder / "part-00001.parquet").exists() and not progress.exists()
    assert [dict(r, pieces=json.loads(r["pieces"])) for r in pq.read_table(folder).to_pylist()] == jsonl_rows
    code, err = run([*args, "--resume"], capsys)  # the run finished: nothing is left to resume
    assert code == 2 and "records.progress is missing" in err


@pytest.mark.parametrize(
    "make, extra, message",
    [
        (lambda p: pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), p), [],
         "has no column 'text' (columns: id, body); name it with --text-column"),
        (lambda p: pq.write_table(pa.table({"key": ["a"], "text": ["x"]}), p), [],
         "has no column 'id' (columns: key, text); name it with --id-column"),
        (lambda p: p.write_bytes(b"id,text\na,x\n"), [], "cannot read"),
        (lambda p: pq.write_table(pa.table({"id": ["a"], "text": ["x"]}), p), ["--format", "parquet"],
         "--format parquet writes a folder of part files: name it with -o FOLDER"),
    ],
    ids=["no text column", "no id column", "not parquet", "no output folder"],
)
def test_parquet_bad_input_is_one_line_exit_2(tmp_path, capsys, make, extra, message):
    src = tmp_path / "docs.parquet"
    make(src)
    code, err = run(["extract", str(src), *extra], capsys)
    assert code == 2 and err.count("\n") == 1 and message in err, err
