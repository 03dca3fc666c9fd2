"""One INSERT, UPDATE or DELETE over many rows, with the per-row work done once per statement.

SQLAlchemy's executemany builds every row's parameters through the compiled statement
(``construct_params``: a dict a row, then a list), which at 20,000 documents cost the linker
more CPU than SQLite spent storing the rows.  On SQLite ``execute_many`` compiles the statement
once for the rows' keys, applies the same compiled bind processors (JSON, dates, booleans,
bytes) to each row in one pass, and hands the tuples to the driver's executemany through
``Connection.exec_driver_sql``: the same SQL, the same values, in the session's transaction.
Statements this path cannot reproduce exactly (Python-side column defaults, expanding or
literal parameters, RETURNING, values the rows do not carry, a row without one of the statement's
parameters) and other databases go through ``Session.execute`` as before.  Each statement's plan is
kept by its cache key, so a statement built again for every batch is compiled once.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from sqlalchemy.orm import Session

__all__ = ["execute_many"]

# (compiled SQL, each positional parameter's name and bind processor), or None where the fast path
# does not apply; by dialect, the statement's cache key and the rows' keys, so that a statement built
# again for every batch (``insert(table)``) is compiled once, as SQLAlchemy's own cache would
Plan = tuple[str, list[tuple[str, Callable[[Any], Any] | None]]] | None
_PLANS: dict[tuple[Any, ...], Plan] = {}
_MAX_PLANS = 512


def execute_many(session: Session, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``session.execute(statement, rows)``, for INSERT / UPDATE / DELETE statements without RETURNING."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        plan = _plan(statement, connection.dialect, tuple(rows[0]))
        if plan is not None:
            sql, parameters = plan
            try:
                values = [tuple([row[name] if process is None else process(row[name]) for name, process in parameters])
                          for row in rows]
            except KeyError:  # a row without one of the parameters: SQLAlchemy's own path says which
                pass
            else:
                connection.exec_driver_sql(sql, values)
                return
    session.execute(statement, list(rows))


def _plan(statement: Any, dialect: Any, keys: tuple[str, ...]) -> Plan:
    cache_key = statement._generate_cache_key()
    memo = (dialect, cache_key.key, keys) if cache_key is not None else None
    if memo is not None and memo in _PLANS:
        return _PLANS[memo]
    plan = _compiled(statement, dialect, keys)
    if memo is not None:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        _PLANS[memo] = plan
    return plan


def _compiled(statement: Any, dialect: Any, keys: tuple[str, ...]) -> Plan:
    """The statement compiled for rows of these keys, with what each row's tuple is made of; None
    where the fast path would not give the rows SQLAlchemy gives: defaults or literal values the
    rows do not carry, expanding parameters, RETURNING."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys), for_executemany=True)
    names = compiled.positiontup or []
    if (not compiled.positional or compiled.insert_prefetch or compiled.update_prefetch
            or compiled.literal_execute_params or compiled.post_compile_params
            or compiled.effective_returning or compiled.schema_translate_map or not set(names) <= set(keys)):
        return None
    processors = compiled._bind_processors
    return compiled.string, [(name, processors.get(name)) for name in names]
