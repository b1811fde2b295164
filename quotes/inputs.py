"""Moved to :mod:`quotes.io.inputs`; this name stays so ``from quotes.inputs import read_folder`` keeps working."""

from quotes.io.inputs import *  # noqa: F401,F403
