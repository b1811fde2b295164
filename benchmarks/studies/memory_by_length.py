"""Peak memory and time of ``quotes extract`` on one long document, by its length.

Each document is the PolNeAR train texts joined with blank lines, cycled
until it reaches the size (UTF-8 megabytes, whole texts). Each run is a
fresh ``python -m quotes.cli extract DOC --format jsonl`` under
``/usr/bin/time -v``, so the peak resident memory is the whole process's:
models, text, records and all.

    python benchmarks/studies/memory_by_length.py                      # 1, 5, 20 MB, default window
    python benchmarks/studies/memory_by_length.py --sizes 5 --window-chars 1000000000 --out /tmp/whole
    python benchmarks/studies/memory_by_length.py --sizes 5 --compare /tmp/whole/5mb.jsonl

``--window-chars`` larger than the document gives the whole-document run;
``--compare`` checks the records of the (last) run against another run's,
record by record (all fields but ``doc_id``, which is the file name). Prints one Markdown table row per size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TRAIN = SHARED / "eval" / "polnear-train.jsonl"


def build_document(megabytes: float) -> str:
    """The PolNeAR train texts joined with blank lines, cycled to at least megabytes × 10^6 UTF-8 bytes."""
    if not TRAIN.exists():
        raise SystemExit(f"{TRAIN} is missing: run this from a checkout next to ../shared")
    texts = [json.loads(line)["text"] for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        text = texts[len(out) % len(texts)]
        out.append(text)
        size += len(text.encode("utf-8")) + 2
    return "\n\n".join(out) + "\n"


def _field(report: str, name: str) -> str:
    match = re.search(rf"^\s*{re.escape(name)}: (.+)$", report, re.MULTILINE)
    if match is None:
        raise SystemExit(f"/usr/bin/time -v printed no {name!r}:\n{report[-2000:]}")
    return match.group(1).strip()


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    return sum(p * 60 ** n for n, p in enumerate(reversed(parts)))


def measure(doc: Path, records: Path, extra: list[str]) -> dict[str, float]:
    """Run the CLI once under /usr/bin/time -v; peak RSS (MB), wall and CPU seconds, records."""
    timer = shutil.which("time", path="/usr/bin") or shutil.which("time")
    if timer is None or not os.access(timer, os.X_OK):
        raise SystemExit("needs GNU time at /usr/bin/time (Debian package `time`)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
    cmd = [timer, "-v", sys.executable, "-m", "quotes.cli", "extract", str(doc), "-o", str(records),
           "--format", "jsonl", "-q", *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"quotes extract failed ({done.returncode}):\n{done.stderr[-3000:]}")
    report = done.stderr
    return {
        "rss_mb": int(_field(report, "Maximum resident set size (kbytes)")) / 1024,
        "wall_s": _seconds(_field(report, "Elapsed (wall clock) time (h:mm:ss or m:ss)")),
        "cpu_s": float(_field(report, "User time (seconds)")) + float(_field(report, "System time (seconds)")),
        "records": sum(1 for _ in records.open(encoding="utf-8")),
    }


def compare(mine: Path, other: Path) -> str:
    """'same N records' (every field but doc_id), or where the two runs first differ."""
    def records(path: Path) -> list[dict[str, object]]:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [{k: v for k, v in row.items() if k != "doc_id"} for row in rows]

    a, b = records(mine), records(other)
    for n, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return f"record {n} differs:\n  {json.dumps(x)[:300]}\n  {json.dumps(y)[:300]}"
    return f"same {len(a)} records" if len(a) == len(b) else f"{len(a)} records against {len(b)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,5,20", help="document sizes in MB (default 1,5,20)")
    parser.add_argument("--window-chars", type=int, help="passed to quotes extract (default: its own)")
    parser.add_argument("--threads", type=int, help="torch threads, passed to quotes extract (default: its own)")
    parser.add_argument("--out", help="folder for the documents and records (default: a temporary one)")
    parser.add_argument("--compare", help="records (JSONL) of another run of the last size, compared line by line")
    args = parser.parse_args(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="quotes-memory-"))
    out.mkdir(parents=True, exist_ok=True)
    extra = ["--window-chars", str(args.window_chars)] if args.window_chars else []
    extra += ["--threads", str(args.threads)] if args.threads else []
    print("| document | characters | records | peak RSS | wall | CPU | CPU per MB |")
    print("|---|---|---|---|---|---|---|")
    records = out
    for size in [float(s) for s in args.sizes.split(",")]:
        name = f"{size:g}mb"
        doc, records = out / f"{name}.txt", out / f"{name}.jsonl"
        text = build_document(size)
        doc.write_text(text, encoding="utf-8")
        m = measure(doc, records, extra)
        mb = len(text.encode("utf-8")) / 1e6
        print(f"| {mb:.2f} MB | {len(text):,} | {m['records']:,} | {m['rss_mb']:,.0f} MB | {m['wall_s']:.0f} s "
              f"| {m['cpu_s']:.0f} s | {m['cpu_s'] / mb:.1f} s |", flush=True)
    if args.compare:
        print(compare(records, Path(args.compare)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
