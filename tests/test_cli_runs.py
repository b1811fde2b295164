"""Long runs on the real command line: outputs that would destroy inputs, --resume checks, the progress
display, argument errors, error logs, symlinks and a full disk."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quotes import cli, runs
from quotes.io import sinks
from quotes.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = "“We will win,” said Maria Keller."
IDS = ["a", "b", "a", "c", "b", "d"]  # repeated ids: resume must go by position


def _docs(ids=IDS) -> str:
    return "".join(json.dumps({"id": i, "text": f"“Item {n} works,” said Ana Lopez {n}."}) + "\n"
                   for n, i in enumerate(ids))


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("quotes: error: ") and "Traceback" not in err


# ---------------------------------------------------------------------------
# 1. an output that would destroy an input is refused before any model loads
# ---------------------------------------------------------------------------
@pytest.fixture()
def inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.jsonl").write_text(_docs(), encoding="utf-8")
    (tmp_path / "articles" / "sub").mkdir(parents=True)
    (tmp_path / "articles" / "one.txt").write_text(DOC, encoding="utf-8")
    gold = {"doc_id": "g1", "text": DOC, "quotes": [{"start": 0, "end": 14, "kind": "direct"}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "news.jsonl")
    (tmp_path / "gold-link.jsonl").symlink_to(tmp_path / "gold.jsonl")
    (tmp_path / "taken").mkdir()
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("args, message", [
    (["extract", "news.jsonl", "-o", "news.jsonl"], "-o news.jsonl would overwrite the input news.jsonl;"),
    (["extract", "news.jsonl", "-o", "./news.jsonl", "--format", "jsonl"], "would overwrite the input news.jsonl"),
    (["extract", "news.jsonl", "-o", "link.jsonl"], "-o link.jsonl would overwrite the input news.jsonl"),
    (["extract", "articles", "-o", "articles/sub/out.csv"], "inside the input folder articles"),
    (["extract", "articles", "news.jsonl", "-o", "articles/quotes.csv"], "inside the input folder articles"),
    (["extract", "news.jsonl", "-o", "news"], None),  # control: news.progress is no input
    (["extract", "news.jsonl", "-o", "missing/out.csv"], "cannot write -o missing/out.csv: the folder missing does not exist"),
    (["extract", "news.jsonl", "-o", "taken"], "-o taken is a folder; name the file to write"),
    (["extract", "news.jsonl", "-o", "news.jsonl", "--format", "parquet"], "-o news.jsonl is a file"),
    (["extract", "articles/one.txt", "-o", "articles", "--format", "parquet"], "is a folder that holds the input"),
    (["evaluate", "gold.jsonl", "--save-pred", "gold.jsonl"], "--save-pred gold.jsonl would overwrite the input gold.jsonl"),
    (["evaluate", "gold.jsonl", "--save-pred", "gold-link.jsonl"], "would overwrite the input gold.jsonl"),
    (["evaluate", "gold.jsonl", "--save-pred", "nowhere/pred.jsonl"], "the folder nowhere does not exist"),
    (["evaluate", "gold.jsonl", "--save-pred", "taken"], "--save-pred taken is a folder"),
    (["report", "news.jsonl", "-o", "news.jsonl"], "would overwrite the input news.jsonl"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_output_over_input_is_refused_before_models_load(inputs, capsys, args, message):
    before = _snapshot(inputs)
    models = ["--model-dir", str(inputs / "no-models")] if args[0] != "report" else []
    code, out, err = run([*args, *models], capsys)
    assert code == 2 and one_line(err), err
    if message is None:  # got past the output checks: stopped by the missing models instead
        assert "models not found" in err
    else:
        assert message in err and "models" not in err
    assert _snapshot(inputs) == before  # the input and the gold byte for byte, nothing written
    assert sorted(p.name for p in inputs.iterdir()) == sorted(
        ["news.jsonl", "articles", "gold.jsonl", "link.jsonl", "gold-link.jsonl", "taken"])


def test_output_checks_unit(tmp_path):
    (tmp_path / "in.txt").write_text("x", encoding="utf-8")
    runs.check_output(None, [str(tmp_path / "in.txt")])
    runs.check_output(tmp_path / "out.csv", ["-", str(tmp_path / "in.txt")])
    runs.check_output(tmp_path / "parts", [str(tmp_path / "in.txt")], folder=True)
    with pytest.raises(runs.InputError, match="it would write .*in.txt"):
        runs.check_output(tmp_path / "in", [str(tmp_path / "in.txt")], siblings=(".txt",))


# ---------------------------------------------------------------------------
# 2. --resume verifies before it appends
# ---------------------------------------------------------------------------
def _interrupt(args: list[str], after: int) -> int:
    """Run extract and stop it as Ctrl-C would, once ``after`` documents are written."""
    real = sinks.TableSink.write
    written: list[str] = []

    def write(self, doc_id, text, quotes):
        if len(written) == after:
            raise KeyboardInterrupt
        written.append(doc_id)
        real(self, doc_id, text, quotes)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runs, "CHECKPOINT_SECONDS", 0.0)
        mp.setattr(sinks.TableSink, "write", write)
        return main(args)


@pytest.fixture(scope="module")
def stopped(tmp_path_factory, models_dir) -> Path:
    """An interrupted CSV run over documents with repeated ids (3 of 6 written), and the full run's output."""
    folder = tmp_path_factory.mktemp("stopped")
    (folder / "in.jsonl").write_text(_docs(), encoding="utf-8")
    assert main(["extract", str(folder / "in.jsonl"), "-o", str(folder / "full.csv"), "-q"]) == 0
    assert not (folder / "full.csv.progress").exists()  # a finished run leaves no progress file
    assert _interrupt(["extract", str(folder / "in.jsonl"), "-o", str(folder / "out.csv"), "-q"], 3) == 130
    return folder


@pytest.fixture()
def stop(stopped, tmp_path) -> Path:
    """A copy of the interrupted run to resume or spoil."""
    for name in ("in.jsonl", "full.csv", "out.csv", "out.csv.progress"):
        shutil.copy(stopped / name, tmp_path / name)
    return tmp_path


def test_resume_goes_on_by_position_with_repeated_ids(stop, capsys, monkeypatch):
    progress = (stop / "out.csv.progress").read_text(encoding="utf-8").splitlines()
    header = json.loads(progress[0])
    assert header["quotes_progress"] == 1 and header["format"] == "csv"
    assert header["options"]["--kinds"] == ["direct", "indirect", "mixed"] and "--partition-docs" in header["options"]
    assert [json.loads(line)["pos"] for line in progress[1:]] == [1, 2, 3]
    assert json.loads(progress[-1])["id"] == "a"  # the third document, the second "a"
    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(runs, "CHECKPOINT_SECONDS", 0.0)
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd)))
    code, _, err = run(["extract", stop / "in.jsonl", "-o", stop / "out.csv", "--resume"], capsys)
    assert code == 0, err
    assert (stop / "out.csv").read_bytes() == (stop / "full.csv").read_bytes()
    assert b"\x00" not in (stop / "out.csv").read_bytes()
    assert "3 skipped (already done), 3 documents, 3 quotes, 0 failed" in err and "0 documents" not in err
    assert not (stop / "out.csv.progress").exists()  # removed once the run finished
    checkpoints = [i for i, path in enumerate(synced) if path.endswith(".progress")]
    assert checkpoints and all(i > 0 and synced[i - 1].endswith("out.csv") for i in checkpoints)  # output first


def _spoil_short(folder: Path) -> None:
    data = (folder / "out.csv").read_bytes()
    (folder / "out.csv").write_bytes(data[: len(data) - 20])


def _spoil_header(folder: Path) -> None:
    data = (folder / "out.csv").read_bytes()
    (folder / "out.csv").write_bytes(data.replace(b"doc_id,quote_id", b"DOC_ID,QUOTE_ID", 1))  # same length


def _spoil_end(folder: Path) -> None:
    data = bytearray((folder / "out.csv").read_bytes())
    offset = json.loads((folder / "out.csv.progress").read_text().splitlines()[-1])["offset"]
    data[offset - 1:offset] = b"x"
    (folder / "out.csv").write_bytes(bytes(data))


def _progress(folder: Path, text: str) -> None:
    (folder / "out.csv.progress").write_text(text, encoding="utf-8")


def _progress_lines(folder: Path, change) -> None:
    lines = (folder / "out.csv.progress").read_text(encoding="utf-8").splitlines(keepends=True)
    _progress(folder, "".join(change(lines)))


MISMATCHES = {
    "format": ([], ["--format", "jsonl"], "--format: the interrupted run wrote csv, this one jsonl"),
    "kinds": ([], ["--kinds", "direct"], "--kinds: the interrupted run used direct,indirect,mixed, this one direct"),
    "cues": ([], ["--cues", "all"], "--cues: the interrupted run used speech,writing, this one evidence,speech,stance"),
    "partition-docs": ([], ["--partition-docs", "7"], "--partition-docs: the interrupted run used 50, this one 7"),
    "tokenizer": ([], ["--tokenizer", "stanza"], "--tokenizer: the interrupted run used rules, this one stanza"),
    "window-chars": ([], ["--window-chars", "5000"], "--window-chars: the interrupted run used 100000, this one 5000"),
    "excel": ([], ["--excel"], "--excel: the interrupted run used False, this one True"),
    "no-surface": ([], ["--no-surface"], "--no-surface: the interrupted run used False, this one True"),
    "text-column": ([], ["--text-column", "body"], "--text-column: the interrupted run used text, this one body"),
    "shorter output": ([_spoil_short], [], "bytes, shorter than the"),
    "other header": ([_spoil_header], [], "does not start with the csv header this run writes"),
    "record cut": ([_spoil_end], [], "does not end a record at byte"),
    "no progress": ([lambda f: (f / "out.csv.progress").unlink()], [], "out.csv.progress is missing"),
    "empty progress": ([lambda f: _progress(f, "")], [], "out.csv.progress is empty"),
    "foreign file": ([lambda f: (f / "out.csv").write_text("name,age\nAda,36\n"), lambda f: _progress(f, "")], [],
                     "is empty, so the output was not left by an interrupted quotes run"),
    "progress header": ([lambda f: _progress_lines(f, lambda ls: ["not json\n", *ls[1:]])], [],
                        "line 1 is not the header this version of quotes writes"),
    "old progress": ([lambda f: _progress(f, '{"id": "a", "offset": 300}\n')], [], "line 1 is not the header"),
    "bad checkpoint": ([lambda f: _progress_lines(f, lambda ls: [ls[0], "{bad\n", *ls[1:]])], [],
                       "line 2 is not a well-formed checkpoint"),
    "checkpoint fields": ([lambda f: _progress_lines(f, lambda ls: [*ls, '{"pos": "4", "id": "c", "offset": 1}\n'])],
                          [], "line 5 is not a well-formed checkpoint"),
    "backwards": ([lambda f: _progress_lines(f, lambda ls: [ls[0], ls[2], ls[1]])], [], "line 3 is not a well-formed"),
    "other inputs": ([lambda f: (f / "in.jsonl").write_text(_docs(["a", "b", "x", "c"]))], [],
                     "document 3 of the inputs is 'x', but"),
    "fewer inputs": ([lambda f: (f / "in.jsonl").write_text(_docs(["a", "b"]))], [],
                     "the inputs hold 2 documents, but"),
}


@pytest.mark.parametrize("name", list(MISMATCHES))
def test_resume_refuses_what_does_not_match(stop, capsys, name):
    spoil, extra, message = MISMATCHES[name]
    for change in spoil:
        change(stop)
    before = _snapshot(stop)
    code, _, err = run(["extract", stop / "in.jsonl", "-o", stop / "out.csv", "--resume", *extra,
                        "--model-dir", stop / "no-models"], capsys)
    assert code == 2 and one_line(err) and message in err, err
    assert "drop --resume to start over" in err
    assert _snapshot(stop) == before  # nothing touched: no truncation, no padding
    assert b"\x00" not in (stop / "out.csv").read_bytes()


def test_resume_refuses_another_gender_option(stop, capsys):
    ext = cli.build_parser()._subparsers._group_actions[0].choices["extract"]  # noqa: SLF001
    flags = [o for a in ext._actions for o in a.option_strings if "gender" in o]
    if not flags:
        pytest.skip("quotes extract has no gender option")
    flag = flags[0]
    action = next(a for a in ext._actions if flag in a.option_strings)
    extra = [flag] if action.nargs == 0 else [flag, next(c for c in (action.choices or ["x"]) if c != action.default)]
    code, _, err = run(["extract", stop / "in.jsonl", "-o", stop / "out.csv", "--resume", *extra,
                        "--model-dir", stop / "no-models"], capsys)
    assert code == 2 and one_line(err) and "gender" in err and "the interrupted run used" in err, err


def test_resume_of_a_missing_output_starts_over_and_of_stdout_is_refused(stop, capsys):
    (stop / "out.csv").unlink()
    (stop / "out.csv.progress").unlink()
    code, _, err = run(["extract", stop / "in.jsonl", "-o", stop / "out.csv", "--resume"], capsys)
    assert code == 0, err
    assert (stop / "out.csv").read_bytes() == (stop / "full.csv").read_bytes()
    code, _, err = run(["extract", stop / "in.jsonl", "--resume"], capsys)
    assert code == 2 and one_line(err) and "--resume needs -o" in err


def test_resume_with_a_cut_last_progress_line_redoes_that_document(stop, capsys):
    data = (stop / "out.csv.progress").read_bytes()
    (stop / "out.csv.progress").write_bytes(data[:-7])  # the kill cut the last checkpoint line
    code, _, err = run(["extract", stop / "in.jsonl", "-o", stop / "out.csv", "--resume"], capsys)
    assert code == 0, err
    assert (stop / "out.csv").read_bytes() == (stop / "full.csv").read_bytes()
    assert "2 skipped (already done), 4 documents" in err


def test_resume_of_a_finished_run_is_refused(stop, capsys):
    code, _, err = run(["extract", stop / "in.jsonl", "-o", stop / "full.csv", "--resume"], capsys)
    assert code == 2 and one_line(err) and "full.csv.progress is missing" in err


def test_ledger_reaches_only_past_documents_all_done():
    ledger = runs.Ledger(start=5)
    for doc_id in ("a", "b", "a", "c"):
        ledger.add(doc_id)
    ledger.add("bad", done=True)
    assert ledger.reach() == (5, "")
    ledger.finish("a")
    assert ledger.reach() == (6, "a")
    ledger.finish("a")  # the second "a"; "b" still pending
    assert ledger.reach() == (6, "a")
    ledger.finish("b")
    assert ledger.reach() == (8, "a")
    ledger.finish("c")
    assert ledger.reach() == (10, "bad")


# ---------------------------------------------------------------------------
# 3. argument errors: one line
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    ([], "the following arguments are required: command (see 'quotes --help')"),
    (["extract"], "the following arguments are required: INPUT (see 'quotes extract --help')"),
    (["extract", "a.txt", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
    (["extract", "a.txt", "--workers", "0"], "argument --workers: must be 1 or more, got 0"),
    (["evaluate", "g.jsonl", "--bogus"], "unrecognized arguments: --bogus"),
])
def test_argument_errors_are_one_line(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("quotes: error: ") and message in err and "usage:" not in err, err
    assert "--help" in err


# ---------------------------------------------------------------------------
# 4. progress: tqdm on a terminal, plain lines in a log, a true summary
# ---------------------------------------------------------------------------
class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_tqdm():
    stream = _Terminal()
    progress = cli.Progress(4, stream=stream, enabled=True, skipped=1)
    for _ in range(3):
        progress.update(quotes=2)
    progress.close()
    text = stream.getvalue()
    assert "\r" in text and "4/4" in text and "doc/s" in text and "6 quotes, 0 failed" in text
    assert progress.summary().startswith("quotes: 1 skipped (already done), 3 documents, 6 quotes, 0 failed")


def test_progress_in_a_log_is_plain_lines_from_the_first_document(monkeypatch):
    clock = [100.0, 110.0, 111.0, 112.0, 170.0, 180.0]  # start, one reading per update, the summary
    monkeypatch.setattr(cli.time, "monotonic", lambda: clock.pop(0) if len(clock) > 1 else clock[0])
    stream = io.StringIO()
    progress = cli.Progress(87, stream=stream, enabled=True)
    for _ in range(4):  # the first document comes after 10 s of model loading
        progress.update(quotes=1)
    lines = stream.getvalue().splitlines()
    assert lines == ["quotes: 4/87 documents, 4 quotes, 0 failed, 0.05 docs/s, ETA 27m40s"]
    assert "\r" not in stream.getvalue()
    assert progress.summary() == "quotes: 4 documents, 4 quotes, 0 failed, 80.0 s (0.05 docs/s)"


def test_summary_of_a_failed_file_has_no_rate(capsys, tmp_path, models_dir):
    src = tmp_path / "binary.txt"
    src.write_bytes(bytes(range(256)))
    code, _, err = run(["extract", src], capsys)
    assert code == 1
    summary = err.splitlines()[-1]
    assert summary.startswith("quotes: 0 documents, 0 quotes, 1 failed, ") and "docs/s" not in summary


def test_tqdm_is_a_declared_dependency():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = text[text.index("dependencies = ["):text.index("]", text.index("dependencies = ["))]
    assert '"tqdm' in dependencies


# ---------------------------------------------------------------------------
# 6. symlinks, forged error-log lines, stale logs, a full disk
# ---------------------------------------------------------------------------
def test_symlink_out_of_an_input_folder_is_not_followed(capsys, tmp_path, models_dir):
    outside = tmp_path / "secret.txt"
    outside.write_text("“The password is swordfish,” said Eve Black.", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # a link within the folder is read
    out = tmp_path / "out.csv"
    code, _, err = run(["extract", folder, "-o", out], capsys)
    assert code == 0
    records = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["doc_id"] for r in records} == {"a", "inside"} and "swordfish" not in out.read_text(encoding="utf-8")
    assert "document 'leak' failed:" in err and "symbolic link to a file outside" in err and "not followed" in err
    assert (tmp_path / "out.csv.errors.log").read_text(encoding="utf-8").startswith("leak\t")


def test_error_log_escapes_ids_and_a_clean_run_removes_a_stale_log(capsys, tmp_path, models_dir):
    src = tmp_path / "in.jsonl"
    evil = "x\nforged\tline\\n"
    src.write_text(json.dumps({"id": evil, "text": 5}) + "\n" + json.dumps({"id": "ok", "text": DOC}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    log = tmp_path / "out.jsonl.errors.log"
    code, _, err = run(["extract", src, "-o", out, "--format", "jsonl"], capsys)
    assert code == 0
    assert log.read_text(encoding="utf-8") == "x\\nforged\\tline\\\\n\t'text' is int, not a string\n"
    assert "document 'x\\nforged\\tline\\\\n' failed" in err and err.count("\n") == 2
    src.write_text(json.dumps({"id": "ok", "text": DOC}) + "\n", encoding="utf-8")
    assert run(["extract", src, "-o", out, "--format", "jsonl"], capsys)[0] == 0
    assert not log.exists()  # the stale log of the earlier run is gone


@pytest.mark.skipif(not os.access("/dev/full", os.W_OK), reason="/dev/full is not writable here")
@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_standard_output_on_a_full_disk_is_one_line(tmp_path, models_dir, fmt):
    src = tmp_path / "a.txt"
    src.write_text(DOC, encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", str(src), "--format", fmt],
                              stdout=full, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    assert done.stderr == "quotes: error: cannot write to standard output: No space left on device\n"


# ---------------------------------------------------------------------------
# 7. evaluate --help
# ---------------------------------------------------------------------------
def test_evaluate_help_has_a_description_and_examples(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert "Score quote records against gold annotations" in out
    assert "examples:" in out and "quotes evaluate gold.jsonl --pred quotes.jsonl" in out


# ---------------------------------------------------------------------------
# 5. --excel: a formula behind blanks
# ---------------------------------------------------------------------------
def test_excel_defuses_a_formula_behind_spaces(capsys, tmp_path, models_dir):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": " =1+1", "text": DOC}) + "\n" + json.dumps({"id": "\u00a0@x", "text": DOC}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(["extract", src, "-o", out, "--excel"], capsys)[0] == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert [r["doc_id"] for r in csv.DictReader(fh)] == ["' =1+1", "'\u00a0@x"]


# ---------------------------------------------------------------------------
# 7. the README a new user reads
# ---------------------------------------------------------------------------
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_has_no_unfilled_placeholders():
    assert not re.findall(r"\b[A-Z]+_(?:RECORDS|TIME|KB|MB|COUNT|SECONDS|N)\b", README)


def test_readme_quick_start_says_how_to_point_at_the_models(monkeypatch, capsys):
    quick = README[README.index("## Quick start"):README.index("## Stanza models")]
    assert "--model-dir" in quick and "STANZA_RESOURCES_DIR" in quick and "quotes --version" in quick
    monkeypatch.delenv("STANZA_RESOURCES_DIR", raising=False)
    with pytest.raises(SystemExit):
        main(["--version"])
    shown = capsys.readouterr().out.splitlines()[1]  # "stanza models: FOLDER (...)"
    folder = Path(shown.split(": ", 1)[1].rsplit(" (", 1)[0])
    assert "~/stanza_resources" not in README
    if sys.platform.startswith("linux") and folder.is_relative_to(Path.home()):
        assert f"`~/{folder.relative_to(Path.home())}`" in README.replace("\n", " ").replace("  ", " ")


def test_readme_pandas_example_keeps_an_empty_role_column_text(capsys, tmp_path, monkeypatch, models_dir):
    start = README.index('frame = pd.read_csv("quotes.csv"')
    block = README[README.rindex("```python", 0, start) + len("```python"):README.index("```", start)]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "NA", "text": DOC}) + "\n", encoding="utf-8")
    assert run(["extract", "in.jsonl", "-o", "quotes.csv"], capsys)[0] == 0
    scope: dict = {}
    exec(textwrap.dedent(block), scope)
    frame = scope["frame"]
    assert str(frame["speaker_role"].dtype) == "string" and frame["speaker_role"].isna().all()
    assert str(frame["speaker_start"].dtype) == "Int64" and list(frame["doc_id"]) == ["NA"]


def test_a_second_run_on_the_same_output_is_refused(tmp_path, models_dir, capsys):
    """While one run holds OUT.lock another refuses in one line (before any model loads); the lock goes at the end."""
    import fcntl

    src = tmp_path / "a.txt"
    src.write_text("“We will rebuild,” the mayor said.", encoding="utf-8")
    out = tmp_path / "out.csv"
    lock = tmp_path / "out.csv.lock"
    with open(lock, "a") as held:  # another run, writing out.csv right now
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code = main(["extract", str(src), "-o", str(out), "--model-dir", str(tmp_path / "no-models"), "-q"])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "another quotes run is writing" in err
        assert not out.exists()
    assert main(["extract", str(src), "-o", str(out), "--model-dir", str(models_dir), "-q"]) == 0
    assert out.read_text(encoding="utf-8").count("\n") == 2  # the header and the one record
    assert not lock.exists()
