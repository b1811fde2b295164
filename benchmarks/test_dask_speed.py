"""Dask: a LocalCluster of two single-threaded workers against the in-process extractor with two threads.

Both arms use two threads in all (one torch thread in each of the two worker
processes; two torch threads in one process) on the same documents. The arms
run interleaved, round by round, so a busy machine slows both alike: the
cluster arm is the timed one, the in-process arm runs untimed by
pytest-benchmark in its setup and is timed here. Read the ratio from
``extra_info``.

    python -m pytest benchmarks/test_dask_speed.py --benchmark-only
"""

from __future__ import annotations

import resource
import statistics
import time

import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import quotes.dask as qdask
from quotes import Extractor

ROUNDS = 2
PARTITION_DOCS = 10
EMPTY_PARTITIONS = 40


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as dask_client:
            yield dask_client


@pytest.fixture(scope="module")
def options(models_dir):
    return {"model_dir": str(models_dir), "device": "cpu", "threads": 1}


def _frame(docs, partitions: int):
    return dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=partitions)


def test_dask_speed_cluster_vs_in_process(benchmark, client, options, models_dir, dev_docs):
    benchmark.group = "dask: 2 single-threaded workers vs 1 process with 2 threads"
    in_process = Extractor(model_dir=models_dir, device="cpu", threads=2)
    list(in_process.extract_many(dev_docs[:2]))  # warm up both arms
    qdask.extract(_frame(dev_docs[:2], 2), **options).compute()
    frame = _frame(dev_docs, -(-len(dev_docs) // PARTITION_DOCS))
    local_times: list[float] = []

    def in_process_round() -> None:  # untimed by pytest-benchmark: timed here, between cluster rounds
        start = time.perf_counter()
        local_records = sum(len(q) for _, q in in_process.extract_many(dev_docs))
        local_times.append(time.perf_counter() - start)
        benchmark.extra_info["in-process records"] = local_records

    records = benchmark.pedantic(lambda: len(qdask.extract(frame, **options).compute()),
                                 setup=in_process_round, rounds=ROUNDS, iterations=1)
    cluster_median, local_median = benchmark.stats.stats.median, statistics.median(local_times)
    peaks = client.run(_peak_rss_mb)
    benchmark.extra_info.update({
        "documents": len(dev_docs), "partitions": frame.npartitions, "cluster records": records,
        "cluster docs/s": round(len(dev_docs) / cluster_median, 2),
        "in-process docs/s": round(len(dev_docs) / local_median, 2),
        "ratio cluster / in-process": round(local_median / cluster_median, 2),
        "peak MB per worker": sorted(round(v) for v in peaks.values()),
        "peak MB in-process (whole test process)": round(_peak_rss_mb()),
    })


def test_dask_speed_per_partition_overhead(benchmark, client, options):
    """Partitions of one empty document: what Dask and the partition frames cost, without stanza's work."""
    benchmark.group = "dask: per-partition overhead"
    docs = [(f"e{i}", "") for i in range(EMPTY_PARTITIONS)]
    frame = _frame(docs, EMPTY_PARTITIONS)
    qdask.extract(frame, **options).compute()  # warm up: models are loaded once per worker
    benchmark.pedantic(lambda: qdask.extract(frame, **options).compute(), rounds=5, iterations=1)
    benchmark.extra_info.update({
        "partitions": frame.npartitions,
        "ms per partition": round(1000 * benchmark.stats.stats.median / frame.npartitions, 1),
    })
