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
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc.strerror or exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            doc = GoldDoc(str(row.get("doc_id", row.get("id"))), row["text"], tuple(row["quotes"]), row.get("split"))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a gold document (needs doc_id, text, quotes): {exc}") from exc
        if split is None or doc.split == split or doc.doc_id.startswith(split + "/"):
            docs.append(doc)
    return docs


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

    Returns:
        A dict of scores (see the module docstring for the definitions).
    """
    chosen = set(kinds) if kinds is not None else set(KINDS)
    classes = set(cues) if cues is not None else None
    tally = _Tally()
    per_kind_pred: dict[str, int] = {}
    for doc in gold:
        golds = [q for q in doc.quotes if q.get("kind") in chosen and _has_class(q, classes)]
        preds = [p for p in predictions.get(doc.doc_id, []) if p.get("kind") in chosen and _has_class(p, classes)]
        for p in preds:
            per_kind_pred[p["kind"]] = per_kind_pred.get(p["kind"], 0) + 1
        tally.add(doc.text, golds, preds)
    report = tally.report()
    report["kinds"] = sorted(chosen)
    report["cues"] = sorted(classes) if classes is not None else "all"
    report["predicted_by_kind"] = dict(sorted(per_kind_pred.items()))
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
    return "\n".join(lines)
