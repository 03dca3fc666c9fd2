"""One person across documents: "Obama" in one report is "Barack Obama" in another.

A ledger of eight ECB+ dev news reports (two events: Obama naming a surgeon general, a
climber killed on a mountain) whose person names are tagged as a tagger that resolves no
coreference would tag them, each as written ("Barack Obama", "President-elect Barack Obama",
"Obama"; "Duncan Rait", "Duncan Raite", "Duncan Robert Rait", "Rait"), and one claim per
sentence.  Several reports name the person only by surname or under another spelling.
"""

from __future__ import annotations

import json
import re

import pytest

from claimledger.ingest import ingest
from claimledger.records import Analysis, Claim, Mention, Quantity
from claimledger.store import Ledger
from tests.conftest import require_shared

DOCS = ("34_1ecb", "34_3ecb", "34_4ecb", "34_6ecb", "23_3ecbplus", "23_4ecbplus", "23_9ecbplus", "23_11ecbplus")
PERSON = re.compile(r"\b(?:President(?:-elect)? )?(?:Barack )?Obama\b|\b(?:Duncan (?:Robert )?)?Raite?\b")
SENTENCE = re.compile(r"[^.!?]+[.!?]")
MISTYPED = "34_6ecb.txt"  # its one "Obama" is tagged as a place


def _tagged(text: str, mistyped: bool = False) -> Analysis:
    """Persons as written; with ``mistyped`` each one is tagged as a place instead (a tagger's error)."""
    out = Analysis()
    label = "GPE" if mistyped else "PERSON"
    out.mentions = [Mention(m.start(), m.end(), m.group(0), label, m.group(0)) for m in PERSON.finditer(text)]
    for s in SENTENCE.finditer(text):
        start = s.start() + len(s.group()) - len(s.group().lstrip())
        claim = Claim(start, s.end(), text[start:s.end()], segment=0)
        for n in re.finditer(r"\b\d+\b", text[start:s.end()]):  # its figures ("36 - year - old", "200ft")
            claim.quantities.append(len(out.quantities))
            out.quantities.append(Quantity(start + n.start(), start + n.end(), n.group(0), value=float(n.group(0))))
        out.claims.append(claim)
    return out


def _build(folder, db) -> Ledger:
    """The eight reports in ``folder`` as text files, ingested into ``db`` and tagged."""
    with (require_shared("news_clustering") / "ecbplus_documents_dev.jsonl").open(encoding="utf-8") as f:
        for d in map(json.loads, f):
            if d["doc_id"] in DOCS:
                (folder / f"{d['doc_id']}.txt").write_text(" ".join(d["sentences"][d["first_sentence_index"]:]) + "\n")
    ledger = Ledger(db)
    report = ingest(sorted(str(p) for p in folder.glob("*.txt")), ledger, analyze=False)
    for doc_id in report.added:
        doc = ledger.document(doc_id)
        ledger.set_analysis(doc_id, _tagged(doc.text, mistyped=doc.source.endswith(MISTYPED)))
    return ledger


@pytest.fixture(scope="module")
def across(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ecb")
    return _build(folder, folder / "ledger.db")


def _written(ledger: Ledger, label: str = "PERSON") -> dict[str, set[str]]:
    """Each name as tagged with ``label`` -> the documents that write it."""
    out: dict[str, set[str]] = {}
    for doc in ledger.documents():
        for m in ledger.bundle(doc["id"]).analysis.mentions:
            if m.label == label:
                out.setdefault(m.text, set()).add(doc["id"])
    return out


def test_the_names_of_one_person_in_several_reports_are_one_entity_with_the_reasons(across):
    written = _written(across)
    assert written["Obama"] - written["Barack Obama"]  # reports that say only "Obama"
    assert set(_written(across, "GPE")) == {"Obama"}  # in a report that names no person
    assert [e["name"] for e in across.entities(places=True).items] == []  # a person's name, never a place
    assert "GPE" not in {e["label"] for e in across.entities().items}
    people = {e["name"]: e for e in across.entities(label="PERSON").items}
    fulls = sorted((n for n in written if n.startswith("Duncan")), key=lambda n: (-len(written[n]), -len(n), n))
    assert set(people) == {"Barack Obama", fulls[0]}  # named by the full spelling most reports use
    obama = people["Barack Obama"]
    assert obama["documents"] == len(set().union(*(d for n, d in written.items() if "Obama" in n)))
    reasons = {v["name"]: v["rule"] for v in obama["variants"]}
    assert reasons["Obama"] in ("surname", "in document")
    assert "President-elect Barack Obama" in reasons
    rait = {v["name"]: v["rule"] for v in people[fulls[0]]["variants"]}
    assert all(rait[n] == "spelling" for n in fulls[1:]) and "Duncan Robert Rait" in fulls
    assert rait["Rait"] in ("surname", "in document") and rait["Raite"] in ("surname", "in document")


def test_claims_by_one_spelling_find_the_claims_under_every_other(across):
    written = _written(across)
    raite = {c.doc_id for c in across.claims(entity="Duncan Raite", limit=200).items}
    assert raite == set().union(*(d for n, d in written.items() if "Rait" in n))  # "Rait" only, too
    obama = across.claims(entity="President-elect Barack Obama", limit=200).items
    assert {c.doc_id for c in obama} == set().union(*(d for n, d in written.items() if "Obama" in n))
    assert all("Obama" in c.claim.text for c in obama)
    figures = {q["doc_id"] for q in across.quantities(entity="Duncan Raite", limit=500).items}
    assert figures == {c.doc_id for c in across.claims(entity="Duncan Raite", limit=200).items
                       if re.search(r"\d", c.claim.text)}  # the figures of those claims, "Rait" too
    assert len(figures) > len({q["doc_id"] for q in across.quantities(entity="Duncan Raite", entity_names=(), limit=500).items})
    mentions = across.entity_mentions("Duncan Robert Rait", limit=200)
    assert {m["text"] for m in mentions.items} == {n for n in written if "Rait" in n}


def test_the_entity_page_and_api_show_every_name_and_why(across):
    from fastapi.testclient import TestClient

    from claimledger.serve import create_app

    with TestClient(create_app(across, token="t")) as client:
        page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", client.get("/entities/Duncan Raite").text))
        api = client.get("/api/entities", params={"q": "Raite", "label": "PERSON"},
                         headers={"Authorization": "Bearer t"}).json()
        short = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", client.get("/entities/Raite").text))
    assert "Duncan Robert Rait (1× in 1 document) — same name, other spelling or title" in page
    assert "Rait (" in page and "surname of this person" in page
    assert len(api["items"]) == 1 and api["items"][0]["name"].startswith("Duncan Rait")
    assert {"Duncan Robert Rait", "Rait", "Raite"} <= {v["name"] for v in api["items"][0]["variants"]}
    assert f"“Raite” is counted under {api['items'][0]['name']}" in short


@pytest.fixture(scope="module")
def across_server(across):
    from claimledger.serve import create_app
    from tests.serve.conftest import serving

    with serving(create_app(across, token="t")) as url:
        yield url


def test_an_analyst_finds_every_name_of_a_person_in_the_browser(sized, across_server):
    from tests.serve.conftest import ARTIFACTS, fits

    page, width = sized
    page.goto(across_server + "/entities?label=PERSON")
    row = page.locator("table.list tbody tr", has_text="Duncan Rait")
    assert row.count() == 1 and "also written" in row.inner_text() and "Duncan Robert Rait" in row.inner_text()
    row.get_by_role("link").first.click()
    page.wait_for_url("**/entities/Duncan*")
    variants = page.locator("ul.variants li").all_inner_texts()
    assert any(v.startswith("Raite (") and "surname of this person" in v for v in variants)  # across reports
    assert any(v.startswith("Rait (") and "short form, same document" in v for v in variants)  # within one
    assert any(v.startswith("Duncan Robert Rait (") and "other spelling or title" in v for v in variants)
    assert {"Rait", "Duncan Robert Rait"} <= set(page.locator("ol.mentions mark").all_inner_texts())
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / f"entity-variants-{width}.png"), full_page=True)
    page.goto(across_server + "/claims")
    page.locator("input[name=entity]").fill("Raite")
    page.get_by_role("button", name="find claims").click()
    page.wait_for_url("**entity=Raite*")
    texts = page.locator("table.claims-list .claim-text").all_inner_texts()
    assert texts and all("Rait" in t for t in texts)
    assert any(re.search(r"\bRait\b", t) for t in texts)  # written "Rait", found by "Raite"
    assert fits(page)


def test_a_report_added_later_joins_the_person_it_names(tmp_path):
    with (require_shared("news_clustering") / "ecbplus_documents_dev.jsonl").open(encoding="utf-8") as f:
        texts = {d["doc_id"]: " ".join(d["sentences"][d["first_sentence_index"]:]) + "\n" for d in map(json.loads, f)
                 if d["doc_id"] in ("34_1ecb", "34_3ecb")}
    ledger = Ledger(tmp_path / "later.db")

    def add(doc_id: str) -> None:
        (tmp_path / f"{doc_id}.txt").write_text(texts[doc_id])
        report = ingest([str(tmp_path / f"{doc_id}.txt")], ledger, analyze=False, link=False)
        ledger.set_analysis(report.added[0], _tagged(texts[doc_id]))

    add("34_1ecb")  # "Obama" only
    assert [e["name"] for e in ledger.entities(label="PERSON").items] == ["Obama"]
    add("34_3ecb")  # "Barack Obama"
    people = ledger.entities(label="PERSON").items
    assert [(e["name"], e["documents"]) for e in people] == [("Barack Obama", 2)]
    assert [v["name"] for v in people[0]["variants"]] == ["Obama"]


def test_on_postgresql_too(tmp_path):
    from tests.helpers.postgres import fresh_schema_url

    for url in fresh_schema_url("across"):
        ledger = _build(tmp_path, url)
        people = {e["name"]: e for e in ledger.entities(label="PERSON").items}
        assert "Barack Obama" in people and {"Obama"} <= {v["name"] for v in people["Barack Obama"]["variants"]}
        assert [e["name"] for e in ledger.entities(places=True).items] == []
        raite = {c.doc_id for c in ledger.claims(entity="Duncan Raite", limit=200).items}
        assert raite == set().union(*(d for n, d in _written(ledger).items() if "Rait" in n))
        ledger.engine.dispose()
