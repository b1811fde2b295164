"""People scores of ``quotes evaluate``: canonical names, speaker types, people quoted by gender."""

from __future__ import annotations

import json

import pytest

from conftest import POLNEAR_DEV
from quotes.cli import main
from quotes.errors import InputError
from quotes.evaluate import GoldDoc, evaluate, format_report, is_pronoun, load_people, people_path

# Two documents; every gold quote is "<speaker> said <content>." and a prediction copies its content span.
D1 = ("Maria Keller said the plan was fine. She said the budget was balanced. Keller and Tom Ruiz said taxes "
      "would rise. The city council said it agreed. Faith said it is true.")
D2 = "Ana Ortiz said prices fell. Dr. Lee Park said the drug works. A spokesman said no comment. Someone said the sky is blue. “We are done,” said O'Neill."


def gq(text, qid, speaker, content, kind="indirect"):
    start = text.index(content)
    s_start = text.index(speaker) if speaker else None
    return {"id": qid, "start": start, "end": start + len(content), "speaker": speaker, "speaker_start": s_start,
            "speaker_end": s_start + len(speaker) if speaker else None, "kind": kind}


def rec(text, content, canonical, stype=None, gender=None, kind="indirect", speaker=None):
    start = text.index(content)
    return {"doc_id": "x", "start": start, "end": start + len(content), "speaker": speaker or canonical,
            "speaker_start": None, "speaker_end": None, "speaker_canonical": canonical, "speaker_type": stype,
            "speaker_gender": gender, "kind": kind}


GOLD = [
    GoldDoc("d1", D1, (gq(D1, "E1", "Maria Keller", "the plan was fine"), gq(D1, "E2", "She", "the budget was balanced"),
                       gq(D1, "E3", "Keller and Tom Ruiz", "taxes would rise"), gq(D1, "E4", "The city council", "it agreed"),
                       gq(D1, "E5", "Faith", "it is true")), None),
    GoldDoc("d2", D2, (gq(D2, "E1", "Ana Ortiz", "prices fell"), gq(D2, "E2", "Dr. Lee Park", "the drug works"),
                       gq(D2, "E3", "A spokesman", "no comment"), gq(D2, "E4", None, "the sky is blue"),
                       gq(D2, "E5", "O'Neill", "“We are done,”", kind="direct")), None),
]
PEOPLE_ROWS = [
    {"doc_id": "d1", "entities": [
        {"id": "e1", "name": "Maria Keller", "type": "person", "gender": "female", "gender_evidence": "text", "role": None},
        {"id": "e2", "name": "Tom Ruiz", "type": "person", "gender": "male"},
        {"id": "e3", "name": "the city council", "type": "organization"},
        {"id": "e4", "name": "faith", "type": "other"}],
     "source_entities": {"E1": ["e1"], "E2": ["e1"], "E3": ["e1", "e2"], "E4": ["e3"], "E5": ["e4"]}},
    {"doc_id": "d2", "entities": [
        {"id": "e1", "name": "Ana Ortiz", "type": "person", "gender": "female"},
        {"id": "e2", "name": "Lee Park", "type": "person", "gender": None},
        {"id": "e3", "name": "a spokesman", "type": "person", "gender": "male"},
        {"id": "e4", "name": "James O'Neill", "type": "person", "gender": "male"}],
     "source_entities": {"E1": ["e1"], "E2": ["e2"], "E3": ["e3"], "E5": ["e4"]}},  # E4 has no source
]
PREDS = {
    "d1": [rec(D1, "the plan was fine", "MARIA  keller", "person", "female"),  # case and spaces folded: right
           rec(D1, "the budget was balanced", "She", "person"),  # pronoun left unresolved: wrong
           rec(D1, "taxes would rise", "Maria Keller", "person", "female"),  # two gold entities: not scored
           rec(D1, "it agreed", "The City Council", "organization"),
           rec(D1, "it is true", "Faith"),  # type other: canonical scored, type left out
           rec(D1, "Tom Ruiz", "Tom Ruiz", "person", "male")],  # matches no gold quote, but names a person
    "d2": [rec(D2, "prices fell", "Ana Ortiz", "person", "male"),  # right name, wrong gender
           rec(D2, "the drug works", "Dr. Lee Park", "person"),  # title kept: wrong
           rec(D2, "no comment", "A spokesman", "group"),  # right name, wrong type
           rec(D2, "the sky is blue", "Bob", "person", "male"),  # gold quote without a source: not scored
           rec(D2, "“We are done,”", "James O’Neill", "person", "male", kind="direct")],  # curly apostrophe
}


def people_docs(tmp_path, rows=PEOPLE_ROWS):
    path = tmp_path / "people.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return load_people(path)


def test_evaluate_people_canonical_and_type(tmp_path):
    people = evaluate(GOLD, PREDS, people=people_docs(tmp_path))["people"]
    assert people["documents"] == 2 and people["documents_without_people"] == 0
    # d1: E1, E4, E5 right, E2 wrong; d2: E1, E3, E5 right, E2 wrong; d1 E3 (two entities) and d2 E4 (none) skipped
    assert people["canonical_exact"] == {"accuracy": 0.75, "scored": 8, "multi_entity_skipped": 1,
                                         "unmapped_skipped": 1}
    assert people["canonical_exact_pronoun"] == {"accuracy": 0.0, "scored": 1}  # d1 E2 "She"
    # right: d1 E1, E2, E4, d2 E1, E2, E5; wrong: d2 E3 (group for a person); d1 E5 (other) left out
    assert people["speaker_type"] == {"accuracy": round(6 / 7, 4), "scored": 7, "other_left_out": 1}


def test_evaluate_people_quoted_micro_averaged_over_documents(tmp_path):
    people = evaluate(GOLD, PREDS, people=people_docs(tmp_path))["people"]
    # d1 gold {maria keller, tom ruiz}, predicted {maria keller, she, tom ruiz}: 2 of 3 / 2
    # d2 gold {ana ortiz, lee park, a spokesman, james o'neill}, predicted {ana ortiz, dr. lee park, bob,
    # james o'neill}: 2 of 4 / 4. Micro: P 4/7, R 4/6 (the mean of the documents would be 0.583 and 0.75)
    assert people["people_quoted"] == {"precision": 0.5714, "recall": 0.6667, "f1": round(8 / 13, 4),
                                       "both": 4, "predicted": 7, "gold": 6}
    # female: gold {maria keller} + {ana ortiz}; predicted {maria keller} + {} (Ana Ortiz predicted male)
    assert people["people_quoted_female"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667,
                                              "both": 1, "predicted": 1, "gold": 2}
    # male: gold {tom ruiz} + {a spokesman, james o'neill}; predicted {tom ruiz} + {ana ortiz, bob, james o'neill}
    assert people["people_quoted_male"] == {"precision": 0.5, "recall": 0.6667, "f1": round(4 / 7, 4),
                                            "both": 2, "predicted": 4, "gold": 3}
    # every canonical a person: d1 5 names (2 right), d2 5 names (ana ortiz, a spokesman, james o'neill right)
    assert people["people_quoted_any_canonical"] == {"precision": 0.5, "recall": 0.8333,
                                                     "f1": 0.625, "both": 5, "predicted": 10, "gold": 6}
    assert people["female_share"] == {"gold": 0.4, "predicted": 0.2}
    assert people["persons_by_gender"] == {"gold": {"female": 2, "male": 3, "unknown": 1},
                                           "predicted": {"female": 1, "male": 4, "unknown": 2}}
    text = format_report(evaluate(GOLD, PREDS, people=people_docs(tmp_path)))
    assert "canonical exact: 0.750 of 8" in text and "pronoun mentions: 0.000 of 1" in text
    assert "female share of people quoted (female / female + male): gold 0.400   predicted 0.200" in text


def test_evaluate_people_follow_the_kinds_filter_and_skip_documents_without_people(tmp_path):
    docs = people_docs(tmp_path)
    people = evaluate(GOLD, PREDS, people=docs, kinds=["indirect"])["people"]  # drops O'Neill's direct quote
    assert people["people_quoted"]["gold"] == 5 and people["people_quoted"]["predicted"] == 6
    assert people["canonical_exact"]["scored"] == 7
    only_d1 = {"d1": docs["d1"]}
    people = evaluate(GOLD, PREDS, people=only_d1)["people"]
    assert people["documents"] == 1 and people["documents_without_people"] == 1
    assert people["people_quoted"]["predicted"] == 3  # d2's predictions are not counted against d1's gold
    assert "people" not in evaluate(GOLD, PREDS)
    typed_none = {d: [dict(r, speaker_type=None) for r in rows] for d, rows in PREDS.items()}
    people = evaluate(GOLD, typed_none, people=docs)["people"]
    assert people["people_quoted"]["predicted"] == 0 and people["female_share"]["predicted"] is None
    assert people["people_quoted_any_canonical"]["both"] == 5  # the untyped variant does not read the type


@pytest.mark.parametrize("mention, expected", [("He", True), (" their", True), ("WHO", True), ("it’s", False),
                                               ("He Jiankui", False), ("The mayor", False), (None, False)])
def test_evaluate_people_pronoun_is_the_whole_mention(mention, expected):
    assert is_pronoun(mention) is expected


def test_evaluate_people_path_beside_the_gold(tmp_path):
    assert people_path("../shared/eval/polnear-dev.jsonl").as_posix() == "../shared/eval/polnear-dev-people.jsonl"
    assert people_path(tmp_path / "corpus" / "gold.jsonl") == tmp_path / "corpus" / "gold-people.jsonl"


def write_files(tmp_path, gold_name="gold.jsonl", people_name="gold-people.jsonl"):
    gold = tmp_path / gold_name
    gold.write_text("".join(json.dumps({"doc_id": d.doc_id, "text": d.text, "quotes": list(d.quotes)}) + "\n"
                            for d in GOLD), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(dict(r, doc_id=d)) + "\n" for d, rows in PREDS.items() for r in rows),
                    encoding="utf-8")
    people = tmp_path / people_name
    people.write_text("".join(json.dumps(r) + "\n" for r in PEOPLE_ROWS), encoding="utf-8")
    return gold, pred, people


def test_evaluate_cli_finds_the_people_file_beside_the_gold(tmp_path, capsys):
    gold, pred, _ = write_files(tmp_path)
    assert main(["evaluate", str(gold), "--pred", str(pred), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["people"]["canonical_exact"]["accuracy"] == 0.75
    assert main(["evaluate", str(gold), "--pred", str(pred)]) == 0
    assert "people quoted" in capsys.readouterr().out


def test_evaluate_cli_people_flag_and_no_people_file(tmp_path, capsys):
    gold, pred, people = write_files(tmp_path, people_name="who.jsonl")
    assert main(["evaluate", str(gold), "--pred", str(pred), "--json"]) == 0
    assert "people" not in json.loads(capsys.readouterr().out)  # gold-people.jsonl does not exist
    assert main(["evaluate", str(gold), "--pred", str(pred), "--json", "--people", str(people)]) == 0
    assert json.loads(capsys.readouterr().out)["people"]["people_quoted"]["both"] == 4
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"doc_id": "elsewhere", "entities": [], "source_entities": {}}) + "\n", encoding="utf-8")
    assert main(["evaluate", str(gold), "--pred", str(pred), "--people", str(other)]) == 2
    assert "no document of" in capsys.readouterr().err


BAD_LINES = [
    ("{not json", "not JSON"),
    ('["a list"]', "not a JSON object"),
    ('{"entities": [], "source_entities": {}}', "needs a doc_id string"),
    ('{"doc_id": "d2", "source_entities": {}}', "needs an entities list"),
    ('{"doc_id": "d2", "entities": [{"name": "X", "type": "person"}], "source_entities": {}}', "entity 1 is not an object with an id"),
    ('{"doc_id": "d2", "entities": [{"id": "e1", "type": "person"}], "source_entities": {}}', "entity 'e1' has no name"),
    ('{"doc_id": "d2", "entities": [{"id": "e1", "name": "X", "type": "robot"}], "source_entities": {}}', "has type 'robot'"),
    ('{"doc_id": "d2", "entities": [{"id": "e1", "name": "X", "type": "person", "gender": "f"}], "source_entities": {}}',
     "has gender 'f'"),
    ('{"doc_id": "d2", "entities": [{"id": "e1", "name": "X", "type": "person"}, {"id": "e1", "name": "Y", "type": "group"}], '
     '"source_entities": {}}', "entity id 'e1' appears twice"),
    ('{"doc_id": "d2", "entities": []}', "needs a source_entities object"),
    ('{"doc_id": "d2", "entities": [], "source_entities": {"E1": "e1"}}', "is not a list of entity ids"),
    ('{"doc_id": "d2", "entities": [], "source_entities": {"E1": ["e9"]}}', "names entity 'e9', which is not in entities"),
    ('{"doc_id": "d1", "entities": [], "source_entities": {}}', "doc_id 'd1' appears twice"),
]


@pytest.mark.parametrize("line, message", BAD_LINES)
def test_evaluate_cli_malformed_people_file_is_one_line_error(tmp_path, capsys, line, message):
    gold, pred, people = write_files(tmp_path)
    people.write_text(json.dumps(PEOPLE_ROWS[0]) + "\n" + line + "\n", encoding="utf-8")
    assert main(["evaluate", str(gold), "--pred", str(pred)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{people}:2: " in err and message in err, err
    with pytest.raises(InputError, match="2: "):
        load_people(people)


def test_evaluate_cli_missing_people_file(tmp_path, capsys):
    gold, pred, _ = write_files(tmp_path)
    assert main(["evaluate", str(gold), "--pred", str(pred), "--people", str(tmp_path / "nope.jsonl")]) == 2
    assert "cannot read people file" in capsys.readouterr().err


def test_evaluate_cli_people_on_polnear_dev(tmp_path, capsys):
    """Predictions written from the shared people file itself score 1.0; the gold counts are the file's."""
    people = load_people(people_path(POLNEAR_DEV))
    pred = tmp_path / "pred.jsonl"
    rows = []
    for line in POLNEAR_DEV.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        p = people[doc["doc_id"]]
        for q in doc["quotes"]:
            ids = p.sources.get(q["id"], ())
            if ids:  # a quote of several sources gets the first
                ent = p.entities[ids[0]]
                canonical = ent["name"].upper() if ent["type"] == "person" else ent["name"]
                stype = ent["type"] if ent["type"] != "other" else None
                rows.append({"doc_id": doc["doc_id"], "start": q["start"], "end": q["end"], "speaker": q["speaker"],
                             "speaker_start": q["speaker_start"], "speaker_end": q["speaker_end"],
                             "speaker_canonical": canonical, "speaker_type": stype,
                             "speaker_gender": ent.get("gender"), "kind": q["kind"]})
    pred.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["evaluate", str(POLNEAR_DEV), "--pred", str(pred), "--cues", "all", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["people"]  # found beside the gold without --people
    assert report["documents"] == 84
    assert report["canonical_exact"]["accuracy"] == 1.0 and report["speaker_type"]["accuracy"] == 1.0
    assert report["canonical_exact"]["multi_entity_skipped"] > 0 and report["speaker_type"]["other_left_out"] > 0
    assert report["canonical_exact_pronoun"]["accuracy"] == 1.0 and report["canonical_exact_pronoun"]["scored"] > 200
    # persons quoted only as the second of several sources are missed, nothing else
    assert report["people_quoted"]["precision"] == 1.0 and report["people_quoted"]["recall"] > 0.95
    assert report["people_quoted_any_canonical"]["both"] == report["people_quoted"]["both"]
    assert report["canonical_exact"]["scored"] + report["canonical_exact"]["multi_entity_skipped"] == 2066  # mapped
    assert report["persons_by_gender"]["gold"] == {"female": 86, "male": 224, "unknown": 101}  # the README's counts
    assert report["female_share"]["gold"] == round(86 / 310, 4)
    assert report["female_share"]["predicted"] == pytest.approx(86 / 310, abs=0.02)
