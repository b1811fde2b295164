"""The corpus report: speaker merging, summary numbers, reading records, the CLI, a real browser."""

from __future__ import annotations

import gzip
import html.parser
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import CHROMIUM_FLAGS, chromium

import quotes
from quotes import report
from quotes.io import export
from quotes.cli import main
from quotes.errors import InputError
from quotes.types import QUOTE_FIELDS, Quote

pd = pytest.importorskip("pandas", reason="pandas comes with the dev extra")

ROOT = Path(__file__).resolve().parents[1]


def record(doc_id: str, canonical: str | None, kind: str = "direct", cue: str | None = "said", *,
           speaker: str | None = None, role: str | None = None, cue_class: str | None = "speech",
           quote_id: int = 1, type: str | None = None, gender: str | None = None) -> Quote:
    """A hand-made record; offsets do not matter to the report (each quote_id starts 100 characters later)."""
    mention = speaker if speaker is not None else canonical
    at = 100 * quote_id
    return Quote(doc_id, quote_id, "“x”", at, at + 3, ((at, at + 3),) if kind != "indirect" else (), mention,
                 None if mention is None else at + 10, None if mention is None else at + 10 + len(mention), canonical,
                 role, type, gender, cue, None if cue is None else at + 20, None if cue is None else at + 20 + len(cue),
                 cue_class if cue else None, kind, "rule", 0.9)


# ---------------------------------------------------------------------------
# merging speakers across documents
# ---------------------------------------------------------------------------
def _keys(*speakers: tuple[str, str], mentions: tuple[str, ...] = ()) -> list[str]:
    keys = report.speaker_keys(speakers, mentions=mentions)
    return [keys[s] for s in speakers]


@pytest.mark.parametrize("speakers", [
    (("a", "Donald Trump"), ("b", "Trump"), ("c", "President Donald Trump"), ("d", "Mr. Trump"),
     ("e", "Donald J. Trump"), ("f", "Republican presidential nominee Donald Trump")),
    (("a", "Finance Minister Karl Berg"), ("b", "Karl Berg"), ("c", "Berg")),
    (("a", "Vermont Sen. Bernie Sanders"), ("b", "Bernie Sanders"), ("c", "Sen. Sanders")),
    (("a", "Secretary of State John Kerry"), ("b", "John Kerry")),
    (("a", "Hillary Clinton, the Democratic nominee"), ("b", "Hillary Clinton"), ("c", "Sen. Hillary Clinton (D-N.Y.)")),
    (("a", "Trump campaign manager Corey Lewandowski"), ("b", "Corey Lewandowski")),
    (("a", "José Núñez"), ("b", "Jose Nunez"), ("c", "Núñez")),
    (("a", "the White House"), ("b", "The White House"), ("c", "White House")),
])
def test_report_merge_joins_one_person_or_name(speakers):
    keys = _keys(*speakers)
    assert len(set(keys)) == 1, keys


@pytest.mark.parametrize("speakers, mentions", [
    ((("a", "Bill Clinton"), ("b", "Hillary Clinton"), ("c", "Clinton")), ()),
    ((("a", "Hillary Clinton"), ("b", "Clinton"), ("c", "Mrs. Clinton")), ("Bill Clinton",)),  # namesake seen only as a mention
    ((("a", "Donald Trump"), ("b", "Donald Trump Jr."), ("c", "Trump")), ()),
])
def test_report_merge_keeps_namesakes_apart(speakers, mentions):
    keys = _keys(*speakers, mentions=mentions)
    full = [k for (_, text), k in zip(speakers, keys) if " " in text.replace("Mrs. ", "")]
    bare = [k for (_, text), k in zip(speakers, keys) if " " not in text.replace("Mrs. ", "")]
    assert len(set(full)) == len(full), keys  # two people stay two
    assert all(k not in full for k in bare) and len(set(bare)) == 1, keys  # the bare surname joins neither
    assert bare[0] == "person:clinton" or bare[0] == "person:trump"


def test_report_merge_bill_and_hillary_clinton():
    keys = _keys(("a", "Bill Clinton"), ("b", "Hillary Clinton"), ("c", "Clinton"), ("d", "Former President Bill Clinton"))
    assert keys == ["person:bill clinton", "person:hillary clinton", "person:clinton", "person:bill clinton"]


@pytest.mark.parametrize("speakers", [
    (("a", "a statement"), ("b", "a statement")),
    (("a", "the ministry"), ("b", "the ministry")),
    (("a", "It"), ("b", "It")),
    (("a", "he"), ("b", "he")),
    (("a", "A spokesman for China’s Foreign Ministry"), ("b", "A spokesman for China’s Foreign Ministry")),
    (("a", "The spokesperson"), ("b", "The spokesperson")),
])
def test_report_merge_keeps_descriptions_in_their_document(speakers):
    keys = _keys(*speakers)
    assert len(set(keys)) == 2 and all(k.startswith("local:") for k in keys), keys


@pytest.mark.parametrize("text, other", [
    ("the Trump campaign", "Donald Trump"),
    ("Foreign Ministry", "a statement"),
    ("Trump’s plan", "Trump"),
    ("Bill and Hillary Clinton", "Hillary Clinton"),
    ("The New York Times", "Times"),
])
def test_report_merge_keeps_non_persons_apart_from_persons(text, other):
    first, second = _keys(("a", text), ("b", other))
    assert first != second and not first.startswith("person:"), (first, second)


@pytest.mark.parametrize("text, kind, name", [
    ("Karl Berg", "person", "Karl Berg"),
    ("Finance Minister Karl Berg", "person", "Karl Berg"),
    ("Mr. Obama", "person", "Obama"),
    ("Democrat Hillary Clinton", "person", "Hillary Clinton"),
    ("a statement", "local", "a statement"),
    ("It", "local", "It"),
    ("Officials", "local", "Officials"),
    ("the ministry", "local", "the ministry"),
    ("the State Department", "label", "the State Department"),
    ("China’s Foreign Ministry", "label", "China’s Foreign Ministry"),
])
def test_report_parse_speaker(text, kind, name):
    parsed = report.parse_speaker(text)
    assert (parsed.kind, parsed.name) == (kind, name)


@pytest.mark.parametrize("forms, shown", [
    ({"Trump": 10, "Donald Trump": 3, "President Donald Trump": 5}, "President Donald Trump"),
    ({"Trump": 10, "Mr. Trump": 12}, "Mr. Trump"),
    ({"Karl Berg": 2, "Finance Minister Karl Berg": 2}, "Finance Minister Karl Berg"),
])
def test_report_display_name_is_most_frequent_full_form(forms, shown):
    assert report.display_name(forms) == shown


# ---------------------------------------------------------------------------
# summarize
# ---------------------------------------------------------------------------
SMALL = [
    record("a", "Donald Trump", "direct", "said", speaker="Trump"),
    record("a", "Donald Trump", "indirect", "Said", speaker="he", quote_id=2),
    record("a", None, "direct", None, quote_id=3),
    record("b", "Trump", "mixed", "told", speaker="Mr. Trump", role="President"),
    record("b", "Hillary Clinton", "direct", "wrote", cue_class="writing", quote_id=2),
    record("c", "Bill Clinton", "indirect", "argued", cue_class="stance"),
    record("c", "Clinton", "direct", "said", quote_id=2),
    record("c", "a statement", "mixed", "said", quote_id=3),
    record("d", "a statement", "direct", "said"),
]


def test_report_summarize_counts_a_small_corpus():
    s = report.summarize(SMALL)
    assert s.totals.iloc[0].to_dict() == {"documents": 4, "records": 9, "speakers": 6, "no_speaker": 1,
                                          "no_speaker_share": pytest.approx(1 / 9)}
    assert s.kinds["records"].to_dict() == {"direct": 5, "mixed": 2, "indirect": 2}
    assert s.cue_classes["records"].to_dict() == {"speech": 6, "writing": 1, "thought": 0, "evidence": 0,
                                                  "stance": 1, "(no cue)": 1}
    trump = s.speakers.loc["person:donald trump"]
    assert (trump["speaker"], trump["role"], trump["records"], trump["direct"], trump["mixed"], trump["indirect"],
            trump["documents"], trump["forms"]) == ("Donald Trump", "President", 3, 1, 1, 1, 2, 2)
    assert list(s.speakers.index[:1]) == ["person:donald trump"]
    assert set(s.speakers.index) == {"person:donald trump", "person:hillary clinton", "person:bill clinton",
                                     "person:clinton", "local:c:a statement", "local:d:a statement"}
    assert s.documents.loc["c"].to_dict() == {"records": 3, "direct": 1, "mixed": 1, "indirect": 1,
                                              "speakers": 3, "no_speaker": 0}
    assert list(s.documents.index) == ["a", "c", "b", "d"]
    assert s.cues.values.tolist() == [["direct", "said", 3], ["direct", "wrote", 1], ["mixed", "said", 1],
                                      ["mixed", "told", 1], ["indirect", "argued", 1], ["indirect", "said", 1]]


def test_report_summarize_the_seed_article(seed_quotes):
    s = report.summarize(seed_quotes)
    statement = s.speakers.loc["local:article:a statement"]
    assert (statement["type"], statement["mixed"], statement["documents"]) == ("local", 2, 1)
    ministry = s.speakers[s.speakers["speaker"] == "A spokesman for China’s Foreign Ministry"]
    assert ministry.index.tolist() == ["local:article:a spokesman for china’s foreign ministry"]
    assert int(ministry.iloc[0]["mixed"]) == 2
    assert int(s.totals.iloc[0]["records"]) == len(seed_quotes) and int(s.totals.iloc[0]["documents"]) == 1


def test_report_summarize_takes_quotes_dicts_and_frames_alike():
    frame = export.to_dataframe(SMALL)
    dicts = [q.to_dict() for q in SMALL]
    results = [report.summarize(x) for x in (SMALL, dicts, frame)]
    for s in results[1:]:
        pd.testing.assert_frame_equal(s.speakers, results[0].speakers)
        pd.testing.assert_frame_equal(s.documents, results[0].documents)
        pd.testing.assert_frame_equal(s.cues, results[0].cues)


def test_report_summarize_without_the_newer_columns():
    frame = export.to_dataframe(SMALL).drop(columns=["cue_class", "speaker_role"])
    s = report.summarize(frame)
    assert s.cue_classes is None and "role" not in s.speakers.columns
    assert int(s.totals.iloc[0]["records"]) == 9


def test_report_summarize_empty():
    s = report.summarize([])
    assert s.totals.iloc[0]["records"] == 0 and len(s.speakers) == 0 and len(s.documents) == 0
    assert "0 records" in report.render_report(s)


# ---------------------------------------------------------------------------
# sources by gender and type (the people table)
# ---------------------------------------------------------------------------
def _gendered() -> list[Quote]:
    """11 document-level speakers in 3 documents: 4 women, 3 men, 1 person of unknown gender, 3 non-persons."""
    p, f, m = "person", "female", "male"
    return [
        record("d1", "Maria Keller", quote_id=1, type=p, gender=f),
        record("d1", "Maria Keller", "indirect", quote_id=2, type=p, gender=f),
        record("d1", "Maria Keller", "mixed", quote_id=3, type=p, gender=f),
        record("d1", "Tom Becker", quote_id=4, type=p, gender=m),
        record("d1", "the ministry", "indirect", quote_id=5, type="organization"),
        record("d1", None, quote_id=6),
        record("d2", "Keller", quote_id=1, type=p, gender=f, speaker="Ms. Keller"),
        record("d2", "Ana Ruiz", quote_id=2, type=p, gender=f),
        record("d2", "Ana Ruiz", "indirect", quote_id=3, type=p, gender=f),
        record("d2", "Lee Park", quote_id=4, type=p),
        record("d2", "Workers", quote_id=5, type="group"),
        record("d2", "a report", "indirect", quote_id=6, type="document"),
        record("d3", "Tom Becker", quote_id=1, type=p, gender=m),
        record("d3", "Tom Becker", "mixed", quote_id=2, type=p, gender=m),
        record("d3", "Karl Berg", quote_id=3, type=p, gender=m),
        record("d3", "Ana Ruiz", quote_id=4, type=p, gender=f),
    ]


def test_report_summarize_sources_by_gender_and_type():
    s = report.summarize(_gendered())
    assert len(s.people) == 11 and s.people["quotes"].sum() == 15
    assert s.genders.to_dict("index") == {
        "female": {"people": 4, "quotes": 7, "share": 0.5},
        "male": {"people": 3, "quotes": 4, "share": 0.375},
        "unknown": {"people": 1, "quotes": 1, "share": 0.125},
    }
    assert s.types["people"].to_dict() == {"person": 8, "organization": 1, "group": 1, "document": 1, "unknown": 0}
    assert s.types["quotes"].to_dict() == {"person": 12, "organization": 1, "group": 1, "document": 1, "unknown": 0}
    assert s.female_share == pytest.approx(4 / 7)
    assert s.top_people.values.tolist() == [["Maria Keller", "female", 4, 2], ["Ana Ruiz", "female", 3, 2],
                                            ["Tom Becker", "male", 3, 2], ["Karl Berg", "male", 1, 1],
                                            ["Lee Park", None, 1, 1]]
    assert list(s.top_people.index[:1]) == ["person:maria keller"]  # the key of the Speakers table


def test_report_sources_section_numbers_in_the_page():
    page = report.render_report(report.summarize(_gendered()), top_people=3)
    section = page[page.index("<section id='sources'>"):page.index("<section id='documents'>")]
    assert "Sources by gender" in section and "<b data-female-share>57.1%</b>" in section
    assert "(4 female, 3 male; 1 person of unknown gender left out)" in section
    assert "data-value='female' data-n='4' style='width:50.0%'" in section
    assert "data-value='unknown' data-n='0' style='width:0.0%'" in section  # no speaker without a type
    assert "The 3 most-quoted persons" in section and "Karl Berg" not in section
    assert page.index("<section id='speakers'>") < page.index("<section id='sources'>")


def test_report_sources_section_without_the_newer_columns(tmp_path, capsys):
    frame = export.to_dataframe(_gendered()).drop(columns=["speaker_type", "speaker_gender"])
    s = report.summarize(frame)
    assert (s.people, s.genders, s.types, s.female_share, s.top_people) == (None, None, None, None, None)
    assert int(s.totals.iloc[0]["records"]) == 16 and len(s.speakers) == 8
    path = tmp_path / "old.csv"
    frame.to_csv(path, index=False)
    assert main(["report", str(path), "-o", str(tmp_path / "r.html"), "-q"]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    section = page[page.index("<section id='sources'>"):page.index("<section id='documents'>")]
    assert "no <code>speaker_type</code> and <code>speaker_gender</code> columns" in section
    assert f"Rerun <code>quotes extract</code> with this version (quotes {quotes.__version__})" in section
    assert "data-female-share" not in section


def test_report_sources_section_with_nulls_and_no_persons():
    records = [record("a", "the ministry", type="organization"), record("a", "Officials", quote_id=2)]
    page = report.render_report(report.summarize(records))
    section = page[page.index("<section id='sources'>"):page.index("<section id='documents'>")]
    assert "<b data-female-share>–</b>" in section and "No speaker is typed as a person." in section
    assert "data-value='unknown' data-n='1' style='width:50.0%'" in section  # "Officials": no type yet
    assert "No records." in report.render_report(report.summarize([]))


def test_report_sources_section_escapes_names():
    records = [record("<d>", "<script>x</script> Ray", type="person", gender="male"),
               record("e", "Eve", type="<b>odd</b>", gender="<i>x</i>")]
    page = report.render_report(report.summarize(records))
    assert "<script>x" not in page and "<b>odd" not in page and "<i>x" not in page
    assert "&lt;script&gt;x&lt;/script&gt; Ray" in page and "data-value='&lt;b&gt;odd&lt;/b&gt;'" in page


# ---------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------
HOSTILE = [
    record("<b>doc'\"&", "<script>alert(1)</script>", "direct", "<said>", speaker="Eve <img src=x onerror=alert(1)>"),
    record("ok", "Ann “Nana” O'Hara & Co", "indirect", "said", role="<i>role</i>"),
]


def test_report_page_escapes_record_text_and_forbids_scripts():
    page = report.render_report(report.summarize(HOSTILE), title="<t>")
    assert "<script" not in page and "<img" not in page and "<b>doc" not in page and "<t>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;said&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "http://" not in page and "https://" not in page and " on" + "error=" not in page.replace("&lt;", "")


def test_report_document_links_only_to_pages_that_exist(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text("a", encoding="utf-8")
    (tmp_path / "sub" / "b c.html").write_text("b", encoding="utf-8")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.htm").write_text("a", encoding="utf-8")
    assert report.document_links(["a", "sub/b c", "missing"], tmp_path) == {"a": "a.html", "sub/b c": "sub/b%20c.html"}
    assert report.document_links(["a", "b"], tmp_path, "pages/{doc_id}.htm") == {"a": "pages/a.htm"}
    with pytest.raises(InputError, match="doc_id"):
        report.document_links(["a"], tmp_path, "page.html")
    with pytest.raises(InputError, match="braces"):
        report.document_links(["a"], tmp_path, "{doc_id}{x}.html")


def test_report_page_links_the_documents_given():
    s = report.summarize(SMALL)
    page = report.render_report(s, links={"c": "c.html"})
    assert page.count("<a href=") == 1 and "<a href='c.html'>c</a>" in page


# ---------------------------------------------------------------------------
# reading records and the command line
# ---------------------------------------------------------------------------
def _write_records(folder: Path, quotes: list[Quote]) -> dict[str, Path]:
    paths = {"csv": folder / "q.csv", "jsonl": folder / "q.jsonl", "parquet": folder / "q.parquet",
             "csv.gz": folder / "q.csv.gz", "jsonl.gz": folder / "q.jsonl.gz"}
    paths["csv"].write_text(export.csv_header() + export.csv_rows(quotes), encoding="utf-8", newline="")
    paths["jsonl"].write_text(export.jsonl_rows(quotes), encoding="utf-8")
    for name in ("csv", "jsonl"):
        paths[name + ".gz"].write_bytes(gzip.compress(paths[name].read_bytes()))
    frame = export.to_dataframe(quotes)
    frame["pieces"] = frame["pieces"].map(json.dumps)
    pytest.importorskip("pyarrow", reason="pyarrow comes with the dev extra")
    frame.to_parquet(paths["parquet"])
    return paths


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "csv.gz", "jsonl.gz"])
def test_report_read_records_gives_the_same_summary(tmp_path, fmt):
    path = _write_records(tmp_path, SMALL + HOSTILE)[fmt]
    got, want = report.summarize(report.read_records(path)), report.summarize(SMALL + HOSTILE)
    pd.testing.assert_frame_equal(got.speakers, want.speakers)
    pd.testing.assert_frame_equal(got.documents, want.documents)
    pd.testing.assert_frame_equal(got.cues, want.cues)


def test_report_read_records_parquet_folder(tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    for n, part in enumerate((SMALL[:4], SMALL[4:])):
        export.to_dataframe(part).drop(columns="pieces").to_parquet(folder / f"part.{n}.parquet")
    assert int(report.summarize(report.read_records(folder)).totals.iloc[0]["records"]) == len(SMALL)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_report_cli_writes_the_page(tmp_path, capsys, fmt):
    path = _write_records(tmp_path, SMALL)[fmt]
    (tmp_path / "a.html").write_text("doc a", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "report of 9 records from 4 documents" in err and str(out) in err
    page = out.read_text(encoding="utf-8")
    assert page.count("<g class='bar'") == 6 and "<a href='a.html'>a</a>" in page
    assert main(["report", str(path), "-q"]) == 0
    streamed = capsys.readouterr()
    assert streamed.out.startswith("<!DOCTYPE html>") and streamed.err == ""


BAD_INPUTS = [
    ("q.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a CSV file of quote records"),
    ("q.csv", b"", "empty file"),
    ("q.csv", b"id,text\r\n1,hello\r\n", "no doc_id or speaker or speaker_canonical or cue or kind column"),
    ("q.csv", b"doc_id,speaker,speaker_canonical,cue\r\na,b,c,d\r\n", "no kind column"),
    ("q.csv", ",".join(QUOTE_FIELDS).encode() + b"\r\n\"unclosed", "not a CSV file of quote records"),
    ("q.jsonl", b"not json\n", "q.jsonl:1: not a JSON record"),
    ("q.jsonl", b'{"doc_id": "a", "kind": "direct"}\n', "missing field speaker, speaker_canonical, cue"),
    ("q.jsonl", b"[1, 2]\n", "not a quote record"),
    ("q.jsonl", b'{"doc_id":"a","speaker":null,"speaker_canonical":null,"cue":null,"kind":"quoted"}\n', "kind 'quoted'"),
    ("q.jsonl", b"\xff\xfe\x00binary", "not a JSONL file"),
    ("q.parquet", b"PAR1 not really", "not Parquet quote records"),
    ("q.txt", b"hello", "give records as .csv, .jsonl or .parquet"),
    ("missing.csv", None, "no such file"),
]


@pytest.mark.parametrize("name, data, message", BAD_INPUTS)
def test_report_cli_bad_input_is_one_line_exit_2(tmp_path, capsys, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert main(["report", str(path), "-o", str(tmp_path / "out.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quotes: error: ") and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "out.html").exists()


def test_report_cli_empty_jsonl_gives_an_empty_report(tmp_path, capsys):
    path = tmp_path / "q.jsonl"
    path.write_text("", encoding="utf-8")
    assert main(["report", str(path), "-q"]) == 0
    assert "0 documents, 0 records" in capsys.readouterr().out


# ---------------------------------------------------------------------------
# help and version
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("command, examples", [
    ("extract", ["quotes extract articles/", "--id-column url --text-column body", "--resume"]),
    ("report", ["quotes report quotes.csv", "quotes report quotes.jsonl -o report.html", ".parquet"]),
])
def test_report_help_ends_with_three_examples(capsys, command, examples):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    tail = text[text.index("examples:"):]
    lines = [line.strip() for line in tail.splitlines()[1:] if line.strip().startswith("quotes ")]
    assert len(lines) == 3 and all(e in "\n".join(lines) for e in examples) and lines[-1] in text.splitlines()[-1]


def test_report_version_prints_version_and_model_folder_without_loading_models(tmp_path):
    import quotes

    code = ("import sys; from quotes.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit as e:\n    code = e.code\n"
            "print('LOADED' if 'stanza.pipeline.core' in sys.modules or 'torch' in sys.modules else 'LIGHT', code)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STANZA_RESOURCES_DIR": str(tmp_path / "models")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.splitlines() == [f"quotes {quotes.__version__}", f"stanza models: {tmp_path / 'models'} (no models there yet)",
                                "LIGHT 0"]


# ---------------------------------------------------------------------------
# in a real browser
# ---------------------------------------------------------------------------
def _many_speakers() -> list[Quote]:
    """35 speakers in 12 documents, with different mixes of kinds (more than the chart's 30)."""
    quotes, kinds = [], ("direct", "mixed", "indirect")
    for n in range(35):
        for m in range(1 + n % 7):
            doc = f"doc{(n + m) % 12}"
            quotes.append(record(doc, f"Person{n} Surname{n}", kinds[(n + m) % 3], ("said", "told", "argued")[m % 3],
                                 quote_id=len(quotes) + 1))
    return quotes


class _Bars(html.parser.HTMLParser):
    """Collects the chart's bars (<g class="bar">) and the rects inside each."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[dict[str, object]] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "g" and a.get("class") == "bar":
            self.bars.append({"key": a["data-key"], "records": int(a["data-records"]), "segments": []})
            self.depth = 1
        elif self.depth and tag == "rect" and "seg" in (a.get("class") or "").split():
            self.bars[-1]["segments"].append((a["data-kind"], int(a["data-n"]), float(a["width"])))
        elif self.depth and tag not in ("rect",):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag != "rect":
            self.depth -= 1


def _browse(browser: str, tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    return subprocess.run([browser, *flags, *extra, page.as_uri()], capture_output=True, text=True, timeout=120,
                          check=True)


def _console(stderr: str) -> list[str]:
    """Chromium's console messages (script errors, CSP refusals, failed loads) from its log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.browser
def test_report_page_in_chromium_loads_clean_with_one_bar_per_top_speaker(tmp_path):
    browser = chromium()
    summary = report.summarize(_many_speakers())
    page = tmp_path / "report.html"
    page.write_text(report.render_report(summary), encoding="utf-8")
    # The console check must be able to fail: the same policy on a page with a script and a remote image.
    control = tmp_path / "control.html"
    control.write_text(report.render_report(summary).replace(
        "</body>", "<script>undefined_function()</script><img src='http://example.invalid/x.png'></body>"),
        encoding="utf-8")
    assert len(_console(_browse(browser, tmp_path, control, "--dump-dom").stderr)) >= 2
    run = _browse(browser, tmp_path, page, "--dump-dom")
    assert _console(run.stderr) == [] and "Uncaught" not in run.stderr
    bars = _Bars()
    bars.feed(run.stdout)
    top = summary.speakers.head(30)
    assert len(top) == 30 and [b["key"] for b in bars.bars] == list(top.index)
    for bar, (_, row) in zip(bars.bars, top.iterrows()):
        assert bar["records"] == row["records"] == sum(n for _, n, _ in bar["segments"])
        assert {k: n for k, n, _ in bar["segments"]} == {k: int(row[k]) for k in ("direct", "mixed", "indirect") if row[k]}
        assert all(width >= 1 for _, _, width in bar["segments"])


def _png_colours(data: bytes) -> set[bytes]:
    """The distinct pixel values of an 8-bit RGB or RGBA PNG (a small decoder: zlib and the five filters)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, bpp = 8, [], 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw, stride, prev, colours = zlib.decompress(b"".join(idat)), width * bpp, bytearray(width * bpp), set()
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        _unfilter(kind, line, prev, bpp)
        colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return colours


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    """Undo one PNG row filter in place (0 none, 1 sub, 2 up, 3 average, 4 Paeth)."""
    if kind == 2:
        line[:] = bytes((x + b) & 255 for x, b in zip(line, prev))
        return
    for i in range(len(line) if kind else 0):
        a = line[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 3:
            line[i] = (line[i] + (a + prev[i]) // 2) & 255
        else:
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255


@pytest.mark.browser
def test_report_page_in_chromium_screenshot_is_not_blank(tmp_path):
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(report.render_report(report.summarize(_many_speakers())), encoding="utf-8")
    shot = tmp_path / "report.png"
    _browse(browser, tmp_path, page, "--hide-scrollbars", "--force-device-scale-factor=0.5", "--window-size=1000,1000",
            f"--screenshot={shot}")
    colours = _png_colours(shot.read_bytes())
    assert len(colours) > 10
    # the three kinds' bar colours (.k-direct, .k-mixed, .k-indirect) are on screen
    assert {bytes.fromhex("3b6fb6"), bytes.fromhex("e39b2d"), bytes.fromhex("6fae6f")} <= colours


class _Text(html.parser.HTMLParser):
    """The text of one section of a page, and its table rows as lists of cell texts."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.inside, self.depth = section, False, 0
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.bars: list[tuple[str, int, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("id") == self.section:
            self.inside, self.depth = True, 0
        if not self.inside:
            return
        if tag == "section":
            self.depth += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
        elif tag == "span" and "hbar" in (a.get("class") or ""):
            self.bars.append((a["data-value"], int(a["data-n"]), a["style"]))

    def handle_endtag(self, tag):
        if self.inside and tag == "section":
            self.depth -= 1
            self.inside = self.depth > 0

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)
            if self.rows and self.rows[-1]:
                self.rows[-1][-1] += data


@pytest.mark.browser
def test_report_sources_section_in_chromium_shows_the_numbers(tmp_path):
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(report.render_report(report.summarize(_gendered())), encoding="utf-8")
    run = _browse(browser, tmp_path, page, "--dump-dom")
    assert _console(run.stderr) == [] and "Uncaught" not in run.stderr
    seen = _Text("sources")
    seen.feed(run.stdout)
    text = " ".join("".join(seen.text).split())
    assert "Sources by gender" in text
    assert "Female share of people quoted: 57.1% (4 female, 3 male; 1 person of unknown gender left out)." in text
    assert "11 people quoted" in text and "in 3 documents" in text
    rows = [[cell.strip() for cell in row] for row in seen.rows]
    assert ["female", "4", "50.0%", "7", ""] in rows and ["male", "3", "37.5%", "4", ""] in rows
    assert ["unknown", "1", "12.5%", "1", ""] in rows
    assert ["person", "8", "72.7%", "12", ""] in rows and ["organization", "1", "9.1%", "1", ""] in rows
    assert ["group", "1", "9.1%", "1", ""] in rows and ["document", "1", "9.1%", "1", ""] in rows
    top = rows[rows.index(["#", "name", "gender", "quotes", "documents"]) + 1:]
    assert top == [["1", "Maria Keller", "female", "4", "2"], ["2", "Ana Ruiz", "female", "3", "2"],
                   ["3", "Tom Becker", "male", "3", "2"], ["4", "Karl Berg", "male", "1", "1"],
                   ["5", "Lee Park", "unknown", "1", "1"]]
    assert ("female", 4, "width:50.0%") in seen.bars and ("person", 8, "width:72.7%") in seen.bars
    # the bars are drawn: the female, male and person colours are on screen
    shot = tmp_path / "sources.png"
    _browse(browser, tmp_path, page, "--hide-scrollbars", "--force-device-scale-factor=0.5", "--window-size=1000,2400",
            f"--screenshot={shot}")
    assert {bytes.fromhex("b04a8a"), bytes.fromhex("2f8f8a"), bytes.fromhex("7a5cb0")} <= _png_colours(shot.read_bytes())


@pytest.mark.browser
def test_report_sources_section_in_chromium_says_how_to_get_the_fields(tmp_path):
    browser = chromium()
    records = tmp_path / "old.jsonl"
    rows = [{k: v for k, v in q.to_dict().items() if k not in ("speaker_type", "speaker_gender")} for q in _gendered()]
    records.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    page = tmp_path / "report.html"
    assert main(["report", str(records), "-o", str(page), "-q"]) == 0
    run = _browse(browser, tmp_path, page, "--dump-dom")
    assert _console(run.stderr) == []
    seen = _Text("sources")
    seen.feed(run.stdout)
    text = " ".join("".join(seen.text).split())
    assert "no speaker_type and speaker_gender columns" in text
    assert f"Rerun quotes extract with this version (quotes {quotes.__version__})" in text
