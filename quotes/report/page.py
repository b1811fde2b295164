"""The report as one self-contained HTML page: inline CSS and SVG, no scripts, no network."""

from __future__ import annotations

import html
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from quotes.errors import InputError
from quotes.report.summary import Summary
from quotes.types import KINDS

TOP_SPEAKERS = 30
TOP_DOCUMENTS = 20
TOP_CUES = 15
TOP_PEOPLE = 20

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.15rem;border-top:1px solid #ccc;padding-top:1rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem} td,th{border:1px solid #ddd;padding:.15rem .6rem;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums} .note{color:#555;font-size:.9rem}
.cues{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start} .cues h3{font-size:1rem;margin:.3rem 0}
svg text{font:12px system-ui,sans-serif;fill:#222} svg .axis{stroke:#999}
.k-direct{fill:#3b6fb6;background:#3b6fb6} .k-mixed{fill:#e39b2d;background:#e39b2d}
.k-indirect{fill:#6fae6f;background:#6fae6f} .hist{fill:#7a7aa8}
.key{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:middle;margin:0 .3em 0 .8em}
td.bar{width:8rem;padding:.15rem .3rem} .hbar{display:block;height:.9rem;min-width:1px;border-radius:2px}
.hbar.zero{min-width:0} .share{font-size:1.05rem}
.g-female{background:#b04a8a} .g-male{background:#2f8f8a} .t-person{background:#7a5cb0}
.t-organization{background:#c77d3a} .t-group{background:#4f9d5a} .t-document{background:#5a7fa8}
.g-unknown,.t-unknown,.g-other,.t-other{background:#9a9a9a}
"""


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def _table(head: Iterable[str], rows: Iterable[Iterable[Any]], *, numeric_from: int = 1) -> str:
    cells = "".join(f"<th class='n'>{_e(h)}</th>" if n >= numeric_from else f"<th>{_e(h)}</th>"
                    for n, h in enumerate(head))
    body = "".join("<tr>" + "".join(
        f"<td class='n'>{v}</td>" if n >= numeric_from else f"<td>{v}</td>" for n, v in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def _totals_html(summary: Summary) -> str:
    t = summary.totals.iloc[0]
    rows: list[list[Any]] = [[_e("documents"), int(t["documents"])], [_e("records"), int(t["records"])],
            [_e("speakers (merged across documents)"), int(t["speakers"])],
            [_e("records with no speaker"), f"{int(t['no_speaker'])} ({_pct(t['no_speaker_share'])})"]]
    parts = [_table(["", "number"], rows)]
    for title, table in (("kind", summary.kinds), ("cue class", summary.cue_classes)):
        if table is not None:
            parts.append(_table([title, "records", "share"],
                                [[_e(k), int(r["records"]), _pct(r["share"])] for k, r in table.iterrows()]))
    return "<section id='totals'><h2>Totals</h2><div class='cues'>" + "".join(parts) + "</div></section>"


def _legend() -> str:
    return "<p class='note'>" + "".join(f"<span class='key k-{k}'></span>{k}" for k in KINDS) + "</p>"


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _speaker_bar(n: int, key: str, row: Any, scale: float) -> str:
    """One speaker's row of the chart: a <g class='bar'> with one rect per kind."""
    y, x, segments = n * 24, 270.0, []
    for kind in KINDS:
        count = int(row[kind])
        if count:
            width = count * scale
            segments.append(f"<rect class='seg k-{kind}' data-kind='{kind}' data-n='{count}' x='{x:.1f}' y='4' "
                            f"width='{max(width, 1):.1f}' height='16'/>")
            x += width
    split = ", ".join(f"{k} {int(row[k])}" for k in KINDS if int(row[k]))
    docs = int(row["documents"])
    tip = f"{row['speaker']}: {int(row['records'])} records ({split}) in {docs} document{'s' * (docs != 1)}"
    return (f"<g class='bar' data-key='{_e(key)}' data-records='{int(row['records'])}' transform='translate(0,{y})'>"
            f"<title>{_e(tip)}</title><text x='262' y='16' text-anchor='end'>{_e(_short(str(row['speaker'])))}</text>"
            + "".join(segments) + f"<text x='{x + 6:.1f}' y='16'>{int(row['records'])} · {docs} doc"
            f"{'s' * (docs != 1)}</text></g>")


def _speakers_html(summary: Summary, top: int) -> str:
    table = summary.speakers.head(top)
    if not len(table):
        return "<section id='speakers'><h2>Speakers</h2><p>No record has a speaker.</p></section>"
    scale = 520 / max(int(table["records"].max()), 1)
    bars = "".join(_speaker_bar(n, key, row, scale) for n, (key, row) in enumerate(table.iterrows()))
    height = 24 * len(table) + 4
    svg = (f"<svg class='chart' role='img' aria-label='records per speaker' width='900' height='{height}' "
           f"viewBox='0 0 900 {height}'>{bars}</svg>")
    note = (f"The {len(table)} most-quoted of {len(summary.speakers)} speakers: records by kind, then the number "
            "of documents the speaker is quoted in. Speakers are merged across documents by name "
            "(titles and roles stripped; a bare surname joins the one full name that has it).")
    return f"<section id='speakers'><h2>Speakers</h2><p class='note'>{_e(note)}</p>{_legend()}{svg}</section>"


def _bins(counts: list[int]) -> list[tuple[int, int, int]]:
    """(from, to, documents) bins of records per document: one per value up to 40, else about 30 bins."""
    top = max(counts)
    width = 1 if top <= 40 else -(-top // 30)
    tally = Counter((c - 1) // width for c in counts)
    return [(b * width + 1, (b + 1) * width, tally.get(b, 0)) for b in range(-(-top // width))]


def _histogram_svg(counts: list[int]) -> str:
    bins = _bins(counts)
    tallest, step = max(n for _, _, n in bins), 840 / len(bins)
    bars, labels = [], []
    for n, (low, high, docs) in enumerate(bins):
        height, x = 150 * docs / tallest, 40 + n * step
        span = f"{low}" if low == high else f"{low}–{high}"
        tip = f"{docs} document{'s' * (docs != 1)} with {span} record{'s' * (high != 1)}"
        bars.append(f"<rect class='hist' data-from='{low}' data-to='{high}' data-n='{docs}' x='{x + 1:.1f}' "
                    f"y='{160 - height:.1f}' width='{max(step - 2, 1):.1f}' height='{height:.1f}'>"
                    f"<title>{_e(tip)}</title></rect>")
        if n % max(1, len(bins) // 10) == 0:
            labels.append(f"<text x='{x + step / 2:.1f}' y='176' text-anchor='middle'>{_e(span)}</text>")
    axis = (f"<line class='axis' x1='40' y1='160' x2='880' y2='160'/><text x='34' y='16' text-anchor='end'>"
            f"{tallest}</text><text x='34' y='160' text-anchor='end'>0</text>")
    return (f"<svg class='histogram' role='img' aria-label='documents by number of records' width='900' "
            f"height='184' viewBox='0 0 900 184'>{axis}{''.join(bars)}{''.join(labels)}</svg>")


def _documents_html(summary: Summary, links: Mapping[str, str], top: int) -> str:
    docs = summary.documents
    if not len(docs):
        return "<section id='documents'><h2>Documents</h2><p>No records.</p></section>"
    rows = []
    for doc_id, row in docs.head(top).iterrows():
        name = _e(doc_id)
        cell = f"<a href='{_e(links[doc_id])}'>{name}</a>" if doc_id in links else name
        rows.append([cell, int(row["records"]), *(int(row[k]) for k in KINDS), int(row["speakers"])])
    note = (f"Documents by number of records (the {len(docs)} documents that have at least one), "
            f"then the {min(top, len(docs))} with the most.")
    return (f"<section id='documents'><h2>Documents</h2><p class='note'>{_e(note)}</p>"
            f"{_histogram_svg([int(n) for n in docs['records']])}"
            f"{_table(['document', 'records', *KINDS, 'speakers'], rows)}</section>")


def _cues_html(summary: Summary, top: int) -> str:
    blocks = []
    for kind in KINDS:
        table = summary.cues[summary.cues["kind"] == kind].head(top)
        rows = [[_e(r["cue"]), int(r["records"])] for _, r in table.iterrows()]
        blocks.append(f"<div><h3><span class='key k-{kind}'></span>{kind}</h3>"
                      + (_table(["cue", "records"], rows) if rows else "<p>none</p>") + "</div>")
    return (f"<section id='cues'><h2>Cue words</h2><p class='note'>The {top} cue words used most, per kind.</p>"
            f"<div class='cues'>{''.join(blocks)}</div></section>")


def _bar_table(title: str, table: Any, prefix: str, known: tuple[str, ...]) -> str:
    """One row per value: people, share, quotes and an inline CSS bar as wide as the share."""
    rows = []
    for value, row in table.iterrows():
        n, share = int(row["people"]), float(row["share"])
        css = f"{prefix}-{value}" if value in (*known, "unknown") else f"{prefix}-other"
        bar = (f"<span class='hbar {css}{' zero' if not n else ''}' data-value='{_e(value)}' data-n='{n}' "
               f"style='width:{100 * share:.1f}%'></span>")
        rows.append([_e(value), n, _pct(share), int(row["quotes"]), bar])
    return _table([title, "people", "share", "quotes", ""], rows).replace("<td class='n'><span", "<td class='bar'><span")


def _sources_html(summary: Summary, top: int) -> str:
    """The "Sources by gender" section: people quoted by gender and type, the female share, the top names."""
    from quotes import __version__

    head = "<section id='sources'><h2>Sources by gender</h2>"
    if summary.genders is None or summary.types is None or summary.people is None:
        if int(summary.totals.iloc[0]["records"]) == 0:
            return head + "<p>No records.</p></section>"
        return head + ("<p class='missing'>These records have no <code>speaker_type</code> and "
                       "<code>speaker_gender</code> columns: they were written by an older <code>quotes extract</code>. "
                       f"Rerun <code>quotes extract</code> with this version (quotes {_e(__version__)}) on the "
                       "documents to count who is quoted by gender and type.</p></section>")
    people, genders = summary.people, summary.genders
    female, male, unknown = (int(genders.loc[g, "people"]) for g in ("female", "male", "unknown"))
    share = "–" if summary.female_share is None else _pct(summary.female_share)
    line = (f"<p class='share'>Female share of people quoted: <b data-female-share>{share}</b> "
            f"({female} female, {male} male; {unknown} {'person' if unknown == 1 else 'persons'} of unknown "
            "gender left out).</p>")
    note = (f"{len(people)} people quoted (a speaker counts once in each document that quotes it) in "
            f"{people['doc_id'].nunique()} documents. Gender is counted over the persons and the speakers with a "
            "gender; type over all speakers. Quotes: the records of those speakers.")
    tables = ("<div class='cues'>" + _bar_table("gender", genders, "g", ("female", "male"))
              + _bar_table("type", summary.types, "t", ("person", "organization", "group", "document")) + "</div>")
    ranked = summary.top_people.head(top) if summary.top_people is not None else None
    if ranked is None or not len(ranked):
        names = "<p>No speaker is typed as a person.</p>"
    else:
        rows = [[n, _e(r["name"]), _e(r["gender"] or "unknown"), int(r["quotes"]), int(r["documents"])]
                for n, (_, r) in enumerate(ranked.iterrows(), 1)]
        names = (f"<h3>The {len(ranked)} most-quoted persons</h3><p class='note'>Merged across documents as in "
                 "Speakers above; quotes in all documents.</p>"
                 + _table(["#", "name", "gender", "quotes", "documents"], rows, numeric_from=3))
    return head + f"<p class='note'>{_e(note)}</p>{line}{tables}{names}</section>"


def render_report(summary: Summary, *, title: str = "quotes report", links: Mapping[str, str] | None = None,
                  top_speakers: int = TOP_SPEAKERS, top_documents: int = TOP_DOCUMENTS,
                  top_people: int = TOP_PEOPLE) -> str:
    """One self-contained HTML page of a corpus summary.

    Args:
        summary: from :func:`summarize`.
        title: the page title.
        links: doc_id -> address of that document's own page (see
            :func:`document_links`); documents without one are not linked.
        top_speakers: the number of speakers in the chart.
        top_documents: the number of documents in the table.
        top_people: the number of persons in the "Sources by gender" table.

    Returns:
        The page: inline CSS and SVG, no scripts and a Content-Security-Policy
        that forbids them and every remote load; all record text is escaped.
    """
    t = summary.totals.iloc[0]
    heading = f"{title}: {int(t['documents'])} documents, {int(t['records'])} records"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body><h1>{_e(heading)}</h1>"
        + _totals_html(summary) + _speakers_html(summary, top_speakers) + _sources_html(summary, top_people)
        + _documents_html(summary, links or {}, top_documents) + _cues_html(summary, TOP_CUES)
        + "</body></html>"
    )


def document_links(doc_ids: Iterable[str], folder: str | Path, pattern: str = "{doc_id}.html") -> dict[str, str]:
    """Addresses of the per-document pages that exist beside a report.

    Args:
        doc_ids: the documents to look for.
        folder: the report's folder; ``pattern`` is relative to it.
        pattern: the page of one document, with ``{doc_id}`` in it (default
            ``{doc_id}.html``; ``sub/article`` looks for ``sub/article.html``);
            or a folder (as given, or relative to the current folder) of
            pages written by ``quotes extract --format html -o FOLDER
            --per-document``, found by :func:`quotes.io.export.page_name`.

    Returns:
        doc_id -> relative, URL-quoted address, for the pages that exist.
        A link never leads outside the report's folder: a page that lies (or
        whose symbolic link points) outside it, and a name the file system
        refuses (over 255 bytes), are not linked.

    Raises:
        InputError: the pattern has no ``{doc_id}`` and is no folder, holds
            other braces, or is a folder outside the report's folder.
    """
    root = Path(folder).resolve()
    if "{doc_id}" not in pattern:
        if not Path(pattern).is_dir():
            raise InputError(f"page pattern {pattern!r} must hold {{doc_id}}, as in '{{doc_id}}.html', or be a folder "
                             "of pages written by quotes extract --format html --per-document")
        return _folder_links(doc_ids, root, Path(pattern).resolve())
    links = {}
    for doc_id in doc_ids:
        try:
            relative = pattern.format(doc_id=doc_id)
        except (KeyError, IndexError, ValueError):
            raise InputError(f"page pattern {pattern!r}: only {{doc_id}} may stand in braces") from None
        if _inside(root, root / relative):
            links[doc_id] = urllib.parse.quote(Path(relative).as_posix())
    return links


def _inside(root: Path, page: Path) -> bool:
    """Is page a file inside root, after every ``..`` and symbolic link? False for a name too long to look up."""
    try:
        return page.is_file() and root in page.resolve().parents
    except (OSError, ValueError):  # ENAMETOOLONG and its kin; a NUL byte in the name
        return False


def _folder_links(doc_ids: Iterable[str], root: Path, pages: Path) -> dict[str, str]:
    from quotes.io.export import page_name

    if pages != root and root not in pages.parents:
        raise InputError(f"--doc-pages {pages} is outside the report's folder {root}: links never leave it; "
                         "write the report into the pages' folder or one above it")
    prefix = pages.relative_to(root).as_posix()
    links = {}
    for doc_id in doc_ids:
        name = page_name(doc_id)
        if _inside(root, pages / name):
            links[doc_id] = urllib.parse.quote(name if prefix == "." else f"{prefix}/{name}")
    return links
