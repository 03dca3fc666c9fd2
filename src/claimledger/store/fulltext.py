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

    On SQLite a word with more than ``RANKED_MATCHES`` matches is ranked by blocks of its
    newest matches (``_ranked_ids``), so a common word costs what a rare one does; on
    PostgreSQL one joined query per page ranks every match.  ``with_text`` adds each hit's
    whole segment text (the pages mark the words in it themselves).
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


RANKED_MATCHES = 2_000  # matches ranked together: a common word's newest this many, then the next this many


def _ranked_ids(session: Session, params: dict[str, Any], kind_sql: str) -> list[int]:
    """The FTS rowids of one page: the matches taken newest first (by rowid) in blocks of
    ``RANKED_MATCHES``, each block in ``_search_statement``'s order (bm25, doc_id, ord).

    Ranking is the cost of a search: bm25 is worked out per match, and a common word matches
    tens of thousands of segments.  A word with up to ``RANKED_MATCHES`` matches is ranked as
    one statement over all of them would rank it; a commoner word's best come from its newest
    matches, and paging reads on into the older blocks.  Within a block only the best ranks
    (and the ranks tied with the last of them) are looked up for their document, segment and kind."""
    wanted = params["o"] + params["n"]
    kept: list[tuple[float, str, int, int]] = []  # (rank, doc_id, ord, rowid) of the blocks read
    below = None  # the oldest rowid read so far
    while True:
        bound = "" if below is None else f" AND rowid < {int(below)}"
        block = session.execute(sql(f"SELECT rowid, bm25(segments_fts) FROM segments_fts WHERE segments_fts MATCH :q"
                                    f"{bound} ORDER BY rowid DESC LIMIT {RANKED_MATCHES}"), {"q": params["q"]}).all()
        if not block:
            break
        below = block[-1][0]
        kept.extend(_best_of_block(session, sorted((r, rowid) for rowid, r in block), wanted - len(kept),
                                   params, kind_sql))
        if len(kept) >= wanted or len(block) < RANKED_MATCHES:
            break
    return [k[-1] for k in kept[params["o"]:wanted]]


def _best_of_block(session: Session, ranked: list[tuple[float, int]], wanted: int, params: dict[str, Any],
                   kind_sql: str) -> list[tuple[float, str, int, int]]:
    """The best ``wanted`` matches of one block (``ranked``: (rank, rowid), best first) of the kinds
    asked, in order; all of the block's such matches where there are fewer.  The ranks are looked
    up best first, each time through the ties of the last one, so no tie is cut."""
    found: list[tuple[float, str, int, int]] = []
    done = 0
    while done < len(ranked) and len(found) < wanted:
        upto = min(len(ranked), done + max(wanted - len(found), 20))
        while upto < len(ranked) and ranked[upto][0] == ranked[upto - 1][0]:
            upto += 1
        keys = _keys(session, [rowid for _, rowid in ranked[done:upto]], params, kind_sql)
        found.extend((r, *keys[rowid], rowid) for r, rowid in ranked[done:upto] if rowid in keys)
        done = upto
    return sorted(found)[:wanted] if done < len(ranked) else sorted(found)


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
