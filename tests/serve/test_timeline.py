"""Figures over time as a timeline: each figure at the date it was reported (never the
"since" date in its sentence), dates as a reader writes them, undated reports apart, one
chart per incident on the conflicts page and on the incident page; the category filter
applies to the conflicts too.

The ledger is the serve fixture's: the live blog (published "XXXX-03-07", no year), the
undated Express article and its dated syndicated copy ("Aggregator Daily", 2023-03-09).
"""

from __future__ import annotations

import re

from claimledger.serve.chart import date_label, figures_chart, readable_dates
from claimledger.serve.reading import figure_points

TICK = re.compile(r'class="tick">([^<]*)<')


def _ticks(html: str) -> list[str]:
    return [t for t in TICK.findall(html) if not re.fullmatch(r"[\d,.M]+", t)]  # the date labels, not the values


def test_dates_read_as_a_reader_writes_them():
    assert date_label("2023-03-09") == "9 Mar 2023"
    assert date_label("XXXX-03-07") == "7 Mar"  # the live blog's year-less date: no year invented
    assert date_label("2023-03") == "Mar 2023"
    assert date_label(None) == "undated"
    assert readable_dates("Russian troops killed since XXXX-02-24 (war to date)") == \
        "Russian troops killed since 24 Feb (war to date)"


def test_the_conflicts_page_draws_each_incident_at_its_report_dates(client, ledger):
    page = client.get("/conflicts").text
    ticks = _ticks(page)
    assert {"7 Mar", "9 Mar 2023", "undated"} <= set(ticks)
    assert not [t for t in ticks if "XXXX" in t or t == "?"]
    for inc in ledger.incidents(limit=None):  # a chart per incident, captioned with a link to it
        assert f'<a href="/incidents/{inc["id"][4:]}">{readable_dates(inc["label"])}</a>' in page
    assert "XXXX" not in page[page.index("<h2>Figures by source over time"):page.index('<table class="list')]
    assert "report date (when the figure was published)" in page
    assert '<input type="date" name="since" value="">' in page and 'placeholder="2023-03"' not in page


def test_a_since_date_in_the_sentence_is_not_the_report_date(ledger, doc_ids):
    """"over 7,000 killed since 24 February": the analyze stage dates the claim 24 February;
    the chart places the figure when it was reported — here undated, so in the undated band."""
    seven = next(q for q in ledger.quantities(doc=doc_ids["express"], figures_only=True, limit=100).items
                 if q["text"] == "7,000")
    point = figure_points([dict(seven, time="2022-02-24")])[0]
    assert point.x is None
    chart = figures_chart([point])
    assert _ticks(chart) == ["undated"] and "24 Feb" not in chart and "2022" not in chart


def test_the_category_filter_applies_to_the_conflicts(client):
    every = client.get("/api/conflicts").json()["items"]
    changed = [c for c in every if c["kind"] == "changed_figure"]
    assert changed  # the figure the copy changed: the rough analysis gives it no casualty category
    assert client.get("/api/conflicts", params={"category": "killed"}).json()["items"] == [
        c for c in every if c["kind"] != "changed_figure" and c.get("measure", {}).get("measure") == "killed"]
    page = client.get("/conflicts", params={"category": "killed"}).text
    assert "No conflicts about killed figures." in page
    assert changed[0]["label"] in client.get("/conflicts", params={"category": "other"}).text


def test_the_incident_page_charts_its_figures_and_keeps_its_tables(client, ledger):
    attack = next(i for i in ledger.incidents(limit=None) if i["label"].startswith("attack"))
    page = client.get(f"/incidents/{attack['id'][4:]}").text
    assert "Figures over time" in page and "<svg" in page
    assert "9 Mar 2023" in _ticks(page) and "undated" in _ticks(page)  # the copy dated, the Express undated
    assert "Estimates by source" in page and "Reports in time order" in page


def test_the_conflicts_command_takes_the_category_filter_too(ledger):
    from tests.serve.test_analyst_views import cli

    changed = next(c for c in ledger.conflicts() if c.kind == "changed_figure")
    assert changed.label[:30] in cli(ledger, "conflicts", "--category", "other")
    assert "no conflicts" in cli(ledger, "conflicts", "--category", "killed")
