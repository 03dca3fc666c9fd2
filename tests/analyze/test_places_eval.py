"""The geoparsing scorer: gold, neutral spans, overlap, distance, and the three XML layouts."""

from __future__ import annotations

from claimledger.analyze.places_eval import GoldArticle, GoldSpan, PredictedPlace, Score, load_articles, split_of

TEXT = "Troops left Aleppo for Idlib; the Damascus government and Kremlin said."


def _article() -> GoldArticle:
    aleppo, idlib = TEXT.index("Aleppo"), TEXT.index("Idlib")
    damascus, kremlin = TEXT.index("Damascus"), TEXT.index("Kremlin")
    return GoldArticle("1", TEXT, [
        GoldSpan(aleppo, aleppo + 6, 36.20, 37.16),
        GoldSpan(idlib, idlib + 5, 35.93, 36.63),
        GoldSpan(damascus, damascus + 8, 33.51, 36.29),
        GoldSpan(kremlin, kremlin + 7),  # annotated without coordinates: neutral
    ])


def test_score_counts_overlap_distance_and_neutral_spans():
    score = Score()
    aleppo, idlib, kremlin = TEXT.index("Aleppo"), TEXT.index("Idlib"), TEXT.index("Kremlin")
    predicted = [
        PredictedPlace(aleppo, aleppo + 6, 36.21, 37.15),  # right
        PredictedPlace(idlib, idlib + 5, 40.0, -75.0),  # found, resolved far away
        PredictedPlace(kremlin, kremlin + 7, 55.75, 37.62),  # on a neutral span: neither right nor wrong
        PredictedPlace(0, 6, 40.0, 40.0),  # "Troops": a false positive
    ]
    score.add(_article(), predicted)
    assert (score.gold, score.found, score.resolved) == (3, 2, 1)
    assert score.precision == 2 / 3 and score.recall == 2 / 3
    assert score.accuracy_found == 0.5 and abs(score.end_to_end - 1 / 3) < 1e-9


def test_layouts_are_read_and_drifted_offsets_snapped(tmp_path):
    gaztag = tmp_path / "gaztag.xml"
    gaztag.write_text(
        '<articles><article docid="7"><text>Troops left Aleppo.</text><toponyms><toponym><phrase>Aleppo</phrase>'
        '<start>14</start><end>20</end><gaztag geonameid="170063"><name>Aleppo</name><fclass>P</fclass>'
        '<lat>36.20</lat><lon>37.16</lon></gaztag></toponym></toponyms></article></articles>', encoding="utf-8")
    (art,) = load_articles(gaztag)
    assert art.key == "7" and (art.spans[0].start, art.spans[0].end) == (12, 18)  # snapped to "Aleppo"
    gwn = tmp_path / "gwn.xml"
    gwn.write_text(
        '<articles><article file="3"><text>Paris and Apple.</text><toponyms>'
        '<toponym><extractedName>Paris</extractedName><start>0</start><end>5</end><type>Literal</type>'
        '<nonLocational>No</nonLocational><latitude>48.85</latitude><longitude>2.35</longitude></toponym>'
        '<toponym><extractedName>Apple</extractedName><start>10</start><end>15</end><type>Non_Toponym</type>'
        '<nonLocational>Yes</nonLocational><latitude>1</latitude><longitude>1</longitude></toponym>'
        '</toponyms></article></articles>', encoding="utf-8")
    (art,) = load_articles(gwn)
    assert [s.located for s in art.spans] == [True, False]
    virus = tmp_path / "virus.xml"
    virus.write_text('<articles><article><source>x</source><text>Flu in Lagos.</text><locations><location>'
                     '<name>Lagos</name><start>7</start><end>12</end><lat>6.45</lat><lon>3.39</lon>'
                     '</location></locations></article></articles>', encoding="utf-8")
    (art,) = load_articles(virus)
    assert art.spans == [GoldSpan(7, 12, 6.45, 3.39)]


def test_split_is_deterministic_and_about_a_quarter():
    parts = [split_of(str(i)) for i in range(400)]
    assert parts == [split_of(str(i)) for i in range(400)]
    assert 60 < parts.count("dev") < 140


def test_optional_predictions_are_right_on_gold_and_never_wrong_elsewhere():
    score = Score()
    aleppo = TEXT.index("Aleppo")
    predicted = [PredictedPlace(aleppo, aleppo + 6, 36.2, 37.16, optional=True),
                 PredictedPlace(0, 6, 40.0, 40.0, optional=True)]
    score.add(_article(), predicted)
    assert score.true_pos == 1 and score.precision == 1.0 and score.strict_precision == 0.5
