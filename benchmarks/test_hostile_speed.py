"""Hostile documents through the whole pipeline: time per MB at two sizes (linear means equal).

    python -m pytest benchmarks/test_hostile_speed.py --benchmark-only

Each shape runs once per size through ``Extractor.extract`` (models loaded
beforehand); compare the ``s/MB`` of the half size with the full size.
"""

from __future__ import annotations

import pytest

from quotes import Extractor

PAIRS = (("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("「", "」"), ("『", "』"), ("‹", "›"))


def alternating(n: int) -> str:
    """n quote marks, double and single by turns, nothing else."""
    return ('"\'' * (n // 2 + 1))[:n]


def nested(n: int) -> str:
    """A quote n levels deep, mixing seven kinds of marks, each level holding a word."""
    opening = "".join(PAIRS[i % 7][0] + "w " for i in range(n))
    closing = " ".join("w" + PAIRS[i % 7][1] for i in reversed(range(n)))
    return "He said " + opening + closing + "."


def apostrophes(n: int) -> str:
    """n apostrophes, straight and curly by halves."""
    return "'" * (n // 2) + "’" * (n - n // 2)


def one_line(n: int) -> str:
    """One line of n characters without a space, full of cue words and quote marks."""
    return ('said"quote"' * (n // 11 + 1))[:n]


SHAPES = {
    "200,000 alternating marks": (alternating, 200_000),
    "10,000 nested levels": (nested, 10_000),
    "1 MB of apostrophes": (apostrophes, 1_000_000),
    "one 5 MB line without spaces": (one_line, 5_000_000),
}


@pytest.fixture(scope="module")
def extractor(models_dir):
    return Extractor(model_dir=models_dir, device="cpu")


@pytest.mark.parametrize("share", [0.5, 1.0], ids=["half", "full"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_hostile_speed(benchmark, extractor, shape, share):
    make, n = SHAPES[shape]
    text = make(int(n * share))
    benchmark.group = f"hostile: {shape}"
    records = benchmark.pedantic(extractor.extract, args=(text,), rounds=1, iterations=1)
    mb = len(text.encode("utf-8")) / 1e6
    benchmark.extra_info.update(MB=round(mb, 3), records=len(records),
                                **{"s/MB": round(benchmark.stats.stats.median / mb, 2)})
