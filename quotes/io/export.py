"""Write Quote records as CSV, JSONL or one self-contained HTML page.

CSV follows RFC 4180 (every field that needs it is quoted, CRLF line ends),
so fields with commas, newlines and quote marks survive Python's ``csv``,
pandas and R's ``read.csv``. ``pieces`` is written as a JSON list in both
CSV and JSONL; empty values are empty CSV fields and JSON ``null``.

Untrusted text is defused where a program would act on it: for
spreadsheets (``excel=True``) a text cell that a spreadsheet would read as a
formula gets a leading apostrophe, and the HTML page escapes every text and
carries a Content-Security-Policy that lets no script or remote file load.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from quotes.types import QUOTE_FIELDS, Quote

FORMATS = ("csv", "jsonl", "html")


def counted(n: int, noun: str) -> str:
    """A count with its noun: "1 document", "2 documents"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def csv_header() -> str:
    """The CSV header line (with its CRLF)."""
    buf = io.StringIO()
    csv.writer(buf).writerow(QUOTE_FIELDS)
    return buf.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BLANKS = " \n\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"


def defuse_formula(cell: str) -> str:
    """A text cell a spreadsheet will not read as a formula (OWASP's CSV injection advice).

    Args:
        cell: the text of one CSV cell.

    Returns:
        The cell with an apostrophe in front when its first non-blank
        character is ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
        (`` =1+1`` too: a spreadsheet may trim the spaces on import); otherwise
        the cell unchanged. Blanks are spaces, line feeds, no-break and
        zero-width spaces and the byte-order mark.
    """
    return "'" + cell if cell.lstrip(BLANKS).startswith(FORMULA_STARTS) else cell


def csv_rows(quotes: Iterable[Quote], *, excel: bool = False) -> str:
    """CSV lines for some records, without the header.

    Args:
        quotes: the records.
        excel: for spreadsheets: text cells that would start a formula get a
            leading apostrophe (:func:`defuse_formula`); numbers are never
            touched. Without it every field is written exactly.

    Returns:
        The lines, RFC 4180 quoted, with CRLF line ends.
    """
    buf = io.StringIO()
    writer = csv.writer(buf)
    for q in quotes:
        row = q.to_dict()
        row["pieces"] = json.dumps(row["pieces"])
        cells = ("" if row[f] is None else row[f] for f in QUOTE_FIELDS)
        writer.writerow(defuse_formula(c) if excel and isinstance(c, str) else c for c in cells)
    return buf.getvalue()


def jsonl_rows(quotes: Iterable[Quote]) -> str:
    """One JSON object per record, one per line."""
    return "".join(json.dumps(q.to_dict(), ensure_ascii=False) + "\n" for q in quotes)


def to_dataframe(quotes: Iterable[Quote]) -> Any:
    """Records as a pandas DataFrame with the contract's columns.

    Args:
        quotes: Quote records (from one or many documents).

    Returns:
        A ``pandas.DataFrame``, one row per record.

    Raises:
        ImportError: when pandas is not installed (``pip install 'quotes[pandas]'``).
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("to_dataframe() needs pandas: pip install 'quotes[pandas]'") from exc
    return pd.DataFrame([q.to_dict() for q in quotes], columns=list(QUOTE_FIELDS))


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------
_STYLE = """
body{font:16px/1.55 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font:600 1.4rem system-ui,sans-serif} h2{font:600 1.1rem system-ui,sans-serif;border-top:1px solid #ccc;padding-top:1rem}
table{border-collapse:collapse;font:14px system-ui,sans-serif;margin:.5rem 0 1rem}
td,th{border:1px solid #ddd;padding:.2rem .6rem;text-align:left}
.text{white-space:pre-wrap}
.quote{border-radius:3px;padding:0 1px}
.speaker{text-decoration:underline;text-decoration-thickness:3px;font-weight:600}
.cue{font-style:italic;text-decoration:underline dotted}
.tag{font:600 11px system-ui,sans-serif;border-radius:3px;padding:0 4px;margin:0 3px;vertical-align:super;color:#111}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:middle;margin-right:.3em}
"""


CSP = "default-src 'none'; style-src 'unsafe-inline'"  # no scripts, no loads of any kind; inline CSS only
CSP_META = f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"


def _colour(n: int) -> str:
    """A distinct pastel colour for the n-th speaker."""
    return f"hsl({(n * 137.5) % 360:.0f},70%,82%)"


def _segments(text: str, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    cuts = {0, len(text)}
    for q in quotes:
        cuts |= {q.start, q.end}
        for a, b in ((q.speaker_start, q.speaker_end), (q.cue_start, q.cue_end)):
            if a is not None and b is not None:
                cuts |= {a, b}
    points = sorted(cuts)
    return list(zip(points, points[1:]))


_QUOTE, _SPEAKER, _CUE = 0, 1, 2


def _stretches(quotes: Sequence[Quote]) -> tuple[dict[int, list[tuple[int, int, int]]], dict[int, list[tuple[int, int, int]]]]:
    """Where each quote's content, speaker and cue start and end: (what, quote index, end) by offset."""
    opens: dict[int, list[tuple[int, int, int]]] = {}
    closes: dict[int, list[tuple[int, int, int]]] = {}
    for i, q in enumerate(quotes):
        for what, a, b in ((_QUOTE, q.start, q.end), (_SPEAKER, q.speaker_start, q.speaker_end),
                           (_CUE, q.cue_start, q.cue_end)):
            if a is not None and b is not None and a < b:
                opens.setdefault(a, []).append((what, i, b))
                closes.setdefault(b, []).append((what, i, b))
    return opens, closes


def _text_html(text: str, quotes: Sequence[Quote], colours: dict[str, str]) -> str:
    """The document text with its quotes, speakers and cues marked up.

    One sweep over the cut points: each quote's content, speaker and cue
    enter the set of open stretches once and leave it once, so the time is
    linear in the text and the quotes (plus the stretches open at once, a
    few in real text), never the quotes times the segments.
    """
    opens, closes = _stretches(quotes)
    active: tuple[dict[int, None], dict[int, None], dict[int, None]] = ({}, {}, {})
    ends = {q.end: q for q in quotes}
    out = []
    for a, b in _segments(text, quotes):
        for what, i, _ in closes.get(a, ()):
            active[what].pop(i, None)
        for what, i, _ in opens.get(a, ()):
            active[what][i] = None
        piece = html.escape(text[a:b])
        if any(active):
            classes, attrs, style = [], "", ""
            for i in sorted({*active[_QUOTE], *active[_SPEAKER], *active[_CUE]}):  # the records' order
                q = quotes[i]
                colour = colours.get(q.speaker_canonical or "", "#e6e6e6")
                if i in active[_QUOTE]:
                    classes.append("quote")
                    attrs += f" data-q='{q.quote_id}'"
                    style = f"background:{colour}"
                if i in active[_SPEAKER]:
                    classes.append("speaker")
                    attrs += f" data-speaker-of='{q.quote_id}'"
                    style = style or f"text-decoration-color:{colour}"
                if i in active[_CUE]:
                    classes.append("cue")
            out.append(f"<span class='{' '.join(classes)}'{attrs} style='{style}'>{piece}</span>")
        else:
            out.append(piece)
        if b in ends:
            q = ends[b]
            label = f"{q.speaker_canonical or 'no speaker'} · {q.cue or q.rule} · {q.kind}"
            colour = colours.get(q.speaker_canonical or "", "#e6e6e6")
            out.append(f"<span class='tag' data-tag-of='{q.quote_id}' style='background:{colour}'>{html.escape(label)}</span>")
    return "".join(out)


def _doc_html(doc_id: str, text: str, quotes: Sequence[Quote], colours: dict[str, str], anchor: str = "") -> str:
    counts = Counter((q.speaker_canonical or "(no speaker)") for q in quotes)
    kinds: dict[str, Counter[str]] = {s: Counter() for s in counts}
    for q in quotes:
        kinds[q.speaker_canonical or "(no speaker)"][q.kind] += 1
    rows = "".join(
        f"<tr><td><span class='swatch' style='background:{colours.get(s, '#eee')}'></span>{html.escape(s)}</td>"
        f"<td>{n}</td><td>{html.escape(', '.join(f'{k} {v}' for k, v in sorted(kinds[s].items())))}</td></tr>"
        for s, n in counts.most_common()
    )
    table = f"<table class='who'><tr><th>speaker</th><th>quotes</th><th>kinds</th></tr>{rows}</table>"
    section = f"<section id='{anchor}'>" if anchor else "<section>"
    return f"{section}<h2>{html.escape(doc_id)}</h2>{table}<div class='text'>{_text_html(text, quotes, colours)}</div></section>"


def anchor(n: int) -> str:
    """The id of the n-th document (from 1) on a combined page: safe whatever the document id holds."""
    return f"doc-{n}"


def page_name(doc_id: str) -> str:
    """The file name of a document's own page (``--format html --per-document``).

    The id's letters, digits, ``.``, ``_`` and ``-`` (at most 60, other runs
    as one ``-``), then 12 hex digits of the id's SHA-256: never a path, a
    hidden file, a name too long for a file system or one shared by two ids.
    ``quotes report --doc-pages FOLDER`` finds the pages by the same name.
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip(".-")[:60].strip(".-") or "doc"
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{slug}-{digest}.html"


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{CSP_META}"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>")


def _colours(docs: Iterable[tuple[str, str, Sequence[Quote]]]) -> dict[str, str]:
    colours: dict[str, str] = {}
    for _, _, quotes in docs:
        for q in quotes:
            if q.speaker_canonical and q.speaker_canonical not in colours:
                colours[q.speaker_canonical] = _colour(len(colours))
    return colours


def _contents(entries: Iterable[tuple[str, str, int]]) -> str:
    """A list of links: (address, document id, quotes)."""
    items = "".join(f"<li><a href='{html.escape(href)}'>{html.escape(doc_id)}</a> ({counted(n, 'quote')})</li>"
                    for href, doc_id, n in entries)
    return f"<nav class='toc'><ol>{items}</ol></nav>"


def render_html(docs: Iterable[tuple[str, str, Sequence[Quote]]], *, title: str = "quotes") -> str:
    """One self-contained HTML page showing each document with its quotes highlighted.

    Args:
        docs: (doc_id, text, quotes) for each document.
        title: the page title.

    Returns:
        The page: inline CSS, no scripts, no network assets, and a
        Content-Security-Policy (:data:`CSP`) that lets neither run should
        some text ever slip through unescaped. Each quote is
        coloured by canonical speaker and followed by a label with the
        speaker, cue and kind; each document starts with a table of who
        was quoted how often. A page of several documents starts with a
        table of contents, one link per document to its section (ids
        ``doc-1``, ``doc-2``, ... whatever the document ids hold).
    """
    docs = list(docs)
    colours = _colours(docs)
    several = len(docs) > 1
    body = "".join(_doc_html(doc_id, text, quotes, colours, anchor(n) if several else "")
                   for n, (doc_id, text, quotes) in enumerate(docs, 1))
    contents = _contents((f"#{anchor(n)}", doc_id, len(quotes)) for n, (doc_id, _, quotes) in enumerate(docs, 1))
    n_quotes = sum(len(q) for _, _, q in docs)
    return _page(title, f"<h1>{html.escape(title)}: {counted(len(docs), 'document')}, {counted(n_quotes, 'quote')}</h1>"
                        f"{contents if several else ''}{body}")


def render_document_page(doc_id: str, text: str, quotes: Sequence[Quote]) -> str:
    """One document's own page (``--per-document``), linking back to the folder's ``index.html``."""
    colours = _colours([(doc_id, text, quotes)])
    return _page(doc_id, f"<p><a href='index.html'>all documents</a></p>"
                         f"{_doc_html(doc_id, text, quotes, colours)}")


def render_index(entries: Sequence[tuple[str, str, int]], *, title: str = "quotes") -> str:
    """The ``index.html`` of a folder of document pages: (page file name, document id, quotes) each."""
    n_quotes = sum(n for _, _, n in entries)
    return _page(title, f"<h1>{html.escape(title)}: {counted(len(entries), 'document')}, "
                        f"{counted(n_quotes, 'quote')}</h1>{_contents(entries)}")
