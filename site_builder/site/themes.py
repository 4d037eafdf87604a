"""Theming helpers: list the built-in templates and copy one into the project's templates/."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_builder.errors import SiteError, did_you_mean
from site_builder.site.render import BUILTIN_TEMPLATES, USER_TEMPLATES


def builtin_templates() -> list[str]:
    return sorted(path.name for path in BUILTIN_TEMPLATES.glob("*.html"))


def list_templates(project: Path) -> list[str]:
    return [name + ("  (overridden in templates/)" if (project / USER_TEMPLATES / name).is_file() else "")
            for name in builtin_templates()]


def copy_template(project: Path, name: str, force: bool = False) -> Path:
    names = builtin_templates()
    if name not in names:
        raise SiteError(name, f"no built-in template of that name{did_you_mean(name, names)}")
    target = project / USER_TEMPLATES / name
    if target.exists() and not force:
        raise SiteError(f"{USER_TEMPLATES}/{name}", "already exists; use --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BUILTIN_TEMPLATES / name, target)
    return target
