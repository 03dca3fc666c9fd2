"""Scripts, style sheets and HTML comments that text dumps of news pages keep between
paragraphs (FNC-1 train bodies) are page furniture, not reporting."""

from __future__ import annotations

import csv

import pytest

from claimledger.analyze.pipeline import analyze_document
from claimledger.clean import clean_text
from claimledger.clean.code import code_reason
from tests.conftest import require_shared


@pytest.mark.parametrize(("line", "reason"), [
    ("mboxCreate('FoxNews-Politics-Autoplay-Videos-In-Articles');", "script"),
    ("brightcove.createExperiences();", "script"),
    ("OO.ready(function() { OO.Player.create('ooyalaplayer-Z3dGc2czrQVC', 'Z3dGc2czrQVC'); });", "script"),
    ('var CasaleArgs = new Object(); CasaleArgs.version = 2; CasaleArgs.adUnits = "4";', "script"),
    ("<!-- kmn_size = '300x250'; kmn_placement = '1c8834441f20e22a0aef009c095a6cab'; //-->", "html comment"),
    ("@media only screen and (min-width : 500px) {.ethanmobile { display: none; }}", "style sheet"),
    (".embed-container {position: relative; padding-bottom: 120%; height: 0; overflow: hidden;}", "style sheet"),
    ("&amp;amp;amp;amp;amp;nbsp;", "escaped entities"),
])
def test_code_lines_of_real_pages_are_named(line, reason):
    assert code_reason(line) == reason


@pytest.mark.parametrize("line", [
    "(Reporting by Ivan Castro; Writing by Gabriel Stargardter; Editing by Eric Walsh)",
    "Tarik Hassane, 21; Suhaib Majeed, 20; Nyall Hamlett, 24; and Momen Motasim, 21, all from London.",
    'One person said; "The spray paint is almost an improvement", while another wrote; "If you can."',
    "OTTAWA, Nov 30 (Reuters) - Canada is trying to confirm reports that a Canadian was captured.",
    "Ban Ki-moon (UN) said the talks would resume on Monday; no date was set.",
])
def test_prose_with_semicolons_and_brackets_is_no_code(line):
    assert code_reason(line) is None


def _fnc_body(body_id: str) -> str:
    csv.field_size_limit(1 << 30)
    with (require_shared("fnc1") / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        return next(r["articleBody"] for r in csv.DictReader(handle) if r["Body ID"] == body_id)


def test_a_player_script_opening_a_body_is_furniture_and_yields_no_entity():
    """FNC-1 body 14 opens with Fox News' ad-player call, then reports on weapons seized in Kobani."""
    cleaned = clean_text(_fnc_body("14"))
    text = cleaned.document.text
    first = cleaned.segments[0]
    assert text[first.start:first.end].startswith("mboxCreate(") and first.kind == "furniture"
    assert first.meta["reason"] == "script"
    analysis = analyze_document(cleaned)
    assert not any("mbox" in text[m.start:m.end] or "FoxNews" in text[m.start:m.end] for m in analysis.mentions)
    assert not any("mboxCreate" in text[c.start:c.end] for c in analysis.claims)
    assert any("Islamic State fighters seized a cache" in text[c.start:c.end] for c in analysis.claims)
