"""The people table: quotes.people on records, on CSV read back, and the `quotes people` command."""

from __future__ import annotations

import importlib
import io
import json
import math
from pathlib import Path

import pytest

import quotes
from quotes.io import export
from quotes.cli import main
from quotes.errors import InputError
from quotes.types import Quote

pd = pytest.importorskip("pandas", reason="pandas comes with the dev extra")
people_module = importlib.import_module("quotes.people")  # `quotes.people` itself is the function

COLUMNS = ["doc_id", "name", "type", "gender", "gender_evidence", "role", "quotes", "direct", "mixed", "indirect",
           "first_start"]


def record(doc_id: str, canonical: str | None, start: int, kind: str = "direct", *, type: str | None = None,
           gender: str | None = None, role: str | None = None, quote_id: int = 1) -> Quote:
    """A hand-made record; only the fields the people table reads matter."""
    return Quote(doc_id, quote_id, "“x”", start, start + 3, ((start, start + 3),) if kind != "indirect" else (),
                 canonical, None if canonical is None else start + 5, None if canonical is None else start + 9,
                 canonical, role, type, gender, "said", start + 10, start + 14, "speech", kind, "rule", 0.9)


RECORDS = [
    record("b", "Maria Keller", 50, "direct", type="person", gender="female", role="transport director"),
    record("b", "Maria Keller", 120, "indirect", type="person", gender="female", role="transport director", quote_id=2),
    record("b", "the ministry", 80, "mixed", type="organization", quote_id=3),
    record("b", None, 200, "direct", quote_id=4),
    record("a", "Tom Becker", 40, "direct", type="person", gender="male", role="shop owner"),
    record("a", "a statement", 10, "mixed", type="document", quote_id=2),
    record("a", "Tom Becker", 90, "mixed", type="person", gender="male", role="shop owner", quote_id=3),
    record("a", "Tom Becker", 95, "direct", type="person", gender="male", role="shop owner", quote_id=4),
    record("a", "Ana Ruiz", 300, "direct", quote_id=5),  # a person the resolver could not type
]

WANT = [
    ["a", "a statement", "document", None, None, None, 1, 0, 1, 0, 10],
    ["a", "Tom Becker", "person", "male", "text", "shop owner", 3, 2, 1, 0, 40],
    ["a", "Ana Ruiz", None, None, None, None, 1, 1, 0, 0, 300],
    ["b", "Maria Keller", "person", "female", "text", "transport director", 2, 1, 0, 1, 50],
    ["b", "the ministry", "organization", None, None, None, 1, 0, 1, 0, 80],
]


@pytest.fixture
def no_name_table(monkeypatch):
    """No first-name table: every set gender counts as said by the text."""
    monkeypatch.setattr(people_module, "given_gender", lambda first: None)


def _rows(table) -> list[list[object]]:
    return [[None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in row]
            for row in table.astype(object).values.tolist()]


# ---------------------------------------------------------------------------
# quotes.people
# ---------------------------------------------------------------------------
def test_people_one_row_per_document_and_speaker(no_name_table):
    table = quotes.people(RECORDS)
    assert list(table.columns) == COLUMNS
    assert _rows(table) == WANT
    assert table["quotes"].sum() == sum(1 for q in RECORDS if q.speaker_canonical)
    assert (table["direct"] + table["mixed"] + table["indirect"]).tolist() == table["quotes"].tolist()
    for column in ("quotes", "direct", "mixed", "indirect", "first_start"):
        assert str(table[column].dtype) == "int64"
    assert all(v is None or isinstance(v, str) for c in COLUMNS[:6] for v in table[c])


def test_people_type_gender_role_are_the_commonest_non_null_value(no_name_table):
    records = [
        record("d", "Lee Park", 5, type=None, gender=None),
        record("d", "Lee Park", 10, type="person", gender="female", role="mayor", quote_id=2),
        record("d", "Lee Park", 15, type="person", gender="female", role="the mayor", quote_id=3),
        record("d", "Lee Park", 20, type="group", gender="male", role="the mayor", quote_id=4),
        record("e", "Sam Ode", 3, type="organization", role="b", quote_id=1),
        record("e", "Sam Ode", 1, type="person", role="a", quote_id=2),  # a tie: the earliest record's value
    ]
    table = quotes.people(records).set_index(["doc_id", "name"])
    assert table.loc[("d", "Lee Park"), ["type", "gender", "role", "quotes", "first_start"]].tolist() == [
        "person", "female", "the mayor", 4, 5]
    assert table.loc[("e", "Sam Ode"), ["type", "role", "first_start"]].tolist() == ["person", "a", 1]


def test_people_gender_evidence_from_the_first_name_table(monkeypatch):
    table = {"maria": "female", "tom": "male", "alex": None}
    monkeypatch.setattr(people_module, "given_gender", lambda first: table.get(first.lower()))
    records = [
        record("a", "Maria Keller", 1, type="person", gender="female"),       # the table agrees: name
        record("a", "Tom Becker", 2, type="person", gender="female"),         # the table says male: the text said it
        record("a", "Alex Moreau", 3, type="person", gender="male"),          # not in the table: text
        record("a", "Ms. Dunn", 4, type="person", gender="female"),           # an honorific: text
        record("a", "Maria Lopez", 5, type="person", gender=None),            # no gender: no evidence
        record("a", "the ministry", 6, type="organization"),
    ]
    got = dict(zip(quotes.people(records)["name"], quotes.people(records)["gender_evidence"]))
    assert got == {"Maria Keller": "name", "Tom Becker": "text", "Alex Moreau": "text", "Ms. Dunn": "text",
                   "Maria Lopez": None, "the ministry": None}


def test_people_given_gender_reads_the_first_name_table():
    assert people_module.given_gender("Maria") == "female"
    assert people_module.given_gender("Karl") == "male"
    assert people_module.given_gender("Kim") is None  # used for both: not in the table


def test_people_takes_quotes_dicts_and_frames_alike(no_name_table):
    want = quotes.people(RECORDS)
    for records in ([q.to_dict() for q in RECORDS], export.to_dataframe(RECORDS)):
        pd.testing.assert_frame_equal(quotes.people(records), want)


@pytest.mark.parametrize("options", [{}, {"keep_default_na": False}, {"dtype": str}])
def test_people_on_a_csv_read_back(tmp_path, no_name_table, options):
    path = tmp_path / "q.csv"
    path.write_text(export.csv_header() + export.csv_rows(RECORDS), encoding="utf-8", newline="")
    frame = pd.read_csv(path, **options)
    if not options:
        assert frame["speaker_gender"].isna().sum() == 4  # pandas' NaN for the empty cells
    pd.testing.assert_frame_equal(quotes.people(frame), quotes.people(RECORDS))


def test_people_numeric_doc_ids_from_csv(tmp_path, no_name_table):
    records = [record("12", "Tom Becker", 5, type="person", gender="male"), record("7", "Ana Ruiz", 1, quote_id=1)]
    path = tmp_path / "q.csv"
    path.write_text(export.csv_header() + export.csv_rows(records), encoding="utf-8", newline="")
    table = quotes.people(pd.read_csv(path))  # doc_id comes back as int64
    assert table["doc_id"].tolist() == ["12", "7"] and table["name"].tolist() == ["Tom Becker", "Ana Ruiz"]


def test_people_empty_input_gives_the_columns():
    for records in ([], export.to_dataframe([]), [record("a", None, 1)]):
        table = quotes.people(records)
        assert list(table.columns) == COLUMNS and len(table) == 0


@pytest.mark.parametrize("drop, column", [
    (["speaker_type", "speaker_gender"], "speaker_type"),
    (["speaker_gender"], "speaker_gender"),
    (["start"], "start"),
])
def test_people_missing_field_names_it(drop, column):
    frame = export.to_dataframe(RECORDS).drop(columns=drop)
    with pytest.raises(InputError, match=f"no {column} column") as error:
        quotes.people(frame)
    if column.startswith("speaker_"):
        assert f"quotes extract of quotes {quotes.__version__}" in str(error.value)


def test_people_bad_start_is_an_input_error():
    frame = export.to_dataframe(RECORDS[:1]).assign(start="twelve")
    with pytest.raises(InputError, match="start 'twelve' is not a number"):
        quotes.people(frame)


# ---------------------------------------------------------------------------
# quotes people (the command)
# ---------------------------------------------------------------------------
def _csv_file(folder: Path, records: list[Quote], name: str = "q.csv") -> Path:
    path = folder / name
    path.write_text(export.csv_header() + export.csv_rows(records), encoding="utf-8", newline="")
    return path


def test_people_cli_csv_to_standard_output(tmp_path, capsysbinary, no_name_table):
    path = _csv_file(tmp_path, RECORDS)
    assert main(["people", str(path)]) == 0
    captured = capsysbinary.readouterr()
    table = pd.read_csv(io.BytesIO(captured.out), keep_default_na=False)
    assert list(table.columns) == COLUMNS and len(table) == len(WANT)
    assert captured.out.startswith(b"doc_id,name,type,gender,gender_evidence,role,quotes,") and b"\r\n" in captured.out
    assert table.iloc[1].tolist() == ["a", "Tom Becker", "person", "male", "text", "shop owner", 3, 2, 1, 0, 40]
    assert captured.err.decode() == "quotes: people table of 5 speakers in 2 documents\n"


@pytest.mark.parametrize("suffix", ["csv", "parquet", "jsonl"])
def test_people_cli_writes_the_format_of_the_output_name(tmp_path, capsys, no_name_table, suffix):
    if suffix == "parquet":
        pytest.importorskip("pyarrow", reason="pyarrow comes with the dev extra")
    path = _csv_file(tmp_path, RECORDS)
    out = tmp_path / f"people.{suffix}"
    assert main(["people", str(path), "-o", str(out)]) == 0
    assert f"written to {out}" in capsys.readouterr().err
    if suffix == "csv":
        got = pd.read_csv(out)
    elif suffix == "parquet":
        got = pd.read_parquet(out)
        assert str(got["first_start"].dtype) == "int64" and got["gender"].isna().sum() == 3
    else:
        got = pd.DataFrame([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    assert list(got.columns) == COLUMNS
    assert _rows(got) == WANT


def test_people_cli_reads_several_files_of_any_format(tmp_path, capsys, no_name_table):
    first = _csv_file(tmp_path, RECORDS[:4])
    second = tmp_path / "q.jsonl"
    second.write_text(export.jsonl_rows(RECORDS[4:]), encoding="utf-8")
    out = tmp_path / "people.csv"
    assert main(["people", str(first), str(second), "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert _rows(pd.read_csv(out)) == WANT


@pytest.mark.parametrize("name, make, message", [
    ("missing.csv", None, "missing.csv: no such file or folder"),
    ("old.csv", ["speaker_type", "speaker_gender"], "no speaker_type column (records from an older quotes extract)"),
    ("old.csv", ["speaker_gender"], "no speaker_gender column"),
    ("q.csv", "id,text\r\n1,hello\r\n", "not quote records"),
    ("q.txt", "hello", "give records as .csv, .jsonl or .parquet"),
])
def test_people_cli_bad_input_is_one_line_exit_2(tmp_path, capsys, name, make, message):
    path = tmp_path / name
    if isinstance(make, list):
        export.to_dataframe(RECORDS).drop(columns=make).to_csv(path, index=False)
    elif isinstance(make, str):
        path.write_text(make, encoding="utf-8")
    out = tmp_path / "people.csv"
    assert main(["people", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quotes: error: ") and err.count("\n") == 1 and message in err, err
    if isinstance(make, list):
        assert f"quotes extract of quotes {quotes.__version__} writes it" in err
    assert not out.exists()


def test_people_cli_bad_output_name_fails_before_reading(tmp_path, capsys):
    assert main(["people", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "people.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "write the people table as .csv, .jsonl or .parquet" in err and err.count("\n") == 1


def test_people_cli_help_ends_with_three_examples(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["people", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    lines = [line.strip() for line in text[text.index("examples:"):].splitlines() if line.strip().startswith("quotes ")]
    assert len(lines) == 3 and "-o people.parquet" in lines[1]


# ---------------------------------------------------------------------------
# on the real extractor's records
# ---------------------------------------------------------------------------
ARTICLE = (
    "“We will reopen the bridge by May,” said Maria Keller, the city’s transport director.\n\n"
    "Keller said the repairs would cost about $2 million.\n\n"
    "The ministry said in a statement that it “welcomes the plan.”\n\n"
    "“It is far too late for us,” said Tom Becker, who runs a bakery near the river. "
    "“Half my customers have gone,” he said.\n"
)


def test_people_on_the_extractors_records(extractor, tmp_path, capsysbinary):
    records = extractor.extract(ARTICLE, doc_id="bridge")
    spoken = [q for q in records if q.speaker_canonical]
    assert len(spoken) >= 3
    table = quotes.people(records)
    assert list(table.columns) == COLUMNS
    assert len(table) == len({(q.doc_id, q.speaker_canonical) for q in spoken})
    assert table["quotes"].sum() == len(spoken)
    assert (table["direct"] + table["mixed"] + table["indirect"]).tolist() == table["quotes"].tolist()
    for _, row in table.iterrows():
        theirs = [q for q in spoken if q.speaker_canonical == row["name"]]
        assert row["first_start"] == min(q.start for q in theirs)
        assert row["quotes"] == len(theirs)
    assert table["first_start"].is_monotonic_increasing
    # the same table through a CSV file and the command
    path = _csv_file(tmp_path, records)
    assert main(["people", str(path), "-q"]) == 0
    got = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out), keep_default_na=False)
    assert got["name"].tolist() == table["name"].tolist() and got["quotes"].tolist() == table["quotes"].tolist()
