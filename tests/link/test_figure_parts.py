"""What a document's figures count, as the incident layer reads them: sentences of FNC-1 train
bodies whose figures were listed as conflicts in a fresh ledger of all 1,683 bodies although
they agree (parts of a total, a speaker, a fleet that lost nothing)."""

from __future__ import annotations

from claimledger.analyze.pipeline import analyze_document
from claimledger.clean import clean_text
from claimledger.link.figures import figures_in


def _figures(text: str):
    cleaned = clean_text(text)
    analysis = analyze_document(cleaned)
    return {f.text: f for f in figures_in(cleaned.document, cleaned.segments, analysis)}


def test_two_sides_dead_that_add_up_to_the_toll_before_are_its_parts():
    figures = _figures("Fighting between Islamist militiamen and rival forces loyal to a renegade general killed 31 "
                       "fighters on both sides, a security official said overnight. Hifter's side lost 20 fighters "
                       "while the militiamen had 11 killed, the official said.")
    assert not figures["31"].part
    assert figures["20"].part and figures["11"].part


def test_one_of_six_people_killed_is_a_part_of_the_six():
    figures = _figures("Ahmed Abdi Godane is believed one of six people killed when a drone fired on his two-car "
                       "convoy in Somalia on Monday night.")
    assert figures["one"].part and not figures["six"].part


def test_one_hostage_who_speaks_is_no_count_of_hostages():
    figures = _figures('The "Beatles" boasted that they had made millions from ransoms, as one hostage told the '
                       "newspaper. Militants held four hostages in the compound.")
    assert "one" not in figures and "four" in figures


def test_equipment_counted_without_a_loss_is_no_loss():
    quiet = analyze_document(clean_text("The three drones are routinely flown over Northern Iraq."))
    lost = analyze_document(clean_text("Militants shot down three drones over Northern Iraq."))
    assert [q.measure for q in quiet.quantities] == ["other"]
    assert [q.measure for q in lost.quantities] == ["equipment"]
