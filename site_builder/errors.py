"""User-facing errors and warnings, each tied to a file and, where known, a line."""

from __future__ import annotations

import contextlib
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what it is."""

    path: str
    message: str
    line: int | None = None

    @property
    def sort_key(self) -> tuple[str, int, str]:
        """By file, then line, then message."""
        return self.path, self.line or 0, self.message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """`problems` as every report lists them: by file, then line, then message."""
    return sorted(problems, key=lambda problem: problem.sort_key)


class SiteError(Exception):
    """User mistakes that stop the build: one (`SiteError(path, message, line)`) or several found in
    one pass (`SiteError.of(problems)`). Printed as `path:line: message` lines, never as a traceback."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.problems: tuple[Problem, ...] = (Problem(path, message, line),)
        super().__init__(str(self.problems[0]))

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> "SiteError":
        """One error standing for all of `problems` (at least one), sorted by file and line."""
        ordered = tuple(in_order(problems))
        error = cls(ordered[0].path, ordered[0].message, ordered[0].line)
        error.problems = ordered
        error.args = ("\n".join(map(str, ordered)),)
        return error

    @property
    def problem(self) -> Problem:
        return self.problems[0]

    def __reduce__(self) -> tuple:
        """Rebuilt from its problems, so that an error raised in a worker process reaches the build."""
        return SiteError.of, (self.problems,)


T = TypeVar("T")


@dataclass
class Diagnostics:
    """What a pass over the input found wrong. Errors are collected, so that one run reports every
    file's mistakes, until `stop_if_errors` (where going on would be meaningless); under `strict`
    a warning is collected as an error."""

    strict: bool = False
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def warn(self, path: str, message: str, line: int | None = None) -> None:
        if self.strict:
            self.errors.append(Problem(path, f"{message} (a warning, an error under --strict)", line))
        else:
            self.warnings.append(Problem(path, message, line))

    def record(self, error: SiteError) -> None:
        self.errors.extend(error.problems)

    def attempt(self, step: Callable[..., T], *args: Any) -> T | None:
        """`step(*args)`, or None with its errors recorded: the caller goes on without that one result."""
        try:
            return step(*args)
        except SiteError as error:
            self.record(error)
            return None

    def stop_if_errors(self) -> None:
        if self.errors:
            raise SiteError.of(self.errors)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def os_error_text(error: OSError) -> str:
    """'No space left on device: path' for an OSError, without Python's '[Errno n]' prefix."""
    text = error.strerror or str(error)
    return f"{text}: {error.filename}" if error.filename else text


def input_error(error: OSError, project: Path) -> SiteError:
    """A file the build could not read, as a SiteError naming it relative to `project`; a missing
    file was most likely renamed or deleted while the build ran."""
    path = str(error.filename or project)
    with contextlib.suppress(ValueError):
        path = Path(path).resolve().relative_to(project.resolve()).as_posix()
    message = f"cannot read this file: {error.strerror or error}"
    if isinstance(error, FileNotFoundError):
        message += " (renamed or deleted during the build?); build again"
    return SiteError(path, message)
