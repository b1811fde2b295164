"""CSV, JSONL and HTML output: round trips through csv, pandas, R and a real browser."""

from __future__ import annotations

import csv
import html
import html.parser
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import CHROMIUM_FLAGS, chromium, system_program

from quotes.io import export
from quotes.types import QUOTE_FIELDS, Quote

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"

TRICKY = [
    Quote("doc, with comma", 1, '“Costs rose, sharply,\r\nand \'more\' \"will\" follow”', 0, 46, ((0, 46),),
          "Ana “Nana” O'Brien", 50, 68, "Ana O'Brien", "city councillor, Ward 3", "person", "female", "said", 69, 73, "speech", "direct",
          "content_before_cue", 0.85),
    Quote("ünïcødé ✓", 2, "that nothing\nhappened", 80, 101, (), None, None, None, None, None, None, None, None, None, None,
          None, "indirect", "according_to", 0.5),
]


def _as_text(q: Quote) -> dict[str, str]:
    row = q.to_dict()
    row["pieces"] = json.dumps(row["pieces"])
    return {k: "" if row[k] is None else str(row[k]) for k in QUOTE_FIELDS}


def test_export_csv_round_trips_through_python_csv():
    data = export.csv_header() + export.csv_rows(TRICKY)
    assert data.endswith("\r\n")
    back = list(csv.DictReader(io.StringIO(data, newline="")))
    assert back == [_as_text(q) for q in TRICKY]


def test_export_csv_round_trips_through_pandas(tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas comes with the dev extra")
    path = tmp_path / "q.csv"
    path.write_text(export.csv_header() + export.csv_rows(TRICKY), encoding="utf-8", newline="")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(QUOTE_FIELDS)
    assert frame.to_dict("records") == [_as_text(q) for q in TRICKY]


def test_export_to_dataframe_has_contract_columns():
    pytest.importorskip("pandas", reason="pandas comes with the dev extra")
    frame = export.to_dataframe(TRICKY)
    assert list(frame.columns) == list(QUOTE_FIELDS) and len(frame) == 2
    assert frame.loc[0, "speaker"] == "Ana “Nana” O'Brien"


def test_export_csv_round_trips_through_r(tmp_path):
    rscript = system_program("Rscript", package="r-base-core")
    path = tmp_path / "q.csv"
    path.write_text(export.csv_header() + export.csv_rows(TRICKY), encoding="utf-8", newline="")
    out = tmp_path / "r.txt"
    script = (
        f"df <- read.csv('{path}', encoding='UTF-8', stringsAsFactors=FALSE, na.strings=character(0));"
        f"con <- file('{out}', open='w', encoding='UTF-8');"
        "for (col in names(df)) cat(col, '\\x1f', paste(as.character(df[[col]]), collapse='\\x1e'), '\\x1d', file=con, sep='');"
        "close(con)"
    )
    subprocess.run([rscript, "-e", script], check=True, capture_output=True)
    cols = {}
    for chunk in out.read_text(encoding="utf-8").split("\x1d")[:-1]:
        name, values = chunk.split("\x1f")
        cols[name] = values.split("\x1e")
    assert list(cols) == list(QUOTE_FIELDS)
    expected = [_as_text(q) for q in TRICKY]
    assert cols["text"] == [e["text"].replace("\r\n", "\n") for e in expected] or cols["text"] == [e["text"] for e in expected]
    assert cols["speaker"] == [e["speaker"] for e in expected]
    assert cols["doc_id"] == [e["doc_id"] for e in expected]
    assert cols["start"] == [e["start"] for e in expected]


def test_export_jsonl_one_record_per_line():
    lines = export.jsonl_rows(TRICKY).splitlines()
    assert [json.loads(line) for line in lines] == [q.to_dict() for q in TRICKY]


class _QuoteText(html.parser.HTMLParser):
    """Collects the text of every element carrying data-q, by quote id."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.quotes: dict[str, str] = {}
        self.tags: list[str] = []
        self.in_tag = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(a.get("data-q"))
        self.in_tag = "data-tag-of" in a

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        self.in_tag = False

    def handle_data(self, data):
        qid = next((q for q in reversed(self.stack) if q), None)
        if qid is not None:
            self.quotes[qid] = self.quotes.get(qid, "") + data
        if self.in_tag:
            self.tags.append(data)


def test_export_html_is_self_contained(seed_text, seed_quotes):
    page = export.render_html([("article", seed_text, seed_quotes)])
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert page.count("data-tag-of=") == len(seed_quotes)


def test_export_html_renders_in_chromium(tmp_path, seed_text, seed_quotes):
    browser = chromium()
    page = tmp_path / "seed.html"
    page.write_text(export.render_html([("article", seed_text, seed_quotes)]), encoding="utf-8")
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    parsed = _QuoteText()
    parsed.feed(dom)
    assert parsed.quotes == {str(q.quote_id): q.text for q in seed_quotes}
    assert any("A spokesman for China’s Foreign Ministry · urged" in t for t in parsed.tags)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-seed.png"
    subprocess.run([browser, *flags, "--window-size=1200,1800", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000


# ---------------------------------------------------------------------------
# untrusted text: spreadsheet formulas and scripts
# ---------------------------------------------------------------------------
HOSTILE_CELLS = [
    '=HYPERLINK("http://example.com/steal","click")',
    "+1+2",
    "-3+4",
    "@CityHall",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    " =1+1",  # a spreadsheet that trims spaces on import reads a formula behind them
    "\u00a0 @SUM(1)",
    "\ufeff-2+3",
]


def _hostile_quotes() -> list[Quote]:
    """Records whose text fields start with every formula trigger, in every text column."""
    out = []
    for n, cell in enumerate(HOSTILE_CELLS, 1):
        out.append(Quote(cell, n, cell, 0, len(cell), ((0, len(cell)),), cell, 0, 3, cell, cell, "person", None, cell, 0, 3,
                         "speech", "direct", "content_before_cue", 0.85))
    return out


TEXT_COLUMNS = ("doc_id", "text", "speaker", "speaker_canonical", "speaker_role", "cue")


def test_export_csv_excel_defuses_formula_cells_and_plain_csv_stays_exact():
    quotes = _hostile_quotes()
    plain = list(csv.DictReader(io.StringIO(export.csv_header() + export.csv_rows(quotes), newline="")))
    assert plain == [_as_text(q) for q in quotes]  # plain CSV: every field exactly as the record has it
    excel = list(csv.DictReader(io.StringIO(export.csv_header() + export.csv_rows(quotes, excel=True), newline="")))
    assert len(excel) == len(quotes) == len(HOSTILE_CELLS)
    for row, q in zip(excel, quotes):
        for column in TEXT_COLUMNS:
            assert row[column] == "'" + getattr(q, column)
        for column in ("quote_id", "start", "end", "speaker_start", "confidence", "kind", "rule", "pieces"):
            assert row[column] == _as_text(q)[column]  # numbers and safe text untouched
    safe = TRICKY[0]
    assert export.csv_rows([safe], excel=True) == export.csv_rows([safe])


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("x=1", "x=1"), ("“=1”", "“=1”"), ("", ""), (" ", " "), ("a -1", "a -1"),
    (" =1+1", "' =1+1"), ("   +1", "'   +1"), ("\n-1", "'\n-1"), ("\u00a0@x", "'\u00a0@x"), (" \t1", "' \t1"),
    ("\u200b=1", "'\u200b=1"), ("\ufeff=1", "'\ufeff=1"), (" \r=1", "' \r=1"),
])
def test_export_defuse_formula_table(cell, expected):
    assert export.defuse_formula(cell) == expected


def _calc_cells(tmp_path: Path, name: str, data: str) -> tuple[list[str], list[str]]:
    """Open a CSV in LibreOffice Calc (headless) and return its formulas and cell texts."""
    soffice = system_program("soffice", "libreoffice", package="libreoffice-calc-nogui")
    src = tmp_path / f"{name}.csv"
    src.write_text(data, encoding="utf-8", newline="")
    out = tmp_path / f"{name}-out"
    profile = (tmp_path / f"{name}-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "fods", "--outdir", str(out), str(src)], capture_output=True, timeout=180, check=True)
    flat = (out / f"{name}.fods").read_text(encoding="utf-8")
    return re.findall(r'table:formula="([^"]*)"', flat), [html.unescape(t) for t in re.findall(r"<text:p>([^<]*)</text:p>", flat)]


def test_export_csv_excel_opens_without_formulas_in_libreoffice(tmp_path):
    quotes = _hostile_quotes()
    formulas, _ = _calc_cells(tmp_path, "plain", export.csv_header() + export.csv_rows(quotes))
    assert formulas, "LibreOffice no longer reads =... as a formula: this test cannot see a defused cell"
    formulas, cells = _calc_cells(tmp_path, "excel", "\ufeff" + export.csv_header() + export.csv_rows(quotes, excel=True))
    assert formulas == []
    assert "'=HYPERLINK(\"http://example.com/steal\",\"click\")" in cells and "'@CityHall" in cells


PWN = "document.body.setAttribute('data-pwned','{}')"
HOSTILE_DOC = (
    f"<script>{PWN.format(1)}</script> The mayor spoke on Monday.\n\n"
    f"“</style><script>{PWN.format(2)}</script> We will win,” said Maria Keller.\n\n"
    f"\"'><svg onload=\"{PWN.format(3)}\"> and <img src=x onerror=\"{PWN.format(4)}\"> said the roads would reopen."
)
HOSTILE_IDS = [f"javascript:{PWN.format(5)}", f"\"'><svg onload=\"{PWN.format(6)}\">", "</style><b>bold</b>"]
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "section", "table", "tr", "th", "td",
                "span", "div", "nav", "ol", "li", "a"}  # nav ... a: the table of contents


def _hostile_page(extractor) -> tuple[str, list[tuple[str, str, list[Quote]]]]:
    """Real records of the hostile document, and hand-made ones whose labels are hostile too."""
    found = extractor.extract(HOSTILE_DOC, doc_id=HOSTILE_IDS[0])
    start = HOSTILE_DOC.index("“</style>")
    end = HOSTILE_DOC.index(" said Maria")
    label = f"<img src=x onerror=\"{PWN.format(7)}\">"
    made = [Quote(HOSTILE_IDS[1], 1, HOSTILE_DOC[start:end], start, end, ((start, end),), "Maria Keller", end + 6,
                  end + 18, label, "</style>", "person", "male", f"\"'><svg onload=\"{PWN.format(8)}\">", end + 1, end + 5, "speech",
                  "direct", f"javascript:{PWN.format(9)}", 0.85)]
    docs = [(HOSTILE_IDS[0], HOSTILE_DOC, found), (HOSTILE_IDS[1], HOSTILE_DOC, made), (HOSTILE_IDS[2], HOSTILE_DOC, [])]
    return export.render_html(docs, title=HOSTILE_IDS[2]), docs


class _Elements(html.parser.HTMLParser):
    """Every element and attribute of a page, and the text of each document (labels left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.texts: list[str] = []
        self.open: list[str] = []  # "text", "label" or "" for each open element

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        role = "text" if ("class", "text") in attrs else "label" if ("class", "tag") in attrs else ""
        if role == "text":
            self.texts.append("")
        if tag != "meta":
            self.open.append(role)

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()

    def handle_data(self, data):
        if "text" in self.open and "label" not in self.open:
            self.texts[-1] += data


def test_export_html_escapes_hostile_documents_and_ids(extractor):
    page, docs = _hostile_page(extractor)
    assert page.startswith(f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{export.CSP_META}")
    parsed = _Elements()
    parsed.feed(page)
    assert set(parsed.tags) <= ALLOWED_TAGS and parsed.tags.count("style") == 1
    assert not [name for name, _ in parsed.attrs if name.startswith("on") or name == "src"]
    # the only links: the table of contents' to the documents' sections, by position, never by id
    assert [v for name, v in parsed.attrs if name == "href"] == [f"#doc-{n}" for n in range(1, len(docs) + 1)]
    assert [v for name, v in parsed.attrs if name == "id"] == [f"doc-{n}" for n in range(1, len(docs) + 1)]
    assert not [v for name, v in parsed.attrs if v and "javascript:" in v]
    for doc_id in HOSTILE_IDS:
        assert f"<h2>{html.escape(doc_id)}</h2>" in page
    assert parsed.texts == [HOSTILE_DOC] * len(docs)  # every character shown as text, none as markup


def _chromium_dom(tmp_path: Path, name: str, page: str) -> tuple[str, list[str]]:
    """Load a page in headless Chromium: the DOM after scripts would have run, and the console's lines."""
    browser = chromium()
    path = tmp_path / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / ('profile-' + name)}", "--enable-logging=stderr", "--v=0"]
    done = subprocess.run([browser, *flags, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120,
                          check=True)
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def test_export_html_hostile_page_runs_nothing_in_chromium(tmp_path, extractor):
    page, docs = _hostile_page(extractor)
    dom, console = _chromium_dom(tmp_path, "hostile", page)
    assert console == [] and "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    parsed = _QuoteText()
    parsed.feed(dom)
    assert parsed.quotes["1"] == "".join(q.text for _, _, quotes in docs for q in quotes if q.quote_id == 1)
    # An escaping slip, simulated: a raw script in the page. The policy blocks it and says so ...
    slipped = page.replace("<body>", f"<body><script>{PWN.format('slip')}</script>", 1)
    dom, console = _chromium_dom(tmp_path, "slip", slipped)
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert any("Content Security Policy" in line for line in console)
    # ... and without the policy the same script runs: the probe above can see a script that ran.
    dom, _ = _chromium_dom(tmp_path, "no-policy", slipped.replace(export.CSP_META, "", 1))
    assert "data-pwned=\"slip\"" in dom.split("<body", 1)[1].split(">", 1)[0]
