"""quotes: find every quotation in news text and say who said it.

>>> import quotes
>>> for q in quotes.extract("“We will win,” said Maria Keller."):  # doctest: +SKIP
...     print(q.speaker, q.cue, q.text)
Maria Keller said “We will win,”
"""

from quotes.io.export import to_dataframe
from quotes.extract import Extractor, extract
from quotes.options import Options
from quotes.people import people
from quotes.report import summarize
from quotes.types import Quote

__all__ = ["Extractor", "Options", "Quote", "extract", "people", "summarize", "to_dataframe"]
__version__ = "0.1.0"
