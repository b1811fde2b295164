"""Command line: ``quotes extract``, ``quotes evaluate`` and ``quotes report``.

Each subcommand is a thin wrapper over library functions. Errors a user can
fix print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from quotes.errors import QuotesError
from quotes.io import export
from quotes.io.sinks import HtmlPagesSink, HtmlSink, Sink, TableSink, stdout_failed, table_header
from quotes.options import Options, default_of, flagged, shown
from quotes.types import KINDS

PROG = "quotes"


# ---------------------------------------------------------------------------
# progress and output
# ---------------------------------------------------------------------------
class Progress:
    """Progress on standard error: a tqdm bar on a terminal, a plain line now and then in a log.

    Args:
        total: the documents the inputs hold (None when unknown, as for standard input).
        stream: where to write (standard error).
        enabled: False for ``-q`` or a single document.
        skipped: documents a resumed run skips because an interrupted run wrote them.
    """

    LOG_EVERY = 30.0  # seconds between two plain lines when standard error is not a terminal

    def __init__(self, total: int | None, *, stream: IO[str], enabled: bool, skipped: int = 0) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.docs = self.quotes = self.failed = 0
        self.skipped = skipped
        self.start = time.monotonic()
        self.bar: Any = None
        self.tty = enabled and _isatty(stream)
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=skipped, file=stream, unit="doc", dynamic_ncols=True,
                            mininterval=0.5, smoothing=0.1, leave=True)
        self.logged_at: float | None = None  # time and count of the last plain line (from the first document)
        self.logged_done = 0

    def skip(self, count: int) -> None:
        """Count documents skipped because an interrupted run already wrote them."""
        self.skipped += count
        if self.bar is not None:
            self.bar.update(count)

    def update(self, quotes: int = 0, failed: int = 0) -> None:
        """Count one finished (or failed) document."""
        self.docs += 1 - failed
        self.failed += failed
        self.quotes += quotes
        if self.bar is not None:
            self.bar.set_postfix_str(f"{export.counted(self.quotes, 'quote')}, {self.failed} failed", refresh=False)
            self.bar.update(1)
        elif self.enabled:
            self._log(time.monotonic())

    def _log(self, now: float) -> None:
        done = self.docs + self.failed
        if self.logged_at is None:  # rates count from the first document, not from model loading
            self.logged_at, self.logged_done = now, done
            return
        if now - self.logged_at < self.LOG_EVERY:
            return
        rate = (done - self.logged_done) / (now - self.logged_at)
        self.logged_at, self.logged_done = now, done
        where = f"{done + self.skipped}/{self.total}" if self.total else f"{done + self.skipped}"
        eta = f", ETA {_clock((self.total - done - self.skipped) / rate)}" if self.total and rate > 0 else ""
        self.stream.write(f"{PROG}: {where} documents, {export.counted(self.quotes, 'quote')}, {self.failed} failed, "
                          f"{rate:.2f} docs/s{eta}\n")
        self.stream.flush()

    def summary(self) -> str:
        """The line printed at the end of a run."""
        took = time.monotonic() - self.start
        parts = [export.counted(self.docs, "document"), export.counted(self.quotes, "quote"), f"{self.failed} failed"]
        if self.skipped:
            parts.insert(0, f"{self.skipped} skipped (already done)")
        rate = f" ({self.docs / took:.2f} docs/s)" if self.docs and took >= 0.05 else ""
        return f"{PROG}: {', '.join(parts)}, {took:.1f} s{rate}"

    def close(self) -> None:
        """Finish the bar line."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


class ErrorLog:
    """Failed documents: one line each on standard error and in ``OUT.errors.log``.

    A log line is ``ID<TAB>MESSAGE``; the id is escaped (``\\n``, ``\\t``,
    ``\\\\``, other control characters as ``\\xNN``), so an id cannot forge lines.
    A run that is not resumed starts with no log: a stale one is removed.
    """

    def __init__(self, out: Path | None, *, append: bool) -> None:
        self.path = Path(str(out) + ".errors.log") if out else None
        if self.path is not None and not append:
            self.path.unlink(missing_ok=True)
        self.count = 0

    def __call__(self, doc_id: str, exc: BaseException | str) -> None:
        self.count += 1
        message = str(exc) if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        message = _escape(" ".join(message.split()), backslash=False)
        sys.stderr.write(f"{PROG}: document {doc_id!r} failed: {message}\n")
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(f"{_escape(doc_id)}\t{message}\n")


def _escape(text: str, *, backslash: bool = True) -> str:
    """Text on one line: tab, line breaks and other unprintable characters (and backslash) escaped."""
    return "".join(ch if ch.isprintable() and not (backslash and ch == "\\") else (
        "\\\\" if ch == "\\" else ch.encode("unicode_escape").decode("ascii")) for ch in text)


class _UsageError(QuotesError, ValueError):
    """A bad combination of command-line options."""


def _usage(message: str) -> _UsageError:
    return _UsageError(message)


# ---------------------------------------------------------------------------
# quotes extract
# ---------------------------------------------------------------------------
def _extractor_options(args: argparse.Namespace, documents: int | None = None) -> Options:
    """The Extractor's options from the command line (also what Dask workers build theirs with), checked.

    The arguments' defaults are those :class:`~quotes.options.Options` declares
    (see :func:`_option_argument`). ``--workers auto`` becomes one process per
    core for runs with enough documents (see :func:`quotes.extract.auto_workers`).
    """
    from quotes.extract import auto_workers

    given = {f.name: getattr(args, f.name) for f, _ in flagged() if hasattr(args, f.name)}
    if given.get("workers") == "auto":
        given["workers"] = auto_workers(documents)
    return Options(**given)


def _extractor(args: argparse.Namespace, options: Options, documents: int | None) -> Any:
    """The Extractor of a run; ``--workers auto`` is decided here, when the number of documents is known."""
    from quotes.extract import Extractor, auto_workers

    if getattr(args, "workers", None) == "auto":
        return Extractor(options=options, workers=auto_workers(documents))
    return Extractor(options=options)


def _good_docs(docs: Iterator[Any], errors: ErrorLog, progress: Progress, ledger: Any) -> Iterator[tuple[str, str]]:
    """Pass readable documents on (noting each in the ledger); report unreadable ones."""
    for doc in docs:
        if doc.error is not None:
            errors(doc.doc_id, doc.error)
            progress.update(failed=1)
            ledger.add(doc.doc_id, done=True)
            continue
        ledger.add(doc.doc_id)
        yield doc.doc_id, doc.text


# options of reading and writing (not the Extractor's) that change the records an output holds: a resumed
# run must use the same; the Extractor's own are the Options fields whose flag says record
RECORD_OPTIONS = ("max_doc_chars", "excel", "partition_docs", "input_format", "id_column", "text_column")


def _record_options(args: argparse.Namespace, options: Options) -> dict[str, Any]:
    """This run's record-changing options, as stored in ``OUT.progress`` (see :mod:`quotes.runs`)."""
    from quotes import runs

    return runs.record_options(options, {name: getattr(args, name) for name in RECORD_OPTIONS if hasattr(args, name)})


def run_extract(args: argparse.Namespace) -> int:
    """The ``extract`` subcommand: check the output, read inputs, write records, report."""
    from quotes import runs

    extractor_options = _extractor_options(args)  # checked here, before any input is read
    out = Path(args.output) if args.output and args.output != "-" else None
    if args.per_document and (args.format != "html" or out is None):
        raise _usage("--per-document writes one HTML page per document into a folder: "
                     "use it with --format html -o FOLDER")
    folder_out = args.format == "parquet" or bool(getattr(args, "per_document", False))
    runs.check_output(out, args.inputs, folder=folder_out, siblings=(".progress", ".errors.log", ".lock"))
    with runs.output_lock(out):
        return _extract_to(args, out, extractor_options)


def _extract_to(args: argparse.Namespace, out: Path | None, extractor_options: Options) -> int:
    """``extract`` once its output is checked and locked: read inputs, write records, report."""
    from quotes import runs
    from quotes.io.inputs import count_documents, read_inputs

    if args.resume and out is None:
        raise _usage("--resume needs -o OUT: standard output cannot be resumed")
    if args.resume and args.format == "html":
        raise _usage("--resume works with csv, jsonl and parquet output, not html")
    options = {"input_format": args.input_format, "id_column": args.id_column, "text_column": args.text_column,
               "max_doc_chars": args.max_doc_chars}
    docs = read_inputs(args.inputs, **options)
    first = next(docs, None)  # surfaces a missing file or column before models load
    if first is None:
        raise _usage(f"no documents found in {' '.join(args.inputs)}")
    total = count_documents(args.inputs, **options)
    record_options = _record_options(args, extractor_options)
    resume = runs.Resume()
    docs = _chain(first, docs)
    if args.resume and out is not None:  # checked before any model loads
        resume = runs.load_resume(out, args.format, record_options, table_header(args.format, args.excel))
        runs.skip_done(docs, resume, runs.sibling(out, ".progress"))
    if args.cluster or args.format == "parquet":
        return _extract_partitioned(args, docs, total, out, resume, extractor_options, record_options)
    extractor = _extractor(args, extractor_options, total)
    sink: Sink
    if args.format == "html" and args.per_document and out is not None:
        sink = HtmlPagesSink(out)
    elif args.format == "html":
        sink = HtmlSink(out, resume=args.resume)
    else:
        sink = TableSink(out, fmt=args.format, excel=args.excel, resume=resume, options=record_options)
    errors = ErrorLog(out, append=resume.resumed)
    progress = Progress(total, stream=sys.stderr, enabled=not args.quiet and total != 1, skipped=resume.pos)
    ledger = runs.Ledger(resume.pos)

    def failed(doc_id: str, exc: BaseException) -> None:
        errors(doc_id, exc)
        progress.update(failed=1)
        ledger.finish(doc_id)

    texts: dict[str, str] = {}
    stream = _good_docs(docs, errors, progress, ledger)
    if args.format == "html":
        stream = _remember(stream, texts)
    try:
        for doc_id, quotes in extractor.extract_many(stream, on_error=failed):
            sink.write(doc_id, texts.pop(doc_id, ""), quotes)
            ledger.finish(doc_id)
            sink.checkpoint(*ledger.reach())
            progress.update(quotes=len(quotes))
        sink.finish()
    finally:
        extractor.close()
        sink.close()
        progress.close()
    if not args.quiet:
        sys.stderr.write(progress.summary() + "\n")
    if errors.count and (args.strict or progress.docs + resume.pos == 0):
        return 1
    return 0


def _extract_partitioned(args: argparse.Namespace, docs: Iterator[Any], total: int | None, out: Path | None,
                         resume: Any, options: Options, record_options: dict[str, Any]) -> int:
    """``extract`` for Parquet output or on a Dask cluster: partitions of documents, each written in one piece."""
    from quotes import runs
    from quotes.io import partitions
    from quotes.io.sinks import ParquetSink

    if args.format == "html":
        raise _usage("--cluster writes csv, jsonl or parquet, not html")
    parquet = ParquetSink(out, resume=args.resume) if args.format == "parquet" else None
    with contextlib.ExitStack() as stack:
        if args.cluster:
            from quotes.dask import Cluster

            runner: partitions.Runner = stack.enter_context(Cluster(args.cluster)).runner(options)
        else:
            runner = partitions.LocalRunner(_extractor(args, options, total))
        stack.callback(runner.close)
        if parquet is not None and out is not None:
            parquet.progress = runs.ProgressFile(out, "parquet", record_options, append=resume.resumed)
        sink: Sink = parquet or TableSink(out, fmt=args.format, excel=args.excel, resume=resume, options=record_options)
        stack.callback(sink.close)
        errors = ErrorLog(out, append=resume.resumed)
        progress = Progress(total, stream=sys.stderr, enabled=not args.quiet and total != 1, skipped=resume.pos)
        stack.callback(progress.close)
        partitions.run(docs, args.partition_docs, runner, sink, errors, progress, start=resume.pos)
        sink.finish()
    if not args.quiet:
        sys.stderr.write(progress.summary() + "\n")
    return 1 if errors.count and (args.strict or progress.docs + progress.skipped == 0) else 0


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
def _read_predictions(path: str, sizes: dict[str, int] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Records of quotes extract --format jsonl, by doc_id, each checked (offsets inside the gold text of sizes)."""
    from quotes.evaluate import json_lines, prediction

    preds: dict[str, list[dict[str, Any]]] = {}
    for n, line in json_lines(path, "predictions"):
        try:
            row = prediction(line, sizes or {})
        except ValueError as exc:
            raise _usage(f"{path}:{n}: {exc}") from None
        preds.setdefault(row["doc_id"], []).append(row)
    return preds


def _check_save_pred(args: argparse.Namespace) -> None:
    """Refuse a --save-pred that would overwrite the gold (or other input), before anything is read."""
    from quotes import runs

    if args.save_pred and args.save_pred != "-":
        inputs = [args.gold, args.pred, getattr(args, "people", None)]
        runs.check_output(Path(args.save_pred), [p for p in inputs if p], flag="--save-pred")


def run_evaluate(args: argparse.Namespace) -> int:
    """The ``evaluate`` subcommand: score predictions (or a fresh run) against gold."""
    from quotes.evaluate import evaluate, format_report, load_gold, load_people, people_path
    from quotes.options import check_kinds

    kinds = sorted(check_kinds(args.score_kinds))
    options = _extractor_options(args)  # the extractor keeps every kind; --kinds chooses those scored
    _check_save_pred(args)
    gold = load_gold(args.gold, split=args.split)
    if not gold:
        raise _usage(f"no gold documents in {args.gold}" + (f" for split {args.split!r}" if args.split else ""))
    people_file = args.people or (people_path(args.gold) if people_path(args.gold).is_file() else None)
    people = load_people(people_file) if people_file else None
    if people is not None and not any(d.doc_id in people for d in gold):
        raise _usage(f"no document of {args.gold} is in the people file {people_file}")
    if args.pred:
        preds = _read_predictions(args.pred, {d.doc_id: len(d.text) for d in gold})
    else:
        errors = ErrorLog(None, append=False)
        with _extractor(args, options, len(gold)) as extractor:
            preds = {
                doc_id: [q.to_dict() for q in quotes]
                for doc_id, quotes in extractor.extract_many(((d.doc_id, d.text) for d in gold), on_error=errors)
            }
        if args.save_pred:
            with open(args.save_pred, "w", encoding="utf-8") as fh:
                for rows in preds.values():
                    fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    report = evaluate(gold, preds, kinds=kinds, cues=sorted(options.cues), people=people)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


# ---------------------------------------------------------------------------
# quotes report
# ---------------------------------------------------------------------------
REPORT_EXAMPLES = """examples:
  # a CSV written by quotes extract; the page goes to standard output
  quotes report quotes.csv > report.html
  # JSONL records, the page to a file, linking the top documents to the pages that
  # quotes extract --format html -o pages --per-document wrote (or: --doc-pages 'pages/{doc_id}.html')
  quotes report quotes.jsonl -o report.html --doc-pages pages
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

    from quotes.runs import check_output

    check_output(Path(args.output) if args.output and args.output != "-" else None, [args.records])
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
    rep.add_argument("--doc-pages", default="{doc_id}.html", metavar="PATTERN|FOLDER",
                     help="link a top document to this page, relative to the report's folder, when the file "
                          "exists (default: {doc_id}.html); or a FOLDER written by quotes extract --format html "
                          "--per-document. Links never lead outside the report's folder")
    rep.add_argument("-q", "--quiet", action="store_true", help="no summary line on standard error")
    rep.set_defaults(func=run_report)


# ---------------------------------------------------------------------------
# quotes people
# ---------------------------------------------------------------------------
PEOPLE_EXAMPLES = """examples:
  # who is quoted in each document, as CSV on standard output
  quotes people quotes.csv > people.csv
  # several records files (JSONL, Parquet), the table as Parquet
  quotes people part1.jsonl part2.jsonl -o people.parquet
  # a folder of Parquet parts written by quotes extract --format parquet
  quotes people records/ -o people.jsonl
"""


def run_people(args: argparse.Namespace) -> int:
    """The ``people`` subcommand: one row per document and speaker, from files of records."""
    from quotes.people import check_people_fields, output_format, people, write_people
    from quotes.report import read_records

    try:
        import pandas as pd
    except ImportError:
        raise _usage("quotes people needs pandas: pip install 'quotes[report]'") from None
    output_format(args.output)  # a bad -o fails before any reading
    frames = []
    for path in args.records:
        frame = read_records(path)
        check_people_fields(frame.columns, str(path))
        frames.append(frame)
    table = people(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])
    write_people(table, args.output)
    if not args.quiet:
        where = f" written to {args.output}" if args.output and args.output != "-" else ""
        sys.stderr.write(f"{PROG}: people table of {export.counted(len(table), 'speaker')} in "
                         f"{export.counted(int(table['doc_id'].nunique()), 'document')}{where}\n")
    return 0


def _add_people(sub: Any) -> None:
    peo = sub.add_parser("people", help="one row per document and speaker: who is quoted, by type and gender",
                         description="The people table: one row per document and canonical speaker with name, "
                                     "type, gender, gender_evidence, role, quotes (direct, mixed, indirect) and "
                                     "first_start, from records written by quotes extract.",
                         epilog=PEOPLE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    peo.add_argument("records", nargs="+", metavar="RECORDS",
                     help="records from quotes extract: .csv, .jsonl (optionally .gz), .parquet or a folder of them")
    peo.add_argument("-o", "--output", help="the table to write: .csv, .jsonl or .parquet (default: CSV on "
                                            "standard output)")
    peo.add_argument("-q", "--quiet", action="store_true", help="no summary line on standard error")
    peo.set_defaults(func=run_people)


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


EVALUATE_EXAMPLES = """examples:
  # run the extractor on the gold texts and print the scores
  quotes evaluate gold.jsonl
  # score records made earlier (quotes extract --format jsonl), only direct quotes, as JSON
  quotes evaluate gold.jsonl --pred quotes.jsonl --kinds direct --json
  # the PARC/PolNeAR scheme (every cue class), keeping the predictions for a look
  quotes evaluate polnear-dev.jsonl --cues all --save-pred pred.jsonl
"""


def _model_options(parser: argparse.ArgumentParser) -> None:
    """Every Extractor option but ``--kinds`` (``evaluate`` scores kinds, ``extract`` adds it) as an argument."""
    for f, _ in flagged():
        if f.name != "kinds":
            _option_argument(parser, f.name)


def _option_argument(parser: argparse.ArgumentParser, name: str) -> None:
    """One :class:`~quotes.options.Options` field as an argument: its flag, help and default come from there.

    The default is the field's (or the command line's own, ``cli_default``,
    where it has one: ``--workers auto``); an ``off`` switch (``--no-surface``)
    stores False in the field.
    """
    f, flag = next((f, flag) for f, flag in flagged() if f.name == name)
    default = flag.cli_default if flag.cli_default is not None else default_of(f)
    kwargs: dict[str, Any] = {"dest": f.name, "help": flag.help.format(default=shown(default)), "default": default}
    if flag.kind == "off":
        parser.add_argument(flag.name, action="store_false", **kwargs)
        return
    if flag.kind in _ARGUMENT_TYPES:
        kwargs["type"] = _ARGUMENT_TYPES[flag.kind]
    if flag.choices:
        kwargs["choices"] = flag.choices
    if flag.metavar:
        kwargs["metavar"] = flag.metavar
    parser.add_argument(flag.name, **kwargs)


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


_ARGUMENT_TYPES: dict[str, Any] = {"positive": _positive, "workers": _workers}  # by Flag.kind


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (and a pointer to --help), not the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with its subcommands."""
    parser = _Parser(prog=PROG, description="Find quotations in news text and who said them.")
    parser.add_argument("--version", action=_Version, help="print the version and the stanza model folder, then exit")
    sub = parser.add_subparsers(dest="command", required=True)

    ext = sub.add_parser("extract", help="extract quote records from documents", epilog=EXTRACT_EXAMPLES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    ext.add_argument("inputs", nargs="+", metavar="INPUT",
                     help=".txt file, folder of .txt files, .jsonl, .csv/.tsv (optionally .gz), .parquet, or - for standard input")
    ext.add_argument("-o", "--output", help="output file (default: standard output)")
    ext.add_argument("--format", default="csv", choices=(*export.FORMATS, "parquet"),
                     help="output format (default: csv); parquet writes a folder of part files (-o FOLDER)")
    _option_argument(ext, "kinds")
    ext.add_argument("--input-format", choices=("txt", "jsonl", "csv", "tsv", "parquet"),
                     help="format of the inputs when the file name does not say (standard input: txt)")
    ext.add_argument("--id-column", help="CSV/TSV/Parquet column with document ids (default: id or doc_id)")
    ext.add_argument("--text-column", default="text", help="CSV/TSV/Parquet column with the text (default: text)")
    ext.add_argument("--excel", action="store_true", help="CSV for spreadsheets: the UTF-8 byte-order mark Excel needs, and an apostrophe before "
                     "text cells that would start a formula (=, +, -, @, tab, CR)")
    ext.add_argument("--resume", action="store_true", help="skip documents an interrupted run with the same -o wrote")
    ext.add_argument("--strict", action="store_true", help="exit 1 if any document fails")
    ext.add_argument("--per-document", action="store_true",
                     help="with --format html -o FOLDER: one page per document in FOLDER and an index.html "
                          "(quotes report --doc-pages FOLDER links to them)")
    ext.add_argument("--max-doc-chars", type=_positive, default=100_000_000, metavar="N",
                     help="a longer document (a .txt file, a JSONL line, a CSV row) is a failed document, never "
                          "read whole (default: 100000000)")
    ext.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    _model_options(ext)
    _cluster_options(ext)
    ext.set_defaults(func=run_extract)

    ev = sub.add_parser("evaluate", help="score quotes against gold annotations",
                        description="Score quote records against gold annotations (JSONL documents with doc_id, "
                                    "text and quotes): precision, recall and F1 of the content spans (exact, "
                                    "and overlap above 0.3 and 0.8), speaker accuracy, and recall by kind. "
                                    "Without --pred the extractor runs on the gold texts first.",
                        epilog=EVALUATE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold documents: doc_id, text, quotes")
    ev.add_argument("--pred", metavar="PRED.jsonl", help="score these records instead of running the extractor")
    ev.add_argument("--kinds", dest="score_kinds", metavar="KINDS", default=",".join(KINDS),
                    help="kinds to score (default: all)")
    ev.add_argument("--split", help="only documents whose split field is NAME or whose doc_id starts with NAME/")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--save-pred", metavar="PRED.jsonl", help="also write the predictions made")
    ev.add_argument("--people", metavar="PEOPLE.jsonl", help="who each gold source is (entities with name, type, gender); "
                    "scores canonical names, speaker types and people quoted by gender (default: GOLD-people.jsonl "
                    "beside GOLD when it exists)")
    _model_options(ev)
    ev.set_defaults(func=run_evaluate)
    _add_report(sub)
    _add_people(sub)
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
        code = int(args.func(args))
        try:
            sys.stdout.flush()  # a full disk shows here for output held in the buffer
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise stdout_failed(exc) from None
        return code
    except QuotesError as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted; rerun the same command with --resume to continue\n")
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a file that cannot be read or written: one line, not a traceback
        if exc.filename:
            message = f"{exc.filename}: {exc.strerror or exc}"
        elif exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG):  # standard output's disk
            message = str(stdout_failed(exc))
        else:
            message = exc.strerror or str(exc)
        sys.stderr.write(f"{PROG}: error: {message}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
