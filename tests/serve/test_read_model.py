"""One read model: the CLI and the HTTP API give the same answers on the same ledger, and a
claim's source chain is the same in the claims list, on its page and in its trace.

The ledger is the two sample pages through the real pipeline (analyze stage and linking),
so the chains include resolved sources ("He" → "Ukrainian journalist Roman Tsimbalyuk").
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from claimledger.cli import app as cli_app
from claimledger.demo import sample_paths
from claimledger.store import Ledger

runner = CliRunner()


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from claimledger.ingest import ingest
    from claimledger.link import link_documents

    ledger = Ledger(tmp_path_factory.mktemp("read-model") / "samples.db")
    report = ingest([str(p) for p in sample_paths()], ledger)
    assert report.ok and len(report.added) == 2
    link_documents(ledger, report.added)
    return ledger


@pytest.fixture(scope="module")
def api(analysed):
    from fastapi.testclient import TestClient

    from claimledger.serve import create_app

    with TestClient(create_app(analysed)) as client:
        yield client


def cli(ledger: Ledger, *args: str) -> str:
    result = runner.invoke(cli_app, [*args, "--db", ledger.url], env={"COLUMNS": "260"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def first_cells(output: str) -> list[str]:
    """The first cell of each table row (a wrapped row's continuation lines have it empty)."""
    cells = [line.split("│")[1].strip() for line in output.splitlines() if line.startswith("│")]
    return [c for c in cells if c]


def rows(output: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("│")[1:-1]] for line in output.splitlines() if line.startswith("│")]


def test_list_is_the_documents_route(analysed, api):
    items = api.get("/api/documents").json()["items"]
    assert first_cells(cli(analysed, "list")) == [d["id"][:10] for d in items]


@pytest.mark.parametrize("options, params", [
    ((), {}),
    (("--entity", "Tsimbalyuk"), {"entity": "Tsimbalyuk"}),
    (("--place", "Vuhledar"), {"place": "Vuhledar"}),
    (("--min-certainty", "reported"), {"min_certainty": "reported"}),
    (("--entity", "Sun", "--min-certainty", "hedged"), {"entity": "Sun", "min_certainty": "hedged"}),
    (("--entity", "Kyiv Post"), {"entity": "Kyiv Post"}),
])
def test_claims_command_is_the_claims_route(analysed, api, options, params):
    items = api.get("/api/claims", params={**params, "sort": "checkworthiness", "limit": 30}).json()["items"]
    shown = first_cells(cli(analysed, "claims", *options, "--limit", "30"))
    assert shown == [f"{c['doc_id'][:10]}:{c['index']}" for c in items]
    if params.get("entity") == "Tsimbalyuk":  # the README's example: found through the claims' source
        assert len(items) >= 5 and all("Tsimbalyuk" in c["chain"][0] for c in items)
    if params.get("entity") == "Kyiv Post":  # named only as the intermediary: "officials told the Kyiv Post"
        assert items and all(c["chain"][1:] == ["the Kyiv Post"] for c in items)


def test_a_place_is_found_under_any_of_its_names(analysed, api):
    """The live blog writes "Vugledar"; GeoNames (and the ledger) call it "Vuhledar": either finds its claims,
    in the CLI, the API, the claims page and the documents list."""
    found = {name: api.get("/api/claims", params={"place": name}).json()["items"] for name in ("Vugledar", "Vuhledar",
                                                                                            "vugledar")}
    assert found["Vuhledar"] and found["Vugledar"] == found["Vuhledar"] == found["vugledar"]
    assert all("Vugledar" in c["text"] for c in found["Vugledar"])
    shown = first_cells(cli(analysed, "claims", "--place", "Vugledar"))
    assert shown == [f"{c['doc_id'][:10]}:{c['index']}" for c in found["Vugledar"]]
    page = api.get("/claims", params={"place": "Vugledar"}).text
    assert found["Vugledar"][0]["text"][:40] in page
    docs = api.get("/api/documents", params={"place": "Vugledar"}).json()["items"]
    assert [d["id"] for d in docs] == [found["Vugledar"][0]["doc_id"]]
    assert api.get("/api/claims", params={"place": "Vugledarsk"}).json()["items"] == []
    assert [p["name"] for p in api.get("/api/places", params={"q": "Vugledar"}).json()["items"]] == ["Vuhledar"]
    assert "Vuhledar" in api.get("/entities", params={"places": "1", "q": "Vugledar"}).text


def test_claims_of_one_document(analysed, api):
    doc_id = api.get("/api/documents").json()["items"][1]["id"]
    items = api.get("/api/claims", params={"doc": doc_id[:8], "sort": "checkworthiness", "limit": 100}).json()
    shown = first_cells(cli(analysed, "claims", "--doc", doc_id[:8], "--limit", "100"))
    assert shown == [f"{doc_id[:10]}:{c['index']}" for c in items["items"]] and items["total"] == len(shown)


def test_search_command_is_the_search_route(analysed, api):
    items = api.get("/api/search", params={"q": "cluster munitions"}).json()["items"]
    hits = [r[:2] for r in rows(cli(analysed, "search", "cluster munitions")) if r[0]]
    assert items and hits == [[h["doc_id"][:12], str(h["segment"])] for h in items]


def test_show_lists_the_documents_claims_as_the_api_ranks_them(analysed, api):
    doc_id = api.get("/api/documents").json()["items"][1]["id"]
    claims = api.get(f"/api/documents/{doc_id}").json()["claims"]
    ranked = sorted(claims, key=lambda c: (-(c["checkworthiness"] or 0.0), c["start"]))[:40]
    shown = [r[:2] for r in rows(cli(analysed, "show", doc_id[:8])) if re.fullmatch(r"\d\.\d\d|–", r[0])]
    assert shown == [[f"{c['checkworthiness']:.2f}", c["certainty"]] for c in ranked]


def test_stories_and_conflicts_commands_are_their_routes(analysed, api):
    stories = api.get("/api/stories").json()["items"]
    assert stories and first_cells(cli(analysed, "stories")) == [str(s["id"]) for s in stories]
    conflicts = api.get("/api/conflicts").json()["items"]
    shown = cli(analysed, "conflicts")
    assert conflicts and all(c["label"] in shown for c in conflicts)
    assert [shown.index(c["label"]) for c in conflicts] == sorted(shown.index(c["label"]) for c in conflicts)


def test_trace_command_is_the_provenance_route(analysed, api):
    claim = api.get("/api/claims", params={"entity": "Tsimbalyuk"}).json()["items"][0]
    trace = api.get(f"/api/claims/{claim['id']}/provenance").json()["trace"]
    shown = cli(analysed, "trace", claim["id"])
    assert trace["members"] and all(m["claim_id"] in shown for m in trace["members"])
    assert f"claim group {trace['group']['id']}:" in shown


def _page_chain(api, claim_id: str) -> list[str]:
    steps = api.get(f"/api/claims/{claim_id}/provenance").json()["chain"]
    assert steps[-1]["role"] == "published by"
    return [s["text"] for s in steps[:-1]]


def test_a_claims_source_is_the_same_in_the_list_on_its_page_and_in_its_trace(analysed, api):
    listed = api.get("/api/claims", params={"limit": 500}).json()["items"]
    resolved = [c for c in listed if c["attribution_record"] and c["attribution_record"]["source"]["resolved"]]
    assert resolved, "the samples have pronoun sources (He, Mr Tsimbalyuk) resolved to a fuller name"
    for claim in listed:
        assert api.get(f"/api/claims/{claim['id']}").json()["chain"] == claim["chain"]
        assert _page_chain(api, claim["id"]) == claim["chain"]
    for claim in resolved:
        trace = api.get(f"/api/claims/{claim['id']}/provenance").json()["trace"]
        member = next(m for m in trace["members"] if m["claim_id"] == claim["id"])
        assert member["chain"] == claim["chain"]  # no outlet ends these chains
        assert claim["chain"][0] in cli(analysed, "trace", claim["id"])
    he = next(c for c in resolved if c["attribution_record"]["source"]["text"] == "He")
    assert he["chain"][0] == "Ukrainian journalist Roman Tsimbalyuk"
    assert "Ukrainian journalist Roman Tsimbalyuk" in api.get(f"/claims/{he['id']}").text


def test_every_page_renders_from_the_read_model(analysed, api):
    doc_id = api.get("/api/documents").json()["items"][1]["id"]
    claim_id = api.get("/api/claims", params={"entity": "Tsimbalyuk"}).json()["items"][0]["id"]
    story_id = api.get("/api/stories").json()["items"][0]["id"]
    pages = {"/": "Putin mutiny", f"/documents/{doc_id}": "Ukrainian journalist Roman Tsimbalyuk",
             "/claims?entity=Tsimbalyuk": "Roman Tsimbalyuk", f"/claims/{claim_id}": "published by",
             "/search?q=cluster+munitions": "munitions", "/entities": "Tsimbalyuk",
             "/entities/Roman%20Tsimbalyuk": "Tsimbalyuk", "/stories": "Putin mutiny",
             f"/stories/{story_id}": "Documents and entries", "/conflicts": "Russian troops killed"}
    for path, words in pages.items():
        page = api.get(path)
        assert page.status_code == 200 and words in page.text, path
