"""Moved to :mod:`quotes.io.export`; this name stays so ``from quotes import export`` keeps working."""

from quotes.io.export import *  # noqa: F401,F403
