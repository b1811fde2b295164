"""Build the project's gold corpus from its annotated sources.

The articles in ``corpus/annotated/*.txt`` were written for this project.
Each carries inline marks that this script strips, turning them into
offsets:

* ``{N|...}``   content of record N (several parts make a discontinuous record:
  an interrupted quote, or the quote that continues after "he said.");
* ``<N|...>``   the speaker mention of record N; ``<N,M|...>`` serves two
  records; ``<N|He=Maria Keller>`` also gives the canonical speaker, and
  ``<N|He=Karl Berg~Finance Minister>`` (or ``<N|Karl Berg~Finance Minister>``)
  the speaker's role; without ``~`` the role is null;
* ``[N|...]``   the cue of record N, of class ``speech``; ``[N:CLASS|...]``
  gives another class (``writing``, ``thought``, ``evidence``, ``stance``).

A record with no speaker mark has no speaker. Text in quote marks that no
record covers (titles, scare quotes) is not speech and has no record.

Run ``python corpus/build.py`` after editing a source; it writes
``corpus/articles/NAME.txt`` (plain text, the sample the README runs on) and
``corpus/gold.jsonl`` (the format of ``quotes evaluate``). A test checks that
both are up to date.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TAG = re.compile(r"\{(\d+)\||<([\d,]+)\||\[(\d+)(?::([a-z]+))?\||[}>\]]")
CUE_CLASSES = ("speech", "writing", "thought", "evidence", "stance")


def parse(source: str) -> tuple[str, dict[int, dict[str, Any]]]:
    """Strip the marks of one annotated article.

    Args:
        source: the annotated text.

    Returns:
        The plain text and, per record number, its content parts, speaker
        and cue offsets and canonical speaker.
    """
    out: list[str] = []
    pos = 0
    length = 0
    stack: list[tuple[str, list[int], int]] = []
    records: dict[int, dict[str, Any]] = {}
    canon: dict[int, str] = {}
    roles: dict[int, str | None] = {}
    classes: dict[int, str] = {}
    for match in TAG.finditer(source):
        chunk = source[pos:match.start()]
        out.append(chunk)
        length += len(chunk)
        pos = match.end()
        token = match.group()
        if token in "}>]":
            if not stack:
                raise ValueError(f"closing {token!r} without an opening mark near {source[max(0, match.start() - 40):match.end()]!r}")
            kind, ids, start = stack.pop()
            end = length
            if kind == "speaker":
                text = "".join(out)[start:end]
                mention, _, role = text.partition("~")  # <N|mention=Canonical~Role>
                mention, _, canonical = mention.partition("=")
                cut = len(text) - len(mention)
                if cut:
                    del_text(out, cut)
                    length -= cut
                    end = length
                for i in ids:
                    canon[i] = canonical or mention
                    roles[i] = role or None
            for i in ids:
                rec = records.setdefault(i, {"parts": [], "speaker": None, "cue": None})
                if kind == "content":
                    rec["parts"].append([start, end])
                else:
                    rec[kind] = [start, end]
            continue
        if match.group(1):
            stack.append(("content", [int(match.group(1))], length))
        elif match.group(2):
            stack.append(("speaker", [int(x) for x in match.group(2).split(",")], length))
        else:
            cue_class = match.group(4) or "speech"
            if cue_class not in CUE_CLASSES:
                raise ValueError(f"unknown cue class {cue_class!r} for record {match.group(3)}; use one of {CUE_CLASSES}")
            classes[int(match.group(3))] = cue_class
            stack.append(("cue", [int(match.group(3))], length))
    if stack:
        raise ValueError(f"unclosed mark {stack[-1][0]} for record(s) {stack[-1][1]}")
    out.append(source[pos:])
    for i, rec in records.items():
        rec["canonical"] = canon.get(i)
        rec["role"] = roles.get(i)
        rec["cue_class"] = classes.get(i) if rec["cue"] else None
    return "".join(out), records


def del_text(out: list[str], count: int) -> None:
    """Remove the last count characters from a list of chunks."""
    while count > 0:
        last = out.pop()
        if len(last) > count:
            out.append(last[:-count])
            return
        count -= len(last)


def _kind(text: str, parts: list[list[int]]) -> str:
    sys.path.insert(0, str(HERE.parent))
    from quotes.attribute import kind_of
    from quotes.spans import find_spans

    start, end = parts[0][0], parts[-1][1]
    pieces = [(p.start, p.end) for s in find_spans(text) for p in s.pieces if start <= p.start and p.end <= end]
    return kind_of(text, [tuple(p) for p in parts], pieces)


def gold_record(text: str, number: int, rec: dict[str, Any]) -> dict[str, Any]:
    """One gold quote in the format of ../shared/eval."""
    parts = sorted(rec["parts"])
    if not parts:
        raise ValueError(f"record {number} has a speaker or cue but no content")
    spk, cue = rec["speaker"], rec["cue"]
    row: dict[str, Any] = {
        "id": f"Q{number}",
        "start": parts[0][0],
        "end": parts[-1][1],
        "spans": parts,
        "speaker": text[spk[0]:spk[1]] if spk else None,
        "speaker_start": spk[0] if spk else None,
        "speaker_end": spk[1] if spk else None,
        "speaker_canonical": rec.get("canonical") or (text[spk[0]:spk[1]] if spk else None),
        "speaker_role": rec.get("role"),
        "cue": text[cue[0]:cue[1]] if cue else None,
        "cue_start": cue[0] if cue else None,
        "cue_end": cue[1] if cue else None,
        "cue_class": rec.get("cue_class"),
        "kind": _kind(text, parts),
    }
    return row


def build(src: Path = HERE / "annotated") -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Parse every annotated article.

    Args:
        src: the folder of annotated ``.txt`` sources.

    Returns:
        (file name -> plain text, gold documents in file-name order).
    """
    texts: dict[str, str] = {}
    gold = []
    for path in sorted(src.glob("*.txt")):
        try:
            text, records = parse(path.read_bytes().decode("utf-8"))
            quotes = [gold_record(text, n, records[n]) for n in sorted(records)]
        except ValueError as exc:
            raise ValueError(f"{path.name}: {exc}") from None
        texts[path.stem + ".txt"] = text
        gold.append({"doc_id": path.stem, "text": text, "quotes": quotes})
    return texts, gold


def main() -> int:
    """Write corpus/articles/*.txt and corpus/gold.jsonl."""
    texts, gold = build()
    articles = HERE / "articles"
    articles.mkdir(exist_ok=True)
    for old in articles.glob("*.txt"):
        if old.name not in texts:
            old.unlink()
    for name, text in texts.items():
        (articles / name).write_text(text, encoding="utf-8", newline="")
    lines = "".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in gold)
    (HERE / "gold.jsonl").write_text(lines, encoding="utf-8", newline="")
    n = sum(len(d["quotes"]) for d in gold)
    kinds: dict[str, int] = {}
    for d in gold:
        for q in d["quotes"]:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"{len(gold)} articles, {n} records: {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
