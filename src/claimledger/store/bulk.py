"""One INSERT or UPDATE over many rows, with the per-row work done once per statement.

SQLAlchemy's executemany builds every row's parameters through the compiled statement
(``construct_params``: a dict a row, then a list), which at 20,000 documents cost the linker
more CPU than SQLite spent storing the rows.  On SQLite ``execute_many`` compiles the statement
once for the rows' keys, applies the same compiled bind processors (JSON, dates, booleans,
bytes) to each row in one pass, and hands the tuples to the driver's executemany through
``Connection.exec_driver_sql``: the same SQL, the same values, in the session's transaction.
Statements this path cannot reproduce exactly (Python-side column defaults, expanding or
literal parameters, RETURNING, a row without one of the statement's parameters) and other
databases go through ``Session.execute`` as before.
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy.orm import Session

__all__ = ["execute_many"]


def execute_many(session: Session, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``session.execute(statement, rows)``, for INSERT / UPDATE statements without RETURNING."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        prepared = _driver_rows(statement, connection.dialect, rows)
        if prepared is not None:
            connection.exec_driver_sql(prepared[0], prepared[1])
            return
    session.execute(statement, list(rows))


def _driver_rows(statement: Any, dialect: Any, rows: Sequence[dict[str, Any]]) -> tuple[str, list[tuple[Any, ...]]] | None:
    """The compiled SQL and each row as the driver's positional tuple, processed as SQLAlchemy
    would; None where the fast path would not give the same rows."""
    compiled = statement.compile(dialect=dialect, column_keys=list(rows[0]), for_executemany=True)
    if (not compiled.positional or compiled.insert_prefetch or compiled.update_prefetch
            or compiled.literal_execute_params or compiled.post_compile_params
            or compiled.effective_returning or compiled.schema_translate_map):
        return None
    processors = compiled._bind_processors
    plan = [(name, processors.get(name)) for name in compiled.positiontup or ()]
    try:
        values = [tuple([row[name] if process is None else process(row[name]) for name, process in plan])
                  for row in rows]
    except KeyError:  # a row without one of the parameters: SQLAlchemy's own path says which
        return None
    return compiled.string, values
