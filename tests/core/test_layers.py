"""The floors of docs/architecture.md, checked by reading every import under ``sel/`` (with
``ast``: nothing is imported). ``core`` imports no other app; an app imports only from its own
floor or below; the graph of app imports has no cycle. Every import counts: at module level,
inside a function, or under ``TYPE_CHECKING``."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SEL = Path(__file__).resolve().parents[2] / "sel"

# docs/architecture.md, « Floors: who may import whom »: the higher the number, the higher up.
FLOORS = {
    "core": 0,
    "formats": 0,  # not an app: Django's date formats per language, imports nothing
    "audit": 1,
    "outbox": 2,
    "access": 3,
    "accounts": 3,
    "establishments": 3,
    "exception_drugs": 3,
    "messaging": 3,
    "notices": 3,
    "privacy": 3,
    "b2b": 3,
    "portal": 4,
}
PROJECT = "<project>"  # sel/settings.py, sel/wsgi.py: above every floor

Edges = dict[str, dict[str, list[str]]]  # app -> imported app -> "file:line" of each import


def _app_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else PROJECT


def _imported_modules(path: Path, root: Path) -> list[tuple[str, int]]:
    """Every module named by an import of the file, relative imports resolved."""
    package = ["sel", *path.relative_to(root).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((module, node.lineno))
            # ``from sel import access``, ``from . import views``: the names may be modules.
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def app_imports(root: Path = SEL) -> Edges:
    """For every app under ``root``, the other apps it imports and where (migrations left out:
    they are history, not code that runs)."""
    edges: Edges = defaultdict(lambda: defaultdict(list))
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        app = _app_of(path, root)
        for module, line in _imported_modules(path, root):
            parts = module.split(".")
            if parts[0] != "sel" or len(parts) < 2 or not (root / parts[1]).is_dir():
                continue
            if parts[1] != app:
                edges[app][parts[1]].append(f"{path.relative_to(root.parent)}:{line}")
    return edges


def apps(root: Path = SEL) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.py")))


def unplaced_apps(root: Path = SEL) -> list[str]:
    return [app for app in apps(root) if app not in FLOORS]


def core_imports(edges: Edges) -> list[str]:
    return [f"core imports {other} at {places[0]}" for other, places in edges["core"].items()]


def upward_imports(edges: Edges) -> list[str]:
    return [
        f"{app} (floor {FLOORS[app]}) imports {other} (floor {FLOORS[other]}) at {places[0]}"
        for app, imported in edges.items()
        if app in FLOORS
        for other, places in imported.items()
        if other in FLOORS and FLOORS[other] > FLOORS[app]
    ]


def cycles(edges: Edges) -> list[list[str]]:
    """Each cycle of the app graph found by a depth-first search, as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the current path, then "done"

    def visit(app: str, path: list[str]) -> None:
        state[app] = "open"
        for other in sorted(edges.get(app, {})):
            if state.get(other) == "open":
                found.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other, [*path, other])
        state[app] = "done"

    for app in sorted(edges):
        if app not in state:
            visit(app, [app])
    return found


def test_every_package_of_sel_is_on_a_floor() -> None:
    assert unplaced_apps() == [], "place the new app on a floor in docs/architecture.md and here"


def test_core_imports_no_other_app_of_sel() -> None:
    assert core_imports(app_imports()) == []


def test_no_app_imports_an_app_on_a_higher_floor() -> None:
    assert upward_imports(app_imports()) == []


def test_the_graph_of_app_imports_has_no_cycle() -> None:
    assert cycles(app_imports()) == []


def test_the_reader_sees_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    """The checks above can fail: a ground floor that imports a domain app, which imports it
    back (inside a function, through a relative import), is caught by each of them."""
    root = tmp_path / "sel"
    for app in ("core", "access"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    (root / "core" / "home.py").write_text("from sel.access.selectors import grants\n")
    (root / "access" / "selectors.py").write_text("def f():\n    from ..core import limits\n")
    edges = app_imports(root)
    assert core_imports(edges) == ["core imports access at sel/core/home.py:1"]
    assert upward_imports(edges) == [
        "core (floor 0) imports access (floor 3) at sel/core/home.py:1"
    ]
    assert cycles(edges) == [["access", "core", "access"]]
