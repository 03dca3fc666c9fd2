"""Entity mentions: units, weapons, outlets, people with ranks and roles, one name per entity."""

from __future__ import annotations

import pytest

from claimledger.analyze.entities import extract_mentions
from claimledger.analyze.entities_norm import entity_id, normalise_mentions


def find(mentions, text, label=None):
    hits = [m for m in mentions if m.text == text and (label is None or m.label == label)]
    assert hits, f"no mention {text!r} ({label}) in {[(m.text, m.label) for m in mentions]}"
    return hits[0]


@pytest.fixture(scope="module")
def telegraph_m(telegraph_doc):
    mentions = extract_mentions(telegraph_doc)
    normalise_mentions(mentions)
    return mentions


@pytest.fixture(scope="module")
def express_m(express_doc):
    mentions = extract_mentions(express_doc)
    normalise_mentions(mentions)
    return mentions


def test_offsets_and_ids(telegraph_doc, telegraph_m):
    for m in telegraph_m:
        assert telegraph_doc.text[m.start:m.end] == m.text
        assert m.entity_id == entity_id(m.label, m.norm)
    assert [m.start for m in telegraph_m] == sorted(m.start for m in telegraph_m)


def test_units_and_weapons_in_telegraph(telegraph_m):
    assert find(telegraph_m, "155th Brigade").label == "UNIT"
    assert find(telegraph_m, "MK-20").label == "WEAPON"
    shells = find(telegraph_m, "155 mm artillery cluster shells", "WEAPON")
    assert shells.attrs["generic"] is True
    assert find(telegraph_m, "Cluster munitions", "WEAPON").norm == "cluster munitions"
    assert find(telegraph_m, "Kyiv Post").attrs["kind"] == "outlet"


def test_places_spacy_mislabels_are_relabelled(telegraph_m):
    vug = find(telegraph_m, "Vugledar")
    assert vug.label == "GPE" and vug.attrs["relabelled_from"] == "PERSON"
    assert {m.label for m in telegraph_m if m.text == "Bakhmut"} == {"GPE"}
    assert find(telegraph_m, "Ukrainian").label == "NORP"


def test_role_and_affiliation_of_qin_gang(telegraph_m):
    qin = find(telegraph_m, "Qin Gang", "PERSON")
    assert qin.attrs["role"] == "foreign minister" and qin.attrs["affiliation"] == "China"
    short = find(telegraph_m, "Qin", "PERSON")  # "Mr Qin": family name first
    assert short.norm == "Qin Gang" and short.entity_id == qin.entity_id and short.attrs["honorific"] == "Mr"


def test_shared_plural_role(telegraph_m):
    crow, smith = find(telegraph_m, "Jason Crow"), find(telegraph_m, "Adam Smith")
    assert crow.attrs["role"] == "Representatives" and crow.attrs["affiliation"] == "US"
    assert smith.attrs["role"] == "Representatives" and smith.attrs.get("role_shared")


def test_colonel_medvedev(express_doc, express_m):
    colonels = [m for m in express_m if m.label == "PERSON" and m.norm == "Yuri Medvedev"]
    assert len(colonels) >= 4  # "Colonel Yuri Medvedev" twice, "Colonel Medvedev" twice
    assert {m.entity_id for m in colonels} == {colonels[0].entity_id}
    full = next(m for m in colonels if m.text == "Yuri Medvedev")
    assert full.attrs["rank"] == "Colonel"
    assert express_doc.text[full.attrs["rank_start"]:full.attrs["rank_end"]] == "Colonel"
    assert all(m.attrs["rank"] == "Colonel" for m in colonels)
    assert any(m.attrs.get("role") == "brigade commander" for m in colonels)


def test_mr_tsimbalyuk_resolves(express_m):
    people = [m for m in express_m if m.label == "PERSON" and "Tsimbalyuk" in m.text]
    assert len(people) == 3 and {m.norm for m in people} == {"Roman Tsimbalyuk"}
    full = find(express_m, "Roman Tsimbalyuk")
    assert full.attrs["role"] == "journalist" and full.attrs["affiliation"] == "Ukrainian"
    assert find(express_m, "Putin").norm == "Vladimir Putin"
    assert find(express_m, "the Sun").attrs["kind"] == "outlet"
    assert find(express_m, "tank battalion").label == "UNIT"


@pytest.fixture(scope="module")
def other(nlp):
    text = (
        "Colonel-General Alexander Lapin, commander of the Central Military District, said troops had left Kherson. "
        "Fighters from the Wagner Group and the 72nd Mechanised Brigade, backed by Leopard 2A6 tanks, T-72s, "
        "HIMARS launchers and M777 howitzers, pushed back the 1st Guards Tank Army near Bakhmut. "
        "Kremlin spokesman Dmitry Peskov told reporters in Moscow that Lt Gen Sergei Surovikin was in charge. "
        "Ukraine's defence minister Oleksii Reznikov said Artemivsk would hold. Mr Reznikov added that a motor "
        "rifle division had fired 152-mm shells and cluster munitions, the Guardian reported, citing Reuters. "
        "Richard Wagner wrote operas. Wagner mercenaries took Soledar, Russia's Black Sea Fleet fired Kalibr "
        "missiles, and Defence Secretary Ben Wallace said Covid-19 was not a factor."
    )
    doc = nlp(text)
    mentions = extract_mentions(doc)
    normalise_mentions(mentions)
    return mentions


def test_other_units(other):
    for text in ("Wagner Group", "72nd Mechanised Brigade", "1st Guards Tank Army", "motor rifle division",
                 "Black Sea Fleet"):
        assert find(other, text).label == "UNIT", text
    assert find(other, "Wagner", "UNIT")  # "Wagner mercenaries"
    assert not [m for m in other if m.label == "UNIT" and m.start == find(other, "Richard Wagner").start]


def test_other_weapons(other):
    for text, norm in (("Leopard 2A6", "Leopard 2A6"), ("T-72s", "T-72"), ("HIMARS", "HIMARS"),
                       ("M777", "M777"), ("152-mm shells", "152-mm shells"), ("Kalibr", "Kalibr"),
                       ("cluster munitions", "cluster munitions")):
        m = find(other, text, "WEAPON")
        assert m.norm == norm
    assert not [m for m in other if m.text.startswith("Covid") and m.label == "WEAPON"]


def test_places_after_place_verbs(other):
    assert find(other, "Kherson").label == "GPE"  # "had left Kherson"
    assert find(other, "Soledar").label == "GPE"  # "took Soledar"
    assert find(other, "Richard Wagner").label == "PERSON"


def test_other_ranks_roles(other):
    lapin = find(other, "Alexander Lapin")
    assert lapin.attrs["rank"] == "Colonel General" and lapin.attrs["role"] == "commander"
    assert lapin.attrs["affiliation"] == "Central Military District"
    assert find(other, "Sergei Surovikin").attrs["rank"] == "Lieutenant General"
    peskov = find(other, "Dmitry Peskov")
    assert peskov.attrs["role"] == "spokesman" and peskov.attrs["affiliation"] == "Kremlin"
    rez = [m for m in other if m.norm == "Oleksii Reznikov"]
    assert len(rez) == 2 and all(m.attrs["role"] == "defence minister" for m in rez)
    assert find(other, "Oleksii Reznikov").attrs["affiliation"] == "Ukraine"
    assert find(other, "Ben Wallace").attrs["role"] == "Defence Secretary"
    assert find(other, "the Guardian").norm == "The Guardian" and find(other, "Reuters").attrs["kind"] == "outlet"


def test_normalise_across_segments(nlp):
    """The orchestrator normalises the mentions of several segments of one document together."""
    first = extract_mentions(nlp("Russian President Vladimir Putin spoke in Moscow."))
    second = extract_mentions(nlp("Putin said the 155th Separate Marine Brigade had failed."))
    third = extract_mentions(nlp("The 155th Brigade was withdrawn."))
    mentions = first + second + third
    normalise_mentions(mentions)
    putins = [m for m in mentions if m.label == "PERSON"]
    assert {m.norm for m in putins} == {"Vladimir Putin"} and len({m.entity_id for m in putins}) == 1
    assert putins[1].attrs["role"] == "President" and putins[1].attrs["attrs_from"] == "Vladimir Putin"
    units = [m for m in mentions if m.label == "UNIT"]
    assert {m.norm for m in units} == {"155th Separate Marine Brigade"}


def test_title_and_rank_leave_the_name(nlp):
    mentions = extract_mentions(nlp("Mr Zelensky met General Valery Zaluzhny."))
    normalise_mentions(mentions)
    assert [m.norm for m in mentions if m.label == "PERSON"] == ["Zelensky", "Valery Zaluzhny"]
    assert mentions[1].attrs["rank"] == "General"


def test_shifted_moves_every_offset(nlp):
    from claimledger.analyze.entities_offsets import shifted
    from claimledger.analyze.quantities import extract_quantities

    prefix = "Headline line.\n\n"
    text = "China's foreign minister Qin Gang said 750 out of 1,5000 Leopard 2 tanks and T-72s were hit."
    doc = nlp(text)
    full = prefix + text
    for m in extract_mentions(doc):
        moved = shifted(m, len(prefix))
        assert full[moved.start:moved.end] == m.text
        for key in ("role", "affiliation"):
            if key in m.attrs:
                assert full[moved.attrs[f"{key}_start"]:moved.attrs[f"{key}_end"]] == m.attrs[key]
    assert find(extract_mentions(doc), "Leopard 2", "WEAPON") and find(extract_mentions(doc), "T-72s", "WEAPON")
    part = next(q for q in extract_quantities(doc) if q.text == "750")
    moved = shifted(part, len(prefix))
    assert full[moved.counted_start:moved.counted_end] == part.counted
    assert full[moved.attrs["part_of"]["start"]:moved.attrs["part_of"]["end"]] == "1,5000"
    assert part.attrs["part_of"]["start"] == moved.attrs["part_of"]["start"] - len(prefix)  # copy, not in place


def test_a_town_tagged_as_a_nationality_after_a_place_cue(nlp):
    """ECB+ (an AFP report of the 2005 Qeshm quake): spaCy tags "Bam - -" NORP; after "the
    southeastern city of" it is the town, so the recalled quake there keeps its own place."""
    text = ("The rocky and barren island was hit almost two years after the southeastern city of Bam - - "
            "situated 300 kilometers (190 miles) to the north - - was destroyed in a quake that killed "
            "tens of thousands of people.")
    mentions = extract_mentions(nlp(text))
    assert [m.label for m in mentions if m.text.startswith("Bam")] == ["GPE"]
