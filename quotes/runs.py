"""Safe output for long command-line runs: output checks, and the progress file behind ``--resume``.

Before any model loads, :func:`check_output` refuses an output that would
overwrite an input (or the gold file), whose folder does not exist, or that
is a folder where a file is expected.

A run with ``-o OUT`` keeps ``OUT.progress`` while it runs. Its first line
says what the run writes: ``{"quotes_progress": 1, "format": ..., "options":
{...}}`` with every option that changes the records. Each later line is a
checkpoint, ``{"pos": N, "id": ..., "offset": BYTES}``: the first ``N``
input documents are done (written or failed), the ``N``-th has that id, and
their records are the first ``BYTES`` bytes of ``OUT``. The output is
fsynced before each checkpoint line is written, and that line is fsynced
too. On ``--resume`` :func:`load_resume` checks the progress file against
the output and the new command line and refuses, in one line, whatever does
not match; the output is then cut back to the last checkpoint (never
padded). A run that finishes removes the progress file, so one is there only
while a run can be resumed.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from quotes.errors import InputError
from quotes.options import Options

VERSION = 1
# at most ten fsynced checkpoints a second (each costs two fsyncs); a kill redoes at most this much work
CHECKPOINT_SECONDS = float(os.environ.get("QUOTES_CHECKPOINT_SECONDS", "0.1"))
START_OVER = "drop --resume to start over (the output is then rewritten)"


def sibling(out: Path, suffix: str) -> Path:
    """``OUT.progress``, ``OUT.errors.log``: a file named after the output."""
    return Path(str(out) + suffix)


# ---------------------------------------------------------------------------
# output checks
# ---------------------------------------------------------------------------
@contextlib.contextmanager
def output_lock(out: Path | None) -> Iterator[None]:
    """Hold ``OUT.lock`` while a run writes OUT, so that a second run on the same output refuses at once.

    An exclusive, non-waiting ``flock`` (released by the system if the run is
    killed); the file is removed when the run ends. Standard output needs none.

    Raises:
        InputError: another run holds the lock.
    """
    if out is None:
        yield
        return
    import fcntl

    path = sibling(out, ".lock")
    handle = open(path, "a")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(f"another quotes run is writing {out} ({path} is held): wait for it to end or stop it, "
                             "then run again (with --resume to go on from where it stopped)") from None
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
    finally:
        handle.close()


def check_output(out: Path | None, inputs: Iterable[str], *, flag: str = "-o", folder: bool = False,
                 siblings: Sequence[str] = ()) -> None:
    """Refuse an output that cannot be written, or would destroy an input, before any work is done.

    Args:
        out: the output path (None: standard output, nothing to check).
        inputs: the paths the run reads (``-`` is skipped): files, or folders of inputs.
        flag: the option that named the output, for the message.
        folder: the output is a folder (Parquet parts) rather than a file.
        siblings: suffixes of the files written beside the output (``.progress``, ``.errors.log``).

    Raises:
        InputError: when the output resolves to an input, lies inside an input folder (or, for a
            folder output, holds an input), is a folder where a file is written, or its folder does
            not exist.
    """
    if out is None:
        return
    target = out.resolve()
    if not target.parent.is_dir():
        raise InputError(f"cannot write {flag} {out}: the folder {out.parent} does not exist")
    if target.is_dir() and not folder:
        raise InputError(f"{flag} {out} is a folder; name the file to write")
    if folder and target.exists() and not target.is_dir():
        raise InputError(f"{flag} {out} is a file; this output is a folder")
    written = [(str(out), target)] + [(str(out) + s, sibling(target, s)) for s in siblings]
    for name in inputs:
        if name == "-":
            continue
        source = Path(name).resolve()
        for shown, path in written:
            if path == source:
                also = "" if shown == str(out) else f" (it would write {shown})"
                raise InputError(f"{flag} {out} would overwrite the input {name}{also}; write the output elsewhere")
            if source.is_dir() and source in path.parents:
                raise InputError(f"{flag} {out} would write {shown} inside the input folder {name}; "
                                 "write the output elsewhere")
        if folder and target in source.parents:
            raise InputError(f"{flag} {out} is a folder that holds the input {name}; write the output elsewhere")


# ---------------------------------------------------------------------------
# the progress file
# ---------------------------------------------------------------------------
def record_options(options: Options, others: dict[str, Any]) -> dict[str, Any]:
    """A run's record-changing options as the progress file stores them, by flag.

    Args:
        options: the Extractor's options; those whose flag says ``record`` are
            stored (:meth:`~quotes.options.Options.record_flags`: ``"--cues":
            ["speech", "writing"]``, ``"--no-surface": false``, ...).
        others: the command line's own record-changing options by argument
            name (``max_doc_chars``, ``excel``, ...).

    Returns:
        ``{"--flag": value}``, every value plain JSON (others that are not are stored as text).
    """
    stored = options.record_flags()
    for name, value in others.items():
        if value is not None and not isinstance(value, (bool, int, float, str)):
            value = str(value)
        stored["--" + name.replace("_", "-")] = value
    return stored


def header_entry(fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    """The first line of a progress file: what the run writes and the options that change its records."""
    return {"quotes_progress": VERSION, "format": fmt, "options": options}


@dataclass
class Resume:
    """Where an interrupted run stopped, as checked by :func:`load_resume`."""

    pos: int = 0  # input documents done
    last_id: str | None = None  # the id of the last of them
    offset: int = 0  # bytes of the output that hold their records
    resumed: bool = False  # False: there is nothing to resume, the run starts afresh


def _entries(progress: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the checkpoints of a progress file, every line checked."""
    try:
        data = progress.read_bytes()
    except FileNotFoundError:
        raise InputError(f"cannot resume: {progress} is missing, so the output was not left by an interrupted "
                         f"quotes run (a run that finishes removes it); {START_OVER}") from None
    except OSError as exc:
        raise InputError(f"cannot resume: cannot read {progress}: {exc.strerror or exc}") from None
    lines = data.split(b"\n")
    if lines[-1]:
        lines.pop()  # a line cut by the crash: nothing after the last full line is recorded
    lines = lines[:-1] if lines and not lines[-1] else lines
    if not lines or not lines[0].strip():
        raise InputError(f"cannot resume: {progress} is empty, so the output was not left by an interrupted "
                         f"quotes run; {START_OVER}")
    try:
        header = json.loads(lines[0])
        ok = isinstance(header, dict) and header.get("quotes_progress") == VERSION and isinstance(
            header.get("options"), dict)
    except ValueError:
        ok = False
    if not ok:
        raise InputError(f"cannot resume: {progress} line 1 is not the header this version of quotes writes; "
                         f"{START_OVER}")
    entries = []
    last_pos = last_offset = 0
    for n, line in enumerate(lines[1:], 2):
        try:
            entry = json.loads(line)
            pos, doc_id, offset = entry["pos"], entry["id"], entry["offset"]
            ok = (isinstance(pos, int) and isinstance(offset, int) and isinstance(doc_id, str)
                  and pos > last_pos and offset >= last_offset)
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            raise InputError(f"cannot resume: {progress} line {n} is not a well-formed checkpoint; {START_OVER}")
        last_pos, last_offset = pos, offset
        entries.append(entry)
    return header, entries


def _differences(header: dict[str, Any], fmt: str, options: dict[str, Any]) -> list[str]:
    said = []
    if header.get("format") != fmt:
        said.append(f"--format: the interrupted run wrote {header.get('format')}, this one {fmt}")
    old = header["options"]
    for name in sorted(set(old) | set(options)):
        if old.get(name) != options.get(name):
            said.append(f"{name}: the interrupted run used {_show(old.get(name))}, this one {_show(options.get(name))}")
    return said


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value)) or "(none)"
    return "(not set)" if value is None else str(value)


def load_resume(out: Path, fmt: str, options: dict[str, Any], header_bytes: bytes = b"") -> Resume:
    """Check that ``out`` can be resumed by this run, and where to go on from.

    Args:
        out: the output (a file; for Parquet the folder).
        fmt: this run's ``--format``.
        options: this run's record-changing options (compared with those recorded).
        header_bytes: what a fresh run writes first (the CSV header line, with its byte-order mark
            under ``--excel``); the output must start with it.

    Returns:
        The position to go on from (zero when the output does not exist: a new run).

    Raises:
        InputError: one line saying what does not match: a missing, empty or malformed progress file,
            another format or other options, an output shorter than recorded or not starting with the
            header, or not ending a record where the progress file says.
    """
    progress = sibling(out, ".progress")
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return Resume()
    header, entries = _entries(progress)
    differences = _differences(header, fmt, options)
    if differences:
        raise InputError(f"cannot resume {out}: {'; '.join(differences)}; run the same command again, "
                         f"or {START_OVER}")
    if fmt == "parquet":
        return Resume(resumed=True)
    last: dict[str, Any] = entries[-1] if entries else {"pos": 0, "id": None, "offset": len(header_bytes)}
    size = out.stat().st_size
    if size < last["offset"]:
        raise InputError(f"cannot resume: {out} is {size} bytes, shorter than the {last['offset']} bytes {progress} "
                         f"records, so it was changed after the run stopped; {START_OVER}")
    with out.open("rb") as fh:
        head = fh.read(len(header_bytes))
        fh.seek(max(last["offset"] - 1, 0))
        end = fh.read(1)
    if head != header_bytes:
        raise InputError(f"cannot resume: {out} does not start with the {fmt} header this run writes; {START_OVER}")
    if last["offset"] > len(header_bytes) and end != b"\n":
        raise InputError(f"cannot resume: {out} does not end a record at byte {last['offset']}, where {progress} "
                         f"says it does, so it was changed after the run stopped; {START_OVER}")
    return Resume(last["pos"], last["id"], last["offset"], resumed=True)


def skip_done(docs: Iterator[Any], resume: Resume, progress: Path) -> int:
    """Read past the documents an interrupted run finished, checking the last one's id.

    Documents are skipped by position, so inputs whose ids repeat resume
    right; the id of the last one skipped must be the one recorded, or the
    inputs changed.

    Returns:
        How many documents were skipped.

    Raises:
        InputError: when the inputs hold fewer documents, or another id at that place.
    """
    doc = None
    for n in range(resume.pos):
        doc = next(docs, None)
        if doc is None:
            raise InputError(f"cannot resume: the inputs hold {n} documents, but {progress} records {resume.pos} "
                             f"done, so the inputs changed; {START_OVER}")
    if doc is not None and doc.doc_id != resume.last_id:
        raise InputError(f"cannot resume: document {resume.pos} of the inputs is {doc.doc_id!r}, but {progress} "
                         f"recorded {resume.last_id!r} there, so the inputs changed; {START_OVER}")
    return resume.pos


def _fsync(fh: IO[bytes]) -> None:
    fh.flush()
    os.fsync(fh.fileno())


class ProgressFile:
    """Writes ``OUT.progress``: the header line, then checkpoints, each after the output is fsynced.

    Args:
        out: the output the checkpoints describe.
        fmt: the output format.
        options: the record-changing options.
        append: go on with an existing file (``--resume``) instead of starting one.
    """

    def __init__(self, out: Path, fmt: str, options: dict[str, Any], *, append: bool) -> None:
        self.path = sibling(out, ".progress")
        self.fh: IO[bytes]
        if append and self.path.exists():
            self.fh = self.path.open("r+b")
            data = self.fh.read()
            self.fh.truncate(data.rindex(b"\n") + 1)  # drop a line cut by the crash
            self.fh.seek(0, os.SEEK_END)
        else:
            self.fh = self.path.open("wb")
            self.fh.write(json.dumps(header_entry(fmt, options)).encode("utf-8") + b"\n")
            _fsync(self.fh)
        self.last = 0.0

    def checkpoint(self, output: IO[bytes] | None, pos: int, doc_id: str, *, force: bool = False) -> None:
        """Record that the first ``pos`` documents are done, at most every :data:`CHECKPOINT_SECONDS`."""
        now = time.monotonic()
        if not force and now - self.last < CHECKPOINT_SECONDS:
            return
        self.last = now
        offset = 0
        if output is not None:
            _fsync(output)
            offset = output.tell()
        self.fh.write(json.dumps({"pos": pos, "id": doc_id, "offset": offset}, ensure_ascii=True).encode() + b"\n")
        _fsync(self.fh)

    def close(self, *, finished: bool) -> None:
        """Close; a finished run removes the file (nothing is left to resume)."""
        self.fh.close()
        if finished:
            self.path.unlink(missing_ok=True)


class Ledger:
    """Which input documents are done, in input order, to say how far a checkpoint reaches.

    Documents are added as they go to the extractor (or as already done,
    for an unreadable one); each is finished when its records are written
    or its failure is reported. :meth:`reach` is the number of leading
    documents that are all done, and the id of the last of them.
    """

    def __init__(self, start: int = 0) -> None:
        self.pending: dict[int, tuple[str, bool]] = {}
        self.next = start  # the position the next document gets
        self.reached, self.reached_id = start, ""

    def add(self, doc_id: str, *, done: bool = False) -> None:
        """A document read from the input, in order."""
        self.pending[self.next] = (doc_id, done)
        self.next += 1

    def finish(self, doc_id: str) -> None:
        """The earliest pending document with this id is done."""
        for pos, (pid, done) in self.pending.items():
            if pid == doc_id and not done:
                self.pending[pos] = (pid, True)
                return

    def reach(self) -> tuple[int, str]:
        """(documents done from the start, id of the last of them)."""
        while self.reached in self.pending and self.pending[self.reached][1]:
            self.reached_id = self.pending.pop(self.reached)[0]
            self.reached += 1
        return self.reached, self.reached_id
