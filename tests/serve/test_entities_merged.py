"""One person under several spellings is one entity; a person's name is never a place.

A ledger of the two samples with their names tagged as an entity tagger that resolves no
coreference would tag them: each mention's name as written ("Roman Tsimbalyuk", "Mr
Tsimbalyuk", "Colonel Medvedev", "Mr Qin"), and a surname mistyped as a place.
"""

from __future__ import annotations

import re

import pytest

from claimledger.demo import sample_paths
from claimledger.ingest import ingest
from claimledger.records import Analysis, Mention
from claimledger.store import Ledger

PEOPLE = re.compile(r"\b(?:(?:Mr|Colonel) )?(?:Roman |Yuri )?(?:Tsimbalyuk|Medvedev)\b|\b(?:Mr Qin|Qin Gang)\b")


def _tagged(text: str) -> Analysis:
    out = Analysis()
    for m in PEOPLE.finditer(text):
        out.mentions.append(Mention(m.start(), m.end(), m.group(0), "PERSON", m.group(0)))
    mr = [x for x in out.mentions if x.text == "Mr Tsimbalyuk"]
    if mr:  # the tagger's error: the last "Mr Tsimbalyuk" is a place named "Tsimbalyuk"
        out.mentions.remove(mr[-1])
        out.mentions.append(Mention(mr[-1].end - len("Tsimbalyuk"), mr[-1].end, "Tsimbalyuk", "GPE", "Tsimbalyuk"))
    for m in re.finditer(r"\bBeijing\b", text):
        out.mentions.append(Mention(m.start(), m.end(), m.group(0), "GPE", "Beijing",
                                    attrs={"lat": 39.9075, "lon": 116.39723, "country": "CN"}))
    out.mentions.sort(key=lambda x: x.start)
    return out


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    ledger = Ledger(tmp_path_factory.mktemp("people") / "ledger.db")
    report = ingest([str(p) for p in sample_paths()], ledger, analyze=False)
    for doc_id in report.added:
        ledger.set_analysis(doc_id, _tagged(ledger.document(doc_id).text))
    return ledger


def _written(ledger: Ledger) -> dict[str, int]:
    """How often each name is written, as tagged."""
    counts: dict[str, int] = {}
    for doc in ledger.documents():
        for m in ledger.bundle(doc["id"]).analysis.mentions:
            counts[f"{m.label}:{m.text}"] = counts.get(f"{m.label}:{m.text}", 0) + 1
    return counts


def test_the_spellings_of_one_person_are_listed_once_with_the_evidence(named):
    written = _written(named)
    assert written["PERSON:Mr Tsimbalyuk"] == 1 and written["PERSON:Roman Tsimbalyuk"] == 1
    people = {e["name"]: e for e in named.entities(label="PERSON").items}
    assert set(people) == {"Roman Tsimbalyuk", "Colonel Yuri Medvedev", "Qin Gang"}  # no "Mr Tsimbalyuk", "Mr Qin"
    tsimbalyuk = people["Roman Tsimbalyuk"]
    assert tsimbalyuk["mentions"] == sum(n for k, n in written.items() if k.startswith("PERSON:") and "Tsimbalyuk" in k)
    assert {v["name"] for v in tsimbalyuk["variants"]} == {k[7:] for k in written if k.startswith("PERSON:")
                                                          and "Tsimbalyuk" in k and k != "PERSON:Roman Tsimbalyuk"}
    assert [v["name"] for v in people["Colonel Yuri Medvedev"]["variants"]] == ["Colonel Medvedev"]
    assert [v["name"] for v in people["Qin Gang"]["variants"]] == ["Mr Qin"]  # family name first
    assert named.entities(label="PERSON", limit=1).total == 3


def test_a_persons_name_is_never_listed_as_a_place(named):
    assert _written(named).get("GPE:Tsimbalyuk")  # the tagger called the surname a place
    places = [e["name"] for e in named.entities(places=True).items]
    assert places == ["Beijing"]
    assert "Tsimbalyuk" not in [e["name"] for e in named.entities().items if e["label"] == "GPE"]
    assert [p["name"] for p in named.place_points()] == []  # Beijing is named in no claim of this ledger


def test_the_entities_page_shows_the_other_spellings(named):
    from fastapi.testclient import TestClient

    from claimledger.serve import create_app

    with TestClient(create_app(named, token="t")) as client:
        page = client.get("/entities").text
        person = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", client.get("/entities/Roman Tsimbalyuk",
                                                                         params={"label": "PERSON"}).text))
    assert "Also written (counted under Roman Tsimbalyuk in the entities list):" in person
    assert "Mr Tsimbalyuk (1× in 1 document) — short form, same document" in person
    row = page[page.index(">Roman Tsimbalyuk</a>"):]
    row = re.sub(r"<[^>]+>", "", row[:row.index("</tr>")])
    assert "also written" in row and "Mr Tsimbalyuk (1×)" in row
