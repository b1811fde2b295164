"""The same extraction on a Dask cluster: over a Dask DataFrame, or partitions sent by the CLI.

This is the only module that imports Dask (``pip install "quotes[dask]"``).
Each worker process builds one :class:`~quotes.extract.Extractor` per set of
options on first use and keeps it (a worker-local cache keyed by
:attr:`quotes.options.Options.key`, a stable hash of the options, which
travel to the workers pickled), so models load once per process, never once
per partition. What
runs on a worker is a pure function of one partition: when a worker dies
and Dask runs a partition again elsewhere, the records are the same, and
they are written once, by the caller.

Record columns and dtypes come from :func:`quotes.types.record_schema`:
text as Arrow-backed strings (``string[pyarrow]``, null as ``<NA>``),
offsets that may be null as nullable ``Int64``, the others as ``int64``,
``confidence`` as ``float64`` and ``pieces`` as JSON text, as in CSV and Parquet.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from quotes.errors import ClusterError, InputError, MissingExtraError, QuotesError
from quotes.io.inputs import to_doc
from quotes.options import Options
from quotes.types import Quote, record_schema

try:
    import dask.dataframe as dd
    import distributed
    import pandas as pd
    import pyarrow  # noqa: F401  (the string columns are Arrow strings)
except ImportError as exc:
    missing = (exc.name or "a dependency").split(".")[0]
    raise MissingExtraError(f'quotes.dask needs Dask: pip install "quotes[dask]" ({missing} is missing)') from exc

if TYPE_CHECKING:
    from quotes.extract import Extractor

Done = list[tuple[str, list[Quote]]]
Failed = list[tuple[str, str]]
STRING = pd.StringDtype("pyarrow")
_log = logging.getLogger("quotes.dask")


# ---------------------------------------------------------------------------
# schema
# ---------------------------------------------------------------------------
def record_dtypes(*, all_nullable: bool = False) -> dict[str, Any]:
    """The pandas dtype of each record column.

    Args:
        all_nullable: give every integer column the nullable ``Int64`` dtype.

    Returns:
        ``{field: dtype}`` in the contract's field order.
    """
    def dtype(kind: str, nullable: bool) -> Any:
        if kind == "int":
            return "Int64" if nullable or all_nullable else "int64"
        return "float64" if kind == "float" else STRING

    return {name: dtype(kind, nullable) for name, (kind, nullable) in record_schema().items()}


def records_meta() -> pd.DataFrame:
    """An empty frame with the record columns and dtypes (the ``meta`` of :func:`extract`)."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in record_dtypes().items()})


def errors_meta() -> pd.DataFrame:
    """An empty frame with the columns of the errors frame: ``doc_id`` and ``error``."""
    return pd.DataFrame({"doc_id": pd.Series(dtype=STRING), "error": pd.Series(dtype=STRING)})


def _combined_meta() -> pd.DataFrame:
    dtypes = {**record_dtypes(all_nullable=True), "error": STRING}
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


# ---------------------------------------------------------------------------
# on the workers
# ---------------------------------------------------------------------------
_EXTRACTORS: dict[str, tuple[Extractor, threading.Lock]] = {}
_LOADS: Counter[str] = Counter()  # how many times this process built an Extractor, by options key
_CACHE_LOCK = threading.Lock()


def worker_extractor(options: Options) -> tuple[Extractor, threading.Lock]:
    """This process's Extractor for these options, built on first use, and the lock that guards it.

    The cache key is ``options.key``. ``workers`` is always 1 here: the Dask
    worker processes are the workers.
    """
    key = options.key
    with _CACHE_LOCK:
        if key not in _EXTRACTORS:
            from quotes.extract import Extractor

            _allocate_like_a_process()

            _EXTRACTORS[key] = (Extractor(options=options, workers=1), threading.Lock())
            _LOADS[key] += 1
        return _EXTRACTORS[key]


MMAP_THRESHOLD = 64 * 1024 * 1024  # bytes: allocations below this come from the heap, not a fresh mapping
TRIM_THRESHOLD = 128 * 1024 * 1024  # bytes of free heap kept before it is given back to the system


def _allocate_like_a_process() -> None:
    """Undo the allocator setting Dask's nanny gives its workers, in this worker (glibc only).

    The nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` so that
    freed memory shows in their memory reports at once. glibc then also
    stops raising its threshold for serving large blocks from fresh
    mappings, so every tensor of a batch is mapped, faulted in page by
    page and unmapped again: 80 benchmark documents took 15.7 s instead of
    11.1 s in one thread (``benchmarks/studies/allocator.py``). Setting both
    thresholds here gives the speed back (10.5 s); a worker then holds up
    to ``TRIM_THRESHOLD`` of freed memory before returning it.
    """
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, TRIM_THRESHOLD)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):  # not glibc: its allocator has no such setting
        return


def _options(options: Options | None, keywords: dict[str, Any]) -> Options:
    """``options`` with ``keywords`` (Extractor keyword arguments) in place of its fields, checked on the client."""
    if options is None:
        return Options(**keywords)
    return replace(options, **keywords) if keywords else options


def _message(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def extract_documents(docs: Sequence[tuple[str, str]], options: Options) -> tuple[Done, Failed]:
    """Find the quotes of one partition's documents with this process's Extractor.

    A pure function of its arguments, so Dask may run it again after a worker dies.

    Args:
        docs: (doc_id, text) pairs.
        options: the Extractor's options.

    Returns:
        ([(doc_id, records)] in input order, [(doc_id, error message)] for documents that failed).
    """
    extractor, lock = worker_extractor(options)
    failed: Failed = []
    with lock:  # one partition at a time per Extractor, whatever the worker's thread count
        done = list(extractor.extract_many(docs, on_error=lambda doc_id, exc: failed.append((doc_id, _message(exc)))))
    return done, failed


def _frame_partition(
    part: pd.DataFrame, id_column: str, text_column: str, options: Options, partition_info: Any = None
) -> pd.DataFrame:
    """One partition of documents → its records and its failed documents, in one frame."""
    number = partition_info["number"] if partition_info else 0
    docs: list[tuple[str, str]] = []
    failed: Failed = []
    rows: dict[str, int] = {}
    for row, (doc_id, value) in enumerate(zip(part[id_column].tolist(), part[text_column].tolist())):
        doc = to_doc(f"partition {number} row {row}" if _null(doc_id) else str(doc_id), value)
        rows.setdefault(doc.doc_id, row)
        if doc.error is None:
            docs.append((doc.doc_id, doc.text))
        else:
            failed.append((doc.doc_id, doc.error))
    done, errors = extract_documents(docs, options) if docs else ([], [])
    failed = sorted(failed + errors, key=lambda pair: rows.get(pair[0], 0))
    for doc_id, message in failed:
        _log.warning("document %r failed: %s", doc_id, message)
    return _combined_frame(done, failed)


def _null(value: Any) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _combined_frame(done: Done, failed: Failed) -> pd.DataFrame:
    rows = [q.to_row() for _, quotes in done for q in quotes]
    rows += [{"doc_id": doc_id, "error": message} for doc_id, message in failed]
    meta = _combined_meta()
    return pd.DataFrame({name: pd.Series([r.get(name) for r in rows], dtype=meta[name].dtype) for name in meta.columns})


# ---------------------------------------------------------------------------
# the library entry points
# ---------------------------------------------------------------------------
def extract_with_errors(
    frame: dd.DataFrame, id_column: str = "id", text_column: str = "text", *, options: Options | None = None,
    **keywords: Any
) -> tuple[dd.DataFrame, dd.DataFrame]:
    """Records and failed documents of a Dask DataFrame of documents, both lazy.

    Compute them together (``dask.compute(records, errors)``) and every
    partition is extracted once.

    Args:
        frame: a ``dask.dataframe.DataFrame`` with one document per row.
        id_column: the column of document ids (any type; written as text).
        text_column: the column of texts (str; bytes are decoded as UTF-8).
        options: the Extractor's :class:`~quotes.options.Options` (default: the defaults).
        **keywords: keyword arguments of :class:`~quotes.extract.Extractor`
            (``model_dir``, ``device``, ``kinds``, ``threads``, ...), in place of
            those fields of ``options``; each worker process builds one
            Extractor per set of options and keeps it.

    Returns:
        (records, errors): records with the contract's columns and dtypes
        (:func:`records_meta`), in document order within each partition; and
        one row per document that failed (not text, or the extractor raised),
        with ``doc_id`` and ``error``.

    Raises:
        InputError: when a column is missing, ``frame`` is not a Dask DataFrame or an option is bad.
    """
    chosen = _options(options, keywords)
    if not isinstance(frame, dd.DataFrame):
        raise InputError(f"expected a dask DataFrame, got {type(frame).__name__}; "
                         "wrap a pandas frame with dask.dataframe.from_pandas(frame, npartitions=N)")
    for column, flag in ((id_column, "id_column"), (text_column, "text_column")):
        if column not in frame.columns:
            raise InputError(f"the frame has no column {column!r} (columns: {', '.join(map(str, frame.columns))}); "
                             f"name it with {flag}=")
    combined = frame.map_partitions(_frame_partition, id_column=id_column, text_column=text_column,
                                    options=chosen, meta=_combined_meta())
    ok = combined["error"].isna()
    strict_ints = {n: t for n, t in record_dtypes().items() if t == "int64"}
    records = combined[ok].drop(columns="error").astype(strict_ints)
    errors = combined[~ok][["doc_id", "error"]]
    return records, errors


def extract(
    frame: dd.DataFrame, id_column: str = "id", text_column: str = "text", *, options: Options | None = None,
    **keywords: Any
) -> dd.DataFrame:
    """The quote records of a Dask DataFrame of documents, lazily.

    Failed documents are left out of this frame and logged on the worker;
    use :func:`extract_with_errors` to get them as a frame.

    Args:
        frame: a ``dask.dataframe.DataFrame`` with one document per row.
        id_column: the column of document ids.
        text_column: the column of texts.
        options: the Extractor's :class:`~quotes.options.Options` (default: the defaults).
        **keywords: keyword arguments of :class:`~quotes.extract.Extractor`, in place of those fields of ``options``.

    Returns:
        A lazy ``dask.dataframe.DataFrame`` with the contract's columns and
        dtypes (:func:`records_meta`), in document order within each partition.
    """
    records, _ = extract_with_errors(frame, id_column, text_column, options=options, **keywords)
    return records


# ---------------------------------------------------------------------------
# a cluster for the command line
# ---------------------------------------------------------------------------
def _load(options: Options) -> Exception | None:
    """Build this worker's Extractor; hand a failure back as a value, so the worker logs no traceback."""
    try:
        worker_extractor(options)
    except Exception as exc:
        return exc
    return None


def load_on_workers(client: distributed.Client, options: Options) -> list[str]:
    """Build the Extractor on every worker before any document is sent.

    Args:
        client: a connected ``distributed.Client``.
        options: the Extractor's options.

    Returns:
        The worker addresses.

    Raises:
        ModelsNotFoundError: (or another :class:`~quotes.errors.QuotesError`) naming
            the first worker that cannot build it, with the folder it looked in.
        ClusterError: when there are no workers, or one cannot run quotes at all.
    """
    workers = sorted(client.scheduler_info()["workers"])
    if not workers:
        raise ClusterError("the Dask cluster has no workers; start some (`dask worker SCHEDULER`) and rerun")
    token = uuid.uuid4().hex[:8]
    futures = [(address, client.submit(_load, options, workers=[address], allow_other_workers=False,
                                       key=f"quotes-load-{token}-{n}")) for n, address in enumerate(workers)]
    for address, future in futures:
        try:
            failure = future.result()
        except Exception as exc:  # the task could not even start there (no quotes on the worker)
            failure = exc
        if isinstance(failure, QuotesError):
            raise type(failure)(f"worker {address}: {failure}")
        if failure is not None:
            raise ClusterError(f"worker {address} cannot run quotes ({_message(failure)}); install the same "
                               'version of quotes with its extra there: pip install "quotes[dask]"')
    return workers


def _local_size(spec: str) -> int:
    _, _, count = spec.partition(":")
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or int(count) < 1:
        raise InputError(f"--cluster {spec}: the number of local workers must be 1 or more, as in local:4")
    return int(count)


class Cluster:
    """A Dask client for a run: a LocalCluster it starts and stops, or a running scheduler.

    Args:
        spec: ``local`` (one worker process per core), ``local:N``, or a
            scheduler address such as ``tcp://host:8786``.

    Raises:
        ClusterError: when the scheduler cannot be reached.
    """

    def __init__(self, spec: str) -> None:
        self.local: Any = None
        self.threads: int | None = None  # torch threads per worker process, when known
        if spec == "local" or spec.startswith("local:"):
            size = _local_size(spec)
            self.threads = max(1, (os.cpu_count() or 1) // size)
            self.local = distributed.LocalCluster(  # no dashboard; its HTTP server on any free port, not 8787
                n_workers=size, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
                dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"})
            self.client = distributed.Client(self.local)
            return
        try:
            self.client = distributed.Client(spec, timeout="10s")
        except (OSError, ValueError, TypeError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {spec} ({_message(exc)}); start one "
                               "(`dask scheduler`) or use --cluster local") from None

    def runner(self, options: Options) -> ClusterRunner:
        """A runner whose workers hold an Extractor built with these options (loaded now)."""
        if self.threads and not options.threads:
            options = replace(options, threads=self.threads)
        return ClusterRunner(self.client, options)

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this object started it."""
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ClusterRunner:
    """Sends partitions to the workers, a few per worker thread in flight, and hands results back in order."""

    def __init__(self, client: distributed.Client, options: Options) -> None:
        self.client, self.options = client, options
        self.token = uuid.uuid4().hex[:8]
        load_on_workers(client, options)

    def _window(self) -> int:
        return max(2, 2 * sum(self.client.nthreads().values()))

    def map(self, parts: Iterable[tuple[int, list[tuple[str, str]]]]) -> Iterator[tuple[int, Done, Failed]]:
        """(index, done, failed) for each (index, documents) partition, in the order given."""
        pending: deque[tuple[int, list[tuple[str, str]], Any]] = deque()
        for index, docs in parts:
            future = self.client.submit(extract_documents, docs, self.options, key=f"quotes-{self.token}-{index}")
            pending.append((index, docs, future))
            if len(pending) >= self._window():
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    def _result(self, future: Any) -> Any:
        """The partition's result; a cluster left without workers is said once, then stops the run.

        A scheduler whose last worker went away would otherwise leave the run
        waiting with nothing on screen: after ``QUOTES_NO_WORKER_WARN``
        seconds (default 30) without a worker, one line on standard error
        says so; after ``QUOTES_NO_WORKER_TIMEOUT`` (default 600) the run
        stops with a :class:`ClusterError` (documents done so far are kept).
        """
        warn = float(os.environ.get("QUOTES_NO_WORKER_WARN", 30))
        give_up = float(os.environ.get("QUOTES_NO_WORKER_TIMEOUT", 600))
        since: float | None = None
        warned = False
        while True:
            try:
                return future.result(timeout=min(1.0, warn))
            except distributed.TimeoutError:
                pass
            if self.client.nthreads():
                since, warned = None, False
                continue
            now = time.monotonic()
            since = now if since is None else since
            if now - since >= warn and not warned:
                sys.stderr.write("quotes: the Dask cluster has no workers left; waiting for one "
                                 "(start `dask worker SCHEDULER`)\n")
                sys.stderr.flush()
                warned = True
            if now - since >= give_up:
                raise ClusterError(f"the Dask cluster had no workers for {give_up:.0f} s; start some "
                                   "(`dask worker SCHEDULER`) and rerun with --resume")

    def _collect(self, index: int, docs: list[tuple[str, str]], future: Any) -> tuple[int, Done, Failed]:
        try:
            done, failed = self._result(future)
        except ClusterError:
            future.release()
            raise
        except Exception as exc:  # the partition itself failed, e.g. it killed workers again and again
            done, failed = [], [(doc_id, f"partition {index} failed on the cluster: {_message(exc)}") for doc_id, _ in docs]
        finally:
            future.release()
        return index, done, failed

    def close(self) -> None:
        """Nothing to stop: the cluster belongs to :class:`Cluster`."""
