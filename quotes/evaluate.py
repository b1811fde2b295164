"""Score predicted quotes against gold annotations.

Definitions (also in the README):

* **overlap** of a prediction with a gold quote: the share of the gold
  quote's characters (the union of its ``spans``, else ``start:end``) that
  the prediction's ``start:end`` covers. A prediction *matches* a gold quote
  when the overlap is above the threshold (0.3 and 0.8 are reported); each
  gold quote and each prediction is matched at most once, best overlaps
  first. Precision = matched predictions / predictions, recall = matched
  gold / gold quotes, F1 their harmonic mean.
* **exact**: the prediction's text equals the gold text once quote marks,
  punctuation and whitespace are trimmed from both ends.
* **purity**: over matched pairs, the share of the prediction's characters
  that are gold characters (overlap alone does not punish long spans).
* **speaker accuracy**, over matched pairs: right when the speaker offsets
  overlap, or the gold speaker's surname (last word of the part before a
  comma) is the last word of the predicted speaker or canonical speaker, or
  the canonical speakers are equal (when the gold has one). A gold quote
  with no speaker is right only when the prediction has none.
* **joint**: a match counts only when its speaker is also right.
* **recall per kind**: recall of the gold quotes of each ``kind``.
* **canonical accuracy** (gold with ``speaker_canonical``), over pairs matched
  at overlap > 0.8: the predicted ``speaker_canonical`` equals the gold one,
  case-folded (both null counts as right).
* **role accuracy** (gold with ``speaker_role``), over matched pairs whose gold
  role is not null: the predicted ``speaker_role`` equals it, case-folded,
  a leading "a", "an" or "the" ignored; **role agreement** counts every
  matched pair, a null matching a null.

People scores, with a people file (``load_people``: who each gold source
is), over the gold quotes and predictions the kinds and cues filters keep,
in the documents the file covers. Names are compared case-folded, runs of
whitespace as one space, curly apostrophes as straight ones:

* **canonical exact**, over pairs matched at overlap > 0.8 whose gold quote
  maps to exactly one entity: the predicted ``speaker_canonical`` is that
  entity's ``name``. Quotes of several entities ("Trump and Clinton") are
  skipped, not scored: no single canonical name is right for them (counting
  them right when any entity matches gives 0.664 of 1,212 instead of 0.671
  of 1,185 on the PolNeAR dev baseline). Also reported over the gold quotes
  whose whole speaker mention is a pronoun (``PRONOUNS``: he, she, who, their ...).
* **speaker type accuracy**, over the same pairs whose entity's type is
  person, organization, group or document: the predicted ``speaker_type``
  equals it (a null is wrong); entities of type ``other`` are left out and
  counted.
* **people quoted**, as the Gender Gap Tracker scores itself: per document,
  the set of names of gold entities of type person that are the source of
  at least one gold quote, against the set of ``speaker_canonical`` of the
  predicted records with ``speaker_type`` person; precision, recall and F1
  micro-averaged over documents (the intersection sizes, set sizes summed).
  The same for female and male sources (gold entity ``gender`` against
  predicted ``speaker_gender``), and, as a check of what typing loses, with
  every predicted canonical speaker counted as a person.
* **female share**: female / (female + male) of those summed per-document
  sets, gold and predicted (null when there are none); **persons by gender**
  the summed sizes of the female, male and unknown-gender sets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotes.cues import kinds
from quotes.errors import InputError
from quotes.types import KINDS

THRESHOLDS = (0.3, 0.8)
_TRIM = " \t\r\n\"'“”‘’«»‹›„‚`.,;:!?—–-…()[]"


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One annotated document."""

    doc_id: str
    text: str
    quotes: tuple[dict[str, Any], ...]
    split: str | None


def load_gold(path: str | Path, *, split: str | None = None) -> list[GoldDoc]:
    """Read a gold JSONL file (the format of ``../shared/eval``).

    Args:
        path: the JSONL file, one document per line with ``doc_id``, ``text``
            and ``quotes``.
        split: keep only documents whose ``split`` field is this, or whose
            ``doc_id`` starts with ``split + "/"``.

    Returns:
        The documents in file order.

    Raises:
        InputError: when the file is missing or a line is not a gold document.
    """
    docs = []
    seen: dict[str, int] = {}
    for n, line in json_lines(path, "gold file"):
        try:
            doc = gold_doc(line)
        except ValueError as exc:
            raise InputError(f"{path}:{n}: not a gold document: {exc}") from None
        if doc.doc_id in seen:
            raise InputError(f"{path}:{n}: doc_id {doc.doc_id!r} appears twice (first on line {seen[doc.doc_id]})")
        seen[doc.doc_id] = n
        if split is None or doc.split == split or doc.doc_id.startswith(split + "/"):
            docs.append(doc)
    return docs


def json_lines(path: str | Path, what: str) -> Iterable[tuple[int, str]]:
    """(line number, line) of a JSONL file's non-blank lines; a file that cannot be read is an InputError."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {what} {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return [(n, line) for n, line in enumerate(lines, 1) if line.strip()]


def _json_object(line: str) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if not isinstance(row, dict):
        kind = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}.get(type(row), "a number")
        raise ValueError(f"{kind}, not a JSON object")
    return row


def _doc_id(row: Mapping[str, Any], *fields: str) -> str:
    for name in fields:
        value = row.get(name)
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
                raise ValueError(f"'{name}' is {value!r}, not a document id (a non-empty string)")
            return str(value)
    raise ValueError(f"no {' or '.join(repr(f) for f in fields)} field")


def _offset(q: Mapping[str, Any], name: str, size: int | None, where: str) -> int:
    value = q[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where}'{name}' is {json.dumps(value)}, not a whole number")
    if value < 0 or (size is not None and value > size):
        raise ValueError(f"{where}'{name}' is {value}, outside the text (0 to {size})" if size is not None
                         else f"{where}'{name}' is {value}, a negative offset")
    return value


def check_offsets(q: Mapping[str, Any], size: int | None, where: str = "", *, need: Sequence[str] = ("start", "end"),
                  spans: bool = False) -> None:
    """Check a gold quote or a predicted record's offsets; ValueError names the field.

    ``start`` and ``end`` (the names in need) must be whole numbers with
    0 <= start <= end <= size (the text's length, when known); the speaker and
    cue offsets likewise, or null; with spans, ``spans`` a list of
    [start, end] pairs. ``kind`` and ``cue_class`` are strings or null.
    """
    for name in need:
        if name not in q:
            raise ValueError(f"{where}no '{name}' field")
    for first, last in (("start", "end"), ("speaker_start", "speaker_end"), ("cue_start", "cue_end")):
        if q.get(first) is None and q.get(last) is None and first not in need:
            continue
        for name in (first, last):
            if q.get(name) is None:
                raise ValueError(f"{where}'{name}' is null while '{first if name == last else last}' is not")
        a, b = _offset(q, first, size, where), _offset(q, last, size, where)
        if a > b:
            raise ValueError(f"{where}'{first}' {a} is after '{last}' {b}")
    if spans and q.get("spans") is not None:
        if not isinstance(q["spans"], list):
            raise ValueError(f"{where}'spans' is {json.dumps(q['spans'])}, not a list of [start, end] pairs")
        for k, pair in enumerate(q["spans"]):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise ValueError(f"{where}'spans' item {k + 1} is {json.dumps(pair)}, not a [start, end] pair")
            check_offsets({"start": pair[0], "end": pair[1]}, size, f"{where}'spans' item {k + 1}: ")
    for name in ("kind", "cue_class"):
        if q.get(name) is not None and not isinstance(q[name], str):
            raise ValueError(f"{where}'{name}' is {json.dumps(q[name])}, not a string")


def gold_doc(line: str) -> GoldDoc:
    """One line of a gold file, checked; ValueError names the field that is wrong."""
    row = _json_object(line)
    doc_id = _doc_id(row, "doc_id", "id")
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError("no 'text' field" if "text" not in row else f"'text' is {type(text).__name__}, not a string")
    quotes = row.get("quotes")
    if not isinstance(quotes, list):
        raise ValueError("no 'quotes' field" if "quotes" not in row
                         else f"'quotes' is {json.dumps(quotes)[:40]}, not a list")
    for k, q in enumerate(quotes, 1):
        if not isinstance(q, dict):
            raise ValueError(f"quote {k} is {json.dumps(q)[:40]}, not an object")
        check_offsets(q, len(text), f"quote {k}: ", spans=True)
    split = row.get("split")
    return GoldDoc(doc_id, text, tuple(quotes), split if isinstance(split, str) else None)


def prediction(line: str, sizes: Mapping[str, int]) -> dict[str, Any]:
    """One line of a predictions file (records of quotes extract --format jsonl), checked.

    Args:
        line: the JSON line.
        sizes: doc_id -> text length of the gold documents; offsets of a
            record of such a document must lie inside its text.

    Raises:
        ValueError: naming the field that is wrong.
    """
    row = _json_object(line)
    doc_id = _doc_id(row, "doc_id")
    if not isinstance(row.get("kind"), str):
        raise ValueError("no 'kind' field" if "kind" not in row else f"'kind' is {json.dumps(row['kind'])}, not a string")
    check_offsets(row, sizes.get(doc_id))
    row["doc_id"] = doc_id
    return row


def _gold_chars(q: Mapping[str, Any]) -> list[tuple[int, int]]:
    spans = q.get("spans") or [[q["start"], q["end"]]]
    return [(int(a), int(b)) for a, b in spans]


def _covered(ranges: Sequence[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in ranges)


def _trimmed(text: str) -> str:
    return text.strip(_TRIM)


def _surname(name: str | None) -> str:
    if not name:
        return ""
    words = re.findall(r"[^\W\d_][\w'’-]*", name.split(",")[0])
    return words[-1].lower().replace("’s", "").replace("'s", "") if words else ""


def speaker_right(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Is the predicted speaker the gold one (same mention, same name or same canonical)?"""
    if gold.get("speaker") is None:
        return pred.get("speaker") is None
    if pred.get("speaker") is None:
        return False
    gs, ge, ps, pe = gold.get("speaker_start"), gold.get("speaker_end"), pred.get("speaker_start"), pred.get("speaker_end")
    if gs is not None and ge is not None and ps is not None and pe is not None and min(ge, pe) > max(gs, ps):
        return True
    surname = _surname(gold["speaker"])
    if surname and surname in (_surname(pred.get("speaker")), _surname(pred.get("speaker_canonical"))):
        return True
    canon = gold.get("speaker_canonical")
    return bool(canon) and str(canon).lower() == str(pred.get("speaker_canonical") or "").lower()


def _folded(value: Any) -> str | None:
    if value is None:
        return None
    return " ".join(str(value).casefold().split())


def _role_key(value: Any) -> str | None:
    folded = _folded(value)
    if not folded:
        return None
    return re.sub(r"^(?:a|an|the) ", "", folded)


def _match(golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one matching of gold and predicted quotes, best overlap first."""
    pairs = []
    for gi, g in enumerate(golds):
        chars = _gold_chars(g)
        size = sum(b - a for a, b in chars) or 1
        for pi, p in enumerate(preds):
            share = _covered(chars, p["start"], p["end"]) / size
            if share > threshold:
                pairs.append((share, gi, pi))
    pairs.sort(key=lambda t: -t[0])
    used_g, used_p, out = set(), set(), []
    for share, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi, share))
    return out


def _prf(hits: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


class _Tally:
    """Counts summed over documents."""

    def __init__(self) -> None:
        self.n_gold = self.n_pred = self.exact = 0
        self.hits = dict.fromkeys(THRESHOLDS, 0)
        self.joint = dict.fromkeys(THRESHOLDS, 0)
        self.purity = 0.0
        self.gold_kind: dict[str, int] = {}
        self.hit_kind: dict[tuple[float, str], int] = {}
        self.canon = [0, 0]  # right, scored
        self.role = [0, 0]
        self.role_all = [0, 0]

    def _speakers(self, g: Mapping[str, Any], p: Mapping[str, Any]) -> None:
        """Canonical and role agreement of one matched pair (when the gold has them)."""
        if "speaker_canonical" in g:
            self.canon[1] += 1
            self.canon[0] += _folded(g["speaker_canonical"]) == _folded(p.get("speaker_canonical"))
        if "speaker_role" in g:
            same = _role_key(g["speaker_role"]) == _role_key(p.get("speaker_role"))
            self.role_all[1] += 1
            self.role_all[0] += same
            if g["speaker_role"]:
                self.role[1] += 1
                self.role[0] += same

    def add(self, text: str, golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]]) -> None:
        self.n_gold += len(golds)
        self.n_pred += len(preds)
        for g in golds:
            self.gold_kind[g.get("kind", "?")] = self.gold_kind.get(g.get("kind", "?"), 0) + 1
        gold_texts = {_trimmed(text[g["start"]:g["end"]]) for g in golds}
        self.exact += sum(1 for p in preds if _trimmed(text[p["start"]:p["end"]]) in gold_texts)
        for t in THRESHOLDS:
            for gi, pi, _share in _match(golds, preds, t):
                g, p = golds[gi], preds[pi]
                self.hits[t] += 1
                self.joint[t] += speaker_right(g, p)
                key = (t, g.get("kind", "?"))
                self.hit_kind[key] = self.hit_kind.get(key, 0) + 1
                if t == THRESHOLDS[-1]:
                    self._speakers(g, p)
                if t == THRESHOLDS[0]:
                    width = max(1, p["end"] - p["start"])
                    self.purity += _covered(_gold_chars(g), p["start"], p["end"]) / width

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": self.n_gold, "predicted": self.n_pred}
        for t in THRESHOLDS:
            hits = self.hits[t]
            out[f"overlap>{t}"] = {
                **_prf(hits, self.n_pred, self.n_gold),
                "speaker_accuracy": round(self.joint[t] / hits, 4) if hits else 0.0,
                "joint": _prf(self.joint[t], self.n_pred, self.n_gold),
                "recall_by_kind": {
                    k: round(self.hit_kind.get((t, k), 0) / n, 4) for k, n in sorted(self.gold_kind.items())
                },
            }
        out["exact"] = _prf(min(self.exact, self.n_gold), self.n_pred, self.n_gold)
        out["purity"] = round(self.purity / self.hits[THRESHOLDS[0]], 4) if self.hits[THRESHOLDS[0]] else 0.0
        for name, (right, scored) in (("canonical", self.canon), ("role", self.role), ("role_agreement", self.role_all)):
            if scored:
                out[f"{name}_accuracy"] = {"accuracy": round(right / scored, 4), "scored": scored}
        return out


def _has_class(record: Mapping[str, Any], classes: set[str] | None) -> bool:
    """Is a record's cue class chosen? Records without the field, or without a cue, always are."""
    return classes is None or "cue_class" not in record or record["cue_class"] is None or record["cue_class"] in classes


def evaluate(
    gold: Iterable[GoldDoc],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    kinds: Iterable[str] | None = None,
    cues: Iterable[str] | None = None,
    people: Mapping[str, PeopleDoc] | None = None,
) -> dict[str, Any]:
    """Score predictions against gold quotes.

    Args:
        gold: the gold documents.
        predictions: doc_id -> predicted records (Quote.to_dict() dicts, or
            anything with start, end, speaker, speaker_start, speaker_end,
            speaker_canonical and kind).
        kinds: score only gold quotes and predictions of these kinds.
        cues: score only gold quotes and predictions whose ``cue_class`` is
            one of these (or null: no cue); gold quotes without a
            ``cue_class`` field (PolNeAR) are always kept.
        people: doc_id -> who the gold sources are (``load_people``); adds
            the ``people`` scores, over the documents it covers.

    Returns:
        A dict of scores (see the module docstring for the definitions).
    """
    chosen = set(kinds) if kinds is not None else set(KINDS)
    classes = set(cues) if cues is not None else None
    tally = _Tally()
    people_tally = _PeopleTally()
    per_kind_pred: dict[str, int] = {}
    for doc in gold:
        golds = [q for q in doc.quotes if q.get("kind") in chosen and _has_class(q, classes)]
        preds = [p for p in predictions.get(doc.doc_id, []) if p.get("kind") in chosen and _has_class(p, classes)]
        for p in preds:
            per_kind_pred[p["kind"]] = per_kind_pred.get(p["kind"], 0) + 1
        tally.add(doc.text, golds, preds)
        if people is not None:
            people_tally.add(people.get(doc.doc_id), golds, preds)
    report = tally.report()
    report["kinds"] = sorted(chosen)
    report["cues"] = sorted(classes) if classes is not None else "all"
    report["predicted_by_kind"] = dict(sorted(per_kind_pred.items()))
    if people is not None:
        report["people"] = people_tally.report()
    return report


def format_report(report: Mapping[str, Any]) -> str:
    """Render a report as an aligned plain-text table."""
    cues = report.get("cues", "all")
    cues = cues if isinstance(cues, str) else ",".join(cues)
    lines = [f"kinds: {','.join(report['kinds'])}   cues: {cues}   gold quotes: {report['gold']}   "
             f"predicted: {report['predicted']}"]
    lines.append(f"{'':<14}{'P':>8}{'R':>8}{'F1':>8}{'spk acc':>9}{'joint P':>9}{'joint R':>9}{'joint F1':>9}")
    for t in THRESHOLDS:
        row = report[f"overlap>{t}"]
        joint = row["joint"]
        lines.append(
            f"{'overlap > ' + str(t):<14}{row['precision']:>8.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}"
            f"{row['speaker_accuracy']:>9.3f}{joint['precision']:>9.3f}{joint['recall']:>9.3f}{joint['f1']:>9.3f}"
        )
    ex = report["exact"]
    lines.append(f"{'exact':<14}{ex['precision']:>8.3f}{ex['recall']:>8.3f}{ex['f1']:>8.3f}")
    lines.append(f"purity (share of matched predictions that is gold, overlap > 0.3): {report['purity']:.3f}")
    for t in THRESHOLDS:
        by_kind = "  ".join(f"{k} {v:.3f}" for k, v in report[f"overlap>{t}"]["recall_by_kind"].items())
        lines.append(f"recall by kind, overlap > {t}: {by_kind}")
    labels = {"canonical": "canonical speaker accuracy", "role": "role accuracy (gold role not null)",
              "role_agreement": "role agreement (null = null)"}
    for name, label in labels.items():
        if f"{name}_accuracy" in report:
            found = report[f"{name}_accuracy"]
            lines.append(f"{label}, overlap > {THRESHOLDS[-1]}: {found['accuracy']:.3f} of {found['scored']}")
    if "people" in report:
        lines.extend(_format_people(report["people"]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# People: who each gold source is (a ``<gold>-people.jsonl`` layer over the gold)
# ---------------------------------------------------------------------------
ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "group", "document", "other")
_RECORD_TYPES = ENTITY_TYPES[:-1]  # the values a record's speaker_type can take; `other` is not scored
PRONOUNS = kinds("function_words.txt")["pronoun"]  # every personal, possessive, reflexive, relative form
_GENDER_KEYS = ("female", "male", "unknown")


@dataclass(frozen=True, slots=True)
class PeopleDoc:
    """Who the sources of one gold document are.

    Attributes:
        doc_id: the gold document's id.
        entities: entity id -> the entity dict (``id``, ``name``, ``type``,
            and for persons ``gender``, ``gender_evidence``, ``role``).
        sources: gold quote id -> the ids of the entities its source mention
            refers to.
    """

    doc_id: str
    entities: Mapping[str, Mapping[str, Any]]
    sources: Mapping[str, tuple[str, ...]]


def people_path(gold_path: str | Path) -> Path:
    """The people file that goes with a gold file: ``polnear-dev.jsonl`` -> ``polnear-dev-people.jsonl`` beside it."""
    gold_path = Path(gold_path)
    return gold_path.with_name(f"{gold_path.stem}-people.jsonl")


def _people_doc(row: Any) -> PeopleDoc:
    """One line of a people file, checked; ValueError says what is wrong."""
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    doc_id = row.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError("needs a doc_id string")
    if not isinstance(row.get("entities"), list):
        raise ValueError("needs an entities list")
    entities: dict[str, Mapping[str, Any]] = {}
    for k, ent in enumerate(row["entities"], 1):
        if not isinstance(ent, dict) or not isinstance(ent.get("id"), str) or not ent["id"]:
            raise ValueError(f"entity {k} is not an object with an id string")
        eid = ent["id"]
        if eid in entities:
            raise ValueError(f"entity id {eid!r} appears twice")
        if not isinstance(ent.get("name"), str) or not ent["name"].strip():
            raise ValueError(f"entity {eid!r} has no name")
        if ent.get("type") not in ENTITY_TYPES:
            raise ValueError(f"entity {eid!r} has type {ent.get('type')!r}, not one of {', '.join(ENTITY_TYPES)}")
        if ent.get("gender") not in (None, "female", "male"):
            raise ValueError(f"entity {eid!r} has gender {ent['gender']!r}, not female, male or null")
        entities[eid] = ent
    if not isinstance(row.get("source_entities"), dict):
        raise ValueError("needs a source_entities object (gold quote id -> entity ids)")
    sources: dict[str, tuple[str, ...]] = {}
    for qid, ids in row["source_entities"].items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ValueError(f"source_entities[{qid!r}] is not a list of entity ids")
        unknown = [i for i in ids if i not in entities]
        if unknown:
            raise ValueError(f"source_entities[{qid!r}] names entity {unknown[0]!r}, which is not in entities")
        sources[qid] = tuple(ids)
    return PeopleDoc(doc_id, entities, sources)


def load_people(path: str | Path) -> dict[str, PeopleDoc]:
    """Read a people file (the format of ``../shared/eval/polnear-dev-people.jsonl``).

    Args:
        path: JSONL, one line per document: ``{doc_id, entities: [{id, name,
            type, gender?, gender_evidence?, role?}], source_entities: {gold
            quote id: [entity ids]}}``.

    Returns:
        doc_id -> PeopleDoc.

    Raises:
        InputError: the file cannot be read, or a line is malformed (the
            message is one line: ``file:line: what is wrong``).
    """
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read people file {path}: {exc.strerror or exc}") from exc
    out: dict[str, PeopleDoc] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = _people_doc(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not JSON ({exc.msg}, column {exc.colno})") from exc
        except ValueError as exc:
            raise InputError(f"{path}:{n}: not a people line: {exc}") from exc
        if doc.doc_id in out:
            raise InputError(f"{path}:{n}: doc_id {doc.doc_id!r} appears twice")
        out[doc.doc_id] = doc
    return out


def _name_key(value: Any) -> str | None:
    """A name as compared: case-folded, whitespace folded, curly apostrophes straight."""
    folded = _folded(str(value).replace("’", "'")) if value is not None else None
    return folded or None


def is_pronoun(mention: Any) -> bool:
    """Is the whole mention a pronoun ("He", "who", "their"), case-insensitive?"""
    return bool(mention) and _trimmed(str(mention)).replace("’", "'").casefold() in PRONOUNS


def _share(right: int, scored: int) -> float | None:
    return round(right / scored, 4) if scored else None


class _PeopleTally:
    """People scores summed over the documents of the people file."""

    def __init__(self) -> None:
        self.docs = self.docs_missing = 0
        self.canon = [0, 0]  # right, scored
        self.pronoun = [0, 0]
        self.multi = self.unmapped = 0
        self.type = [0, 0]
        self.type_other = 0
        # name sets per document, summed: key -> [both, predicted, gold]
        self.quoted = {key: [0, 0, 0] for key in ("person", "female", "male", "any_canonical")}
        self.gender = {side: dict.fromkeys(_GENDER_KEYS, 0) for side in ("gold", "predicted")}

    def add(self, doc: PeopleDoc | None, golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]]) -> None:
        if doc is None:
            self.docs_missing += 1
            return
        self.docs += 1
        ents = doc.entities

        def sources(g: Mapping[str, Any]) -> tuple[str, ...]:
            return doc.sources.get(str(g["id"]), ()) if g.get("id") is not None else ()

        for gi, pi, _share_ in _match(golds, preds, THRESHOLDS[-1]):
            g, p = golds[gi], preds[pi]
            ids = sources(g)
            if len(ids) != 1:
                self.multi += len(ids) > 1
                self.unmapped += not ids
                continue
            ent = ents[ids[0]]
            right = _name_key(ent["name"]) == _name_key(p.get("speaker_canonical"))
            self.canon[0] += right
            self.canon[1] += 1
            if is_pronoun(g.get("speaker")):
                self.pronoun[0] += right
                self.pronoun[1] += 1
            if ent["type"] in _RECORD_TYPES:
                self.type[0] += p.get("speaker_type") == ent["type"]
                self.type[1] += 1
            else:
                self.type_other += 1

        gold: dict[str, set[str]] = {key: set() for key in _GENDER_KEYS}
        for g in golds:
            for eid in sources(g):
                ent, name = ents[eid], _name_key(ents[eid]["name"])
                if ent["type"] == "person" and name:
                    gold[ent.get("gender") or "unknown"].add(name)
        pred: dict[str, set[str]] = {key: set() for key in _GENDER_KEYS}
        any_canonical: set[str] = set()
        for p in preds:
            name = _name_key(p.get("speaker_canonical"))
            if name is None:
                continue
            any_canonical.add(name)
            if p.get("speaker_type") == "person":
                gender = p.get("speaker_gender")
                pred[gender if gender in ("female", "male") else "unknown"].add(name)
        gold_all, pred_all = set().union(*gold.values()), set().union(*pred.values())
        for key, g_set, p_set in (("person", gold_all, pred_all), ("female", gold["female"], pred["female"]),
                                  ("male", gold["male"], pred["male"]), ("any_canonical", gold_all, any_canonical)):
            counts = self.quoted[key]
            counts[0] += len(g_set & p_set)
            counts[1] += len(p_set)
            counts[2] += len(g_set)
        for side, sets in (("gold", gold), ("predicted", pred)):
            for key in _GENDER_KEYS:
                self.gender[side][key] += len(sets[key])

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.docs, "documents_without_people": self.docs_missing}
        out["canonical_exact"] = {"accuracy": _share(*self.canon), "scored": self.canon[1],
                                  "multi_entity_skipped": self.multi, "unmapped_skipped": self.unmapped}
        out["canonical_exact_pronoun"] = {"accuracy": _share(*self.pronoun), "scored": self.pronoun[1]}
        out["speaker_type"] = {"accuracy": _share(*self.type), "scored": self.type[1], "other_left_out": self.type_other}
        for key, (both, n_pred, n_gold) in self.quoted.items():
            name = "people_quoted" if key == "person" else f"people_quoted_{key}"
            out[name] = {**_prf(both, n_pred, n_gold), "both": both, "predicted": n_pred, "gold": n_gold}
        out["female_share"] = {
            side: _share(self.gender[side]["female"], self.gender[side]["female"] + self.gender[side]["male"])
            for side in ("gold", "predicted")
        }
        out["persons_by_gender"] = self.gender
        return out


def _format_people(people: Mapping[str, Any]) -> list[str]:
    """The people lines of format_report."""

    def acc(row: Mapping[str, Any]) -> str:
        return f"{row['accuracy']:.3f} of {row['scored']}" if row["accuracy"] is not None else f"- of {row['scored']}"

    canon, typ, pron = people["canonical_exact"], people["speaker_type"], people["canonical_exact_pronoun"]
    missing = people["documents_without_people"]
    head = f"people ({people['documents']} documents"
    if missing:
        head += f"; {missing} without a people line, not scored"
    lines = [head + f"), overlap > {THRESHOLDS[-1]}, gold quotes with one source entity:"]
    lines.append(f"  canonical exact: {acc(canon)} ({canon['multi_entity_skipped']} with several entities and "
                 f"{canon['unmapped_skipped']} with none skipped)   pronoun mentions: {acc(pron)}")
    lines.append(f"  speaker type: {acc(typ)} ({typ['other_left_out']} of type other left out)")
    lines.append(f"  {'people quoted':<30}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}{'both':>7}")
    for key, label in (("people_quoted", "persons"), ("people_quoted_female", "female"),
                       ("people_quoted_male", "male"), ("people_quoted_any_canonical", "any canonical as a person")):
        row = people[key]
        lines.append(f"  {label:<30}{row['precision']:>8.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}"
                     f"{row['gold']:>7}{row['predicted']:>7}{row['both']:>7}")
    share = people["female_share"]
    lines.append("  female share of people quoted (female / female + male): "
                 + "   ".join(f"{side} " + (f"{share[side]:.3f}" if share[side] is not None else "-") for side in share))
    by_gender = people["persons_by_gender"]
    lines.append("  persons by gender: " + "   ".join(
        f"{side} " + " ".join(f"{k} {v}" for k, v in counts.items()) for side, counts in by_gender.items()))
    return lines
