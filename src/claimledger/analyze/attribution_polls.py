"""Findings introduced by the poll or study that found them: "In the latest CNN poll, Clinton
led Trump by 5 points" — the poll is the source, "In" the cue, the main clause the content (no
verb of saying: the rules' cues miss it).  PolNeAR marks these so (train: 67 "In" cues, 40 of
them polls and surveys).
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.analyze.attribution_content import trim_chars
from claimledger.analyze.attribution_lexicon import cue_classes
from claimledger.analyze.attribution_rules import Candidate

POLL_CUE = "in"  # the cue lemma of "In <a poll>, …"
_FINDERS = frozenset({"poll", "survey", "study", "analysis", "report"})


def poll_candidates(doc: Doc) -> list[Candidate]:
    """"In <a poll / survey / study>, <finding>." at the start of a sentence."""
    out: list[Candidate] = []
    for sent in doc.sents:
        first = next((t for t in sent if not t.is_space), None)
        if first is None or first.lower_ != "in" or first.dep_ != "prep":
            continue
        obj = next((c for c in first.children if c.dep_ == "pobj"), None)
        verb = first.head
        if obj is None or obj.lemma_.lower() not in _FINDERS or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.lemma_.lower() in cue_classes():
            continue  # "In a statement, the ministry said …": the verb is the cue
        # the poll's phrase runs to the comma that closes the adjunct ("… poll released Monday,")
        comma = next((t for t in doc[obj.i:verb.i] if t.text == ","), None)
        if comma is None:
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.left_edge.i <= comma.i:
            continue
        source = (obj.left_edge.i, comma.i)
        content = trim_chars(doc, doc[subj.left_edge.i].idx, sent.end_char)  # the finding's clause
        if content[1] <= content[0]:
            continue
        out.append(Candidate(source, obj, (first.i, first.i + 1), POLL_CUE, content))
    return out
