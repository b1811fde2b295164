"""Quotes on a real Dask cluster: a LocalCluster of two single-threaded worker processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import quotes.dask as qdask
from quotes.io.inputs import read_folder
from quotes.types import QUOTE_FIELDS

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "corpus" / "articles"


@pytest.fixture(scope="module")
def client():
    """Two worker processes, one thread each; torch gets one thread per worker too (see OPTIONS)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as dask_client:
            yield dask_client


@pytest.fixture(scope="module")
def options(models_dir):
    """The options `quotes extract --model-dir M --device cpu --threads 1` builds, so that the
    command-line tests below find each worker's Extractor already loaded."""
    from quotes.cli import _extractor_options, build_parser

    args = build_parser().parse_args(["extract", "x", "--model-dir", str(models_dir), "--device", "cpu", "--threads", "1"])
    return _extractor_options(args)


@pytest.fixture(scope="module")
def documents(polnear_dev) -> list[tuple[str, str]]:
    """corpus/ and the first 30 PolNeAR dev documents."""
    return [(d.doc_id, d.text) for d in read_folder(ARTICLES)] + [(d.doc_id, d.text) for d in polnear_dev[:30]]


@pytest.fixture(scope="module")
def expected(extractor, documents) -> list[dict]:
    """The in-process Extractor's records, as table rows."""
    return [q.to_row() for _, records in extractor.extract_many(documents) for q in records]


def _rows(frame: pd.DataFrame) -> list[dict]:
    """A computed frame's rows as plain Python values (None for nulls)."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in plain.to_dict("records")]


def test_dask_records_equal_the_in_process_extractor(client, options, documents, expected):
    frame = dd.from_pandas(pd.DataFrame(documents, columns=["id", "text"]), npartitions=8)
    records = qdask.extract(frame, options=options)
    assert list(records.columns) == list(QUOTE_FIELDS)
    assert records.dtypes.to_dict() == qdask.records_meta().dtypes.to_dict()
    got = records.compute()
    assert got.dtypes.to_dict() == qdask.records_meta().dtypes.to_dict()
    assert str(got["speaker_start"].dtype) == "Int64" and str(got["quote_id"].dtype) == "int64"
    assert len(expected) > 300
    assert _rows(got) == expected  # field by field, in document order
    loads = client.run(lambda: dict(qdask._LOADS))  # eight partitions, one Extractor per worker process
    assert loads and all(counts == {options.key: 1} for counts in loads.values()), loads


def test_dask_junk_document_lands_in_the_errors_frame(client, options, documents, expected, tmp_path):
    bad_file = tmp_path / "latin1.txt"
    bad_file.write_bytes("Caf\u00e9 owner said \u201cno\u201d.".encode("cp1252"))
    good = documents[:3]
    rows = [good[0], ("nul", "Half a story\x00\x00 and binary."), good[1], ("bad-utf8", bad_file.read_bytes()),
            ("null", None), good[2]]
    with dask.config.set({"dataframe.convert-string": False}):  # keep the raw bytes as they came
        frame = dd.from_pandas(pd.DataFrame(rows, columns=["key", "body"], dtype=object), npartitions=2)
    # Extractor keyword arguments give the same options, so the same key: the workers load nothing again
    records, errors = qdask.extract_with_errors(frame, id_column="key", text_column="body", **options.to_dict())
    got, failed = dask.compute(records, errors)
    assert failed.dtypes.to_dict() == qdask.errors_meta().dtypes.to_dict()
    assert list(failed["doc_id"]) == ["nul", "bad-utf8", "null"]
    messages = list(failed["error"])
    assert "NUL bytes" in messages[0] and "UTF-8" in messages[1] and "missing" in messages[2]
    ids = {doc_id for doc_id, _ in good}
    assert _rows(got) == [r for r in expected if r["doc_id"] in ids]


def test_dask_missing_column_is_one_clear_error(options):
    frame = dd.from_pandas(pd.DataFrame({"id": ["a"], "body": ["text"]}), npartitions=1)
    with pytest.raises(qdask.InputError, match="no column 'text'.*text_column="):
        qdask.extract(frame, options=options)


def test_dask_bad_option_is_one_clear_error_on_the_client():
    frame = dd.from_pandas(pd.DataFrame({"id": ["a"], "text": ["text"]}), npartitions=1)
    with pytest.raises(qdask.InputError, match="unknown cue class"):
        qdask.extract(frame, cues="speech,rumour")


def _cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "quotes.cli", "extract", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_dask_worker_killed_mid_run_loses_and_repeats_nothing(client, options, expected, tmp_path):
    out = tmp_path / "out.jsonl"
    progress = Path(str(out) + ".progress")
    before = client.run(os.getpid)
    proc = _cli(str(ARTICLES), "--cluster", client.scheduler.address, "--format", "jsonl", "-o", str(out),
                "--partition-docs", "3", "--model-dir", options.model_dir, "--device", "cpu", "--threads", "1", "-q")
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None and (not progress.exists() or progress.read_text().count("\n") < 3):
        time.sleep(0.05)
    written = 3 * (progress.read_text().count("\n") - 1)  # a checkpoint (after the header line) per partition
    victim = max(before.values())
    os.kill(victim, signal.SIGKILL)  # partitions are in flight on both workers
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    total = len(list(ARTICLES.glob("*.txt")))
    assert 6 <= written < total, "the worker should be killed part way through the run"
    assert not progress.exists()  # the run finished: nothing is left to resume
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    articles = {doc.doc_id for doc in read_folder(ARTICLES)}
    assert [dict(r, pieces=json.dumps(r["pieces"])) for r in rows] == [r for r in expected if r["doc_id"] in articles]
    client.wait_for_workers(2, timeout=120)
    assert victim not in client.run(os.getpid).values()  # the nanny started a new process


def test_dask_missing_models_on_workers_is_one_line_exit_2(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("“We will win,” said Maria Keller.", encoding="utf-8")
    proc = _cli(str(src), "--cluster", "local:1", "--model-dir", str(tmp_path / "no-models"), "-o", str(tmp_path / "o.csv"))
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("quotes: error: worker tcp://") and f"not found in {tmp_path / 'no-models'}" in err
    assert not (tmp_path / "o.csv").exists()  # failed before any document was processed


def test_dask_missing_extra_is_one_line(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Text.", encoding="utf-8")
    code = ("import sys; sys.modules['dask'] = None; from quotes.cli import main; "
            f"sys.exit(main(['extract', {str(src)!r}, '--cluster', 'local:1']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    assert done.stderr.strip() == 'quotes: error: quotes.dask needs Dask: pip install "quotes[dask]" (dask is missing)'


def test_dask_is_never_imported_on_the_core_path():
    code = ("import sys, quotes, quotes.cli, quotes.io.inputs, quotes.io.parquet, quotes.io.partitions, quotes.io.sinks, quotes.extract; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr


def test_dask_cluster_that_loses_its_last_worker_says_so_and_stops(options, documents, monkeypatch, capsys):
    """A scheduler left with no workers: one line on standard error, then a ClusterError, never a silent wait."""
    monkeypatch.setenv("QUOTES_NO_WORKER_WARN", "1")
    monkeypatch.setenv("QUOTES_NO_WORKER_TIMEOUT", "4")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as lone:
            runner = qdask.ClusterRunner(lone, options)  # the worker loads its models
            lone.retire_workers(list(lone.scheduler_info()["workers"]), close_workers=True)
            deadline = time.monotonic() + 30
            while lone.nthreads() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not lone.nthreads()
            with pytest.raises(qdask.ClusterError, match="no workers for 4 s"):
                list(runner.map([(0, documents[:2])]))
    assert "no workers left; waiting for one" in capsys.readouterr().err
