"""One person across documents, on ECB+'s annotated person chains (dev topics) and on the
names a war-news ledger holds: what an analyst checks is that the names merged are one
person and the names kept apart are not."""

from __future__ import annotations

from benchmarks.entities import across, annotated_sentences, b_cubed, per_document, read_document
from claimledger.analyze.people_merge import merge_people, name_key
from tests.conftest import require_shared


def test_merging_across_documents_finds_more_of_each_person_without_losing_precision():
    data = require_shared("news_clustering")
    annotated = annotated_sentences(data)
    gold = {}
    for topic in (2, 5, 12, 18, 21, 23, 34, 35):  # the dev topics
        for path in sorted((data / "ecbplus_xml" / str(topic)).glob("*.xml")):
            gold.update(read_document(path, annotated))
    mentions = sorted(gold)
    exact = b_cubed(gold, {m: m[2] for m in mentions})
    merged = b_cubed(gold, across(per_document(mentions)))
    assert merged[1] > exact[1] + 0.3  # recall: "Obama" and "Barack Obama" in other reports are one
    assert merged[0] >= exact[0] - 0.02 and merged[2] > 0.9


def test_titles_spellings_and_surnames_are_one_person_and_other_people_stay_apart():
    names = {"Vladimir Putin": 30, "President Vladimir Putin": 2, "President Putin": 4, "Putin": 12, "Volodymyr Zelenskyy": 20,
             "Volodymyr Zelensky": 9, "Wolodymyr Zelenskiy": 1, "Zelenskiy": 2, "Yevgeny Prigozhin": 6,
             "Yevgeny Prighozin": 1, "Prigozhin": 5,
             "Dmitry Peskov": 3, "Dmitry Medvedev": 3, "Medvedev": 1, "Roman Tsimbalyuk": 1, "Yuri Medvedev": 2}
    people = merge_people(names)
    putin = {n for n, p in people.items() if p.name == "Vladimir Putin"}
    assert putin == {"Vladimir Putin", "President Vladimir Putin", "President Putin", "Putin"}
    assert people["Putin"].names["President Vladimir Putin"] == "spelling"  # a title, nothing else
    assert people["Putin"].names["President Putin"] == people["Putin"].names["Putin"] == "surname"
    zelensky = {n for n, p in people.items() if p.name == "Volodymyr Zelenskyy"}
    assert zelensky == {"Volodymyr Zelenskyy", "Volodymyr Zelensky", "Wolodymyr Zelenskiy", "Zelenskiy"}
    prigozhin = people["Prigozhin"]
    assert prigozhin.name == "Yevgeny Prigozhin" and prigozhin.names["Yevgeny Prighozin"] == "spelling"
    assert people["Dmitry Peskov"] is not people["Dmitry Medvedev"]  # same first name, another surname
    assert people["Medvedev"].name == "Medvedev"  # two Medvedevs, neither named far more often: no guess
    assert name_key("President-elect Barack Obama") == name_key("Barack Obama")
