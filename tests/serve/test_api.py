"""The JSON API over a ledger of the two samples: listings, filters, pagination, errors, writes."""

from __future__ import annotations

import pytest


def test_index_and_openapi(client):
    info = client.get("/api").json()
    assert info["documents"] >= 2 and info["database"] == "sqlite" and info["analysis"] is True
    spec = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/claims", "/api/attributions", "/api/quantities", "/api/entities",
                 "/api/places", "/api/stories", "/api/claim-groups", "/api/conflicts", "/api/search",
                 "/api/documents/{doc_id}/segments", "/api/claims/{claim_id}/provenance"):
        assert path in spec["paths"], path
    assert spec["paths"]["/api/documents"]["post"]["security"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/claims" in docs.text
    assert "cdn" not in docs.text.lower() and "<script" not in docs.text  # offline: nothing from the network


def test_documents_pagination_is_stable(client, doc_ids):
    first = client.get("/api/documents", params={"limit": 1}).json()
    assert first["limit"] == 1 and first["next_offset"] == 1 and first["total"] >= 2
    second = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    ids = [first["items"][0]["id"], second["items"][0]["id"]]
    assert ids == [doc_ids["telegraph"], doc_ids["express"]]  # ingest order
    assert "text" not in first["items"][0]
    again = client.get("/api/documents", params={"limit": 1}).json()
    assert again == first
    assert client.get("/api/documents", params={"kind": "liveblog"}).json()["items"][0]["id"] == doc_ids["telegraph"]


def test_document_detail_segments_and_prefix(client, doc_ids):
    doc = client.get(f"/api/documents/{doc_ids['express'][:8]}").json()
    assert doc["id"] == doc_ids["express"]
    assert doc["text"].startswith(doc["segments"][0]["text"])
    for claim in doc["claims"]:
        assert doc["text"][claim["start"]:claim["end"]] == claim["text"]
    kinds = client.get(f"/api/documents/{doc_ids['telegraph']}/segments", params={"kind": "comment"}).json()
    assert kinds["total"] == 3 and all(s["kind"] == "comment" for s in kinds["items"])
    reply = [s for s in kinds["items"] if s["parent"] is not None]
    assert reply and reply[0]["parent"] == kinds["items"][0]["order"]
    furniture = client.get("/api/segments", params={"kind": "furniture"}).json()
    assert {s["doc_id"] for s in furniture["items"]} == set(doc_ids.values())


def test_claims_filters(client, doc_ids):
    hedged = client.get("/api/claims", params={"certainty": "hedged", "limit": 200}).json()
    assert hedged["total"] > 0 and all(c["certainty"] == "hedged" for c in hedged["items"])
    surer = client.get("/api/claims", params={"min_certainty": "reported", "limit": 200}).json()
    assert {c["certainty"] for c in surer["items"]} <= {"reported", "asserted"}
    words = client.get("/api/claims", params={"q": "tank colonel"}).json()
    assert words["items"] and all("tank" in c["text"].lower() and "colonel" in c["text"].lower()
                                  for c in words["items"])
    by_doc = client.get("/api/claims", params={"doc": doc_ids["express"][:6], "limit": 500}).json()
    assert {c["doc_id"] for c in by_doc["items"]} == {doc_ids["express"]}
    place = client.get("/api/claims", params={"place": "bakhmut"}).json()
    assert place["items"] and all("bakhmut" in c["text"].lower() for c in place["items"])
    source = client.get("/api/claims", params={"source": "tsimbalyuk"}).json()
    assert source["items"] and all("Tsimbalyuk" in c["chain"][0] for c in source["items"])
    ranked = client.get("/api/claims", params={"sort": "checkworthiness", "limit": 500}).json()["items"]
    scores = [c["checkworthiness"] for c in ranked]
    assert scores == sorted(scores, reverse=True)
    dated = client.get("/api/claims", params={"since": "2023-01-01", "limit": 500}).json()["items"]
    assert dated and {c["doc_id"] for c in dated} == {doc_ids["copy"]}  # the samples' years are unknown
    assert client.get("/api/claims", params={"until": "2023-03-08"}).json()["total"] == 0


def test_claim_and_provenance(client, doc_ids):
    claim = client.get("/api/claims", params={"source": "Tsimbalyuk"}).json()["items"][0]
    one = client.get(f"/api/claims/{claim['id']}").json()
    assert one["text"] == claim["text"] and one["chain"] == claim["chain"]
    prov = client.get(f"/api/claims/{claim['id']}/provenance").json()
    assert prov["context"]["text"] == claim["text"]
    assert prov["chain"][0]["role"] == "said by" and "Tsimbalyuk" in prov["chain"][0]["text"]
    assert prov["chain"][-1]["role"] == "published by"
    assert prov["document"]["id"] == doc_ids["express"] and "text" not in prov["document"]
    assert prov["copies"][0]["doc_id"] == doc_ids["copy"]
    assert prov["copies"][0]["direction"] == "same text as (order unknown)"  # the sample page is undated


def test_quantities_attributions_entities_places(client, doc_ids):
    figures = client.get("/api/quantities", params={"doc": doc_ids["express"], "limit": 100}).json()["items"]
    malformed = [q for q in figures if "malformed" in q["flags"]]
    assert [q["text"] for q in malformed] == ["1,5000"]  # flagged, never silently fixed
    killed = client.get("/api/quantities", params={"category": "killed"}).json()["items"]
    assert killed and all(q["category"] == "killed" for q in killed)
    assert all(q["claim"] and q["claim"].startswith(q["doc_id"]) for q in killed)
    atts = client.get("/api/attributions", params={"source": "officials"}).json()["items"]
    assert atts and all("officials" in a["chain"][0].lower() for a in atts)
    assert all(a["content"] for a in atts)
    places = client.get("/api/places").json()["items"]
    bakhmut = next(p for p in places if p["name"] == "Bakhmut")
    assert bakhmut["documents"] == 1 and bakhmut["mentions"] >= 2 and bakhmut["country"] == "UA"
    assert bakhmut["lat"] == pytest.approx(48.6, abs=0.1)
    entities = client.get("/api/entities", params={"q": "bakh"}).json()["items"]
    assert entities[0]["name"] == "Bakhmut"
    mentions = client.get("/api/entities/bakhmut").json()
    assert mentions["total"] == bakhmut["mentions"] and mentions["items"][0]["text"] == "Bakhmut"


def test_search(client, doc_ids):
    hits = client.get("/api/search", params={"q": "cluster munitions"}).json()
    kinds = {h["kind"] for h in hits["items"]}
    assert "body" in kinds and "comment" in kinds
    bodies = client.get("/api/search", params={"q": "cluster munitions", "kind": "body"}).json()
    assert bodies["items"] and {h["kind"] for h in bodies["items"]} == {"body"}
    page2 = client.get("/api/search", params={"q": "cluster munitions", "limit": 1, "offset": 1}).json()
    assert page2["items"][0] == hits["items"][1]
    assert client.get("/api/search", params={"q": '"; DROP TABLE documents; --'}).json()["items"] == []


def test_links(client, doc_ids):
    stories = client.get("/api/stories").json()["items"]
    assert stories and all(s["size"] >= 1 for s in stories)
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert story["members"] and {m["doc_id"] for m in story["members"]} <= set(doc_ids.values())
    entries = [s for s in client.get(f"/api/documents/{doc_ids['telegraph']}").json()["stories"]
               if s["entry"] is not None]
    assert len(entries) >= 3  # live-blog entries are story units of their own
    copy = client.get(f"/api/documents/{doc_ids['copy']}").json()["copies"]
    # the sample page is undated: the copy is the same text, which came first is unknown
    assert copy[0]["doc_id"] == doc_ids["express"] and copy[0]["direction"] == "same text as (order unknown)"
    groups = client.get("/api/claim-groups").json()["items"]
    assert groups and all(g["n_docs"] >= 2 for g in groups)
    group = client.get(f"/api/claim-groups/{groups[0]['id']}").json()
    assert {m["doc_id"] for m in group["members"]} >= {doc_ids["express"], doc_ids["copy"]}
    prov = client.get(f"/api/claims/{group['first_claim']}/provenance").json()
    assert prov["trace"]["group"]["id"] == group["id"] and prov["copies"]
    assert not prov["trace"]["earliest"]["order_known"]  # an undated member: no earliest, never by ingest order
    conflicts = client.get("/api/conflicts", params={"kind": "changed_figure"}).json()["items"]
    assert conflicts and {f["doc_id"] for f in conflicts[0]["figures"]} == {doc_ids["express"], doc_ids["copy"]}
    assert client.get(f"/api/conflicts/{conflicts[0]['id']}").json()["label"] == conflicts[0]["label"]
    for route, bad, status in (("stories", "nope", 400), ("stories", "99999", 404), ("claim-groups", "99999", 404),
                               ("conflicts", "nope", 404)):
        response = client.get(f"/api/{route}/{bad}")
        assert response.status_code == status and bad in response.json()["error"]["message"]


@pytest.mark.parametrize("url, status, words", [
    ("/api/documents/zzzz", 404, "no document"),
    ("/api/claims/abc", 400, "DOCID:INDEX"),
    ("/api/claims?certainty=sure", 400, "unknown certainty"),
    ("/api/claims?since=March", 400, "ISO date"),
    ("/api/documents?until=2023-13", 400, "ISO date"),
    ("/api/claims?sort=random", 422, "sort"),
    ("/api/documents?limit=100000", 422, "limit"),
    ("/api/search", 422, "q"),
    ("/api/nowhere", 404, "no such page or route"),
])
def test_errors_are_json_with_a_message(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    message = response.json()["error"]["message"]
    assert words in message and "Traceback" not in response.text


def test_crash_is_a_json_500_without_stack_trace(client, monkeypatch):
    from claimledger.store import Ledger

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(Ledger, "outlets", boom)
    response = client.get("/api")
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "message":
                                         "internal error (RuntimeError); the server log has the details"}}


def test_writes_need_the_token(ledger, client, auth, doc_ids):
    from fastapi.testclient import TestClient

    from claimledger.serve import create_app

    body = {"text": "Kyiv — Officials said 12 drones were shot down overnight, the air force reported.\n\n"
                    "The air force said a further three were lost.", "outlet": "Test Wire", "published": "2024-05-02"}
    assert client.post("/api/documents", json=body).status_code == 401
    wrong = client.post("/api/documents", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    with TestClient(create_app(ledger, token="")) as closed:
        refused = closed.post("/api/documents", json=body, headers=auth)
        assert refused.status_code == 403 and "--token" in refused.json()["error"]["message"]
    added = client.post("/api/documents", json=dict(body, analyze=False), headers=auth)
    assert added.status_code == 201, added.text
    doc_id = added.json()["id"]
    again = client.post("/api/documents", json=dict(body, analyze=False), headers=auth)
    assert again.status_code == 200 and again.json() == {"status": "duplicate", "id": doc_id,
                                                          "source": "api:POST /api/documents"}
    wire = client.get("/api/documents", params={"outlet": "Test Wire"}).json()["items"]
    assert [d["id"] for d in wire] == [doc_id]
    dated = client.get("/api/documents", params={"since": "2024-05", "until": "2024-05"}).json()["items"]
    assert [d["id"] for d in dated] == [doc_id]
    before = client.get("/api/documents", params={"since": "2023", "until": "2024-04-30"}).json()["items"]
    assert [d["id"] for d in before] == [doc_ids["copy"]]


@pytest.mark.parametrize("body, words", [
    ({}, "send text, html, or a url"),
    ({"text": "a", "html": "<p>a</p>"}, "not both"),
    ({"text": "   "}, "empty"),
    ({"url": "http://127.0.0.1:9/page.html"}, "refused"),  # no fetching into the local network
    ({"text": 5}, "text: Input should be a valid string"),
    ("{not json", "not valid JSON"),
])
def test_bad_ingest_requests(client, auth, body, words):
    if isinstance(body, str):
        response = client.post("/api/documents", content=body, headers={**auth, "content-type": "application/json"})
    else:
        response = client.post("/api/documents", json=dict(body, analyze=False), headers=auth)
    assert response.status_code == 422
    assert words in response.json()["error"]["message"]


def test_html_ingest(client, auth):
    html = ("<html><head><title>Drone strike hits depot</title></head><body><article><h1>Drone strike hits depot"
            "</h1><p>A drone strike destroyed a fuel depot near the front line on Tuesday, regional officials "
            "said, adding that 4 people were wounded.</p><p>The claim could not be independently verified, and "
            "the defence ministry denied that any depot had been hit at all.</p></article></body></html>")
    added = client.post("/api/documents", json={"html": html, "analyze": False}, headers=auth)
    assert added.status_code == 201, added.text
    doc = client.get(f"/api/documents/{added.json()['id']}").json()
    assert doc["content_type"] == "html" and "fuel depot" in doc["text"]


def test_real_analysis_stage_through_the_api(client, auth):
    text = ("Russian forces lost around 40 tanks near Avdiivka last week, Ukrainian officials said on Monday.\n\n"
            "The figure could not be independently verified.")
    added = client.post("/api/documents", json={"text": text, "analyze": True, "published": "2024-02-12"},
                        headers=auth)
    assert added.status_code == 201, added.text
    doc_id = added.json()["id"]
    assert client.get(f"/api/documents/{doc_id}").json()["claims"]
    assert client.get(f"/documents/{doc_id}").status_code == 200


def test_pages_escape_document_fields(client, auth):
    """Markup in a title, a url or the text is shown as text; scripts are refused by the CSP too."""
    body = {"text": "<img src=x onerror=alert(1)> Drones hit a depot\n\nOfficials said <b>12</b> drones "
                    "were shot down.", "url": "javascript:alert(1)", "title": "<script>alert(1)</script>",
            "analyze": False}
    doc_id = client.post("/api/documents", json=body, headers=auth).json()["id"]
    page = client.get(f"/documents/{doc_id}")
    assert "script-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>12</b>" not in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html
    listing = client.get("/").text
    assert "<script>alert(1)</script>" not in listing


def test_document_json_is_the_export_record(client, ledger, doc_ids):
    from claimledger.export import document_record

    for doc_id in doc_ids.values():
        api = client.get(f"/api/documents/{doc_id}").json()
        api.pop("stories"), api.pop("copies")
        assert api == document_record(ledger, doc_id)
