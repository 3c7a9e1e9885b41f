"""Small source mutations for `make mutate`: each one a bug a test should catch.

A mutant changes exactly one thing in one module:
- a comparison is negated (`==` -> `!=`, `<` -> `>=`, `in` -> `not in`, `is` -> `is not`) or
  moved across its boundary (`<` -> `<=`, `>=` -> `>`);
- `and` becomes `or` and back;
- a `not` is dropped, and an `if` or conditional expression that tests a bare value tests its
  negation instead;
- `True` and `False` swap;
- a `return` of a value returns the empty value of its kind instead (`[]`, `{}`, `""`, `None`).

Annotations, decorators, `assert` statements and `if __name__ == "__main__"` / `if
TYPE_CHECKING` are left alone: changing them changes nothing a user could see. Mutants are
numbered in a fixed walk order, so a number names the same mutant on every run of the same
source.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_NEGATED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BOUNDARY: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
}
_SYMBOL: dict[type[ast.AST], str] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    index: int
    line: int
    description: str


class _Mutator(ast.NodeTransformer):
    """Walks a module; counts every possible mutation and applies the one numbered `target`."""

    def __init__(self, target: int | None) -> None:
        self.target = target
        self.found: list[Mutant] = []

    def _offer(self, node: ast.AST, description: str) -> bool:
        """Record a possible mutation; True when it is the one to apply."""
        index = len(self.found)
        self.found.append(Mutant(index, getattr(node, "lineno", 0), description))
        return index == self.target

    # -- what is never mutated -----------------------------------------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return self._function(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        for statement in node.body:
            self.visit(statement)
        return node  # annotations and decorators are not visited

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        for statement in node.body:
            self.visit(statement)
        return node  # decorators (`@dataclass(frozen=True)`) are not visited

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_Assert(self, node: ast.Assert) -> ast.AST:
        return node

    # -- mutations -----------------------------------------------------------------------------

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for i, op in enumerate(node.ops):
            for table, kind in ((_NEGATED, "negated"), (_BOUNDARY, "boundary")):
                new = table.get(type(op))
                if new is None:
                    continue
                if self._offer(node, f"{_SYMBOL[type(op)]} -> {_SYMBOL[new]} ({kind})"):
                    node.ops[i] = new()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        swapped: ast.boolop = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        names = {ast.And: "and", ast.Or: "or"}
        if self._offer(node, f"{names[type(node.op)]} -> {names[type(swapped)]}"):
            node.op = swapped
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._offer(node, "not dropped"):
            return node.operand
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        names = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
        if names & {"__name__", "TYPE_CHECKING"}:
            return node
        self.generic_visit(node)
        node.test = self._negate_bare(node.test)
        return node

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        self.generic_visit(node)
        node.test = self._negate_bare(node.test)
        return node

    def _negate_bare(self, test: ast.expr) -> ast.expr:
        """`if items:` -> `if not items:` (comparisons, and/or and not have their own)."""
        if isinstance(test, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.Constant):
            return test
        if self._offer(test, "condition negated"):
            return ast.UnaryOp(op=ast.Not(), operand=test)
        return test

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, bool) and self._offer(node, f"{node.value} -> {not node.value}"):
            return ast.Constant(value=not node.value)
        return node

    def visit_Return(self, node: ast.Return) -> ast.AST:
        self.generic_visit(node)
        value = node.value
        if value is None:
            return node
        if isinstance(value, ast.Constant) and (
            value.value is None or isinstance(value.value, bool)
        ):
            return node  # None stays None; True and False have their own mutant
        empty = _empty_like(value)
        if ast.dump(empty) == ast.dump(value):
            return node  # already returns the empty value
        if self._offer(node, f"return {ast.unparse(empty)}"):
            node.value = empty
        return node


def _empty_like(value: ast.expr) -> ast.expr:
    if isinstance(value, ast.List | ast.ListComp):
        return ast.List(elts=[], ctx=ast.Load())
    if isinstance(value, ast.Dict | ast.DictComp):
        return ast.Dict(keys=[], values=[])
    if isinstance(value, ast.JoinedStr) or (
        isinstance(value, ast.Constant) and isinstance(value.value, str)
    ):
        return ast.Constant(value="")
    return ast.Constant(value=None)


def mutants(source: str) -> list[Mutant]:
    """Every mutant of a module, in order."""
    walker = _Mutator(target=None)
    walker.visit(ast.parse(source))
    return walker.found


def mutate(source: str, index: int) -> str:
    """The module's source with mutant `index` applied (comments and layout are not kept)."""
    walker = _Mutator(target=index)
    mutated = ast.fix_missing_locations(walker.visit(ast.parse(source)))
    if index >= len(walker.found):
        raise IndexError(f"no mutant {index}: the module has {len(walker.found)}")
    return ast.unparse(mutated)


def unmutated(source: str) -> str:
    """The module as every mutant is written, with nothing changed: the baseline."""
    return ast.unparse(ast.parse(source))
