"""Speaker resolution on long text: time per MB at two sizes (linear means equal).

    python -m pytest benchmarks/test_speakers_speed.py --benchmark-only

The PolNeAR train texts joined (about 1 MB, then the same text four times):
every capitalised run is a name and every name is looked at for titles and
appositions, so a step that rescans the text per name shows here as a
growing ``s/MB``. No model is needed.
"""

from __future__ import annotations

import pytest

from quotes.cues import lexicon
from quotes.speakers.resolver import Resolver


@pytest.fixture(scope="module")
def megabyte(train_texts) -> str:
    size, out = 0, []
    for t in train_texts:
        out.append(t)
        size += len(t) + 2
        if size >= 1_000_000:
            break
    return "\n\n".join(out)


@pytest.mark.parametrize("copies", [1, 4], ids=["1 MB", "4 MB"])
def test_speakers_speed_index_of_names_and_descriptions(benchmark, megabyte, copies):
    text = "\n\n".join([megabyte] * copies)
    lex = lexicon()
    resolver = benchmark.pedantic(Resolver, args=(text, lex), rounds=2, iterations=1)
    mb = len(text.encode("utf-8")) / 1e6
    benchmark.extra_info.update(MB=round(mb, 2), names=len(resolver.names),
                                **{"s/MB": round(benchmark.stats.stats.median / mb, 3)})
