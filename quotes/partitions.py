"""Partitioned runs: documents in numbered partitions, each partition's records written in one piece.

The command line runs this way for Parquet output (one part file per
partition) and on a Dask cluster (one task per partition). Partitions are
cut from the input order and count every document, readable or not, so the
same inputs always give the same partitions: a resumed Parquet run skips
the partitions whose part file is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from quotes.errors import InputError
from quotes.inputs import InputDoc
from quotes.types import Quote

Done = list[tuple[str, list[Quote]]]
Failed = list[tuple[str, str]]


class Runner(Protocol):
    """Turns partitions of (doc_id, text) into records, handing them back in the order given."""

    def map(self, parts: Iterable[tuple[int, list[tuple[str, str]]]]) -> Iterator[tuple[int, Done, Failed]]: ...

    def close(self) -> None: ...


def partitions(docs: Iterable[InputDoc], size: int) -> Iterator[tuple[int, list[InputDoc]]]:
    """Number consecutive runs of ``size`` documents from 0, in input order."""
    part: list[InputDoc] = []
    index = 0
    for doc in docs:
        part.append(doc)
        if len(part) == size:
            yield index, part
            part, index = [], index + 1
    if part:
        yield index, part


class LocalRunner:
    """Runs each partition with an Extractor in this process (and its worker pool, if it has one)."""

    def __init__(self, extractor: Any) -> None:
        self.extractor = extractor

    def map(self, parts: Iterable[tuple[int, list[tuple[str, str]]]]) -> Iterator[tuple[int, Done, Failed]]:
        """(index, done, failed) for each partition, in order."""
        for index, docs in parts:
            failed: Failed = []
            done = list(self.extractor.extract_many(docs, on_error=lambda d, e: failed.append((d, f"{type(e).__name__}: {e}"))))
            yield index, done, failed

    def close(self) -> None:
        """Stop the Extractor's worker processes, if any."""
        self.extractor.close()


class ParquetSink:
    """Records as a folder of Parquet part files, one per partition (see :mod:`quotes.parquet`).

    Args:
        folder: the output folder (``-o``).
        resume: continue a run into a folder that already holds part files.

    Raises:
        InputError: without a folder, when it is a file, or when it already
            holds part files and ``resume`` is off.
        MissingExtraError: when pyarrow is not installed.
    """

    def __init__(self, folder: Path | None, *, resume: bool) -> None:
        from quotes import parquet

        if folder is None:
            raise InputError("--format parquet writes a folder of part files: name it with -o FOLDER")
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder} is a file; --format parquet writes a folder of part files")
        parquet.arrow_schema()  # fail now, before models load, when pyarrow is missing
        self.folder = folder
        self.progress: Any = None  # the run's quotes.runs.ProgressFile, set once the models are loaded
        self.parts_done = parquet.written_parts(folder) if folder.is_dir() else set()
        if self.parts_done and not resume:
            raise InputError(f"{folder} already holds part files; add --resume to finish that run, or remove them")

    def write_part(self, index: int, done: Done) -> None:
        """Write one partition's records as its part file."""
        from quotes import parquet

        parquet.write_part(self.folder, index, parquet.records_table(q for _, quotes in done for q in quotes))

    def finish(self) -> None:
        """Every partition is written: the progress file goes (nothing is left to resume)."""
        if self.progress is not None:
            self.progress.close(finished=True)
            self.progress = None

    def close(self) -> None:
        """Close the progress file; an unfinished run keeps it for --resume."""
        if self.progress is not None:
            self.progress.close(finished=False)
            self.progress = None


def _todo(docs: Iterable[InputDoc], size: int, sink: Any, report: Callable[[str, str], None], progress: Any, start: int,
          ends: dict[int, tuple[int, str]]) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """The partitions still to run, without their unreadable documents (reported) or the parts already written.

    ``ends`` gets, for each partition handed on, the input position after its
    last document and that document's id (what a checkpoint records).
    """
    skip: set[int] = getattr(sink, "parts_done", set())
    pos = start
    for index, part in partitions(docs, size):
        pos += len(part)
        if index in skip:
            progress.skip(len(part))
            continue
        ends[index] = (pos, part[-1].doc_id)
        good = []
        for doc in part:
            if doc.error is not None:
                report(doc.doc_id, doc.error)
            else:
                good.append((doc.doc_id, doc.text))
        yield index, good


def run(docs: Iterable[InputDoc], size: int, runner: Runner, sink: Any, errors: Callable[[str, str], None], progress: Any,
        start: int = 0) -> None:
    """Run every partition not yet written and write each one's records as it comes back, in order.

    Args:
        docs: the input documents, in order.
        size: documents per partition.
        runner: a :class:`LocalRunner` or a Dask cluster runner.
        sink: a :class:`ParquetSink`, or the CLI's CSV/JSONL sink (``write(doc_id, text, quotes)``).
        errors: called with (doc_id, message) for each failed document.
        progress: the CLI's progress bar (``update(quotes=, failed=)``, ``skip(n)``).
        start: the input position of the first document (a resumed run skipped that many).
    """
    def report(doc_id: str, message: str) -> None:
        errors(doc_id, message)
        progress.update(failed=1)

    ends: dict[int, tuple[int, str]] = {}
    for index, done, failed in runner.map(_todo(docs, size, sink, report, progress, start, ends)):
        for doc_id, message in failed:
            report(doc_id, message)
        if isinstance(sink, ParquetSink):
            sink.write_part(index, done)
        else:
            for doc_id, quotes in done:
                sink.write(doc_id, "", quotes)
            sink.checkpoint(*ends.pop(index), force=True)  # the whole partition is done
        for _, quotes in done:
            progress.update(quotes=len(quotes))
