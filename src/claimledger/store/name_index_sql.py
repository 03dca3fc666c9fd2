"""SQL elements over the name index (SQLite, migration 0005): a name filter's rows found from the
trigram index of every stored name instead of a scan.  Elsewhere, or for a name the trigram
index cannot serve, each is simply true: they only narrow, the callers keep their exact conditions."""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal


class indexed_names(ColumnElement[bool]):
    """``indexed_names(column, name)``: on SQLite, ``column`` is one of the names of the name index
    (migration 0005) that contain ``name`` — found from its trigram index, so the rows are found
    by an index on ``column`` instead of a scan; elsewhere (or for a name the trigram index
    cannot serve) simply true.  It only narrows: the caller keeps its own exact condition.
    (No Boolean type: SQLite would get ``IN (...) = 1``, which no index serves.)
    Its SQL holds the name, so the name is part of its cache key: a statement is compiled once per name."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement), ("name", InternalTraversal.dp_string)]

    def __init__(self, column: Any, name: str):
        self.column, self.name = column, name


def _trigram_pattern(name: str) -> str | None:
    """The FTS5 LIKE pattern for ``name``, or None where the trigram index does not narrow
    (under 3 characters, or LIKE's own wildcards in it)."""
    if len(name) < 3 or any(ch in name for ch in "%_\\'"):
        return None
    return f"%{name}%"


@compiles(indexed_names)
def _no_name_index(element: Any, compiler: Any, **kw: Any) -> str:
    return "1 = 1"


@compiles(indexed_names, "sqlite")
def _name_index(element: Any, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return _narrowed(element.name, "name", lambda names: f"{column} IN ({names})")


def _narrowed(name: str, column: str, condition: Callable[[str], str]) -> str:
    """``condition`` over a query of ``column`` (name or rowid) of the name index's names that
    contain ``name``, or true where the index does not narrow (the caller's own exact condition
    still applies)."""
    pattern = _trigram_pattern(name)
    if pattern is None:
        return "1 = 1"
    return condition(f"SELECT {column} FROM name_index_fts WHERE name LIKE '{pattern}'")


class indexed_attributions(ColumnElement[bool]):
    """On SQLite, the attribution holds a name (source or chain) containing ``name``, as the name
    index lists them (migration 0005); elsewhere, or where the index does not narrow, true."""

    inherit_cache = True
    _traverse_internals = [("name", InternalTraversal.dp_string)]

    def __init__(self, name: str):
        self.name = name


@compiles(indexed_attributions)
def _no_attribution_index(element: Any, compiler: Any, **kw: Any) -> str:
    return "1 = 1"


@compiles(indexed_attributions, "sqlite")
def _attribution_index(element: Any, compiler: Any, **kw: Any) -> str:
    return _narrowed(element.name, "rowid", lambda names: "(attributions.doc_id, attributions.idx) IN (SELECT doc_id, idx "
                                                 f"FROM name_index_attributions WHERE name_id IN ({names}))")
