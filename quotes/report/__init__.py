"""The corpus at a glance: who is quoted, how often and how.

:func:`summarize` turns records (from any number of documents) into pandas
DataFrames for a notebook; :func:`render_report` draws them as one
self-contained HTML page (inline CSS and SVG, no scripts, no network
assets); :func:`read_records` reads a CSV, JSONL or Parquet file of records.
This package consumes records only: it never runs or imports a pipeline
stage. pandas is imported when a function needs it, pyarrow only for Parquet.

* ``names.py``: speakers merged across documents (:func:`speaker_keys`; the
  rule is in its docstring and in the README);
* ``records.py``: reading and checking records files;
* ``summary.py``: the DataFrames (who is quoted by gender and type from
  the people table, :func:`quotes.people`);
* ``page.py``: the HTML page and the links to per-document pages.
"""

from quotes.report.names import SpeakerName, display_name, parse_speaker, speaker_keys
from quotes.report.page import (
    TOP_CUES,
    TOP_DOCUMENTS,
    TOP_PEOPLE,
    TOP_SPEAKERS,
    document_links,
    render_report,
)
from quotes.report.records import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, read_records
from quotes.report.summary import Summary, summarize

__all__ = [
    "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS", "TOP_CUES", "TOP_DOCUMENTS", "TOP_PEOPLE", "TOP_SPEAKERS", "SpeakerName", "Summary",
    "display_name", "document_links", "parse_speaker", "read_records", "render_report", "speaker_keys", "summarize",
]
