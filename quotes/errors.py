"""Errors raised for caller mistakes and missing resources.

Messy text never raises: an unclosed quote mark gives fewer quotes, not an
exception. These classes are for things a caller can fix, and each message
names the bad value and the fix. Every class also inherits the builtin that
fits, so ``except FileNotFoundError`` keeps working for callers who never
heard of this module.
"""

from __future__ import annotations


class QuotesError(Exception):
    """Base class of every error this package raises on purpose."""


class ModelsNotFoundError(QuotesError, FileNotFoundError):
    """The stanza English models are not where we looked and cannot be downloaded."""


class InputError(QuotesError, ValueError):
    """An input file, column or option value cannot be used as given."""


class DocumentError(QuotesError, ValueError):
    """One document cannot be processed (for instance it is not text)."""


class MissingExtraError(QuotesError, ImportError):
    """An optional feature is used without its extra installed (``pip install "quotes[dask]"``)."""


class ClusterError(QuotesError, RuntimeError):
    """The Dask cluster cannot run the job: no scheduler at the address, no workers, or no quotes there."""


class OutputError(QuotesError, ValueError):
    """An output cannot be written, or cannot be used as asked (``--resume`` of an HTML page)."""
