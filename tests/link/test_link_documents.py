"""Acceptance on a syndication chain built from the samples: copies, stories, conflicts, provenance, CLI."""

from __future__ import annotations

from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.link import link_documents
from claimledger.link.provenance import trace
from claimledger.store import Ledger, links


def _links(chain):
    return {(chain.name(l["src"]), chain.name(l["dst"])): l for l in links.doc_links(chain.ledger)}


def test_copies_linked_with_the_right_direction(plain_chain):
    found = _links(plain_chain)
    # the excerpt was ingested before the original but published after it
    assert found[("express", "excerpt")]["kind"] == "excerpt"
    assert found[("express", "excerpt")]["basis"] == "published"
    assert found[("express", "furniture")]["kind"] == "duplicate"
    assert found[("express", "changed")]["kind"] == "duplicate"
    assert ("express", "paraphrase") in found
    assert found[("telegraph", "entry")]["basis"] == "order_unknown"  # both undated: the fuller text first
    assert not any({"express", "telegraph"} == set(pair) for pair in found)
    for link in found.values():
        assert link["evidence"]["shared_shingles"] >= 8 and link["score"] >= 0.6


def test_stories_copies_join_and_entries_stand_alone(plain_chain):
    c = plain_chain
    stories = {m["unit_id"]: s["id"] for s in links.list_stories(c.ledger, limit=None)
               for m in links.story(c.ledger, s["id"])["members"]}
    express_story = stories[c.ids["express"]]
    for name in ("excerpt", "furniture", "changed", "paraphrase"):
        assert stories[c.ids[name]] == express_story
    blog = c.ids["telegraph"]
    entries = [stories[f"{blog}#e{i}"] for i in range(4)]
    assert len(set(entries)) == 4 and express_story not in entries
    # the entry republished as an article joins its entry's story, not the blog's lead
    assert stories[c.ids["entry"]] == entries[2]


def test_relinking_is_a_no_op_and_new_documents_join(plain_chain, tmp_path, express):
    assert link_documents(plain_chain.ledger).documents == []
    ledger = Ledger(tmp_path / "inc.db")
    from claimledger.clean import clean_text
    from claimledger.demo import sample_text

    import corpus as C

    ledger.add(clean_text(sample_text("express"), outlet="Express"))
    first = link_documents(ledger)
    ledger.add(C.clean(C.with_new_furniture(express), outlet="Reposter"))
    second = link_documents(ledger)
    assert len(first.documents) == 1 and len(second.documents) == 1
    [link] = second.doc_links
    assert link.basis == "order_unknown" and second.assignments[0].story == first.assignments[0].story


def test_the_express_figures_are_one_conflict_with_three_sources(chain):
    conflicts = links.list_conflicts(chain.ledger, kind="figures")
    express = chain.ids["express"]
    with_all = [c for c in conflicts if {"498", "over 7,000", "over 15,000"} <=
                {f["text"] for f in c["figures"] if f["doc_id"] == express}]
    assert len(with_all) == 1
    conflict = with_all[0]
    assert conflict["n_sources"] == 3
    sources = {f["source"].casefold() for f in conflict["figures"] if f["doc_id"] == express}
    assert len(sources) == 3 and any("defence ministry" in s for s in sources)
    assert any("us" in s.split() for s in sources) and any("ukrainian" in s for s in sources)
    # the copy's changed figure and the paraphrase's figure sit beside the original ones
    texts = {(chain.name(f["doc_id"]), f["text"].split()[-1]) for f in conflict["figures"]}
    assert ("changed", chain.figures["changed"][1]) in texts
    assert ("paraphrase", chain.figures["paraphrase"][1]) in texts
    # wounded, the malformed "1,5000" and the part-of-total "750 out of" stay out
    assert not {"1,500", "1,5000", "750"} & {f["text"] for f in conflict["figures"]}


def test_a_changed_figure_in_a_copy_is_a_conflict(chain):
    changed = [c for c in links.list_conflicts(chain.ledger, kind="changed_figure")
               if chain.ids["changed"] in {f["doc_id"] for f in c["figures"]}]
    assert len(changed) == 1
    old, new = chain.figures["changed"]
    [change] = changed[0]["evidence"]["changes"]
    assert (change["src_text"], change["dst_text"]) == (old, new)
    assert chain.name(changed[0]["figures"][0]["doc_id"]) == "express"  # against the earliest original


def test_provenance_explicit_chain_and_implicit_copies(chain):
    members = links.claim_membership  # noqa: F841 (public reader used by trace)
    groups = [g for g in links.claim_groups(chain.ledger, min_docs=3, limit=None) if "Kremlin soldier" in g["label"]]
    assert groups, "the Tsimbalyuk claim is grouped across the copies"
    t = trace(chain.ledger, groups[0]["first_claim"])
    assert t.earliest["doc_id"] == chain.ids["express"]
    source = t.root.children[0]
    assert "Tsimbalyuk" in source.label and source.kind == "source"
    assert source.children[0].label == "the Sun" and source.children[0].kind == "intermediary"
    doc = source.children[0].children[0]
    assert doc.doc_id == chain.ids["express"] and doc.detail["earliest"]
    copied = {chain.name(n.doc_id) for n in doc.children}
    assert {"excerpt", "furniture", "changed"} <= copied
    assert any(e["kind"] == "copied" for e in t.edges) and any(e["kind"] == "cites" for e in t.edges)


def test_cli_commands(chain):
    runner = CliRunner()
    db = str(chain.ledger.url).removeprefix("sqlite:///")
    out = runner.invoke(app, ["stories", "--db", db])
    assert out.exit_code == 0 and "stories" in out.output
    out = runner.invoke(app, ["story", "1", "--db", db])
    assert out.exit_code == 0 and "documents and live-blog entries" in out.output
    out = runner.invoke(app, ["conflicts", "--db", db, "--kind", "figures"], terminal_width=200)
    assert out.exit_code == 0 and "498" in out.output and "15,000" in out.output
    out = runner.invoke(app, ["conflicts", "--db", db, "--entity", "no such name anywhere"])
    assert out.exit_code == 0 and "no conflicts" in out.output
    groups = links.claim_groups(chain.ledger, min_docs=3, limit=1)
    out = runner.invoke(app, ["trace", groups[0]["first_claim"], "--db", db], terminal_width=200)
    assert out.exit_code == 0 and "earliest" in out.output
    out = runner.invoke(app, ["trace", "nope:1", "--db", db])
    assert out.exit_code == 1
    assert runner.invoke(app, ["story", "99999", "--db", db]).exit_code == 1


def test_cli_ingest_links_the_new_documents(tmp_path):
    from claimledger.demo import sample_paths

    db = str(tmp_path / "cli.db")
    out = CliRunner().invoke(app, ["ingest", *map(str, sample_paths()), "--db", db, "--no-analyze", "-q"])
    assert out.exit_code == 0 and "linked: 2 documents" in out.output
    assert len(links.list_stories(Ledger(db), limit=None)) >= 4
    out = CliRunner().invoke(app, ["ingest", *map(str, sample_paths()), "--db", db, "--no-analyze", "-q", "--no-link"])
    assert out.exit_code == 0 and "linked" not in out.output


def test_a_document_analysed_after_linking_gets_claim_groups_and_conflicts(tmp_path, express, chain):
    from claimledger.analyze.pipeline import analyze_document

    ledger = Ledger(tmp_path / "late.db")
    ledger.add(express)
    assert link_documents(ledger).memberships == []
    ledger.set_analysis(express.document.id, analyze_document(express))
    late = link_documents(ledger)
    assert late.documents == [] and len(late.memberships) == len(ledger.analysis(express.document.id).claims)
    assert [len({f.source for f in c.figures}) for c in late.figure_conflicts] == [3]
    assert link_documents(ledger).memberships == []  # nothing left to do


def test_a_later_run_checks_copies_against_stored_shingles_as_against_the_text(tmp_path, express):
    """The copy check of a later run reads an earlier document's stored shingles; a sketch stored
    without them (linked before they were kept) is shingled from its text: the same link."""
    import numpy as np
    from sqlalchemy import text

    from claimledger.clean import clean_text
    from claimledger.demo import sample_text
    from claimledger.link.duplicates import paragraph_shingles
    from claimledger.link.units import paragraphs

    import corpus as C

    found = []
    for name, forget in (("kept.db", False), ("forgotten.db", True)):
        ledger = Ledger(tmp_path / name)
        cleaned = clean_text(sample_text("express"), outlet="Express")
        ledger.add(cleaned)
        original = cleaned.document.id
        link_documents(ledger)
        with ledger.engine.begin() as conn:
            blob = conn.execute(text("SELECT shingles FROM link_sketches WHERE doc_id = :d"), {"d": original}).scalar()
            if forget:
                conn.execute(text("UPDATE link_sketches SET shingles = NULL"))
        expected = paragraph_shingles(paragraphs(ledger.document(original), ledger.segments(original)))[0]
        assert np.array_equal(np.frombuffer(blob, dtype=np.uint32), expected)
        ledger.add(C.clean(C.with_new_furniture(express), outlet="Reposter"))
        [link] = link_documents(ledger).doc_links
        [stored] = links.doc_links(ledger)  # a link's evidence is in the ledger, not the report
        found.append((original in (link.src, link.dst), link.kind, link.jaccard, link.containment,
                      stored["evidence"]["shared_shingles"]))
    assert found[0] == found[1] and found[0][0] and found[0][4] > 50
