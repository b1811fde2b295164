"""Partitioned runs: documents in numbered partitions, each partition's records written in one piece.

The command line runs this way for Parquet output (one part file per
partition) and on a Dask cluster (one task per partition). Partitions are
cut from the input order and count every document, readable or not, so the
same inputs always give the same partitions: a resumed Parquet run skips
the partitions whose part file is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from quotes.io.inputs import InputDoc
from quotes.io.sinks import Done, Sink

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


def _todo(docs: Iterable[InputDoc], size: int, sink: Sink, report: Callable[[str, str], None], progress: Any, start: int,
          ends: dict[int, tuple[int, str]]) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """The partitions still to run, without their unreadable documents (reported) or the parts already written.

    ``ends`` gets, for each partition handed on, the input position after its
    last document and that document's id (what a checkpoint records).
    """
    skip = sink.parts_done
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


def run(docs: Iterable[InputDoc], size: int, runner: Runner, sink: Sink, errors: Callable[[str, str], None], progress: Any,
        start: int = 0) -> None:
    """Run every partition not yet written and write each one's records as it comes back, in order.

    Args:
        docs: the input documents, in order.
        size: documents per partition.
        runner: a :class:`LocalRunner` or a Dask cluster runner.
        sink: where each partition's records go (:meth:`Sink.write_part`): a
            :class:`quotes.io.sinks.ParquetSink` or :class:`quotes.io.sinks.TableSink`.
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
        sink.write_part(index, done, *ends.pop(index))
        for _, quotes in done:
            progress.update(quotes=len(quotes))
