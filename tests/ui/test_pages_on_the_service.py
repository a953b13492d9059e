"""The pages reach the database only through the use cases (planner.service): no module of planner.ui uses
an attribute of a Store, neither calling a method (`store.retract(...)`) nor handing one on
(`partial(store.share, ...)`). The import contract in pyproject.toml keeps planner.storage out of planner.ui;
this keeps a Store that a page holds (to hand to a use case, or as part of a cache key) from being used as
one directly.

What counts as a Store, read from the source (no type checker): a call to a function annotated to return a
`Store` (the access gate's `store` and `the_store`, planner.service.database's `open_store`), or to `Store`
itself; a name bound to one of those, to another such name, or annotated `Store`, in the same function.
A Store reached another way (from a container, or through a function not annotated) is not seen: the
checker is shown below to find the ways the pages have used one."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
UI = ROOT / "planner" / "ui"
MAKERS_IN = [UI, ROOT / "planner" / "service"]


def _names_store(annotation: ast.expr | None) -> bool:
    """Whether an annotation is `Store` (a name, `module.Store`, or the string 'Store')."""
    if isinstance(annotation, ast.Name):
        return annotation.id == "Store"
    if isinstance(annotation, ast.Attribute):
        return annotation.attr == "Store"
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.strip() == "Store"
    return False


def store_makers(sources: list[str]) -> set[str]:
    """The names of the functions these sources define that are annotated to return a Store, and `Store`."""
    found = {"Store"}
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _names_store(node.returns):
                found.add(node.name)
    return found


def _called(node: ast.expr) -> str | None:
    """The name a call calls (`f(...)` and `module.f(...)` both give "f"), else None."""
    if not isinstance(node, ast.Call):
        return None
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


class _Scope(ast.NodeVisitor):
    """One function's (or the module's) names bound to a Store, in the order the source binds them, and
    every use of an attribute of a Store in it. A nested function is a scope of its own."""

    def __init__(self, makers: set[str], path: str, findings: list[str]) -> None:
        self.makers = makers
        self.path = path
        self.findings = findings
        self.stores: set[str] = set()

    def is_store(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.stores
        return _called(node) in self.makers

    def bind(self, target: ast.expr, value: ast.expr | None, annotation: ast.expr | None = None) -> None:
        if isinstance(target, ast.Name):
            if _names_store(annotation) or (value is not None and self.is_store(value)):
                self.stores.add(target.id)
            else:
                self.stores.discard(target.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)
            self.bind(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        self.bind(node.target, node.value, node.annotation)

    def visit_withitem(self, node: ast.withitem) -> None:
        self.visit(node.context_expr)
        if node.optional_vars is not None:
            self.bind(node.optional_vars, node.context_expr)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self.is_store(node.value):
            self.findings.append(f"{self.path}:{node.lineno}: .{node.attr} of a Store")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        getattr_of = isinstance(node.func, ast.Name) and node.func.id == "getattr" and node.args
        if getattr_of and self.is_store(node.args[0]):
            self.findings.append(f"{self.path}:{node.lineno}: getattr of a Store")
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        inner = _Scope(self.makers, self.path, self.findings)
        inner.stores = set(self.stores)  # a closure sees the names around it
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            inner.bind(ast.Name(argument.arg), None, argument.annotation)
        body = node.body if isinstance(node.body, list) else [node.body]
        for statement in body:
            inner.visit(statement)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef


def store_uses(source: str, makers: set[str], path: str = "<source>") -> list[str]:
    """Every use of an attribute of a Store in this source, as `path:line: .name of a Store`."""
    findings: list[str] = []
    _Scope(makers, path, findings).visit(ast.parse(source))
    return findings


def _sources(*folders: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.rglob("*.py"))}


def test_no_page_uses_a_store_but_through_the_use_cases() -> None:
    makers = store_makers(list(_sources(*MAKERS_IN).values()))
    # The ways a page gets hold of a Store are known to the checker, so that it has something to find.
    assert {"store", "the_store", "open_store", "Store"} <= makers
    found = [
        finding
        for path, source in _sources(UI).items()
        for finding in store_uses(source, makers, str(path.relative_to(ROOT)))
    ]
    assert found == []


def test_the_checker_finds_a_store_used_directly_in_each_way_pages_have_used_one() -> None:
    makers = store_makers(
        ["def store(url: str) -> Store: ...\ndef the_store() -> Store: ...\ndef viewer() -> Viewer: ...\n"]
    )
    assert makers == {"Store", "store", "the_store"}
    source = """
def mine(viewer):
    store = access_gate.the_store()
    history = store.history(viewer.person, viewer=viewer)          # 4: a method called on a name
    records.retract(store, viewer, 1, "why")                        # handed to a use case: fine
    people = access_gate.store(url).teams(viewer=viewer)            # 6: on the call itself

def cached(_store: Store, url: str):
    return _store.people()                                          # 9: a parameter annotated Store

def checkins(viewer):
    write = partial(access_gate.the_store().answer, 1, "confirmed")  # 12: a method handed on
    again = access_gate.the_store()
    alias = again
    with open_it() as other:
        other.teams()                                               # not a Store: open_it is not known
    return alias.share(1, "platform")                               # 17: through another name

def rebound():
    store = access_gate.the_store()
    store = something_else()
    return store.teams()                                            # not a Store any more

def nested():
    store = access_gate.the_store()
    def inner():
        return getattr(store, "forget")("Ada")                      # 27: getattr, in a closure
    return lambda: store.audit()                                    # 28: in a lambda

def assigned():
    store = access_gate.the_store()
    store.directory = None                                          # 32: an attribute set
"""
    lines = sorted(int(f.split(":")[1]) for f in store_uses(source, makers))
    assert lines == [4, 6, 9, 12, 17, 27, 28, 32]
