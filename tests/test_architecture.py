"""The package layout's rules: only the site package imports Jinja2, the model is content only, and
each class name names one concept."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (top level or inside a function)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_only_the_site_package_imports_jinja2():
    outside = [path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py"))
               if not path.is_relative_to(PACKAGE / "site")
               and any(module == "jinja2" or module.startswith("jinja2.") for module in imported_modules(path))]
    assert outside == []


def test_the_model_imports_no_numpy_pool_or_cache_code():
    modules = imported_modules(PACKAGE / "model.py")
    assert not {m for m in modules if m.split(".")[0] in ("numpy", "multiprocessing", "concurrent", "pickle")}
    # Nothing of the tool but the declared options its settings classes come from (options.py,
    # whose converters are pure functions).
    assert {m.split(".")[1] for m in modules if m.startswith("site_builder.")} == {"options"}
    allowed = ("site_builder.errors", "site_builder.yamlfile", "site_builder.schema", "site_builder.linking.compare")
    for module in ("options.py", "schema.py"):
        imported = {m for m in imported_modules(PACKAGE / module) if m.startswith("site_builder.")}
        assert all(any(m == name or m.startswith(name + ".") for name in allowed) for m in imported), module


def test_the_stages_before_the_site_know_nothing_of_the_build():
    """sources/, analysis/ and linking/ hold the domain: caches, pools and digests are build/'s."""
    for stage in ("sources", "analysis", "linking"):
        for path in sorted((PACKAGE / stage).rglob("*.py")):
            assert not {m for m in imported_modules(path) if m.startswith(("site_builder.build", "site_builder.site",
                                                                            "site_builder.output"))}, path


def test_the_pipeline_stages_are_packages():
    for stage in ("sources", "analysis", "linking", "site", "output", "build"):
        assert (PACKAGE / stage / "__init__.py").is_file()
    # Beside the stage packages: the model, its options and the shared plumbing of reading input, and
    # the commands. A new module belongs in a stage package unless it is one of these.
    assert {path.stem for path in PACKAGE.glob("*.py")} <= {
        "__init__", "__main__", "model", "options", "schema", "yamlfile", "errors", "inputs", "layout", "prose", "config",
        "plugins", "cli", "serve", "check", "scaffold", "capture", "reference", "wording", "installed"}


def test_no_two_classes_share_a_name():
    """One name per concept: two classes of one name in two modules are two concepts a reader confuses."""
    where: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(path.relative_to(PACKAGE).as_posix())
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code (f-strings' literal parts too), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_the_projects_files_and_caches_are_named_in_one_place():
    """layout.py names the input folders and files, build/cache.py the cache folders; code elsewhere
    asks them (a message spelling `content/site.yaml` drifts when the layout changes)."""
    owners = {PACKAGE / "layout.py": "content/", PACKAGE / "build" / "cache.py": ".cache/"}
    spelled = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}" for path in sorted(PACKAGE.rglob("*.py"))
               for line, text in code_strings(path)
               for marker in ("content/", ".cache/") if marker in text and owners.get(path) != marker]
    spelled += [f"{path.relative_to(PACKAGE)}:{line}" for path in sorted((PACKAGE / "site" / "templates").glob("*.html"))
                for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "content/" in text or ".cache/" in text]  # templates ask `layout`
    assert spelled == []
