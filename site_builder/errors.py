"""User-facing errors and warnings, each tied to a file and, where known, a line."""

from __future__ import annotations

import contextlib
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what it is."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class SiteError(Exception):
    """A user mistake that stops the build. Printed as `path:line: message`, never as a traceback."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.problem = Problem(path, message, line)
        super().__init__(str(self.problem))

    def __reduce__(self) -> tuple:
        """Rebuilt from its parts, so that an error raised in a worker process reaches the build."""
        return SiteError, (self.problem.path, self.problem.message, self.problem.line)


@dataclass
class Diagnostics:
    """Collects recoverable problems; in strict mode the first one stops the build."""

    strict: bool = False
    warnings: list[Problem] = field(default_factory=list)

    def warn(self, path: str, message: str, line: int | None = None) -> None:
        if self.strict:
            raise SiteError(path, f"{message} (a warning, an error under --strict)", line)
        self.warnings.append(Problem(path, message, line))


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
