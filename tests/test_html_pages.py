"""HTML output: linear rendering, the combined page's table of contents, a page per document, report links."""

from __future__ import annotations

import html.parser
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import CHROMIUM_FLAGS, chromium
from quotes import report
from quotes.io import export
from quotes.cli import main
from quotes.types import Quote

HOSTILE_IDS = ["../../escape", "/etc/passwd", "a/b?c#d", "<script>x</script>", "é" * 200]  # the last: 400 bytes


def _records(doc_id: str, n: int) -> tuple[str, list[Quote]]:
    """A document of n quotes “...,” said NAME. and its hand-made records."""
    parts, quotes, pos = [], [], 0
    for i in range(n):
        name = ("Maria Keller", "Karl Berg")[i % 2]
        content = f"“Point {i},”"
        a, b = pos, pos + len(content)
        quotes.append(Quote(doc_id, i + 1, content, a, b, ((a, b),), name, b + 6, b + 6 + len(name), name, None,
                            "person", None, "said", b + 1, b + 5, "speech", "direct", "content_before_cue", 0.9))
        parts.append(f"{content} said {name}. ")
        pos += len(parts[-1])
    return "".join(parts), quotes


class _Visits(list):
    """A list of records that counts how often its items are visited."""

    visits = 0

    def __iter__(self):
        for item in super().__iter__():
            _Visits.visits += 1
            yield item

    def __getitem__(self, i):
        _Visits.visits += 1
        return super().__getitem__(i)


@pytest.mark.parametrize("n", [300, 3000])
def test_html_rendering_visits_each_quote_a_bounded_number_of_times(n):
    """Linear, structurally: each record is visited a few times, not once per text segment (2n+ segments)."""
    text, quotes = _records("doc", n)
    _Visits.visits = 0
    page = export.render_html([("doc", text, _Visits(quotes))])
    assert page.count("data-tag-of=") == n
    assert _Visits.visits <= 12 * n  # was about 4 n^2 (36 million visits for 3,000 quotes)


def _dom(tmp_path: Path, page: Path) -> tuple[str, list[str]]:
    browser = chromium()
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / ('profile-' + page.stem)}", "--enable-logging=stderr",
             "--v=0"]
    done = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


class _Links(html.parser.HTMLParser):
    """Links, element ids, and the h2 heading that follows each id."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: list[str] = []
        self.headings: dict[str, str] = {}
        self._last_id: str | None = None
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.hrefs.append(a["href"])
        if "id" in a:
            self.ids.append(a["id"])
            self._last_id = a["id"]
        self._in_h2 = tag == "h2"

    def handle_endtag(self, tag):
        self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2 and self._last_id is not None:
            self.headings[self._last_id] = self.headings.get(self._last_id, "") + data


@pytest.mark.browser
def test_html_combined_page_has_a_table_of_contents_in_chromium(tmp_path):
    docs = [(doc_id, *_records(doc_id, 2)) for doc_id in HOSTILE_IDS]
    page = tmp_path / "all.html"
    page.write_text(export.render_html(docs), encoding="utf-8")
    dom, console = _dom(tmp_path, page)
    assert console == []
    links = _Links()
    links.feed(dom)
    assert links.hrefs == [f"#doc-{n}" for n in range(1, len(docs) + 1)]  # one per document, safe ids
    assert links.ids == [h[1:] for h in links.hrefs]  # each leads to its document's section ...
    assert [links.headings[i] for i in links.ids] == HOSTILE_IDS  # ... headed by its id, shown as text
    single = export.render_html(docs[:1])
    assert "<nav" not in single and " id=" not in single  # one document: no contents


@pytest.mark.browser
def test_html_per_document_pages_an_index_and_report_links(tmp_path, capsys, models_dir):
    src = tmp_path / "docs.jsonl"
    texts = ["Mayor Ellen Ruiz said the budget was balanced.", "“We will win,” said Maria Keller.", "Nothing here."]
    ids = HOSTILE_IDS[:2] + [HOSTILE_IDS[4]]
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(ids, texts)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    pages = out / "pages"
    assert main(["extract", str(src), "--format", "html", "-o", str(pages), "--per-document", "-q"]) == 0
    names = sorted(p.name for p in pages.iterdir())
    assert names == sorted(["index.html", *(export.page_name(i) for i in ids)])
    assert all(re.fullmatch(r"[A-Za-z0-9._-]{1,80}\.html", n) and not n.startswith(".") for n in names)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl", "out"]  # nothing written elsewhere

    dom, console = _dom(tmp_path, pages / "index.html")
    assert console == []
    index = _Links()
    index.feed(dom)
    assert index.hrefs == [export.page_name(i) for i in ids]  # the index links each page, in input order
    dom, console = _dom(tmp_path, pages / export.page_name(ids[1]))
    assert console == [] and "data-tag-of" in dom and "index.html" in dom

    records = tmp_path / "records.jsonl"
    assert main(["extract", str(src), "--format", "jsonl", "-o", str(records), "-q"]) == 0
    capsys.readouterr()
    assert main(["report", str(records), "-o", str(out / "report.html"), "--doc-pages", str(pages), "-q"]) == 0
    linked = _Links()
    linked.feed((out / "report.html").read_text(encoding="utf-8"))
    quoted = {json.loads(line)["doc_id"] for line in records.read_text(encoding="utf-8").splitlines()}
    assert quoted and sorted(linked.hrefs) == sorted(f"pages/{export.page_name(i)}" for i in quoted)
    for href in linked.hrefs:
        assert (out / href).resolve().is_file() and out.resolve() in (out / href).resolve().parents


def test_html_per_document_needs_html_and_a_folder(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("Text.", encoding="utf-8")
    for args in (["--per-document", "-o", str(tmp_path / "x")], ["--per-document", "--format", "html"]):
        assert main(["extract", str(src), *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--format html -o FOLDER" in err


def _write_records(path: Path, doc_ids: list[str]) -> None:
    rows = [q for doc_id in doc_ids for q in _records(doc_id, 1)[1]]
    path.write_text(export.jsonl_rows(rows), encoding="utf-8")


def test_report_document_id_too_long_for_a_file_name(tmp_path, capsys):
    """A 400-byte id (a percent-encoded URL): Path.is_file() raises ENAMETOOLONG; the report is made, unlinked."""
    long_id = "https%3A%2F%2Fexample.com%2F" + "a%2F" * 100
    records = tmp_path / "records.jsonl"
    _write_records(records, [long_id, "short"])
    (tmp_path / "short.html").write_text("page", encoding="utf-8")
    assert main(["report", str(records), "-o", str(tmp_path / "report.html"), "-q"]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "href='short.html'" in page and page.count("href=") == 1
    assert report.document_links([long_id], tmp_path, "{doc_id}") == {}


def test_report_doc_pages_never_lead_outside_the_report_folder(tmp_path, capsys):
    folder = tmp_path / "site" / "report"
    folder.mkdir(parents=True)
    outside = tmp_path / "site" / "secret.html"
    outside.write_text("outside", encoding="utf-8")
    (folder / "in.html").write_text("inside", encoding="utf-8")
    os.symlink(outside, folder / "link.html")
    ids = ["../secret", str(tmp_path / "site" / "secret"), "sub/../../secret", "link", "in"]
    assert report.document_links(ids, folder) == {"in": "in.html"}
    assert report.document_links(["secret"], folder, "../{doc_id}.html") == {}
    records = tmp_path / "records.jsonl"
    _write_records(records, ids)
    assert main(["report", str(records), "-o", str(folder / "r.html"), "-q"]) == 0
    assert re.findall(r"href='([^']*)'", (folder / "r.html").read_text(encoding="utf-8")) == ["in.html"]
    pages = tmp_path / "pages"
    pages.mkdir()
    assert main(["report", str(records), "-o", str(folder / "r.html"), "--doc-pages", str(pages), "-q"]) == 2
    assert "outside the report's folder" in capsys.readouterr().err
