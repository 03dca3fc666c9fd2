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


BENGHAZI = ("Fighting between Islamist militiamen and rival forces loyal to a renegade general killed 31 fighters "
            "on both sides, a security official said overnight.\n\nThe fighting erupted late on Monday, with forces "
            "and fighter jets belonging to General Khalifa Hifter pounding positions of Islamist militias called The "
            "Benghazi Revolutionary Shura Council, said the official.\n\nThe issue of foreign military intervention "
            "is one of the most debated in the country. Earlier this month, unknown parties carried out air strikes "
            "in Tripoli, bombing Islamist-allied militias’ positions. American officials confirmed reports that Egypt "
            "and the United Arab Emirates were behind the two air strikes.\n\nThe hours-long clashes concentrated "
            "around the city’s Benina airport and the militiamen responded with artillery, added the official, "
            "speaking on condition of anonymity because he was not authorised to talk to the media.\n\nHifter’s side "
            "lost 20 fighters while the militiamen had 11 killed, and 36 fighters in all were wounded, the official "
            "said.")


def test_two_sides_dead_that_add_up_to_the_toll_before_are_its_parts():
    # FNC-1 (AFP from Benghazi): the split comes four paragraphs after the total
    figures = _figures(BENGHAZI)
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


def test_a_count_the_analysis_measured_other_is_not_mapped_back_to_killed():
    """FNC-1 (the Quebec ramming): the analysis reads "assault two Canadian soldiers, one of whom
    later died" as two assaulted; the incident layer mapped that "other" back to the killed."""
    figures = _figures("On Monday, 25-year-old Martin Rouleau, of Saint-Jean-sur-Richeleau, southeast of Montreal, "
                       "used his car to assault two Canadian soldiers, one of whom later died of his wounds.")
    assert figures["two"].measure == "other" and figures["one"].measure == "killed"
