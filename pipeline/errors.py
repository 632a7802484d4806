"""Errors that are the user's to fix: one line on stderr and exit 2 (pipeline/exits.py ``run_guarded``)."""
from __future__ import annotations


class InputError(ValueError):
    """An input location that cannot be read: reported to the user as a one-line message."""
