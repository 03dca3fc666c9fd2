"""Full-text search over the stored segments: FTS5 (bm25) on SQLite, a tsvector GIN index on PostgreSQL."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from claimledger.store.filters import check_paging
from claimledger.store.views import Page, QueryError, SearchHit

if TYPE_CHECKING:
    from claimledger.store.handle import LedgerHandle

# --- search -------------------------------------------------------------------------------
MAX_SEARCH_WORDS = 32  # an AND of more distinct words finds nothing more, and its cost grows with each


def search_words(query: str) -> list[str]:
    """The distinct words of a query, in order, at most ``MAX_SEARCH_WORDS`` ("war war war" is "war")."""
    return list(dict.fromkeys(w.casefold() for w in re.findall(r"\w+", query)))[:MAX_SEARCH_WORDS]


def fts_query(query: str) -> str:
    """User words as an FTS5 AND query, each word quoted so no operator leaks in."""
    return " ".join(f'"{w}"' for w in search_words(query))


def _search_statement(dialect: str, kind_sql: str, with_text: bool) -> str:
    cols = "s.kind, s.start, s.\"end\", d.title, d.outlet, d.published" + (", s.text" if with_text else "")
    if dialect == "sqlite":
        return (f"SELECT f.doc_id, f.ord, snippet(segments_fts, 0, '[', ']', '…', 12), {cols} "
                "FROM segments_fts f JOIN segments s ON s.doc_id = f.doc_id AND s.ord = f.ord "
                "JOIN documents d ON d.id = f.doc_id "
                f"WHERE segments_fts MATCH :q{kind_sql} ORDER BY bm25(segments_fts), f.doc_id, f.ord "
                "LIMIT :n OFFSET :o")
    return ("SELECT s.doc_id, s.ord, ts_headline('english', s.text, plainto_tsquery('english', :q), "
            f"'StartSel=[,StopSel=],MaxWords=24'), {cols} FROM segments s JOIN documents d ON d.id = s.doc_id "
            f"WHERE to_tsvector('english', s.text) @@ plainto_tsquery('english', :q){kind_sql} "
            "ORDER BY ts_rank(to_tsvector('english', s.text), plainto_tsquery('english', :q)) DESC, "
            "s.doc_id, s.ord LIMIT :n OFFSET :o")


def _search_hit(row: Any, with_text: bool) -> SearchHit:
    return SearchHit(doc_id=row[0], order=int(row[1]), snippet=row[2], kind=row[3], start=row[4], end=row[5],
                     title=row[6], outlet=row[7], published=row[8], text=row[9] if with_text else None)


def search(ledger: LedgerHandle, q: str, *, kind: str | None = None, limit: int = 20, offset: int = 0,
           with_text: bool = False) -> Page[SearchHit]:
    """Full-text search over segments, best first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL).

    One joined query per page, with the kind filter and the offset in SQL; ``with_text``
    adds each hit's whole segment text (the pages mark the words in it themselves).
    """
    limit, offset = check_paging(limit, offset)
    if not q.strip():
        raise QueryError("q (the words to search for) must not be empty")
    kinds = sorted({k.strip() for k in kind.split(",") if k.strip()}) if kind else []
    params: dict[str, Any] = {"n": limit, "o": offset, "q": fts_query(q) if ledger.dialect == "sqlite" else " ".join(search_words(q)),
                              **{f"k{i}": k for i, k in enumerate(kinds)}}
    if not params["q"]:
        return Page([], limit, offset, None, extra={"q": q})
    kind_sql = " AND s.kind IN (" + ", ".join(f":k{i}" for i in range(len(kinds))) + ")" if kinds else ""
    with Session(ledger.engine) as session:
        if ledger.dialect == "sqlite":
            rows = _sqlite_page(session, params, kind_sql, with_text)
        else:
            rows = list(session.execute(sql(_search_statement(ledger.dialect, kind_sql, with_text)), params).all())
    return Page([_search_hit(r, with_text) for r in rows], limit, offset, None, extra={"q": q})


RANKS_READ = (200, 25)  # ranks read past the page in one pass; times as many in a second (too few of the kinds asked)


def _ranked_ids(session: Session, params: dict[str, Any], kind_sql: str) -> list[int]:
    """The FTS rowids of one page, in the order ``_search_statement`` gives (bm25, doc_id, ord).

    A common word matches tens of thousands of segments: ranking them is the cost, so the rank
    pass reads no column (no snippet, no join) and keeps the best ranks read; every match ranked
    below the last rank read is among them, and only their ids (and kinds) are then read.  Where
    those are too few for the page, the ranks are read again further, then in one ordered pass."""
    wanted = params["o"] + params["n"]
    for read in (wanted + RANKS_READ[0], (wanted + RANKS_READ[0]) * RANKS_READ[1]):
        ranks = session.execute(sql("SELECT rowid, bm25(segments_fts) FROM segments_fts WHERE segments_fts MATCH :q "
                                    "ORDER BY 2 LIMIT :m"), {"q": params["q"], "m": read}).all()
        every = len(ranks) < read  # fewer than asked: every match is here
        edge = ranks[-1][1] if ranks else 0.0
        keys = _keys(session, [rowid for rowid, _ in ranks], params, kind_sql)
        sure = sorted((r, *keys[rowid], rowid) for rowid, r in ranks if rowid in keys and (every or r < edge))
        if every or len(sure) >= wanted:
            return [k[-1] for k in sure[params["o"]:wanted]]
    return list(session.scalars(sql(
        "SELECT f.rowid FROM segments_fts f JOIN segments s ON s.doc_id = f.doc_id AND s.ord = f.ord "
        f"WHERE segments_fts MATCH :q{kind_sql} ORDER BY bm25(segments_fts), f.doc_id, f.ord LIMIT :n OFFSET :o"),
        params))


def _keys(session: Session, rowids: list[int], params: dict[str, Any], kind_sql: str) -> dict[int, tuple[str, int]]:
    """(doc_id, ord) of these FTS rows, those of the kinds asked (``kind_sql``) only."""
    out: dict[int, tuple[str, int]] = {}
    kinds = {k: v for k, v in params.items() if k.startswith("k")}
    for start in range(0, len(rowids), 500):
        listed = ", ".join(str(int(r)) for r in rowids[start:start + 500])
        query = (f"SELECT f.rowid, f.doc_id, f.ord FROM segments_fts f WHERE f.rowid IN ({listed})" if not kind_sql else
                 "SELECT f.rowid, f.doc_id, f.ord FROM segments_fts f JOIN segments s ON s.doc_id = f.doc_id "
                 f"AND s.ord = f.ord WHERE f.rowid IN ({listed}){kind_sql.replace('s.kind', '+s.kind')}")  # the rows lead
        out.update({r[0]: (r[1], r[2]) for r in session.execute(sql(query), kinds)})
    return out


def _sqlite_page(session: Session, params: dict[str, Any], kind_sql: str, with_text: bool) -> list[Any]:
    """One page of hits on SQLite: the page's rows found by rank alone (``_ranked_ids``), then their
    snippets and fields read for those rows only."""
    ids = _ranked_ids(session, params, kind_sql)
    if not ids:
        return []
    cols = "s.kind, s.start, s.\"end\", d.title, d.outlet, d.published" + (", s.text" if with_text else "")
    rows = session.execute(sql(
        f"SELECT f.doc_id, f.ord, snippet(segments_fts, 0, '[', ']', '…', 12), {cols}, f.rowid "
        "FROM segments_fts f JOIN segments s ON s.doc_id = f.doc_id AND s.ord = f.ord "
        "JOIN documents d ON d.id = f.doc_id "
        f"WHERE segments_fts MATCH :q AND f.rowid IN ({', '.join(map(str, ids))})"), {"q": params["q"]}).all()
    at = {row[-1]: row for row in rows}
    return [at[i] for i in ids if i in at]
