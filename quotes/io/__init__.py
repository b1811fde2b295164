"""Input and output: reading documents, writing records, partitioned runs.

``inputs.py`` reads the documents (text files, folders, JSONL, CSV/TSV,
Parquet); ``export.py`` writes records as CSV, JSONL and HTML; ``parquet.py``
reads and writes Parquet; ``sinks.py`` puts every output format behind one
:class:`~quotes.io.sinks.Sink` protocol; ``partitions.py`` runs documents in
numbered partitions (Parquet output, Dask). Submodules are imported on use,
so ``import quotes`` loads neither pyarrow nor Dask.
"""
