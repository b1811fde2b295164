"""The numbers of the report, as pandas DataFrames."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from quotes.report.names import display_name, speaker_keys
from quotes.report.records import REQUIRED_COLUMNS, checked_frame, string_column
from quotes.types import CUE_CLASSES, GENDERS, KINDS, SPEAKER_TYPES, Quote


@dataclass(frozen=True, slots=True)
class Summary:
    """The corpus at a glance, as pandas DataFrames.

    Attributes:
        totals: one row: documents (with at least one record), records,
            speakers (merged keys), no_speaker (records), no_speaker_share.
        kinds: records and share per kind (index: direct, mixed, indirect).
        cue_classes: records and share per cue class ("(no cue)" for
            records without one), or None when the records have no
            ``cue_class`` column.
        speakers: one row per merged speaker (index: the key, see
            :func:`speaker_keys`), most records first: speaker (display
            name), role (most frequent ``speaker_role``, when present),
            type (person, label, local), records, direct, mixed, indirect,
            documents, forms (the number of canonical forms merged),
            variants (those forms with their records, most first).
        documents: one row per document (index: doc_id), most records
            first: records, direct, mixed, indirect, speakers, no_speaker.
        cues: kind, cue (lower case), records: every cue word per kind,
            kinds in contract order, most records first.
        people: the people table (:func:`quotes.people`): one row per
            document and canonical speaker, with type, gender and counts.
        genders: people (rows of ``people``: a speaker counts once per
            document), quotes and share per gender (index: female, male,
            unknown), over the speakers typed ``person`` or with a gender.
        types: people, quotes and share per speaker type (index: person,
            organization, group, document, unknown), over all of ``people``.
        female_share: female / (female + male) people, or None without either.
        top_people: the persons merged across documents (index: the key, as
            in ``speakers``), most quotes first: name, gender, quotes, documents.

    The last five are None when the records have no ``speaker_type`` and
    ``speaker_gender`` columns (files from an older ``quotes extract``).
    """

    totals: Any
    kinds: Any
    cue_classes: Any
    speakers: Any
    documents: Any
    cues: Any
    people: Any = None
    genders: Any = None
    types: Any = None
    female_share: float | None = None
    top_people: Any = None


def summarize(records: Any) -> Summary:
    """Summarize quote records from any number of documents.

    Args:
        records: Quote objects, record dicts, or a pandas DataFrame with the
            record columns (at least ``doc_id, speaker, speaker_canonical,
            cue, kind``; ``speaker_role``, ``cue_class``, ``speaker_type``,
            ``speaker_gender`` and ``start`` are used when present).

    Returns:
        A :class:`Summary` of DataFrames.

    Raises:
        InputError: a needed column is missing or a kind is unknown.
        ImportError: pandas is not installed (``pip install 'quotes[report]'``).
    """
    frame = checked_frame(_as_frame(records), "records")
    frame["who"] = string_column((c if c is not None else s for c, s in zip(frame["speaker_canonical"], frame["speaker"])),
                            frame.index)
    keys = speaker_keys(((d, w) for d, w in zip(frame["doc_id"], frame["who"]) if w is not None),
                        mentions=(s for s in frame["speaker"] if s is not None))
    frame["key"] = string_column((None if w is None else keys[(d, w)] for d, w in zip(frame["doc_id"], frame["who"])),
                            frame.index)
    speakers = _speakers_table(frame)
    return Summary(
        totals=_totals(frame, len(speakers)),
        kinds=_shares(frame["kind"], KINDS),
        cue_classes=_shares(frame["cue_class"].fillna("(no cue)"), (*CUE_CLASSES, "(no cue)"))
        if "cue_class" in frame.columns else None,
        speakers=speakers,
        documents=_documents_table(frame),
        cues=_cues_table(frame),
        **_sources(frame),
    )


def _as_frame(records: Any) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("the report needs pandas: pip install 'quotes[report]'") from exc
    if isinstance(records, pd.DataFrame):
        return records.copy()
    rows = [r.to_dict() if isinstance(r, Quote) else dict(r) for r in records]
    columns = list(dict.fromkeys(c for row in rows[:1] for c in row)) or list(REQUIRED_COLUMNS)
    return pd.DataFrame(rows, columns=columns)


def _by_kind(frame: Any, by: str) -> Any:
    table = frame.groupby([by, "kind"]).size().unstack(fill_value=0).reindex(columns=list(KINDS), fill_value=0)
    table.columns.name = None
    return table.astype(int)


def _totals(frame: Any, speakers: int) -> Any:
    import pandas as pd

    records = len(frame)
    none = int(frame["key"].isna().sum())
    return pd.DataFrame([{
        "documents": int(frame["doc_id"].nunique()), "records": records, "speakers": speakers,
        "no_speaker": none, "no_speaker_share": none / records if records else 0.0,
    }])


def _shares(values: Any, order: tuple[str, ...]) -> Any:
    import pandas as pd

    counts = values.value_counts()
    index = [*order, *sorted(set(counts.index) - set(order))]
    table = pd.DataFrame({"records": counts.reindex(index, fill_value=0).astype(int)})
    table["share"] = table["records"] / len(values) if len(values) else 0.0
    return table


def _speakers_table(frame: Any) -> Any:
    import pandas as pd

    named = frame[frame["key"].notna()]
    table = _by_kind(named, "key")
    table.insert(0, "records", table.sum(axis=1))
    table["documents"] = named.groupby("key")["doc_id"].nunique()
    forms = _counts_per_key(named, "who")
    table["forms"] = [len(forms[k]) for k in table.index]
    table["variants"] = ["; ".join(f"{f} ({n})" for f, n in sorted(forms[k].items(), key=lambda fn: (-fn[1], fn[0])))
                         for k in table.index]
    table.insert(0, "type", [k.split(":", 1)[0] for k in table.index])
    if "speaker_role" in named.columns:
        roles = _counts_per_key(named, "speaker_role")
        table.insert(0, "role", [max(roles[k], key=roles[k].__getitem__) if roles.get(k) else None
                                 for k in table.index])
    table.insert(0, "speaker", [display_name(forms[k]) for k in table.index])
    table.index.name = "key"
    table = table.reset_index().sort_values(["records", "speaker", "key"], ascending=[False, True, True])
    return table.set_index("key") if len(table) else pd.DataFrame(columns=table.columns).set_index("key")


def _counts_per_key(frame: Any, column: str) -> dict[str, dict[str, int]]:
    """For each speaker key, how many records have each value of a column (nulls left out)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for (key, value), n in frame.groupby(["key", column]).size().items():
        counts[key][value] = int(n)
    return counts


def _documents_table(frame: Any) -> Any:
    table = _by_kind(frame, "doc_id")
    table.insert(0, "records", table.sum(axis=1))
    table["speakers"] = frame.groupby("doc_id")["key"].nunique()
    table["no_speaker"] = frame["key"].isna().groupby(frame["doc_id"]).sum().astype(int)
    table.index.name = "doc_id"
    return table.reset_index().sort_values(["records", "doc_id"], ascending=[False, True]).set_index("doc_id")


def _cues_table(frame: Any) -> Any:
    import pandas as pd

    cued = frame[frame["cue"].notna()]
    words = pd.Series([" ".join(c.lower().split()) for c in cued["cue"]], index=cued.index, dtype=object)
    table = pd.DataFrame({"kind": cued["kind"], "cue": words}).value_counts().rename("records").reset_index()
    table["order"] = table["kind"].map({k: n for n, k in enumerate(KINDS)})
    table = table.sort_values(["order", "records", "cue"], ascending=[True, False, True])
    return table.drop(columns="order").reset_index(drop=True)


NEWER_FIELDS: tuple[str, ...] = ("speaker_type", "speaker_gender")
UNKNOWN = "unknown"


def _sources(frame: Any) -> dict[str, Any]:
    """The Summary fields on who is quoted by gender and type; all None without the newer columns."""
    if not set(NEWER_FIELDS) <= set(frame.columns):
        return {}
    from quotes.people import people

    table = people(frame if "start" in frame.columns else frame.assign(start="0"))
    persons = table[(table["type"] == "person") | table["gender"].notna()]
    genders = _tally(persons["gender"], persons["quotes"], GENDERS)
    female, male = (int(genders.loc[g, "people"]) for g in GENDERS)
    keys = {(d, c): k for d, c, k in zip(frame["doc_id"], frame["speaker_canonical"], frame["key"]) if c is not None}
    return {
        "people": table,
        "genders": genders,
        "types": _tally(table["type"], table["quotes"], SPEAKER_TYPES),
        "female_share": female / (female + male) if female + male else None,
        "top_people": _top_people(persons, keys),
    }


def _tally(values: Any, quotes: Any, order: tuple[str, ...]) -> Any:
    """people, quotes and share for each value in ``order``, then any other value, then unknown (nulls)."""
    import pandas as pd

    labels = [UNKNOWN if v is None else v for v in values]
    index = [*order, *sorted(set(labels) - {*order, UNKNOWN}), UNKNOWN]
    people = pd.Series(labels, dtype=object).value_counts().reindex(index, fill_value=0).astype(int)
    said = pd.Series(list(quotes), index=labels, dtype="int64").groupby(level=0).sum()
    table = pd.DataFrame({"people": people, "quotes": said.reindex(index, fill_value=0).astype(int)})
    table["share"] = table["people"] / len(labels) if len(labels) else 0.0
    return table


def _top_people(persons: Any, keys: dict[tuple[str, str], str]) -> Any:
    """Persons merged across documents by the key of :func:`speaker_keys`, most quotes first."""
    import pandas as pd

    rows: dict[str, dict[str, Any]] = {}
    for doc_id, name, gender, quotes in zip(persons["doc_id"], persons["name"], persons["gender"], persons["quotes"]):
        row = rows.setdefault(keys.get((doc_id, name), f"person:{name}"),
                              {"forms": defaultdict(int), "genders": defaultdict(int), "quotes": 0, "docs": set()})
        row["forms"][name] += int(quotes)
        if gender is not None:
            row["genders"][gender] += 1
        row["quotes"] += int(quotes)
        row["docs"].add(doc_id)
    table = pd.DataFrame({
        "name": [display_name(r["forms"]) for r in rows.values()],
        "gender": [max(r["genders"], key=r["genders"].__getitem__) if r["genders"] else None for r in rows.values()],
        "quotes": [r["quotes"] for r in rows.values()],
        "documents": [len(r["docs"]) for r in rows.values()],
    }, index=pd.Index(list(rows), name="key"))
    table["gender"] = table["gender"].astype(object).where(table["gender"].notna(), None)
    return table.sort_values(["quotes", "name"], ascending=[False, True], kind="stable")
