"""The house: the extension's packages are its data flow, and import-linter holds the directions."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "_ext"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LONGEST_MODULE = 300  # lines


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "_ext")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=project, env=env, capture_output=True, text=True)


def test_the_contracts_are_kept():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 kept, 0 broken" in run.stdout


# One import against each contract, added to a scratch copy: the tool must name that contract broken.
AGAINST_THE_FLOW = [
    ("workshop/data/when.py", "from ..pages import directives", "Data flows one way"),
    ("workshop/exports/frab.py", "from ..pages import directives", "Data flows one way"),
    ("lean_book_theme/quiet.py", "import workshop", "The theme extension knows nothing of the workshop"),
    ("workshop/data/files.py", "import lean_book_theme", "The workshop does not reach into the theme"),
    ("workshop/exports/calendar.py", "from . import frab", "Each export format stands alone"),
]


@pytest.mark.parametrize(("module", "line", "contract"), AGAINST_THE_FLOW)
def test_an_import_against_a_contract_fails(tmp_path, module, line, contract):
    shutil.copytree(EXT, tmp_path / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / "_ext" / module
    # Inside a function, as a deferred import would hide it: the contract still sees it.
    path.write_text(path.read_text() + f"\n\ndef _against_the_flow():\n    {line}  # noqa\n")
    run = lint_imports(tmp_path)
    assert run.returncode == 1
    broken = [row for row in run.stdout.splitlines() if row.endswith(" BROKEN")]
    assert any(row.startswith(contract) for row in broken), run.stdout


def workshop_graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(EXT))
    try:
        return grimp.build_graph("workshop", cache_dir=None)
    finally:
        sys.path.remove(str(EXT))


def test_no_module_of_the_workshop_imports_itself_in_a_circle():
    graph = workshop_graph()
    state: dict[str, str] = {}
    circles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if state.get(imported) == "open":
                circles.append(" -> ".join([*path[path.index(imported) :], imported]))
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph.modules):
        if module not in state:
            visit(module, [module])
    assert circles == []


def extension_modules() -> list[Path]:
    return sorted(EXT.rglob("*.py"))


def test_imports_inside_functions_only_delay_a_heavy_library_and_say_so():
    unexplained = []
    for path in extension_modules():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        module_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in module_level:
                if "#" not in lines[node.end_lineno - 1]:
                    unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # (ast.walk's nodes are new objects per parse: compare within one parse)
    assert unexplained == []


def test_every_module_says_its_subject_and_stays_small():
    for path in extension_modules():
        text = path.read_text(encoding="utf-8")
        docstring = ast.get_docstring(ast.parse(text))
        assert docstring and docstring.strip(), f"{path.relative_to(ROOT)} has no docstring"
        assert len(text.splitlines()) <= LONGEST_MODULE, f"{path.relative_to(ROOT)} is over {LONGEST_MODULE} lines"
