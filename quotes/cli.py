"""Command line: ``quotes extract``, ``quotes evaluate`` and ``quotes report``.

Each subcommand is a thin wrapper over library functions. Errors a user can
fix print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from quotes import export
from quotes.errors import QuotesError
from quotes.types import KINDS, Quote

PROG = "quotes"


# ---------------------------------------------------------------------------
# progress and output
# ---------------------------------------------------------------------------
class Progress:
    """A progress bar on standard error: documents, documents/s, ETA."""

    def __init__(self, total: int | None, *, stream: IO[str], enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.tty = enabled and stream.isatty()
        self.start = self.last = time.monotonic()
        self.docs = self.quotes = self.failed = 0

    def update(self, quotes: int = 0, failed: int = 0) -> None:
        """Count one finished (or failed) document and redraw at most a few times a second."""
        self.docs += 1 - failed
        self.failed += failed
        self.quotes += quotes
        now = time.monotonic()
        if self.enabled and (now - self.last > (0.2 if self.tty else 10.0)):
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        done = self.docs + self.failed
        rate = done / max(now - self.start, 1e-9)
        if self.total:
            share = min(1.0, done / self.total)
            bar = "#" * int(share * 30)
            eta = (self.total - done) / rate if rate else 0.0
            line = f"[{bar:<30}] {done}/{self.total} docs  {rate:.2f} docs/s  ETA {_clock(eta)}"
        else:
            line = f"{done} docs  {rate:.2f} docs/s"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def summary(self) -> str:
        """The line printed at the end of a run."""
        took = time.monotonic() - self.start
        rate = (self.docs + self.failed) / took if took else 0.0
        docs, quotes = export.counted(self.docs, "document"), export.counted(self.quotes, "quote")
        return f"{PROG}: {docs}, {quotes}, {self.failed} failed, {took:.1f} s ({rate:.2f} docs/s)"

    def close(self) -> None:
        """Finish the bar line."""
        if self.tty:
            self._draw(time.monotonic())
            self.stream.write("\n")


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


class TableSink:
    """CSV or JSONL output that can be resumed after a crash.

    Each document's records are written in one piece and flushed; then a
    line ``{"id": ..., "offset": ...}`` goes to ``OUT.progress``. On
    ``--resume`` the output is cut back to the last offset recorded, so a
    kill mid-write never leaves a broken record, and the recorded documents
    are skipped.
    """

    def __init__(self, path: Path | None, *, fmt: str, excel: bool, resume: bool) -> None:
        self.fmt = fmt
        self.excel = excel
        self.done: set[str] = set()
        self.progress: IO[str] | None = None
        if path is None:
            if resume:
                raise _usage("--resume needs -o OUT: standard output cannot be resumed")
            self.out: IO[bytes] = sys.stdout.buffer
            self._start(excel)
            return
        progress_path = Path(str(path) + ".progress")
        if resume and path.exists():
            offset = self._load_progress(path, progress_path)
            self.out = path.open("r+b")
            self.out.truncate(offset)
            self.out.seek(offset)
            self.progress = progress_path.open("a", encoding="utf-8")
            return
        self.out = path.open("wb")
        self.progress = progress_path.open("w", encoding="utf-8")
        self._start(excel)

    def _start(self, excel: bool) -> None:
        if self.fmt == "csv":
            self._write(("\ufeff" if excel else "") + export.csv_header())

    def _load_progress(self, path: Path, progress_path: Path) -> int:
        if not progress_path.exists():
            raise _usage(f"cannot resume: {progress_path} is missing (it is written by a run with -o); "
                         "drop --resume to start over")
        offset = 0
        for line in progress_path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                break  # a line cut by the crash: everything after it is unrecorded
            self.done.add(entry["id"])
            offset = int(entry["offset"])
        if not self.done:
            header = (export.csv_header().encode("utf-8") if self.fmt == "csv" else b"")
            with path.open("rb") as fh:
                head = fh.read(len(header) + 3)
            offset = len(header) + (3 if head.startswith(b"\xef\xbb\xbf") else 0)
        return offset

    def _write(self, data: str) -> None:
        self.out.write(data.encode("utf-8"))
        self.out.flush()

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        """Write one document's records, then record it as done."""
        self._write(export.csv_rows(quotes, excel=self.excel) if self.fmt == "csv" else export.jsonl_rows(quotes))
        if self.progress is not None:
            self.progress.write(json.dumps({"id": doc_id, "offset": self.out.tell()}) + "\n")
            self.progress.flush()

    def close(self) -> None:
        """Flush and close the files."""
        if self.progress is not None:
            self.progress.close()
        if self.out is not sys.stdout.buffer:
            self.out.close()


class HtmlSink:
    """Collects every document, then writes one page."""

    def __init__(self, path: Path | None, *, resume: bool) -> None:
        if resume:
            raise _usage("--resume works with csv and jsonl output, not html")
        self.path = path
        self.done: set[str] = set()
        self.docs: list[tuple[str, str, Sequence[Quote]]] = []

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        """Keep one document for the page."""
        self.docs.append((doc_id, text, quotes))

    def close(self) -> None:
        """Write the page."""
        page = export.render_html(self.docs)
        if self.path is None:
            sys.stdout.write(page)
        else:
            self.path.write_text(page, encoding="utf-8")


class ErrorLog:
    """Failed documents: one line each on standard error and in ``OUT.errors.log``."""

    def __init__(self, out: Path | None, *, append: bool) -> None:
        self.path = Path(str(out) + ".errors.log") if out else None
        self.append = append
        self.count = 0

    def __call__(self, doc_id: str, exc: BaseException | str) -> None:
        self.count += 1
        message = str(exc) if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        message = " ".join(message.split())
        sys.stderr.write(f"{PROG}: document {doc_id!r} failed: {message}\n")
        if self.path is not None:
            with self.path.open("a" if self.append or self.count > 1 else "w", encoding="utf-8") as fh:
                fh.write(f"{doc_id}\t{message}\n")


class _UsageError(QuotesError, ValueError):
    """A bad combination of command-line options."""


def _usage(message: str) -> _UsageError:
    return _UsageError(message)


# ---------------------------------------------------------------------------
# quotes extract
# ---------------------------------------------------------------------------
def _extractor_options(args: argparse.Namespace, documents: int | None = None) -> dict[str, Any]:
    """Extractor keyword arguments from the command line (also what Dask workers build theirs with).

    ``--workers auto`` becomes one process per core for runs with enough documents (see
    :func:`quotes.extract.auto_workers`).
    """
    from quotes.extract import auto_workers

    workers = auto_workers(documents) if args.workers == "auto" else args.workers
    return dict(
        model_dir=args.model_dir, device=args.device, tokenizer=args.tokenizer, select=not args.parse_all,
        surface=not args.no_surface,
        kinds=args.kinds, cues=args.cues, workers=workers, batch_chars=args.batch_chars, threads=args.threads,
        window_chars=args.window_chars,
    )


def _extractor(args: argparse.Namespace, documents: int | None = None) -> Any:
    from quotes.extract import Extractor

    return Extractor(**_extractor_options(args, documents))


def _good_docs(docs: Iterator[Any], skip: set[str], errors: ErrorLog, progress: Progress) -> Iterator[tuple[str, str]]:
    """Pass readable documents on; report unreadable ones; skip those already done."""
    for doc in docs:
        if doc.doc_id in skip:
            continue
        if doc.error is not None:
            errors(doc.doc_id, doc.error)
            progress.update(failed=1)
            continue
        yield doc.doc_id, doc.text


def run_extract(args: argparse.Namespace) -> int:
    """The ``extract`` subcommand: read inputs, write records, report."""
    from quotes.cues import check_cues
    from quotes.extract import check_kinds
    from quotes.inputs import count_documents, read_inputs

    check_kinds(args.kinds)
    check_cues(args.cues)
    options = {"input_format": args.input_format, "id_column": args.id_column, "text_column": args.text_column}
    out = Path(args.output) if args.output and args.output != "-" else None
    docs = read_inputs(args.inputs, **options)
    first = next(docs, None)  # surfaces a missing file or column before models load
    if first is None:
        raise _usage(f"no documents found in {' '.join(args.inputs)}")
    total = count_documents(args.inputs, **options)
    if args.cluster or args.format == "parquet":
        return _extract_partitioned(args, _chain(first, docs), total, out)
    extractor = _extractor(args, total)
    sink: TableSink | HtmlSink
    if args.format == "html":
        sink = HtmlSink(out, resume=args.resume)
    else:
        sink = TableSink(out, fmt=args.format, excel=args.excel, resume=args.resume)
    errors = ErrorLog(out, append=args.resume)
    progress = Progress(total, stream=sys.stderr, enabled=not args.quiet and total != 1)
    texts: dict[str, str] = {}
    stream = _good_docs(_chain(first, docs), sink.done, errors, progress)
    if args.format == "html":
        stream = _remember(stream, texts)
    try:
        for doc_id, quotes in extractor.extract_many(stream, on_error=errors):
            sink.write(doc_id, texts.pop(doc_id, ""), quotes)
            progress.update(quotes=len(quotes))
    finally:
        extractor.close()
        sink.close()
        progress.close()
    if not args.quiet:
        sys.stderr.write(progress.summary() + "\n")
    if errors.count and (args.strict or progress.docs == 0):
        return 1
    return 0


def _extract_partitioned(args: argparse.Namespace, docs: Iterator[Any], total: int | None, out: Path | None) -> int:
    """``extract`` for Parquet output or on a Dask cluster: partitions of documents, each written in one piece."""
    from quotes import partitions

    if args.format == "html":
        raise _usage("--cluster writes csv, jsonl or parquet, not html")
    parquet = partitions.ParquetSink(out, resume=args.resume) if args.format == "parquet" else None
    errors = ErrorLog(out, append=args.resume)
    with contextlib.ExitStack() as stack:
        if args.cluster:
            from quotes.dask import Cluster

            runner: partitions.Runner = stack.enter_context(Cluster(args.cluster)).runner(_extractor_options(args))
        else:
            runner = partitions.LocalRunner(_extractor(args, total))
        stack.callback(runner.close)
        sink = parquet or TableSink(out, fmt=args.format, excel=args.excel, resume=args.resume)
        stack.callback(sink.close)
        progress = Progress(total, stream=sys.stderr, enabled=not args.quiet and total != 1)
        stack.callback(progress.close)
        partitions.run(docs, args.partition_docs, runner, sink, errors, progress)
    if not args.quiet:
        sys.stderr.write(progress.summary() + "\n")
    return 1 if errors.count and (args.strict or progress.docs == 0) else 0


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _remember(stream: Iterator[tuple[str, str]], texts: dict[str, str]) -> Iterator[tuple[str, str]]:
    for doc_id, text in stream:
        texts[doc_id] = text
        yield doc_id, text


# ---------------------------------------------------------------------------
# quotes evaluate
# ---------------------------------------------------------------------------
def _read_predictions(path: str) -> dict[str, list[dict[str, Any]]]:
    preds: dict[str, list[dict[str, Any]]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise _usage(f"cannot read predictions {path}: {exc.strerror or exc}") from exc
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                row = json.loads(line)
                preds.setdefault(str(row["doc_id"]), []).append(row)
            except (ValueError, KeyError, TypeError) as exc:
                raise _usage(f"{path}:{n}: not a quote record with doc_id: {exc}") from exc
    return preds


def run_evaluate(args: argparse.Namespace) -> int:
    """The ``evaluate`` subcommand: score predictions (or a fresh run) against gold."""
    from quotes.cues import check_cues
    from quotes.evaluate import evaluate, format_report, load_gold
    from quotes.extract import check_kinds

    kinds = sorted(check_kinds(args.kinds))
    cues = sorted(check_cues(args.cues))
    gold = load_gold(args.gold, split=args.split)
    if not gold:
        raise _usage(f"no gold documents in {args.gold}" + (f" for split {args.split!r}" if args.split else ""))
    if args.pred:
        preds = _read_predictions(args.pred)
    else:
        args.kinds = None
        errors = ErrorLog(None, append=False)
        with _extractor(args, len(gold)) as extractor:
            preds = {
                doc_id: [q.to_dict() for q in quotes]
                for doc_id, quotes in extractor.extract_many(((d.doc_id, d.text) for d in gold), on_error=errors)
            }
        if args.save_pred:
            with open(args.save_pred, "w", encoding="utf-8") as fh:
                for rows in preds.values():
                    fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    report = evaluate(gold, preds, kinds=kinds, cues=cues)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


# ---------------------------------------------------------------------------
# quotes report
# ---------------------------------------------------------------------------
REPORT_EXAMPLES = """examples:
  # a CSV written by quotes extract; the page goes to standard output
  quotes report quotes.csv > report.html
  # JSONL records, the page to a file, linking the top documents to pages/<doc_id>.html
  quotes report quotes.jsonl -o report.html --doc-pages 'pages/{doc_id}.html'
  # a Parquet file or a folder of Parquet parts (needs pyarrow)
  quotes report records.parquet -o report.html
"""


def run_report(args: argparse.Namespace) -> int:
    """The ``report`` subcommand: one HTML page summarizing a file of records."""
    from quotes.report import (
        TOP_DOCUMENTS,
        document_links,
        read_records,
        render_report,
        summarize,
    )

    try:
        summary = summarize(read_records(args.records))
    except ImportError as exc:
        raise _usage(str(exc)) from None
    out = Path(args.output) if args.output and args.output != "-" else None
    links = document_links(summary.documents.index[:TOP_DOCUMENTS], out.parent if out else Path.cwd(), args.doc_pages)
    page = render_report(summary, title=args.title or f"quotes report of {Path(args.records).name}", links=links)
    if out is None:
        sys.stdout.write(page)
    else:
        try:
            out.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise _usage(f"cannot write {out}: {exc.strerror or exc}") from None
    if not args.quiet:
        totals = summary.totals.iloc[0]
        sys.stderr.write(f"{PROG}: report of {export.counted(int(totals['records']), 'record')} from "
                         f"{export.counted(int(totals['documents']), 'document')}, {len(page.encode()) / 1024:.0f} KB"
                         f"{f' written to {out}' if out else ''}\n")
    return 0


def _add_report(sub: Any) -> None:
    rep = sub.add_parser("report", help="one HTML page: who is quoted, how often and how",
                         description="Summarize quote records as one self-contained HTML page (no scripts, "
                                     "no network): totals, the most-quoted speakers merged across documents, "
                                     "records per document, the most used cue words.",
                         epilog=REPORT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    rep.add_argument("records", metavar="RECORDS",
                     help="records from quotes extract: .csv, .jsonl (optionally .gz), .parquet or a folder of them")
    rep.add_argument("-o", "--output", help="the HTML page to write (default: standard output)")
    rep.add_argument("--title", help="the page title (default: 'quotes report of RECORDS')")
    rep.add_argument("--doc-pages", default="{doc_id}.html", metavar="PATTERN",
                     help="link a top document to this page, relative to the report's folder, when the file "
                          "exists (default: {doc_id}.html)")
    rep.add_argument("-q", "--quiet", action="store_true", help="no summary line on standard error")
    rep.set_defaults(func=run_report)


class _Version(argparse.Action):
    """``--version``: the version and the stanza model folder, without loading any model."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from quotes import __version__
        from quotes.parse import model_dir, models_present

        folder = model_dir()
        found = "models found" if models_present(folder) else "no models there yet"
        sys.stdout.write(f"{PROG} {__version__}\nstanza models: {folder} ({found})\n")
        parser.exit()


# ---------------------------------------------------------------------------
# argument parsing
# ---------------------------------------------------------------------------
EXTRACT_EXAMPLES = """examples:
  # every .txt file below a folder (doc_id: the path below it, without .txt), CSV out
  quotes extract articles/ -o quotes.csv
  # a CSV with the document id in column "url" and the text in column "body"
  quotes extract news.csv --id-column url --text-column body --format jsonl -o quotes.jsonl
  # a long run: after a crash or Ctrl-C, rerun the same command with --resume
  quotes extract archive.jsonl.gz -o quotes.csv --resume
"""


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cues", default="speech,writing", metavar="CLASSES",
                        help="cue classes that make records: speech, writing, thought, evidence, stance, "
                             "or all (the PARC/PolNeAR scheme); default: speech,writing")
    parser.add_argument("--model-dir", help="folder of stanza models (default: $STANZA_RESOURCES_DIR, else stanza's default)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"), help="where stanza runs (default: auto)")
    parser.add_argument("--tokenizer", default="rules", choices=("rules", "stanza", "spacy"),
                        help="rules: quotes' own tokenizer and sentence splitter (default, fast); stanza: stanza's "
                             "neural tokenizer; spacy: spaCy's (needs quotes[spacy])")
    parser.add_argument("--workers", type=_workers, default="auto",
                        help="processes, each with its own models; auto (default): one per core, at most one per "
                             "8 documents")
    parser.add_argument("--threads", type=_positive,
                        help="torch threads per process (default: cores divided by workers)")
    parser.add_argument("--batch-chars", type=_positive, default=100_000, help="characters sent to stanza together")
    parser.add_argument("--window-chars", type=_positive, default=100_000,
                        help="a longer document is analysed in windows of whole paragraphs of about this size "
                             "(bounds memory; same records)")
    parser.add_argument("--parse-all", action="store_true",
                        help="parse every sentence instead of only those a rule can use (same output, slower)")
    parser.add_argument("--no-surface", action="store_true",
                        help="parse plain attributions (“…,” said NAME.) instead of reading them off the surface")


def _workers(value: str) -> int | str:
    return "auto" if value == "auto" else _positive(value)


def _cluster_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cluster", metavar="ADDRESS|local[:N]",
                        help="run on Dask (needs quotes[dask]): a scheduler address such as tcp://host:8786, "
                             "or local:N for N worker processes on this machine (default N: the cores)")
    parser.add_argument("--partition-docs", type=_positive, default=50, metavar="N",
                        help="documents per partition with --cluster or --format parquet (default: 50)")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with its subcommands."""
    parser = argparse.ArgumentParser(prog=PROG, description="Find quotations in news text and who said them.")
    parser.add_argument("--version", action=_Version, help="print the version and the stanza model folder, then exit")
    sub = parser.add_subparsers(dest="command", required=True)

    ext = sub.add_parser("extract", help="extract quote records from documents", epilog=EXTRACT_EXAMPLES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    ext.add_argument("inputs", nargs="+", metavar="INPUT",
                     help=".txt file, folder of .txt files, .jsonl, .csv/.tsv (optionally .gz), .parquet, or - for standard input")
    ext.add_argument("-o", "--output", help="output file (default: standard output)")
    ext.add_argument("--format", default="csv", choices=(*export.FORMATS, "parquet"),
                     help="output format (default: csv); parquet writes a folder of part files (-o FOLDER)")
    ext.add_argument("--kinds", default=",".join(KINDS), help="record kinds to keep (default: direct,mixed,indirect)")
    ext.add_argument("--input-format", choices=("txt", "jsonl", "csv", "tsv", "parquet"),
                     help="format of the inputs when the file name does not say (standard input: txt)")
    ext.add_argument("--id-column", help="CSV/TSV/Parquet column with document ids (default: id or doc_id)")
    ext.add_argument("--text-column", default="text", help="CSV/TSV/Parquet column with the text (default: text)")
    ext.add_argument("--excel", action="store_true", help="CSV for spreadsheets: the UTF-8 byte-order mark Excel needs, and an apostrophe before "
                     "text cells that would start a formula (=, +, -, @, tab, CR)")
    ext.add_argument("--resume", action="store_true", help="skip documents an interrupted run with the same -o wrote")
    ext.add_argument("--strict", action="store_true", help="exit 1 if any document fails")
    ext.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    _model_options(ext)
    _cluster_options(ext)
    ext.set_defaults(func=run_extract)

    ev = sub.add_parser("evaluate", help="score quotes against gold annotations")
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold documents: doc_id, text, quotes")
    ev.add_argument("--pred", metavar="PRED.jsonl", help="score these records instead of running the extractor")
    ev.add_argument("--kinds", default=",".join(KINDS), help="kinds to score (default: all)")
    ev.add_argument("--split", help="only documents whose split field is NAME or whose doc_id starts with NAME/")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--save-pred", metavar="PRED.jsonl", help="also write the predictions made")
    _model_options(ev)
    ev.set_defaults(func=run_evaluate)
    _add_report(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``quotes`` command.

    Args:
        argv: the arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 success, 1 failed documents (see --strict), 2 usage or input error.
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except QuotesError as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted; rerun the same command with --resume to continue\n")
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
