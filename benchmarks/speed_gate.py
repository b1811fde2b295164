"""Speed gate: is a default run on the benchmark documents more than 10 % slower than the saved baseline?

An absolute time says more about the machine than about the code, so the
gate times two things in the same process, interleaved, round by round:

- **quotes**: ``Extractor(device="cpu")``'s default run (every default
  option) over the benchmark documents (:mod:`benchmark_docs`: the PolNeAR
  dev articles and the corpus);
- **reference**: stanza's own ``tokenize,mwt,pos`` pipeline (the same models
  folder, stanza's code, none of ours) over a fixed text, the first
  ``REFERENCE_DOCS`` PolNeAR dev articles.

Both run with the same torch thread count (default 1: on a shared machine one
thread per process is the steadiest). The figure is ``quotes / reference``,
the median over the rounds of each round's ratio (the two steps of a round
run back to back, so a change in the machine's load between rounds cancels);
``benchmarks/baseline.json`` keeps the ratio of a saved run. The check fails when the new ratio exceeds the
saved one by more than ``TOLERANCE`` (10 %). A faster machine speeds up both
parts; a change to our code moves only the first. Save the baseline again
after a deliberate slowdown, or after upgrading stanza or torch (their speed
moves the reference too)::

    python benchmarks/speed_gate.py --save     # measure and write benchmarks/baseline.json
    python benchmarks/speed_gate.py            # measure and compare; exit 1 when > 10 % slower

``pytest benchmarks/test_speed_gate.py --benchmark-only`` runs the same check.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmark_docs, when run as a script

from benchmark_docs import POLNEAR, ROOT, SHARED, benchmark_docs, jsonl_docs  # noqa: E402

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
sys.path.insert(0, str(ROOT))

BASELINE = Path(__file__).resolve().parent / "baseline.json"
TOLERANCE = 0.10  # fail when the ratio grows by more than this
ROUNDS = 3
REFERENCE_DOCS = 30  # PolNeAR dev articles the reference step tags


def reference_text() -> str:
    """The reference step's fixed text: the first REFERENCE_DOCS PolNeAR dev articles, one paragraph each."""
    texts = [text for _, text in jsonl_docs(POLNEAR / "polnear-dev.jsonl")[:REFERENCE_DOCS]]
    return "\n\n".join(" ".join(text.split()) for text in texts)


def measure(rounds: int = ROUNDS, threads: int = 1, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Time the default run and the reference step, interleaved, in this process.

    Args:
        rounds: how many times each is timed (after one warm-up of each).
        threads: torch threads for both.
        log: called with a line after each timing (None: quiet).

    Returns:
        ``{"ratio", "quotes_s", "reference_s", "rounds", ...}``: the median
        of the rounds' ratios, the median times, each round's times, and what
        ran where.
    """
    import stanza
    import torch

    from quotes import Extractor

    torch.set_num_threads(threads)
    models = os.environ["STANZA_RESOURCES_DIR"]
    docs = benchmark_docs()
    text = reference_text()
    extractor = Extractor(device="cpu", threads=threads)  # every other option at its default
    tagger = stanza.Pipeline("en", dir=models, processors="tokenize,mwt,pos", download_method=None, device="cpu",
                             logging_level="WARN")
    list(extractor.extract_many(docs[:2]))  # warm up: first-call costs are not the steady state
    tagger(text[:2000])
    ours: list[float] = []
    theirs: list[float] = []
    records = 0
    for n in range(rounds):
        start = time.perf_counter()
        tagger(text)
        theirs.append(time.perf_counter() - start)
        start = time.perf_counter()
        records = sum(len(quotes) for _, quotes in extractor.extract_many(docs))
        ours.append(time.perf_counter() - start)
        if log:
            log(f"round {n + 1}: quotes {ours[-1]:.2f} s, reference {theirs[-1]:.2f} s, "
                f"ratio {ours[-1] / theirs[-1]:.3f}")
    quotes_s, reference_s = statistics.median(ours), statistics.median(theirs)
    return {
        "ratio": round(statistics.median(a / b for a, b in zip(ours, theirs)), 4),
        "quotes_s": round(quotes_s, 3),
        "reference_s": round(reference_s, 3),
        "rounds": [[round(a, 3), round(b, 3)] for a, b in zip(ours, theirs)],
        "documents": len(docs),
        "records": records,
        "reference_chars": len(text),
        "threads": threads,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                   f"torch {torch.__version__}, stanza {stanza.__version__}",
        "measured": time.strftime("%Y-%m-%d %H:%M"),
    }


def verdict(now: dict[str, Any], saved: dict[str, Any], tolerance: float = TOLERANCE) -> tuple[bool, str]:
    """Whether ``now`` passes against ``saved``, and one line saying why.

    Args:
        now: a :func:`measure` result.
        saved: the baseline (another :func:`measure` result).
        tolerance: the slowdown allowed (0.10: 10 %).

    Returns:
        (passed, message).
    """
    change = now["ratio"] / saved["ratio"] - 1
    line = (f"quotes/reference {now['ratio']:.3f} against {saved['ratio']:.3f} saved on {saved['measured']}: "
            f"{change:+.1%} ({now['quotes_s']:.1f} s / {now['reference_s']:.1f} s now)")
    if change > tolerance:
        return False, f"SLOWER: {line}; more than {tolerance:.0%} slower than the baseline"
    return True, f"ok: {line}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", action="store_true", help=f"write the measurement to {BASELINE.name}")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"timed rounds of each (default: {ROUNDS})")
    parser.add_argument("--threads", type=int, default=1, help="torch threads for both (default: 1)")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="the baseline file")
    args = parser.parse_args(argv)
    if not args.save and not args.baseline.is_file():
        print(f"no baseline at {args.baseline}; write one with --save", file=sys.stderr)
        return 2
    now = measure(args.rounds, args.threads, log=lambda line: print(line, file=sys.stderr))
    if args.save:
        args.baseline.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
        print(f"saved quotes/reference {now['ratio']:.3f} to {args.baseline}")
        return 0
    saved = json.loads(args.baseline.read_text(encoding="utf-8"))
    if saved.get("threads") != now["threads"]:
        print(f"the baseline was measured with {saved.get('threads')} torch threads, this run {now['threads']}: "
              "compare like with like (--threads), or --save", file=sys.stderr)
        return 2
    passed, message = verdict(now, saved)
    print(message)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
