"""End to end on the real stanza pipeline with the shared models."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quotes import Extractor, Quote
from quotes.types import QUOTE_FIELDS

# The four records of the table in DESIGN.md.
SEED_EXPECTED = [
    {
        "text": "the visit aimed to “deepen mutually beneficial cooperation.”",
        "pieces": ["“deepen mutually beneficial cooperation.”"],
        "speaker": "a statement",
        "speaker_canonical": "a statement",
        "cue": "said",
        "kind": "mixed",
    },
    {
        "text": "that “China-Russia relations in the new era have demonstrated new energy and vitality, with "
        "increased political trust, successful cooperation across various fields, strong friendship, and close "
        "international coordination.”",
        "pieces": ["“China-Russia relations in the new era have demonstrated new energy and vitality, with "
                   "increased political trust, successful cooperation across various fields, strong friendship, "
                   "and close international coordination.”"],
        "speaker": "It",
        "speaker_canonical": "a statement",
        "cue": "noted",
        "kind": "mixed",
    },
    {
        "text": "all “parties” not to broaden the battlefield, intensify hostilities, and “fuel the flame” in response "
        "to a media inquiry about the situation last week",
        "pieces": ["“parties”", "“fuel the flame”"],
        "speaker": "A spokesman for China’s Foreign Ministry",
        "speaker_canonical": "A spokesman for China’s Foreign Ministry",
        "cue": "urged",
        "kind": "mixed",
    },
    {
        "text": "that China would keep pushing for a “political settlement of the crisis.”",
        "pieces": ["“political settlement of the crisis.”"],
        "speaker": "The spokesperson",
        "speaker_canonical": "A spokesman for China’s Foreign Ministry",
        "cue": "stated",
        "kind": "mixed",
    },
]


def _view(seed_text: str, q: Quote) -> dict:
    return {
        "text": q.text,
        "pieces": [seed_text[a:b] for a, b in q.pieces],
        "speaker": q.speaker,
        "speaker_canonical": q.speaker_canonical,
        "cue": q.cue,
        "kind": q.kind,
    }


def test_extract_seed_article_gives_the_design_table(seed_text, seed_quotes):
    quoted = [_view(seed_text, q) for q in seed_quotes if q.kind in ("direct", "mixed")]
    assert quoted == SEED_EXPECTED


def test_extract_seed_article_with_stanzas_neural_tokenizer(models_dir, seed_text):
    """The rule-based tokenizer is the default; stanza's neural one stays available and gives the same table."""
    quotes = Extractor(model_dir=models_dir, device="cpu", tokenizer="stanza").extract(seed_text)
    assert [_view(seed_text, q) for q in quotes if q.kind in ("direct", "mixed")] == SEED_EXPECTED


def test_extract_seed_article_roles_and_classes(models_dir, seed_text):
    """Issue 16's seed targets: the never-named spokesman keeps his description and no role; with every cue
    class, Li Qiang (who "praised" the relations: a stance) gets the first role the article gives him."""
    records = Extractor(model_dir=models_dir, device="cpu", cues="all").extract(seed_text)
    spokesman = [q for q in records if q.speaker_canonical == "A spokesman for China’s Foreign Ministry"]
    assert len(spokesman) == 2 and {q.speaker_role for q in spokesman} == {None}
    li = [q for q in records if q.speaker_canonical == "Li Qiang"]
    assert li and li[0].speaker_role == "Premier" and li[0].cue_class == "stance"  # "Premier Li Qiang arrived ..."
    statement = [q.cue_class for q in records if q.speaker_canonical == "a statement"]
    assert statement == ["writing", "writing"]


def test_extract_seed_article_reported_speech_without_marks(seed_text, seed_quotes):
    indirect = {(q.speaker, q.cue, q.text) for q in seed_quotes if q.kind == "indirect"}
    assert ("Kyiv and other Western politicians", "claimed",
            "that these exports are helping the Russian war effort") in indirect


def test_extract_records_have_the_contract_fields(seed_quotes):
    assert seed_quotes
    for q in seed_quotes:
        record = q.to_dict()
        assert tuple(record) == QUOTE_FIELDS
        assert record["doc_id"] == "article"
        assert 0.0 <= record["confidence"] <= 1.0
        assert record["kind"] in ("direct", "mixed", "indirect")
        assert isinstance(record["rule"], str) and record["rule"]
    assert [q.quote_id for q in seed_quotes] == list(range(1, len(seed_quotes) + 1))


def _check_offsets(text: str, quotes: list[Quote]) -> None:
    marks = set("\"“”„‟«»‹›「」『』‚‘’'`")
    for q in quotes:
        assert text[q.start:q.end] == q.text
        for a, b in q.pieces:
            assert q.start <= a < b <= q.end
            assert text[a] in marks
            assert text[b - 1] in marks or text[b:b + 1] in ("\n", "\r", "")
        if q.speaker is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker
        if q.cue is not None:
            assert text[q.cue_start:q.cue_end] == q.cue


def test_extract_offsets_slice_the_seed_exactly(seed_text, seed_quotes):
    assert len(seed_quotes) >= 4  # the four records of DESIGN.md at least
    _check_offsets(seed_text, seed_quotes)


def test_extract_hard_wrapped_seed_gives_the_same_records(extractor, seed_text, seed_quotes):
    """The seed wrapped at 72 columns (CRLF line ends) gives the records of the unwrapped seed."""
    import textwrap

    paras = [p for p in seed_text.split("\n") if p.strip()]
    wrapped = "\r\n\r\n".join("\r\n".join(textwrap.wrap(p, 72)) for p in paras) + "\r\n"
    assert max(len(line) for line in wrapped.split("\r\n")) <= 72
    quotes = extractor.extract(wrapped)
    assert len(seed_quotes) >= 4
    _check_offsets(wrapped, quotes)

    def flat(s: str) -> str:
        return " ".join(s.split())

    def key(q: Quote, doc: str) -> tuple:
        return (flat(q.text), [flat(doc[a:b]) for a, b in q.pieces], q.speaker_canonical, q.cue, q.kind)

    assert [key(q, wrapped) for q in quotes] == [key(q, seed_text) for q in seed_quotes]


def test_extract_offsets_slice_polnear_dev_exactly(extractor, polnear_dev):
    docs = polnear_dev[:24]
    results = dict(extractor.extract_many((d.doc_id, d.text) for d in docs))
    assert list(results) == [d.doc_id for d in docs]
    assert sum(len(v) for v in results.values()) > 100
    for d in docs:
        _check_offsets(d.text, results[d.doc_id])


@pytest.mark.parametrize(
    "text, count",
    [("", 0), ("   \n\n  ", 0), ("\x00\x01\x02 binary \x7f junk", 0), ("”“”“”“ stray “marks” ” everywhere “", 0),
     ("He said:\r\n“Windows line ends,” she said.\r\n", 1), ("日本語のテキスト「引用」と言った。", 0)],
)
def test_extract_bad_input_gives_a_correct_result(extractor, text, count):
    quotes = extractor.extract(text)
    assert len(quotes) == count, [(q.text, q.rule) for q in quotes]
    _check_offsets(text, quotes)


def test_extract_rejects_non_text(extractor):
    from quotes.errors import DocumentError

    with pytest.raises(DocumentError, match="must be str"):
        extractor.extract(b"bytes")  # type: ignore[arg-type]


def test_extract_many_reports_a_failing_document_and_goes_on(extractor):
    seen = []
    docs = [("a", "“Yes,” she said."), ("bad", None), ("c", "He said no.")]
    out = list(extractor.extract_many(docs, on_error=lambda doc_id, exc: seen.append(doc_id)))  # type: ignore[arg-type]
    assert [doc_id for doc_id, _ in out] == ["a", "c"]
    assert seen == ["bad"]
    assert out[0][1][0].speaker == "she"


def test_extract_selective_parsing_gives_the_same_records(models_dir, polnear_dev):
    everything = Extractor(model_dir=models_dir, device="cpu", select=False)
    selective = Extractor(model_dir=models_dir, device="cpu", select=True)
    docs = [(d.doc_id, d.text) for d in polnear_dev[:30]]
    assert list(selective.extract_many(docs)) == list(everything.extract_many(docs))


def test_extract_kinds_option_filters_records(models_dir, seed_text):
    only = Extractor(model_dir=models_dir, device="cpu", kinds="direct,mixed")
    assert {q.kind for q in only.extract(seed_text)} == {"mixed"}


def test_extract_unknown_kind_is_a_clear_error(models_dir):
    from quotes.errors import InputError

    with pytest.raises(InputError, match="unknown kind"):
        Extractor(model_dir=models_dir, device="cpu", kinds="direct,quoted")


def test_extract_missing_models_is_one_clear_error(tmp_path):
    from quotes.errors import ModelsNotFoundError

    with pytest.raises(ModelsNotFoundError, match="stanza.download"):
        Extractor(model_dir=tmp_path, device="cpu")


def test_extract_workers_reuse_their_processes_and_keep_order(models_dir):
    names = ["Ana Lopez", "Ben Okoro", "Chen Wei", "Dora Blum", "Emil Sato", "Fay Novak", "Gus Ortiz", "Hana Ito",
             "Ivo Marek", "Jan Dvorak"]
    docs = [(f"d{i}", f"“The plan stands,” said {name}.") for i, name in enumerate(names)]
    with Extractor(model_dir=models_dir, device="cpu", workers=2, batch_chars=40) as ex:
        first = list(ex.extract_many(docs))
        pool = ex._pool
        second = list(ex.extract_many(docs[::-1]))
        assert ex._pool is pool  # models stay loaded between calls
    assert ex._pool is None
    assert [d for d, _ in first] == [d for d, _ in docs] and [d for d, _ in second] == [d for d, _ in docs[::-1]]
    assert [q[0].speaker for _, q in first] == names


def test_extract_a_killed_worker_loses_nothing(models_dir):
    """A worker process killed mid-run: its batches run again in a fresh pool; same records, once each, in order."""
    import multiprocessing
    import os
    import signal

    names = ["Ana Lopez", "Ben Okoro", "Chen Wei", "Dora Blum", "Emil Sato", "Fay Novak", "Gus Ortiz", "Hana Ito",
             "Ivo Marek", "Jan Dvorak", "Kai Berg", "Lea Roth"] * 3
    # enough parsing per document that the pool is still at work when the worker dies
    story = " ".join(f"The council met on day {k} and the members argued that the budget was too small." for k in range(12))
    docs = [(f"d{i}", f"“The plan stands,” said {name}. {story}") for i, name in enumerate(names)]
    with Extractor(model_dir=models_dir, device="cpu", workers=2, batch_chars=len(docs[0][1])) as ex:
        stream = ex.extract_many(docs)
        got = [next(stream)]  # the workers are up and working
        broken = ex._pool.executor
        victims = [p for p in multiprocessing.active_children() if p.is_alive()]
        assert victims
        os.kill(victims[0].pid, signal.SIGKILL)
        got.extend(stream)
        assert ex._pool.executor is not broken  # the pool broke and a fresh one ran the lost batches
    assert [d for d, _ in got] == [d for d, _ in docs]
    assert [quotes[0].speaker for _, quotes in got] == names
    assert [len(quotes) for _, quotes in got] == [len(got[0][1])] * len(names)


@pytest.mark.parametrize(
    "text",
    [
        "Captain Aas said goodbye to the crew on Saturday.",
        "It will take, say, five years to rebuild the landing.",
        "The so-called “deal” collapsed on Friday.",
        "The film “Midnight Harbour” opened in twelve cinemas.",
        "Captain Aas told the story of the storm of 1998.",
        "The company declined to say how much the repairs would cost.",
        "About 6,000 people were ordered to leave their homes.",
    ],
)
def test_extract_non_speech_gives_no_record(extractor, text):
    assert extractor.extract(text) == []


@pytest.mark.parametrize(
    "text, speaker, kind, content",
    [
        ("“The ground is still moving,” Maria Keller, a geologist at the state survey, said on Tuesday.",
         "Maria Keller", "direct", "“The ground is still moving,”"),
        ("Keller told reporters that the road would stay closed for weeks.",
         "Keller", "indirect", "that the road would stay closed for weeks"),
        ("“We will not leave,” the minister told reporters, “until the work is done.”",
         "the minister", "direct", "“We will not leave,” the minister told reporters, “until the work is done.”"),
        ("The mayor said: “We are ready for the storm.”", "The mayor", "direct", "“We are ready for the storm.”"),
        ("Keller: “The ground is moving again.”", "Keller", "direct", "“The ground is moving again.”"),
        ("According to the report, the economy grew by two percent.", "the report", "indirect",
         "the economy grew by two percent"),
        ("“Stay calm and stay home.” — Maria Keller", "Maria Keller", "direct", "“Stay calm and stay home.”"),
        ("Governor Lise Moreau was quoted as saying that inflation was falling.", "Governor Lise Moreau", "indirect",
         "that inflation was falling"),
        ("In a statement, the ministry said the talks would resume in March.", "the ministry", "indirect",
         "the talks would resume in March"),
        ("The senator wrote on social media that the bill was “dead on arrival.”", "The senator", "mixed",
         "that the bill was “dead on arrival.”"),
    ],
)
def test_extract_attribution_forms(extractor, text, speaker, kind, content):
    quotes = extractor.extract(text)
    assert [(q.speaker, q.kind, q.text) for q in quotes] == [(speaker, kind, content)]


# ---------------------------------------------------------------------------
# long documents in windows, hostile documents
# ---------------------------------------------------------------------------
BOUNDARY_PASSAGE = (
    "Keller spoke to reporters at the bridge on Monday. She then told them:\n\n"
    "“The ground is still moving. We will not reopen the road this week.”\n\n"
    "“It will take weeks,” Keller said of the repairs.\n\n"
    "“We will pay for all of it, and we will not stop until the bridge is safe again.”\n\n"
    "“We lost the first bridge.\n\n"
    "“We will not lose this one,” she added."
)


def test_extract_windowed_run_gives_the_whole_document_records(extractor, polnear_dev, monkeypatch):
    """Real articles joined, in windows of 3,000 characters: the records of one pass over the whole text.

    The first window's size limit falls inside a passage where quotes and
    their attributions sit in neighbouring paragraphs.
    """
    head = "\n\n".join(d.text for d in polnear_dev[:2])
    text = head + "\n\n" + BOUNDARY_PASSAGE + "\n\n" + "\n\n".join(d.text for d in polnear_dev[2:12])
    limit = text.index("“The ground")
    whole = extractor.extract(text, doc_id="joined")
    monkeypatch.setattr(extractor, "options", replace(extractor.options, window_chars=limit))
    windowed = extractor.extract(text, doc_id="joined")
    assert len(text) > 6 * limit
    assert windowed == whole and len(whole) > 30
    across = [q for q in whole if q.cue_start is not None and q.cue_start < limit <= q.start]
    assert [(q.speaker, q.cue, q.rule) for q in across] == [("She", "told", "quote_beside_frame")]
    passage = [q for q in whole if q.start >= limit and q.end <= len(head) + len(BOUNDARY_PASSAGE) + 2]
    assert [q.rule for q in passage] == [
        "quote_beside_frame", "surface_frame", "previous_speaker", "content_before_cue"]


HOSTILE_SHAPES = {  # the shapes of benchmarks/test_hostile_speed.py, small
    "alternating marks": '"\'' * 3000,
    "alternating spaced marks": "“ ‘ ” ’ " * 400,
    "nested mixed marks": "He said " + "".join(o + "w " for o in "“‘«„「『‹" * 50)
    + " ".join("w" + c for c in reversed("”’»“」』›" * 50)) + ".",
    "only apostrophes": "'" * 5000 + "’" * 5000,
    "one line without spaces": 'said"quote"' * 500,
}


@pytest.mark.parametrize("text", HOSTILE_SHAPES.values(), ids=HOSTILE_SHAPES.keys())
def test_extract_hostile_shapes_finish_with_valid_records(extractor, monkeypatch, text):
    """Whole and in small windows (a paragraph longer than the window is cut into parts)."""
    whole = extractor.extract(text)
    _check_offsets(text, whole)
    monkeypatch.setattr(extractor, "options", replace(extractor.options, window_chars=1500))
    _check_offsets(text, extractor.extract(text))
