"""The command line: inputs, outputs, bad input, resumable runs."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotes.cli import main
from quotes.types import QUOTE_FIELDS

ROOT = Path(__file__).resolve().parents[1]
DOC_A = "“We will win,” said Maria Keller, a geologist at the state survey.\n\nShe said the road would stay closed."
DOC_B = "The council met on Tuesday.\n\nMayor Ellen Ruiz said the budget was balanced."


def run(args, capsys, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture()
def docs_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(DOC_B, encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    return folder


def test_cli_extract_seed_writes_csv_to_stdout(capsys, models_dir):
    code, out, err = run(["extract", str(ROOT.parent / "shared" / "seed" / "article.txt")], capsys)
    assert code == 0
    records = rows(out)
    assert out.splitlines()[0] == ",".join(QUOTE_FIELDS)
    assert {r["doc_id"] for r in records} == {"article"}
    assert [r["speaker"] for r in records if r["kind"] == "mixed"] == [
        "a statement", "It", "A spokesman for China’s Foreign Ministry", "The spokesperson"]
    assert "1 document," in err and "Traceback" not in err


def test_cli_extract_seed_jsonl(capsys, models_dir):
    code, out, _ = run(["extract", str(ROOT.parent / "shared" / "seed" / "article.txt"), "--format", "jsonl",
                        "--kinds", "direct,mixed"], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4 and all(tuple(r) == QUOTE_FIELDS for r in records)
    assert records[1]["speaker_canonical"] == "a statement"


def test_cli_extract_folder_is_recursive_with_progress(capsys, docs_dir, models_dir):
    code, out, err = run(["extract", str(docs_dir)], capsys)
    assert code == 0
    assert [r["doc_id"] for r in rows(out)][:1] == ["a"]
    assert "sub/b" in {r["doc_id"] for r in rows(out)}
    assert "2 documents" in err


def test_cli_extract_jsonl_input_skips_and_reports_bad_lines(capsys, tmp_path, models_dir):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "one", "text": DOC_A, "extra": 1}) + "\n{not json\n" + json.dumps({"doc_id": "two", "text": DOC_B}) + "\n",
        encoding="utf-8",
    )
    out_path = tmp_path / "out.csv"
    code, _, err = run(["extract", str(path), "-o", str(out_path)], capsys)
    assert code == 0
    ids = [r["doc_id"] for r in rows(out_path.read_text(encoding="utf-8"))]
    assert ids[0] == "one" and "two" in ids
    assert "line 2 is not JSON" in err
    log = Path(str(out_path) + ".errors.log").read_text(encoding="utf-8")
    assert log.startswith(f"{path}:2\t")


def test_cli_extract_csv_and_gzip_tsv_inputs(capsys, tmp_path, models_dir):
    csv_path = tmp_path / "news.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["article_id", "body", "source"])
        writer.writerow(["x1", DOC_A, "wire"])
    tsv_path = tmp_path / "news.tsv.gz"
    with gzip.open(tsv_path, "wt", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter="\t").writerows([["id", "text"], ["x2", DOC_B.replace("\n", " ")]])
    code, out, _ = run(["extract", str(csv_path), str(tsv_path), "--id-column", "article_id", "--text-column", "body"],
                       capsys)
    assert code == 2  # the TSV has no article_id column: one clear line
    code, out, err = run(["extract", str(csv_path), "--id-column", "article_id", "--text-column", "body"], capsys)
    assert code == 0 and {r["doc_id"] for r in rows(out)} == {"x1"}
    code, out, err = run(["extract", str(tsv_path)], capsys)
    assert code == 0 and {r["doc_id"] for r in rows(out)} == {"x2"}


def test_cli_missing_column_is_one_line_and_exit_2(capsys, tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    code, out, err = run(["extract", str(path)], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "no column 'text'" in err and "--text-column" in err


def test_cli_stdin(capsys, monkeypatch, models_dir):
    code, out, _ = run(["extract", "-"], capsys, stdin=DOC_A, monkeypatch=monkeypatch)
    assert code == 0
    assert rows(out)[0]["doc_id"] == "stdin" and rows(out)[0]["speaker"] == "Maria Keller"


def test_cli_bad_files_are_reported_not_fatal(capsys, tmp_path, models_dir):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "latin1.txt").write_bytes("café «quoted» said he".encode("latin-1"))
    (folder / "bom.txt").write_bytes("\ufeff“Yes,” she said.".encode("utf-8"))
    (folder / "stray.txt").write_text("“ ” \" ' « " * 2000, encoding="utf-8")
    lines = [f"Line {i} of a long list with nothing to see." for i in range(23000)]
    lines[10000] = "“A quote in the middle of a long file,” the reporter said."
    (folder / "long.txt").write_text("\n".join(lines), encoding="utf-8")
    assert (folder / "long.txt").stat().st_size > 1_000_000
    code, out, err = run(["extract", str(folder), "--format", "jsonl"], capsys)
    assert code == 0
    assert "Traceback" not in err
    assert "'binary' failed: binary data" in err and "'latin1' failed: not valid UTF-8" in err
    records = [json.loads(line) for line in out.splitlines()]
    by_doc = {}
    for r in records:
        by_doc.setdefault(r["doc_id"], []).append(r)
    assert by_doc["bom"][0]["text"] == "“Yes,”" and by_doc["bom"][0]["start"] == 0
    assert by_doc["long"][0]["speaker"] == "the reporter"
    assert "4 documents" in err and "2 failed" in err
    code, _, _ = run(["extract", str(folder / "binary.txt")], capsys)
    assert code == 1  # nothing succeeded
    code, _, _ = run(["extract", str(folder), "--strict"], capsys)
    assert code == 1


def test_cli_missing_input_and_models_are_one_line(capsys, tmp_path):
    code, _, err = run(["extract", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and err.strip() == f"quotes: error: input {tmp_path / 'nope.txt'} does not exist"
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    code, _, err = run(["extract", str(tmp_path / "a.txt"), "--model-dir", str(tmp_path / "models")], capsys)
    assert code == 2 and err.count("\n") == 1
    assert "models not found in" in err and "stanza.download('en')" in err


TRICKY = 'The mayor spoke, "briefly".\n\n“Costs rose, sharply, and ‘more’ will follow.\n\n“We said so, twice,” she said.'


def test_cli_excel_bom_and_rfc4180_round_trip(capsys, tmp_path, models_dir):
    src = tmp_path / "tricky.txt"
    src.write_text(TRICKY, encoding="utf-8")
    out_path = tmp_path / "out.csv"
    code, _, _ = run(["extract", str(src), "-o", str(out_path), "--excel"], capsys)
    assert code == 0
    raw = out_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with out_path.open(encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh))
    assert any("\n" in r["text"] and "," in r["text"] and "“" in r["text"] for r in records)
    for r in records:
        assert TRICKY[int(r["start"]):int(r["end"])] == r["text"]
        assert [TRICKY[a:b] for a, b in json.loads(r["pieces"])]


def test_cli_excel_defuses_formula_cells_and_plain_csv_keeps_them(capsys, tmp_path, models_dir):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "=HYPERLINK(\"http://example.com\")", "text": "-“We will win,” said @CityHall."})
                   + "\n", encoding="utf-8")
    written = {}
    for name, extra in (("plain", []), ("excel", ["--excel"])):
        out_path = tmp_path / f"{name}.csv"
        assert run(["extract", str(src), "-o", str(out_path), *extra], capsys)[0] == 0
        with out_path.open(encoding="utf-8-sig", newline="") as fh:
            written[name] = list(csv.DictReader(fh))
    assert [r["doc_id"] for r in written["plain"]] == ['=HYPERLINK("http://example.com")']
    assert [r["doc_id"] for r in written["excel"]] == ['\'=HYPERLINK("http://example.com")']
    assert [r["text"] for r in written["plain"]] == ["-“We will win,”"]
    assert [r["text"] for r in written["excel"]] == ["'-“We will win,”"]
    assert [r["speaker"] for r in written["excel"]] == ["'" + r["speaker"] for r in written["plain"]]
    assert [r["speaker"] for r in written["plain"]] == ["@CityHall"]


def _run_cli(args: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "quotes.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_cli_resume_after_kill_loses_nothing(tmp_path, models_dir):
    DOCS = 400  # enough that the kill lands part way even on a fast machine
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(DOCS):
            fh.write(json.dumps({"id": f"d{i}", "text": f"Story {i}.\n\n“Number {i} is fine,” said Officer Lee {i}."}) + "\n")
    full = tmp_path / "full.jsonl"
    done = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", str(src), "-o", str(full), "--format",
                           "jsonl", "--batch-chars", "200", "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out.jsonl"
    proc = _run_cli(["extract", str(src), "-o", str(out), "--format", "jsonl", "--batch-chars", "200", "-q"],
                    env={**os.environ, "QUOTES_CHECKPOINT_SECONDS": "0"})  # a checkpoint for every document
    progress = Path(str(out) + ".progress")
    deadline = time.time() + 120
    while time.time() < deadline and (not progress.exists() or progress.read_text().count("\n") < 5):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = progress.read_text().count("\n")
    assert 5 <= written < DOCS, "the run should be killed part way"
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"doc_id": "half-writ')  # a record cut by the kill
    again = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", str(src), "-o", str(out), "--format",
                            "jsonl", "--resume", "-q"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
    assert not progress.exists()  # the resumed run finished: nothing left to resume


def test_cli_resume_needs_an_output_file(capsys, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DOC_A, encoding="utf-8")
    code, _, err = run(["extract", str(src), "--resume"], capsys)
    assert code == 2 and "--resume needs -o" in err


def test_cli_evaluate_prints_scores(capsys, tmp_path, models_dir):
    gold = ROOT / "corpus" / "gold.jsonl"
    docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()[:3]]
    small = tmp_path / "gold.jsonl"
    small.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    code, out, _ = run(["evaluate", str(small), "--save-pred", str(pred)], capsys)
    assert code == 0 and "overlap > 0.8" in out and "recall by kind" in out
    code, out, _ = run(["evaluate", str(small), "--pred", str(pred), "--json", "--kinds", "direct"], capsys)
    report = json.loads(out)
    assert report["kinds"] == ["direct"] and report["gold"] == sum(
        1 for d in docs for q in d["quotes"] if q["kind"] == "direct")


def test_cli_workers_keep_input_order(tmp_path, models_dir):
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(12):
            fh.write(json.dumps({"id": f"d{i:02d}", "text": f"“Item {i} works,” said Ana {i}."}) + "\n")
    res = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", str(src), "--workers", "2",
                          "--batch-chars", "60", "--format", "jsonl", "-q"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    ids = [json.loads(line)["doc_id"] for line in res.stdout.splitlines()]
    assert ids == [f"d{i:02d}" for i in range(12)]


def test_cli_device_option(capsys, tmp_path, models_dir):
    import torch

    src = tmp_path / "a.txt"
    src.write_text(DOC_A, encoding="utf-8")
    code, out, err = run(["extract", str(src), "--device", "cuda"], capsys)
    if torch.cuda.is_available():
        assert code == 0 and rows(out)[0]["speaker"] == "Maria Keller"
    else:
        assert code == 2 and err.strip() == "quotes: error: --device cuda was asked for but torch sees no GPU; use --device cpu"
    code, out, _ = run(["extract", str(src), "--device", "cpu"], capsys)
    assert code == 0 and rows(out)[0]["speaker"] == "Maria Keller"
