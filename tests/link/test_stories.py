"""Stories: incremental clustering of articles and live-blog entries."""

from __future__ import annotations

import json

from claimledger.clean import clean_text
from claimledger.link.stories import StoryIndex, UnitVector, similarity, terms
from claimledger.link.units import Unit, build_units, proxy_entities
from tests.conftest import require_shared


def unit(uid, text, title=None, published=None, seq=1, entities=()):
    return Unit(id=uid, doc_id=uid, entry=None, text=text, title=title, published=published, seq=seq,
                entities=set(entities) or proxy_entities(text))


def test_terms_stem_and_drop_stop_words():
    counts = terms("The troops said the troop's tanks were lost", title="Tanks lost")
    assert counts["troop"] == 2 and counts["tank"] == 2 and "the" not in counts and "said" not in counts


def test_live_blog_entries_are_their_own_units(telegraph, express):
    units = build_units(telegraph.document, telegraph.segments, 1)
    assert [u.entry for u in units] == [0, 1, 2, 3]
    assert units[0].title.startswith("Ukraine live")  # the blog's headline speaks of its lead entry
    assert units[2].title.startswith("Mud hampers") and "Bakhmut" in units[2].text
    assert all("Enter comments" not in u.text and "putinazis" not in u.text for u in units)
    [article] = build_units(express.document, express.segments, 2)
    assert article.entry is None and "sign-up" not in article.text and "Read Full Article" not in article.text


def test_same_event_joins_other_event_opens_a_story():
    index = StoryIndex()
    a = index.add(unit("a", "Russian forces shelled the city of Kharkiv overnight, killing four civilians, "
                            "regional governor Oleh Synehubov said.", "Kharkiv shelled overnight"))
    b = index.add(unit("b", "Four civilians were killed when Russian forces shelled Kharkiv overnight, the "
                            "governor Oleh Synehubov said on Telegram.", "Shelling kills four in Kharkiv", seq=2))
    c = index.add(unit("c", "The central bank raised interest rates by half a point to curb inflation, its "
                            "governor said after the meeting.", "Central bank raises rates", seq=3))
    index.finalize()  # stories are components: named once every unit is in
    assert a.new and not b.new and b.story == a.story
    assert c.new and c.story != a.story
    assert b.evidence["cosine"] > 0.3 and "kharkiv" in b.evidence["shared_terms"]
    assert "oleh synehubov" in b.evidence["shared_entities"]


def test_time_window_keeps_a_later_event_apart():
    index = StoryIndex()
    text = "Russian forces shelled the city of Kharkiv, killing four civilians, governor Oleh Synehubov said."
    a = index.add(unit("a", text, "Kharkiv shelled", published="2022-03-01"))
    b = index.add(unit("b", text, "Kharkiv shelled", published="2022-03-05", seq=2))
    c = index.add(unit("c", text, "Kharkiv shelled", published="2022-09-01", seq=3))
    index.finalize()
    assert b.story == a.story and c.story != a.story


def test_a_reloaded_index_links_like_the_one_that_stored_it():
    index = StoryIndex()
    first = index.add(unit("a", "Ukraine is seeking the MK-20 cluster bomb to release its bomblets from drones, "
                                "US Representatives Jason Crow and Adam Smith said.", "Ukraine wants cluster bombs"))
    index.finalize()
    stored = index.units["a"].to_data()
    reloaded = StoryIndex()
    reloaded.load_unit(UnitVector.from_data("a", "a", None, json.loads(json.dumps(stored))), first.story)
    text = ("Kyiv asked Congress for MK-20 cluster bombs so that drones can drop the bomblets, said Jason Crow "
            "and Adam Smith.")
    again, fresh = reloaded.add(unit("b", text, "Cluster bombs for drones", seq=2)), \
        index.add(unit("b", text, "Cluster bombs for drones", seq=2))
    reloaded.finalize()
    index.finalize()
    assert again.story == fresh.story == first.story and again.score == fresh.score


def test_a_unit_that_bridges_two_stories_merges_them_whatever_the_order():
    kharkiv = ("Russian forces shelled the city of Kharkiv overnight, killing four civilians, regional governor "
               "Oleh Synehubov said.", "Kharkiv shelled overnight")
    bridge = ("Russian forces shelled Kharkiv and Izium overnight, killing four civilians in Kharkiv and two in "
              "Izium, governor Oleh Synehubov said.", "Kharkiv and Izium shelled")
    izium = ("Two civilians were killed when Russian forces shelled Izium overnight, governor Oleh Synehubov "
             "said.", "Izium shelled")
    results = []
    for order in ([kharkiv, izium, bridge], [bridge, izium, kharkiv]):
        index = StoryIndex()
        done = {title: index.add(unit(title, text, title)) for text, title in order}
        index.finalize()
        results.append(len({a.story for a in done.values()}))
    assert results == [1, 1]  # the bridge joins both, arriving first or last


def test_ecb_documents_of_one_event_share_stories():
    import json

    path = require_shared("news_clustering") / "ecbplus_documents_dev.jsonl"
    docs = [json.loads(line) for line in path.open(encoding="utf-8")][:60]
    index = StoryIndex()
    added, gold = [], []
    for i, d in enumerate(docs):
        sentences = d["sentences"][d["first_sentence_index"]:]
        if not sentences:
            continue
        cleaned = clean_text("\n\n".join(sentences))
        added.append(index.add(build_units(cleaned.document, cleaned.segments, i + 1)[0]))
        gold.append(d["cluster_id"])
    index.finalize()
    pred = [a.story for a in added]
    same_gold = [(i, j) for i in range(len(gold)) for j in range(i) if gold[i] == gold[j]]
    together = sum(pred[i] == pred[j] for i, j in same_gold) / len(same_gold)
    diff_gold = [(i, j) for i in range(len(gold)) for j in range(i) if gold[i] != gold[j]]
    apart = sum(pred[i] != pred[j] for i, j in diff_gold) / len(diff_gold)
    assert together > 0.5 and apart > 0.9  # two events of one kind per topic: the hard part


def test_a_packed_unit_vector_gives_back_its_vector_and_scores_as_the_dict_did():
    """Unit vectors are held packed (sorted terms, an array of their weights); the stored vector and
    the pair's score are those of the dict they came from."""
    a = UnitVector.of(unit("a", "Ukraine is seeking the MK-20 cluster bomb to release its bomblets from drones, "
                                "US Representatives Jason Crow and Adam Smith said.", "Ukraine wants cluster bombs"))
    b = UnitVector.of(unit("b", "Kyiv asked Congress for MK-20 cluster bombs so that drones can drop the bomblets, "
                                "said Jason Crow and Adam Smith.", "Cluster bombs for drones", seq=2))
    stored = json.loads(json.dumps(a.to_data()))
    assert list(stored["vec"]) == sorted(stored["vec"]) and stored["vec"] == a.vec
    again = UnitVector.from_data("a", "a", None, stored)
    assert again.terms == a.terms and list(again.weights) == list(a.weights) and again.keys == a.keys
    shared = sorted(a.vec.keys() & b.vec.keys())
    assert shared and similarity(again, b)[1]["cosine"] == round(sum(a.vec[t] * b.vec[t] for t in shared), 4)
    assert similarity(a, b) == similarity(again, b)


def test_stop_words_are_scikit_learns_without_importing_it_whole():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from claimledger.link.stories import STOP, _english_stop_words

    assert _english_stop_words() == ENGLISH_STOP_WORDS and ENGLISH_STOP_WORDS <= STOP
