"""The source chain as a picture on the claim page: one box per link of the claim's chain
("said by → reported by → published by"), from the same chain the claims list gives.

The ledger is the serve fixture's (rough speech attributions over the two samples).
"""

from __future__ import annotations

import re

from claimledger.serve.chainsvg import chain_picture

BOX = re.compile(r'<g class="link (?P<kind>\w+)"><title>(?P<tip>[^<]*)</title>.*?class="role">(?P<role>[^<]*)</text>'
                 r'<text[^>]*class="name">(?P<name>.*?)</text></g>', re.S)


def _boxes(svg: str) -> list[dict[str, str]]:
    return [dict(m.groupdict(), name=" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", m["name"])))
            for m in BOX.finditer(svg)]


def test_the_claim_page_draws_who_said_it_and_who_published_it(client, doc_ids):
    claim = client.get("/api/claims", params={"entity": "Tsimbalyuk", "doc": doc_ids["express"]}).json()["items"][0]
    page = client.get(f"/claims/{claim['id']}").text
    boxes = _boxes(page[page.index('<svg class="chain-picture"'):])
    assert [b["role"] for b in boxes] == ["said by"] * 1 + ["reported by"] * (len(boxes) - 2) + ["published by"]
    assert boxes[0]["kind"] == "said" and "Tsimbalyuk" in boxes[0]["name"]
    assert [b["tip"].rsplit(", ", 1)[0] for b in boxes[:-1]] == claim["chain"]  # the list's chain, whole
    # no outlet: the publisher is named by the file it came from, as the documents list names it
    assert boxes[-1]["name"] == "express-tank-colonel.txt" and boxes[-1]["kind"] == "outlet"
    assert page.count('class="arrow"') == len(boxes) - 1


def test_a_long_name_is_wrapped_and_cut_with_its_whole_name_in_the_tooltip():
    name = "the spokesman of the Eastern Group of Forces of the Armed Forces of Ukraine, Serhiy Cherevatyi"
    svg = chain_picture([{"role": "said by", "text": name, "kind": "person"},
                         {"role": "published by", "text": "Aggregator Daily", "kind": "outlet"}])
    said, published = _boxes(svg)
    assert said["name"].endswith("…") and len(said["name"]) < len(name) and name in said["tip"]
    assert published["name"] == "Aggregator Daily"
    assert chain_picture([]) == ""
    assert "&lt;b&gt;" in chain_picture([{"role": "said by", "text": "<b>x</b>"}])  # escaped
