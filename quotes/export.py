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
import html
import io
import json
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


def defuse_formula(cell: str) -> str:
    """A text cell a spreadsheet will not read as a formula (OWASP's CSV injection advice).

    Args:
        cell: the text of one CSV cell.

    Returns:
        The cell with an apostrophe in front when it starts with ``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return; otherwise the cell unchanged.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


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


def _doc_html(doc_id: str, text: str, quotes: Sequence[Quote], colours: dict[str, str]) -> str:
    counts = Counter((q.speaker_canonical or "(no speaker)") for q in quotes)
    kinds = {s: Counter(q.kind for q in quotes if (q.speaker_canonical or "(no speaker)") == s) for s in counts}
    rows = "".join(
        f"<tr><td><span class='swatch' style='background:{colours.get(s, '#eee')}'></span>{html.escape(s)}</td>"
        f"<td>{n}</td><td>{html.escape(', '.join(f'{k} {v}' for k, v in sorted(kinds[s].items())))}</td></tr>"
        for s, n in counts.most_common()
    )
    table = f"<table class='who'><tr><th>speaker</th><th>quotes</th><th>kinds</th></tr>{rows}</table>"
    out = []
    ends = {q.end: q for q in quotes}
    for a, b in _segments(text, quotes):
        classes, attrs, style = [], "", ""
        for q in quotes:
            colour = colours.get(q.speaker_canonical or "", "#e6e6e6")
            if q.start <= a and b <= q.end:
                classes.append("quote")
                attrs += f" data-q='{q.quote_id}'"
                style = f"background:{colour}"
            if q.speaker_start is not None and q.speaker_start <= a and b <= (q.speaker_end or 0):
                classes.append("speaker")
                attrs += f" data-speaker-of='{q.quote_id}'"
                style = style or f"text-decoration-color:{colour}"
            if q.cue_start is not None and q.cue_start <= a and b <= (q.cue_end or 0):
                classes.append("cue")
        piece = html.escape(text[a:b])
        out.append(f"<span class='{' '.join(classes)}'{attrs} style='{style}'>{piece}</span>" if classes else piece)
        if b in ends:
            q = ends[b]
            label = f"{q.speaker_canonical or 'no speaker'} · {q.cue or q.rule} · {q.kind}"
            colour = colours.get(q.speaker_canonical or "", "#e6e6e6")
            out.append(f"<span class='tag' data-tag-of='{q.quote_id}' style='background:{colour}'>{html.escape(label)}</span>")
    return f"<section><h2>{html.escape(doc_id)}</h2>{table}<div class='text'>{''.join(out)}</div></section>"


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
        was quoted how often.
    """
    docs = list(docs)
    colours: dict[str, str] = {}
    for _, _, quotes in docs:
        for q in quotes:
            if q.speaker_canonical and q.speaker_canonical not in colours:
                colours[q.speaker_canonical] = _colour(len(colours))
    body = "".join(_doc_html(doc_id, text, quotes, colours) for doc_id, text, quotes in docs)
    n_quotes = sum(len(q) for _, _, q in docs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{CSP_META}"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}: {counted(len(docs), 'document')}, {counted(n_quotes, 'quote')}</h1>{body}</body></html>"
    )
