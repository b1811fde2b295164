"""The Extractor: spans → parse → attribute → speakers → Quote records."""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from quotes import pipeline
from quotes.cues import lexicon
from quotes.errors import DocumentError
from quotes.options import Options
from quotes.pipeline import quotes_from_analysis as quotes_from_analysis  # re-exported: the library API
from quotes.pipeline import quotes_from_records as quotes_from_records
from quotes.parse import Parser, check_models, resolve_device
from quotes.parse import model_dir as model_dir_path
from quotes.types import Analysis, Attribution, Quote

ErrorHandler = Callable[[str, Exception], None]


def _check_text(doc_id: str, text: Any) -> str:
    if not isinstance(text, str):
        raise DocumentError(f"document {doc_id!r}: text must be str, got {type(text).__name__}")
    return text


class Extractor:
    """Finds quotes and their speakers; load once, reuse across documents.

    Args:
        options: an :class:`~quotes.options.Options` (default: the defaults).
        **keywords: any :class:`~quotes.options.Options` field, as
            ``Extractor(model_dir=..., cues="all", workers=4)``; with
            ``options`` too, they replace those fields of it. The fields:
            ``model_dir``, ``device`` (``auto``, ``cpu``, ``cuda``), ``tokenizer``
            (``rules``, ``stanza``, ``spacy``), ``select``, ``surface``,
            ``kinds``, ``cues`` (``"speech,writing"`` by default, ``"all"``),
            ``batch_chars``, ``window_chars``, ``workers`` (processes for
            :meth:`extract_many`; each loads the models once and keeps them
            while this Extractor lives, see :meth:`close`), ``threads``,
            ``gender`` (``names``, ``text``, ``off``) and ``fastparse``; see
            :class:`~quotes.options.Options` for what each does and its default.

    Raises:
        ModelsNotFoundError: when the models are missing and cannot be downloaded.
        InputError: for a bad device, tokenizer, kind, cue class, worker count or window size.
        TypeError: for a keyword that is not an option.
    """

    def __init__(self, *, options: Options | None = None, **keywords: Any) -> None:
        if options is None:
            options = Options(**keywords)
        elif keywords:
            options = replace(options, **keywords)
        self.options = options
        self.threads = options.threads or max(1, (os.cpu_count() or 1) // options.workers)
        self.lex = lexicon(options.cues)
        # Worker processes resolve "auto" themselves: the parent then never imports torch,
        # which would take two seconds of a core while the workers load their models.
        self.device = "auto" if options.workers > 1 and options.device == "auto" else resolve_device(options.device)
        self._parser: Parser | None = None
        self._pool: Any = None
        if options.workers == 1:
            _set_threads(self.threads)
            self._parser = Parser(model_dir_=model_dir_path(options.model_dir), device=self.device,
                                  tokenizer=options.tokenizer, lex=self.lex, fast=options.fastparse,
                                  prefilter=pipeline.PREFILTER)
        else:  # fail here, not inside a worker, when the models cannot be had
            check_models(model_dir_path(options.model_dir))

    @property
    def parser(self) -> Parser:
        """The loaded stanza pipeline (loaded on first use when workers > 1)."""
        if self._parser is None:
            self._parser = Parser(model_dir_=model_dir_path(self.options.model_dir),
                                  device=resolve_device(self.device), tokenizer=self.options.tokenizer, lex=self.lex,
                                  fast=self.options.fastparse, prefilter=pipeline.PREFILTER)
        return self._parser

    def analyse(self, texts: Sequence[str]) -> list[Analysis]:
        """Stages 1–6 of :mod:`quotes.pipeline` over a batch of texts: what the rules see of each."""
        opts = self.options
        return pipeline.analyse(self.parser, [pipeline.prepare(t, self.lex, surface=opts.surface) for t in texts],
                                select=opts.select)

    def extract(self, text: str, doc_id: str = "") -> list[Quote]:
        """Find the quotes of one document.

        Args:
            text: the document text (any str; empty gives no quotes).
            doc_id: written into every record.

        Returns:
            The Quote records in text order.

        Raises:
            DocumentError: if text is not a str.
        """
        text = _check_text(doc_id, text)
        return pipeline.run(self.parser, [(doc_id, text)], self.options, self.lex)[0][1]

    def windowed_records(self, text: str) -> list[Attribution]:
        """The attribution records of a long document, analysed one window at a time.

        Args:
            text: the document text.

        Returns:
            The records, speakers not yet resolved, in text order: those of
            each window that start in its core (see :mod:`quotes.windows`).
        """
        opts = self.options
        return pipeline.windowed_records(self.parser, pipeline.prepare(text, self.lex, surface=opts.surface), self.lex,
                                         size=opts.window_chars, select=opts.select)

    def extract_many(
        self, docs: Iterable[tuple[str, str]], *, on_error: ErrorHandler | None = None
    ) -> Iterator[tuple[str, list[Quote]]]:
        """Find the quotes of many documents, batched, in input order.

        Args:
            docs: an iterable (possibly endless) of (doc_id, text) pairs.
            on_error: called with (doc_id, exception) for a document that fails;
                that document is then skipped and the run goes on. Without it
                the exception is raised.

        Yields:
            (doc_id, quotes) for each document, in input order.
        """
        opts = self.options
        if opts.workers > 1:
            yield from _parallel(self._worker_pool(), _batches(docs, opts.batch_chars), on_error)
            return
        for batch in _batches(docs, opts.batch_chars):
            yield from self._run_batch(batch, on_error)

    def _worker_pool(self) -> Any:
        if self._pool is None:
            self._pool = _Workers(self.options.workers, self._worker_options())
        return self._pool

    def _worker_options(self) -> Options:
        """What each worker process builds its own Extractor with: one process, its share of the threads."""
        return replace(self.options, device=self.device, workers=1, threads=self.threads)

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: nothing left to clean
            pass

    def _run_batch(self, batch: list[tuple[str, str]], on_error: ErrorHandler | None) -> list[tuple[str, list[Quote]]]:
        """Process a batch together (long documents in windows); if it fails, retry document by document."""
        try:
            checked = [(doc_id, _check_text(doc_id, text)) for doc_id, text in batch]
            return pipeline.run(self.parser, checked, self.options, self.lex)
        except Exception:
            if len(batch) == 1 and on_error is None:
                raise
        out = []
        for doc_id, text in batch:
            try:
                out.append((doc_id, self.extract(text, doc_id)))
            except Exception as exc:  # one bad document must not sink the run
                if on_error is None:
                    raise
                on_error(doc_id, exc)
        return out


DOCS_PER_WORKER = 8  # a worker loads its own models: below this many documents each, one process is faster


def auto_workers(documents: int | None) -> int:
    """How many worker processes ``--workers auto`` means: one per core, for runs with enough documents.

    Args:
        documents: how many documents the run holds (None when unknown, as for standard input).

    Returns:
        The number of cores, but at most one per ``DOCS_PER_WORKER``
        documents (so one document, or a handful, stay in one process);
        the number of cores when the count is unknown.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if documents is None:
        return max(1, cores)
    return max(1, min(cores, documents // DOCS_PER_WORKER))


def _batches(docs: Iterable[tuple[str, str]], batch_chars: int) -> Iterator[list[tuple[str, str]]]:
    """Group documents into batches of about batch_chars characters."""
    batch: list[tuple[str, str]] = []
    size = 0
    for doc_id, text in docs:
        batch.append((doc_id, text))
        size += len(text) if isinstance(text, str) else 1
        if size >= batch_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


# ---------------------------------------------------------------------------
# worker processes
# ---------------------------------------------------------------------------
_WORKER: Extractor | None = None
_WORKER_ERROR: str | None = None


def _set_threads(threads: int) -> None:
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def _init_worker(options: Options) -> None:
    """Load the models once per worker; remember a failure instead of dying (a dead
    initializer makes multiprocessing restart the worker forever)."""
    global _WORKER, _WORKER_ERROR
    try:
        _WORKER = Extractor(options=options)
    except Exception as exc:
        _WORKER_ERROR = f"{type(exc).__name__}: {exc}"


def _work(batch: list[tuple[str, str]]) -> tuple[list[tuple[str, list[Quote]]], list[tuple[str, str]]]:
    if _WORKER is None:
        raise DocumentError(f"worker could not load its models: {_WORKER_ERROR}")
    errors: list[tuple[str, str]] = []
    done = _WORKER._run_batch(batch, lambda doc_id, exc: errors.append((doc_id, f"{type(exc).__name__}: {exc}")))
    return done, errors


class _Workers:
    """Worker processes that each load the models once; a worker that dies is replaced and its batches run again.

    A worker killed from outside (the out-of-memory killer, a cluster's
    scheduler, a person) breaks the process pool: every batch still in flight
    is sent again to a fresh pool, so nothing is lost and, results being
    taken once per batch, nothing is written twice. A batch that breaks the
    pool ``RETRIES`` times (a document that kills any worker) becomes a
    per-document error instead of stopping the run.
    """

    RETRIES = 2

    def __init__(self, workers: int, options: Options) -> None:
        self.workers, self.options = workers, options
        self.generation = 0  # how many pools broke before this one
        self.executor = self._start()

    def _start(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.options,))

    def submit(self, batch: list[tuple[str, str]]) -> tuple[Any, int]:
        """(future, generation) of one batch; a pool found broken on submit is replaced first."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.executor.submit(_work, batch), self.generation
        except BrokenProcessPool:
            self.restart()
            return self.executor.submit(_work, batch), self.generation

    def restart(self) -> None:
        """A fresh pool after a worker died (the broken one is shut down)."""
        self._stop(self.executor)
        self.generation += 1
        self.executor = self._start()

    def close(self) -> None:
        self._stop(self.executor)

    @staticmethod
    def _stop(executor: Any) -> None:
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # no waiting on batches in flight
            process.terminate()
        for process in processes:
            process.join(5)


def _parallel(
    pool: _Workers, batches: Iterable[list[tuple[str, str]]], on_error: ErrorHandler | None
) -> Iterator[tuple[str, list[Quote]]]:
    """Run batches in worker processes, a bounded number in flight, results in input order."""
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[list[Any]] = deque()  # [batch, future, generation of its pool, times it broke a pool]

    def result(slot: list[Any]) -> tuple[list[tuple[str, list[Quote]]], list[tuple[str, str]]]:
        while True:
            try:
                return slot[1].result()
            except BrokenProcessPool:
                if slot[2] == pool.generation:  # this batch's pool broke: it may be the one that broke it
                    slot[3] += 1
                    pool.restart()
                if slot[3] > pool.RETRIES:
                    return [], [(doc_id, "the worker process died on this document's batch "
                                 f"{slot[3]} times (out of memory?)") for doc_id, _ in slot[0]]
                slot[1], slot[2] = pool.submit(slot[0])

    for batch in batches:
        pending.append([batch, *pool.submit(batch), 0])
        if len(pending) >= 2 * pool.workers:
            yield from _collect(result(pending.popleft()), on_error)
    while pending:
        yield from _collect(result(pending.popleft()), on_error)


def _collect(
    result: tuple[list[tuple[str, list[Quote]]], list[tuple[str, str]]], on_error: ErrorHandler | None
) -> list[tuple[str, list[Quote]]]:
    done, errors = result
    for doc_id, message in errors:
        if on_error is None:
            raise DocumentError(f"document {doc_id!r} failed: {message}")
        on_error(doc_id, DocumentError(message))
    return done


@functools.cache
def default_extractor() -> Extractor:
    """The Extractor behind :func:`extract`, built on first use."""
    return Extractor()


def extract(text: str) -> list[Quote]:
    """Find the quotes of one text with a default, cached :class:`Extractor`.

    Args:
        text: the document text.

    Returns:
        The Quote records in text order (``doc_id`` is empty).
    """
    return default_extractor().extract(text)
