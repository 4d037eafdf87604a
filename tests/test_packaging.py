"""The release: `python -m build` makes an sdist and a wheel holding every file of the package, and
the wheel installed into a fresh virtual environment builds a site."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, copy_project

from site_builder import __version__
from site_builder.installed import DIST_NAME

pytestmark = pytest.mark.slow
# A fresh two-core CI machine downloads and unpacks numpy, lxml and the rest: minutes, not seconds.
BUILD_TIMEOUT = 900
INSTALL_TIMEOUT = 1800


def run(*args: str | Path, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def package_files() -> set[str]:
    """Every file of the import package in this checkout, relative to the repository."""
    return {p.relative_to(REPO).as_posix() for p in (REPO / "site_builder").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel, built from a copy of what they are made of (so nothing is written
    into the checkout)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "site_builder", source / "site_builder", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, source, cwd=source, timeout=BUILD_TIMEOUT)
    return out


def test_the_sdist_and_the_wheel_hold_every_file_of_the_package(dist):
    [sdist] = dist.glob("*.tar.gz")
    [wheel] = dist.glob("*.whl")
    assert sdist.name == f"{DIST_NAME.replace('-', '_')}-{__version__}.tar.gz"
    top = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as archive:
        in_sdist = {name.removeprefix(top + "/") for name in archive.getnames()}
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    wanted = package_files()
    assert any(name.startswith("site_builder/site/templates/") for name in wanted)
    assert wanted - in_sdist == set() and wanted - in_wheel == set()
    assert {"README.md", "pyproject.toml"} <= in_sdist
    if (REPO / "LICENSE").exists():
        assert "LICENSE" in in_sdist


def test_the_wheel_installs_into_a_fresh_venv_and_builds_a_site(dist, tmp_path):
    [wheel] = dist.glob("*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path, timeout=INSTALL_TIMEOUT)
    tool = bin_dir / "site-builder"
    assert run(tool, "--version", cwd=tmp_path).stdout.strip() == f"site-builder {__version__}"

    project = copy_project(tmp_path / "project")
    run(tool, "build", "--quiet", cwd=project, timeout=BUILD_TIMEOUT)
    assert (project / "public/index.html").is_file()
    first = sorted(path.stem for path in (project / "seeds").iterdir())[0]
    assert (project / "public/sources" / first / "index.html").is_file()

    # A project made by this install installs this wheel again, and says a runner cannot see it.
    run(tool, "init", "made", cwd=tmp_path)
    makefile = (tmp_path / "made/Makefile").read_text(encoding="utf-8")
    assert f"SITE_BUILDER_REQUIREMENT := {wheel}" in makefile and "a GitHub runner cannot see" in makefile
