"""The name index (SQLite, migration 0005) narrows the entity, place and source filters: it must
find exactly what reading every mention and attribution finds."""

from __future__ import annotations

import sqlite3

from claimledger.analyze.pipeline import analyze_documents
from claimledger.store import Ledger, name_index_sql

SQLITE_ONLY = True  # the name index is SQLite's (PostgreSQL has none): not replayed by test_postgres


def _found(ledger: Ledger, names: list[str]) -> dict[str, tuple]:
    def keys(**f):
        page = ledger.claims(limit=500, **f)
        return page.total, [(c.doc_id, c.index) for c in page.items]
    return {n: (keys(entity=n), keys(place=n), keys(source=n), keys(place=n, min_certainty="reported")) for n in names}


def test_the_name_index_finds_what_reading_every_row_finds(tmp_path, express, telegraph, monkeypatch):
    ledger = Ledger(tmp_path / "ledger.db")
    for cleaned, analysis in analyze_documents([express, telegraph]):
        ledger.add(cleaned, analysis)
    with sqlite3.connect(tmp_path / "ledger.db") as con:  # names as the records hold them, and parts of them
        norms = [r[0] for r in con.execute("SELECT DISTINCT norm FROM mentions ORDER BY norm")]
        sources = [r[0] for r in con.execute("SELECT DISTINCT source FROM attributions ORDER BY source")]
        indexed = con.execute("SELECT count(*) FROM name_index").fetchone()[0]
    assert indexed >= len(set(norms))  # the triggers filled it as the records were written
    names = norms + sources + [n.split()[-1] for n in norms if " " in n] + [n[1:4] for n in norms if len(n) > 4]
    names += ["Artemivsk", "Vuhledar", "Tsimbalyuk", "the Sun", "ab", "50%", "o'clock", "KYIV"]
    got = _found(ledger, names)
    monkeypatch.setattr(name_index_sql, "_trigram_pattern", lambda name: None)  # no narrowing: every row is read
    unnarrowed = Ledger(tmp_path / "ledger.db")  # its own engine: no statement compiled with the narrowing
    assert got == _found(unnarrowed, names)
    assert got["Tsimbalyuk"][0][0] >= 1 and got["Artemivsk"][1][0] >= 1  # an alias of Bakhmut, by GeoNames
