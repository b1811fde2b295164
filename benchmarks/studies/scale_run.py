"""Scale run (issue 25, item 4): many documents through `quotes extract`, memory sampled.

Two steps:

    # 1. build N documents from the PolNeAR train texts, repeated, ids train-0 ... train-{N-1},
    #    written outside the repository (default: a temporary folder); prints the commands to run
    python benchmarks/studies/scale_run.py make --docs 10000 [--out /tmp/scale/docs.jsonl]

    # 2. run a command and sample its process tree's resident memory every second
    python benchmarks/studies/scale_run.py watch --log /tmp/scale/a.mem.csv -- \
        quotes extract /tmp/scale/docs.jsonl -o /tmp/scale/a --format parquet --workers 2 --partition-docs 200

`watch` writes one CSV row per process per sample (seconds, pid, parent pid, RSS in MB, command) and
at the end prints, per process that ever held more than 100 MB, its peak RSS in the first, middle
and last third of the run (flat memory: the three about equal), the wall time, and the exit status.
`--kill-after S` sends SIGKILL to one worker process (the largest child of the command's tree that
is not the command itself) after S seconds, to test what a lost worker does.

    # 3. count records in a Parquet output folder (all parts, or the first K)
    python benchmarks/studies/scale_run.py count /tmp/scale/a [--parts K]

The texts are read from ../shared/eval/polnear-train.jsonl (840 articles); nothing is written into
the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT.parent / "shared" / "eval" / "polnear-train.jsonl"


def make(args: argparse.Namespace) -> None:
    texts = [json.loads(line)["text"] for line in TRAIN.open(encoding="utf-8") if line.strip()]
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="quotes-scale-")) / "docs.jsonl"
    if ROOT in out.resolve().parents:
        sys.exit(f"refusing to write into the repository: {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    chars = 0
    with out.open("w", encoding="utf-8") as f:
        for i in range(args.docs):
            text = texts[i % len(texts)]
            chars += len(text)
            f.write(json.dumps({"id": f"train-{i}", "text": text}, ensure_ascii=False) + "\n")
    print(f"{args.docs} documents, {chars:,} characters ({chars / args.docs:,.0f} per document) -> {out}")
    d = out.parent
    me = f"python {Path(__file__).relative_to(ROOT)}"
    print("suggested commands:")
    print(f"  {me} watch --log {d}/a.mem.csv -- quotes extract {out} -o {d}/a --format parquet "
          f"--workers 2 --partition-docs 200")
    print(f"  {me} watch --log {d}/b.mem.csv -- quotes extract {out} -o {d}/b --format parquet "
          f"--cluster local:2 --partition-docs 200")
    print(f"  {me} make --docs 2000 --out {d}/docs2k.jsonl")
    print(f"  {me} watch --kill-after 20 --log {d}/c.mem.csv -- quotes extract {d}/docs2k.jsonl -o {d}/c "
          f"--format parquet --workers 2 --partition-docs 200")
    print(f"  quotes extract {d}/docs2k.jsonl -o {d}/c --format parquet --workers 2 --partition-docs 200 --resume")
    print(f"  {me} count {d}/c; {me} count {d}/a --parts 10")


def _tree(root):
    import psutil

    try:
        return [root] + root.children(recursive=True)
    except psutil.Error:
        return []


def watch(args: argparse.Namespace) -> None:
    import psutil

    command = args.command[1:] if args.command and args.command[0] == "--" else args.command
    start = time.monotonic()
    proc = subprocess.Popen(command)
    root = psutil.Process(proc.pid)
    rows: list[tuple[float, int, int, float, str]] = []
    killed = None
    while proc.poll() is None:
        t = time.monotonic() - start
        for p in _tree(root):
            try:
                rss = p.memory_info().rss / 2**20
                rows.append((round(t, 1), p.pid, p.ppid(), round(rss, 1), " ".join(p.cmdline())[:120]))
            except psutil.Error:
                pass
        if args.kill_after is not None and killed is None and t >= args.kill_after:
            kids = []
            for p in _tree(root)[1:]:
                try:
                    kids.append((p.memory_info().rss, p))
                except psutil.Error:
                    pass
            if kids:
                rss, victim = max(kids, key=lambda k: k[0])
                print(f"[scale_run] t={t:.0f}s SIGKILL pid {victim.pid} ({rss / 2**20:.0f} MB): "
                      f"{' '.join(victim.cmdline())[:100]}", file=sys.stderr, flush=True)
                victim.send_signal(signal.SIGKILL)
                killed = victim.pid
        time.sleep(1.0)
    wall = time.monotonic() - start
    if args.log:
        with open(args.log, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["seconds", "pid", "ppid", "rss_mb", "command"])
            w.writerows(rows)
    print(f"[scale_run] exit status {proc.returncode}, wall {wall:.1f} s, {len(rows)} samples"
          + (f", killed pid {killed}" if killed else ""))
    by_pid: dict[int, list[tuple[float, float]]] = {}
    names: dict[int, str] = {}
    for t, pid, _ppid, rss, cmd in rows:
        by_pid.setdefault(pid, []).append((t, rss))
        names[pid] = cmd
    print(f"[scale_run] peak RSS (MB) per process over thirds of the run (0-{wall / 3:.0f} s, "
          f"-{2 * wall / 3:.0f} s, -{wall:.0f} s):")
    for pid, samples in by_pid.items():
        if max(r for _, r in samples) < 100:
            continue
        thirds = []
        for k in range(3):
            lo, hi = k * wall / 3, (k + 1) * wall / 3
            inside = [r for t, r in samples if lo <= t < hi]
            thirds.append(f"{max(inside):7.0f}" if inside else "      -")
        print(f"  pid {pid:>7} {' '.join(thirds)}  overall {max(r for _, r in samples):6.0f}  "
              f"{names[pid][:70]}")
    sys.exit(proc.returncode)


def count(args: argparse.Namespace) -> None:
    import pyarrow.parquet as pq

    parts = sorted(Path(args.folder).glob("part-*.parquet"))
    if args.parts is not None:
        parts = parts[: args.parts]
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
    print(f"{len(parts)} part files, {rows} records in {args.folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    m = sub.add_parser("make", help="build the documents")
    m.add_argument("--docs", type=int, default=10_000)
    m.add_argument("--out", help="JSONL path outside the repository (default: a new temporary folder)")
    m.set_defaults(func=make)
    w = sub.add_parser("watch", help="run a command, sampling its process tree's memory every second")
    w.add_argument("--log", help="CSV of the samples")
    w.add_argument("--kill-after", type=float, help="SIGKILL the largest child process after this many seconds")
    w.add_argument("command", nargs=argparse.REMAINDER)
    w.set_defaults(func=watch)
    c = sub.add_parser("count", help="records in a Parquet output folder")
    c.add_argument("folder")
    c.add_argument("--parts", type=int, help="only the first K part files")
    c.set_defaults(func=count)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
