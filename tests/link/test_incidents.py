"""Incidents and figure conflicts: the samples' war toll and real multi-outlet news (incidents_dev)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from claimledger.ingest import ingest
from claimledger.link import link_documents
from claimledger.link.estimates import disagreement, incident_conflicts
from claimledger.link.figure_record import Figure
from claimledger.store import Ledger
from claimledger.store import incidents as stored
from claimledger.store.incidents import conflict_record
from claimledger.store.links import list_conflicts
from tests.conftest import require_shared


def figure(text, value=None, low=None, high=None, modifier="exact", source="a", doc="d1", start=0,
           polarity="asserted", measure="killed", population="troops", scope="incident") -> Figure:
    return Figure(doc_id=doc, quantity=0, start=start, end=start + len(text), text=text, value=value, low=low,
                  high=high, modifier=modifier, measure=measure, population=population, side=None, scope=scope,
                  since=None, as_of=None, polarity=polarity, rate_unit=None, counted=None, source=source,
                  source_kind="person")


def test_ranges_follow_the_value_convention():
    assert figure("at least 50", 50, 50, None, "at_least").interval() == (50, math.inf)
    assert disagreement(figure("at least 50", 50, 50, None, "at_least"), figure("55", 55, 55, 55, source="b")) is None
    assert disagreement(figure("about 100", 100, None, None, "approx"), figure("110", 110, 110, 110, source="b")) is None
    assert disagreement(figure("over 7,000", 7000, 7000, None, "over"),
                        figure("over 15,000", 15000, 15000, None, "over", source="b")) is None
    why = disagreement(figure("498", 498, 498, 498), figure("over 7,000", 7000, 7000, None, "over", source="b"))
    assert why and "cannot overlap" in why and "498" in why


def test_a_negated_figure_is_an_upper_bound():
    negated = figure("100", 100, 100, 100, polarity="negated")
    lo, hi = negated.interval()
    assert lo == 0 and hi < 100
    assert disagreement(negated, figure("120", 120, 120, 120, source="b"))
    assert disagreement(negated, figure("60", 60, 60, 60, source="b")) is None


def test_running_tallies_and_other_populations_are_not_compared():
    arrests = [figure("22", 22, 22, 22, measure="arrested"), figure("50", 50, 50, 50, measure="arrested", source="b")]
    assert incident_conflicts("inc-x", arrests) == []
    people = [figure("6", 6, 6, 6, population="people"), figure("3", 3, 3, 3, population="students", source="b")]
    assert incident_conflicts("inc-x", people) == []


@pytest.fixture(scope="module")
def samples_ledger(tmp_path_factory):
    from claimledger.demo import sample_paths

    ledger = Ledger(tmp_path_factory.mktemp("samples") / "samples.db")
    ingest([str(p) for p in sample_paths()], ledger)
    link_documents(ledger)
    return ledger


def test_samples_war_toll_is_one_cumulative_incident_with_two_conflicts(samples_ledger):
    [conflict] = [c for c in list_conflicts(samples_ledger, kind="figures", limit=None)]
    record = conflict_record(conflict)
    texts = [f["text"] for f in record["figures"]]
    pairs = {frozenset((texts[i], texts[j])) for i, j in record["pairs"]}
    assert pairs == {frozenset(("498", "over 7,000")), frozenset(("498", "over 15,000"))}
    assert all(f["doc_id"] and f["end"] > f["start"] for f in record["figures"])
    inc = stored.incident(samples_ledger, record["incident"])
    assert inc["kind"] == "cumulative"
    [killed] = [e for e in inc["estimates"] if e["measure"] == "killed" and e["population"] == "troops"]
    assert killed["low"] == 498 and killed["high"] is None  # over 7,000 / over 15,000: the top stays open
    sources = {s["source"] for s in killed["sources"]}
    assert {"the Russian defence ministry", "US military intelligence", "Ukrainian government figures"} <= sources
    ministry = next(s for s in killed["sources"] if s["text"] == "498")
    assert ministry["as_of"] and ministry["as_of"].startswith("XXXX-03")  # "early March", no year invented


@pytest.fixture(scope="module")
def dev_ledger(tmp_path_factory):
    gold = require_shared("incidents_dev")
    names = ["fnc-train-466", "fnc-train-500", "fnc-train-969", "fnc-train-1233", "fnc-train-636"]
    ledger = Ledger(tmp_path_factory.mktemp("dev") / "dev.db")
    ingest([str(gold / "docs" / f"{n}.txt") for n in names], ledger)
    link_documents(ledger)
    return ledger


def _incident_of(ledger, doc_name: str, context: str, number: str) -> str:
    sources = stored.document_sources(ledger)
    doc_id = next(d for d, (src, _) in sources.items() if Path(src).stem == doc_name)
    text = sources[doc_id][1]
    start = text.index(context) + context.index(number)
    return next(i for (d, s), i in stored.figure_incidents(ledger).items() if d == doc_id and start <= s < start + len(number))


def test_one_incident_across_outlets_and_a_similar_one_kept_apart(dev_ledger):
    saqlawiyah = {_incident_of(dev_ledger, "fnc-train-466", "ISIS murdered over 300 soldiers", "over 300"),
                  _incident_of(dev_ledger, "fnc-train-500", "IS have killed 300 Iraqi soldiers", "300"),
                  _incident_of(dev_ledger, "fnc-train-969", "300 soldiers were killed", "300")}
    assert len(saqlawiyah) == 1  # three outlets, one chlorine siege
    duluiyah = _incident_of(dev_ledger, "fnc-train-1233", "11 Iraqi police officers", "11")
    assert duluiyah not in saqlawiyah  # another chlorine attack, on police, elsewhere


def test_incidents_command_fits_80_columns(samples_ledger):
    from typer.testing import CliRunner

    from claimledger.cli import app

    db = str(samples_ledger.url).removeprefix("sqlite:///")
    out = CliRunner().invoke(app, ["incidents", "--db", db], env={"COLUMNS": "80"})
    assert out.exit_code == 0 and "Russian troops" in out.output
    assert max(len(line) for line in out.output.splitlines()) <= 80
    as_json = CliRunner().invoke(app, ["conflicts", "--json", "--db", db])
    [record] = [c for c in __import__("json").loads(as_json.stdout) if c["kind"] == "figures"]
    assert record["reason"].endswith("(and 1 more pair)") and record["incident"]


def test_an_incident_is_found_by_any_name_of_the_place_that_sets_its_scene(samples_ledger):
    # "the attack on Vugledar" is named a paragraph before "around 130 tanks" were lost
    for name in ("Vugledar", "Vuhledar"):
        found = samples_ledger.incidents(place=name)
        assert any(e["measure"] == "equipment" and e["low"] == 130 for i in found for e in i["estimates"]), name
    assert samples_ledger.incidents(place="no such town anywhere") == []


def test_conflicts_by_entity_find_a_persons_other_names(samples_ledger):
    """``conflicts --entity`` matches any name of the person: the names the person index gives
    (here one word of the samples' conflict, standing for another spelling) find the conflict
    that the typed spelling alone does not."""
    from claimledger.store.links import conflict_views

    conflict = samples_ledger.conflicts(kind="figures")[0]
    stored = conflict_views(samples_ledger, kind="figures")[0]
    assert stored.id == conflict.id
    typed = "Zelenskyy-not-named-here"
    assert conflict_views(samples_ledger, entity=typed, kind="figures") == []
    other_name = "defence ministry"  # in the conflict's sources
    assert conflict.id in {c.id for c in conflict_views(samples_ledger, entity=typed, entity_names=(other_name,),
                                                         kind="figures")}


def test_incidents_without_an_estimate_are_listed_only_on_request(samples_ledger):
    """The Express page's "report in Russia" counts no one killed, held or lost: an analyst's
    list of incidents leaves it out unless asked for every incident."""
    listed = samples_ledger.incidents(limit=None)
    every = samples_ledger.incidents(limit=None, every=True)
    assert listed and all(i["estimates"] for i in listed)
    assert {i["id"] for i in listed} < {i["id"] for i in every}
    assert any(not i["estimates"] for i in every)


def test_an_incident_dated_by_a_month_or_a_year_is_labelled_so(samples_ledger):
    """"fleeing in January" (Express) dates its incident by the month: the label says "Jan", not
    "1 Jan"; a year's span reads as the year."""
    from claimledger.records import readable_period

    labels = [i["label"] for i in samples_ledger.incidents(limit=None, every=True)]
    assert any(label.endswith("(Jan)") for label in labels) and not any("(1 Jan)" in label for label in labels)
    assert readable_period("2014-01-01", "2014-12-31") == "2014"
    assert readable_period("2023-03-07", "2023-03-07") == "7 Mar 2023"
    # "since 2009" told in 2014, "since March" told in October: a span, not its first day
    assert readable_period("2009-01-01", "2014-10-17") == "2009 – 2014"
    assert readable_period("2014-03-01", "2014-10-17") == "Mar – Oct 2014"
    assert readable_period("2013-11-01", "2014-02-03") == "Nov 2013 – Feb 2014"
    assert readable_period("2013-09-21", "2013-09-24") == "21 Sep 2013"
    assert readable_period("2009-01-01", None) == "since 2009"  # "since 2009" in an undated report


def test_two_counts_in_the_article_s_own_voice_are_two_incidents(tmp_path):
    """PolNeAR train pages: the New York Times on an Ethiopian professor ("guards turned their guns on
    the remaining prisoners, killing 15" / "they shot 41 people dead" as unrest spread through the
    city) and Western Journal on Munich ("21 were wounded" there / "roughly 200 wounded" in Nice)
    were listed as conflicts of the page with itself."""
    from claimledger.ingest import ingest
    from claimledger.store import Ledger
    from tests.conftest import require_shared

    text = require_shared("polnear") / "data" / "train" / "text"
    ledger = Ledger(tmp_path / "pages.db")
    ingest([str(text / "nyt_2016-09-03_professor-nega-s-war-why-an-ethi.txt"),
            str(text / "west-journal_2016-07-23_trump-addresses-munich-attack-th.txt")], ledger)
    assert not list(ledger.conflicts(kind="figures"))
    assert len(ledger.incidents(limit=None, every=True)) >= 3  # the counts are still read, as incidents of their own
