"""The regex pass: MB/s on news text, and linear growth with document size."""

from __future__ import annotations

from quotes.spans import find_spans


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def test_spans_speed_news_corpus(benchmark, train_texts):
    benchmark.group = "spans"
    benchmark.extra_info["MB"] = round(_mb(train_texts), 3)

    def run() -> int:
        return sum(len(find_spans(t)) for t in train_texts)

    found = benchmark(run)
    benchmark.extra_info["spans"] = found
    benchmark.extra_info["MB/s"] = round(_mb(train_texts) / benchmark.stats.stats.median, 1)


def _sized(texts: list[str], size: int) -> str:
    out, total = [], 0
    for t in texts:
        out.append(t)
        total += len(t) + 2
        if total >= size:
            break
    return "\n\n".join(out)[:size]


def test_spans_speed_10kb_documents(benchmark, train_texts):
    """One MB of text as a hundred 10 KB documents: per-MB cost of small documents."""
    benchmark.group = "spans-size"
    doc = _sized(train_texts, 10_000)
    docs = [doc] * 100
    benchmark(lambda: [find_spans(d) for d in docs])
    benchmark.extra_info["MB/s"] = round(_mb(docs) / benchmark.stats.stats.median, 1)


def test_spans_speed_1mb_document(benchmark, train_texts):
    """The same amount of text as one 1 MB document: cost must grow linearly."""
    benchmark.group = "spans-size"
    doc = _sized(train_texts, 1_000_000)
    benchmark(find_spans, doc)
    benchmark.extra_info["MB/s"] = round(_mb([doc]) / benchmark.stats.stats.median, 1)
