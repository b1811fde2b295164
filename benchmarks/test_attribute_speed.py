"""Attribution and speaker resolution on documents parsed beforehand (parsing is not timed)."""

from __future__ import annotations

import pytest

from quotes.extract import Extractor, quotes_from_analysis


@pytest.fixture(scope="module")
def analyses(models_dir, dev_docs):
    extractor = Extractor(model_dir=models_dir, device="cpu")
    return extractor.analyse([text for _, text in dev_docs])


def test_attribute_speed_per_document(benchmark, analyses):
    benchmark.group = "attribute"

    def run() -> int:
        return sum(len(quotes_from_analysis(a)) for a in analyses)

    records = benchmark(run)
    benchmark.extra_info["documents"] = len(analyses)
    benchmark.extra_info["records"] = records
    benchmark.extra_info["docs/s"] = round(len(analyses) / benchmark.stats.stats.median, 1)
