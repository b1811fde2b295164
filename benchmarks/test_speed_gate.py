"""The speed gate under pytest: a default run more than 10 % slower than benchmarks/baseline.json fails.

``pytest benchmarks/test_speed_gate.py --benchmark-only`` compares;
``--save-speed-baseline`` writes the baseline instead (see speed_gate.py for
the design: the default run timed against stanza's own tokenize,mwt,pos in the
same process, the ratio compared with the saved ratio).
"""

from __future__ import annotations

import json

import pytest
import speed_gate


def test_speed_gate(benchmark, request):
    benchmark.group = "speed gate: default run / stanza tokenize,mwt,pos"
    save = request.config.getoption("--save-speed-baseline")
    if not save and not speed_gate.BASELINE.is_file():
        pytest.fail(f"no baseline at {speed_gate.BASELINE}: run python benchmarks/speed_gate.py --save")
    now = benchmark.pedantic(speed_gate.measure, rounds=1, iterations=1)
    benchmark.extra_info.update({k: now[k] for k in ("ratio", "quotes_s", "reference_s", "documents", "records")})
    if save:
        speed_gate.BASELINE.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
        return
    passed, message = speed_gate.verdict(now, json.loads(speed_gate.BASELINE.read_text(encoding="utf-8")))
    assert passed, message
