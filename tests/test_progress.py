"""Progress bars: only for a person at a terminal, never under --quiet or in CI, never changing the work."""

import io
import sys

from site_builder.build import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_are_for_a_terminal_without_quiet_or_ci(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(quiet=False)
    assert not progress.wanted(quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(quiet=False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # output to a file or a pipe
    assert not progress.wanted(quiet=False)


def test_a_bar_passes_every_item_through_and_draws_once_the_work_is_slow(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    clock = iter(range(0, 1000, 2))  # every reading of the clock is two seconds later
    monkeypatch.setattr("tqdm.std.time", lambda: next(clock))
    assert list(progress.shown(range(5), "Analysing", True, 5, "source")) == [0, 1, 2, 3, 4]
    assert "Analysing" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert list(progress.shown(range(5), "Analysing", False)) == [0, 1, 2, 3, 4]
    assert quiet.getvalue() == ""
