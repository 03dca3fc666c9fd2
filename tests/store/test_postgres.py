"""The store tests again, on a real PostgreSQL server (``CLAIMLEDGER_TEST_PG``).

Every ``test_*`` function of the other modules in tests/store runs here with the module's
``Ledger`` swapped for one on PostgreSQL, each test in a schema of its own (dropped after),
so the SQLite and PostgreSQL paths answer the same tests.  The API's listing queries
(the ledger's read model) run here too.  ``.ci/run`` starts a server and sets
``CLAIMLEDGER_TEST_PG=postgresql+psycopg://claimledger:claimledger@localhost/claimledger_test``;
without it, or with no server reachable, these tests skip and say why.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
from pathlib import Path

import pytest

from claimledger.records import Analysis, Attribution, Claim, Mention, Quantity, SourceRef
from claimledger.store import Ledger
from tests.helpers.postgres import fresh_schema_url

HERE = Path(__file__).resolve().parent
ENV = "CLAIMLEDGER_TEST_PG"


def _server_url() -> str:
    url = os.environ.get(ENV)
    if not url:
        pytest.skip(f"{ENV} is not set (e.g. postgresql+psycopg://user:pw@localhost/claimledger_test); "
                    ".ci/run starts a PostgreSQL server and sets it")
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # psycopg missing, server down, bad credentials
        pytest.skip(f"no PostgreSQL server reachable at {ENV} ({type(exc).__name__}: {str(exc).splitlines()[0]})")
    return url


@pytest.fixture()
def pg_url():
    """A URL whose connections live in a fresh schema (search_path), dropped after the test."""
    _server_url()  # skips, saying why, without a reachable server
    yield from fresh_schema_url("t")


def _store_suite() -> list[tuple[str, str]]:
    out = []
    for path in sorted(HERE.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        source = path.read_text(encoding="utf-8")
        if "Ledger(" not in source or "RUNS_ON_POSTGRES_ITSELF = True" in source or "SQLITE_ONLY = True" in source:
            continue
        out += [(path.stem, name) for name in sorted(set(_test_names(source)))]
    return out


def _test_names(source: str) -> list[str]:
    import ast

    # only the tests that open a ledger themselves (a pure function's test has nothing to replay)
    return [node.name for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
            and "Ledger(" in (ast.get_source_segment(source, node) or "")]


@pytest.mark.parametrize("module_name, test_name", _store_suite())
def test_store_suite_on_postgres(module_name, test_name, pg_url, monkeypatch, request):
    module = importlib.import_module(module_name)
    engines: list[Ledger] = []
    schemas = contextlib.ExitStack()
    urls: dict[str, str] = {}

    def pg_ledger(*args, **kwargs):
        # one schema per ledger the test names: two files are two ledgers, the same file reopened is one
        key = str(args[0]) if args else str(kwargs.get("url", ""))
        if key not in urls:
            urls[key] = pg_url if not urls else schemas.enter_context(contextlib.contextmanager(fresh_schema_url)("t"))
        ledger = Ledger(urls[key])
        engines.append(ledger)
        return ledger

    monkeypatch.setattr(module, "Ledger", pg_ledger)
    func = getattr(module, test_name)
    marks = [m for m in getattr(func, "pytestmark", []) if m.name == "parametrize"]
    if marks:
        pytest.skip("parametrized store tests run on SQLite only")
    kwargs = {name: request.getfixturevalue(name) for name in inspect.signature(func).parameters}
    try:
        func(**kwargs)
    finally:
        for ledger in engines:
            ledger.engine.dispose()
        schemas.close()
    assert engines, "the test never opened a ledger"
    assert all(ledger.dialect == "postgresql" for ledger in engines)


def _analysis(text: str) -> Analysis:
    """A small analysis of the article sample: a sourced hedged claim, a figure, a place."""
    start = text.index("However,")
    end = text.index(".", start) + 1
    source = text.index("Roman Tsimbalyuk")
    cue = text.index("alleged", source)
    fig = text.index("498")
    fig_start = text.rfind(".", 0, fig) + 2
    fig_end = text.index(".", fig) + 1
    place = text.index("Mariupol")
    place_start = text.rfind(".", 0, place) + 2
    return Analysis(
        mentions=[Mention(place, place + 8, "Mariupol", "GPE", "Mariupol",
                          attrs={"geonames_id": 703448, "lat": 47.1, "lon": 37.5, "country": "UA"}),
                  Mention(source, source + 16, "Roman Tsimbalyuk", "PERSON", "Roman Tsimbalyuk")],
        quantities=[Quantity(fig, fig + 3, "498", value=498.0, category="killed")],
        attributions=[Attribution(SourceRef("Roman Tsimbalyuk", source, source + 16), "alleged", cue, cue + 7,
                                  cue + 8, end)],
        claims=[Claim(start, end, text[start:end], certainty="hedged", attribution=0, mentions=[1],
                      checkworthiness=0.8),
                Claim(fig_start, fig_end, text[fig_start:fig_end], quantities=[0], checkworthiness=0.9),
                Claim(place_start, text.index(".", place) + 1, text[place_start:text.index(".", place) + 1],
                      places=[0], mentions=[0])],
    )


def test_api_queries_on_postgres(pg_url, telegraph, express):
    from claimledger.store import ClaimFilter, DocumentFilter

    ledger = Ledger(pg_url)
    ledger.add(telegraph)
    ledger.add(express, _analysis(express.document.text))
    try:
        docs = ledger.document_summaries(DocumentFilter(limit=1))
        assert docs.total == 2 and docs.items[0].id == telegraph.document.id and docs.next_offset == 1
        assert ledger.document_summaries(since="2023").total == 0  # "XXXX-03-07" is not placed in a range
        assert ledger.document_summaries(place="mariupol").items[0].id == express.document.id
        hedged = ledger.claims(ClaimFilter(source="tsimbalyuk", certainty="hedged"))
        assert [c.chain for c in hedged.items] == [["Roman Tsimbalyuk"]]
        assert ledger.claims(entity="Tsimbalyuk").total == 1
        assert ledger.claims(place="Mariupol").items[0].claim.places == [0]
        ranked = ledger.claims(sort="checkworthiness").items
        assert [c.claim.checkworthiness for c in ranked] == [0.9, 0.8, None]  # unscored last, on both databases
        figures = ledger.quantities(category="killed").items
        assert figures[0]["value"] == 498.0 and figures[0]["claim"] == f"{express.document.id}:1"
        places = ledger.entities(places=True).items
        assert places[0]["name"] == "Mariupol" and places[0]["country"] == "UA"
        assert ledger.entity_mentions("roman tsimbalyuk").total == 1
        assert ledger.attributions(source="roman").items[0]["cue"] == "alleged"
        hits = ledger.search("cluster munitions", kind="body").items
        assert hits and {h.kind for h in hits} == {"body"}
        comments = ledger.segment_list(kind="comment")
        assert comments.total == 3
    finally:
        ledger.engine.dispose()


def test_values_longer_than_their_column_fit(pg_url):
    """PostgreSQL enforces VARCHAR lengths; a long outlet or cue must not fail the write."""
    from claimledger.clean import clean_text

    ledger = Ledger(pg_url)
    try:
        cleaned = clean_text("A headline\n\nOfficials told reporters that 12 tanks were lost.", outlet="O" * 300)
        cue = "told reporters on condition of anonymity because they were not authorised to speak"
        analysis = Analysis(attributions=[Attribution(SourceRef("Officials", 12, 21), cue, 22, 36, 37, 60)])
        assert ledger.add(cleaned, analysis) == "added"
        assert ledger.analysis(cleaned.document.id).attributions[0].cue == cue  # the record keeps it whole
        assert len(ledger.document(cleaned.document.id).outlet) == 200
    finally:
        ledger.engine.dispose()


def test_link_tables_on_postgres(pg_url, telegraph, express):
    """The link stage's writes and reads (copies, stories, claim groups, conflicts) on PostgreSQL."""
    from claimledger.clean import clean_text
    from claimledger.link import link_documents
    from claimledger.link.provenance import trace

    ledger = Ledger(pg_url)
    try:
        ledger.add(telegraph)
        ledger.add(express, _analysis(express.document.text))
        text = express.document.text
        fig = text.index("498")
        copy = clean_text(text[:fig] + "598" + text[fig + 3:], outlet="Aggregator Daily", published="2023-03-09")
        ledger.add(copy, _analysis(copy.document.text.replace("598", "498")))
        link_documents(ledger)
        copies = ledger.document_copies(copy.document.id)
        assert [c.doc_id for c in copies] == [express.document.id]
        assert ledger.stories() and ledger.document_stories(telegraph.document.id)
        groups = ledger.claim_groups()
        assert groups and ledger.claim_group(groups[0].id).members
        changed = ledger.conflicts(kind="changed_figure")
        assert changed and {f["text"] for f in changed[0].figures} == {"498", "598"}
        assert trace(ledger, f"{express.document.id}:0").members
    finally:
        ledger.engine.dispose()
