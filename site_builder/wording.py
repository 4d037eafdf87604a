"""Words the command line prints about numbers of things, written once."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`1 source`, `2 sources`, `0 errors`; `plural` for a noun that does not just add -s."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def are(number: int) -> str:
    """The verb agreeing with `number` things: `is`, `are`."""
    return "is" if number == 1 else "are"
