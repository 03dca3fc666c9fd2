"""What a unit's attributions say about each other: the kind of each (direct, mixed, indirect)
from the quotations its content holds, quotations that continue a direct attribution, chains of
intermediaries (an attribution nested in another's content), and pronouns and short forms
resolved to an earlier source."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.analyze.attribution_content import token_chars, trim_chars
from claimledger.analyze.attribution_lexicon import INTENT, PRONOUNS, RESOLVABLE_PRONOUNS, cue_classes
from claimledger.analyze.attribution_quotes import Quote, doc_text, quote_at
from claimledger.analyze.attribution_rules import Candidate
from claimledger.analyze.attribution_sources import antecedent, compatible, fuller_form, is_plural, np_span, source_kind
from claimledger.records import Attribution, SourceRef


def _quotes_around_clause(doc: Doc, att: Candidate, quotes: list[Quote]) -> bool:
    """"“A,” he said, “B.”": the content is quoted words and its own reporting clause only."""
    start, end = att.content
    inside = [q for q in quotes if q.double and start <= q.start and q.end <= end]
    if len(inside) < 2:
        return False
    covered = [(q.start, q.end) for q in inside] + [token_chars(doc, *att.source), token_chars(doc, *att.cue)]
    text = doc_text(doc)
    return all(ch.isspace() or ch in ",;:—–-" or any(a <= k < b for a, b in covered)
               for k, ch in enumerate(text[start:end], start))


def expand_to_quotes(doc: Doc, att: Candidate, quotes: list[Quote]) -> None:
    """Content cut inside a quotation grows to the whole quotation; set the kind."""
    start, end = att.content
    cue_at = doc[att.cue[0]].idx
    for q in quotes:
        if not q.double or q.start <= cue_at < q.end:  # a cue inside the quotation is the speaker's
            continue
        if q.start < start < q.end <= end + 2 or start <= q.start < end < q.end:
            if q.words(doc_text(doc)) >= 3:
                start, end = min(start, q.start), max(end, q.end)
    att.content = (start, end)
    whole = quote_at(quotes, start, end)
    long_single = whole is not None and whole.words(doc_text(doc)) >= 3
    if whole is not None and (whole.double or long_single) and whole.start >= start - 1 and whole.end <= end + 1:
        att.kind = "direct"
    elif _quotes_around_clause(doc, att, quotes):
        att.kind = "direct"
    elif any(q.double and start <= q.start and q.end <= end and q.words(doc_text(doc)) >= 3 for q in quotes):
        att.kind = "mixed"
    elif any(start <= q.start and q.end <= end for q in quotes):
        att.kind = "mixed"


def continuations(doc: Doc, atts: list[Candidate], quotes: list[Quote]) -> list[Candidate]:
    """Quotations without a cue that follow a direct attribution: the same speaker goes on."""
    extra: list[Candidate] = []
    covered = [a.content for a in atts]
    for q in quotes:
        if not q.double or q.words(doc_text(doc)) < 4:
            continue
        if any(s <= q.start < e or q.start <= s < q.end for s, e in covered):
            continue
        prev = [a for a in atts + extra if a.kind == "direct" and a.content[1] <= q.start]
        if not prev:
            continue
        last = max(prev, key=lambda a: a.content[1])
        gap = doc_text(doc)[last.content[1]:q.start]
        cue_end = doc[last.cue[1] - 1].idx + len(doc[last.cue[1] - 1].text)
        if gap.count("\n\n") > 1 or gap.count("\n") > 2 or len(gap) > 400:
            continue
        if max(cue_end, last.content[1]) > q.start:
            continue
        between = [a for a in atts if last.content[1] <= a.content[0] < q.start]
        if between:
            continue
        extra.append(Candidate(last.source, last.head, last.cue, last.cue_lemma, trim_chars(doc, q.start, q.end),
                          list(last.via), "direct"))
    return extra


def _self_reference(doc: Doc, inner: Candidate, outer: Candidate) -> bool:
    """"He says he believes …", "“I think …,” she said": the inner speaker is the outer one."""
    low = doc[inner.source[0]:inner.source[1]].text.lower()
    if low in ("i", "we", "me", "us"):
        return True
    if low not in RESOLVABLE_PRONOUNS:
        return False
    kind = source_kind(doc, *outer.source, outer.head, outer.cue_lemma)
    plural = is_plural(doc, *outer.source, outer.head)
    if low in ("he", "she"):  # NER often misses a bare surname: only a group rules it out
        return not plural and kind != "group"
    return compatible(low, kind, plural)


def _content_head(doc: Doc, att: Candidate) -> int | None:
    """Index of the token heading the content: the one whose head lies outside it."""
    span = doc.char_span(att.content[0], att.content[1], alignment_mode="expand")
    if span is None:
        return None
    tops = [t for t in span if not t.is_punct and not t.is_space and not (span.start <= t.head.i < span.end)]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    return (verbs or tops)[0].i if tops else None


def _coordinated_apart(doc: Doc, inner: Candidate, outer: Candidate) -> int | None:
    """Where the outer content should end when the inner cue is no part of the outer cue's
    clause — reported speech depends on its cue, so a content that runs on into a clause
    coordinated with the sentence ("with some claiming they were told … and others assured
    …") took in another voice; ``None`` when the inner cue is the outer's dependent."""
    if outer.kind == "direct" or inner.kind == "direct":
        return None
    if inner.cue[0] in {t.i for t in doc[outer.cue[1] - 1].subtree}:
        return None
    start = min(inner.source[0], inner.cue[0])
    while start > 0 and doc[start - 1].dep_ in ("cc", "punct") and doc[start - 1].idx > outer.content[0]:
        start -= 1
    end = doc[start - 1].idx + len(doc[start - 1].text) if start > 0 else outer.content[0]
    return end if outer.content[0] < end < outer.content[1] else None


def _only_carries(doc: Doc, outer: Candidate, inner: Candidate) -> bool:
    """The outer content is the inner attribution and nothing else ("X, according to a video ...,
    the agency said"): one claim, the video's through the agency, not two."""
    text, (pos, end) = doc_text(doc), outer.content
    for a, b in sorted([inner.content, token_chars(doc, *inner.cue), token_chars(doc, *inner.source)]):
        if any(ch.isalnum() for ch in text[pos:min(a, end)]):
            return False  # words of the outer content outside the inner attribution
        pos = max(pos, b)
    return not any(ch.isalnum() for ch in text[pos:end])


def _clause_content(doc: Doc, att: Candidate) -> bool:
    """The content is a clause (headed by a verb) or holds a quotation, not a noun phrase."""
    head = _content_head(doc, att)
    return head is None or doc[head].pos_ in ("VERB", "AUX") or att.kind != "indirect"


def _reported_event(doc: Doc, inner: Candidate, outer: Candidate) -> bool:
    """An inner cue outside the lexicon whose content is no clause, inside an "according to"
    content, is what the source reports happened, not someone speaking ("… attended the meeting
    alone, according to a pool report": the tagger's cue "attended" folded the report into a
    chain and lost it).  Tune part of PolNeAR train (fit-part CRFs): combined all-spans 50.8 /
    71.7 -> 50.9 / 71.9, cue 68.0 -> 68.2; dropping clause contents too ("has decreed that …")
    51.0 / 72.0, but it loses speech the ledger keeps as a chain; after any lexicon cue: 51.0."""
    if outer.cue_lemma != "according to" or inner.cue_lemma in cue_classes() or inner.cue_lemma in INTENT:
        return False
    return inner.cue_lemma != "according to" and not _clause_content(doc, inner)


def nest_chains(doc: Doc, atts: list[Candidate]) -> list[Candidate]:
    """Chains: an attribution inside another's content takes the outer source as intermediary;
    one where the speaker only goes on about their own view is folded into the outer one."""
    drop: set[int] = set()
    for i, outer in enumerate(atts):
        for j, inner in enumerate(atts):
            if i == j or i in drop or j in drop:
                continue
            cue_at = doc[inner.cue[0]].idx
            src_at = doc[inner.source[0]].idx
            if not (outer.content[0] <= cue_at < outer.content[1] and outer.content[0] <= src_at < outer.content[1]):
                continue
            if _reported_event(doc, inner, outer):
                drop.add(j)
                continue
            cut = _coordinated_apart(doc, inner, outer)
            if cut is not None:  # "some claiming X and others assured Y": two voices, not a chain
                outer.content = (outer.content[0], cut)
                continue
            if _self_reference(doc, inner, outer):
                drop.add(j)
                continue
            if inner.source != outer.source and all(v.start != src_at for v in outer.via):
                # a chain never passes through its own speaker again
                a, b = token_chars(doc, *outer.source)
                inner.via = inner.via + [SourceRef(text=doc_text(doc)[a:b], start=a, end=b,
                                                   kind=source_kind(doc, *outer.source, outer.head, outer.cue_lemma))]
                inner.via += outer.via
            # the outer one only carries the inner one when the inner cue heads its content and
            # says a clause or quotation: "Kiedis said his band … wrote a host of new songs" is
            # Kiedis speaking about a deed (tune part, fit-part CRFs: combined 50.9 / 71.9 ->
            # 51.0 / 72.0, source 74.1 -> 74.3)
            if outer.kind != "direct" and _clause_content(doc, inner) and (
                    _content_head(doc, outer) == inner.cue[1] - 1 or _only_carries(doc, outer, inner)):
                drop.add(i)
    return [a for k, a in enumerate(atts) if k not in drop]


def resolve_sources(doc: Doc, atts: list[Candidate], records: list[Attribution]) -> None:
    """Pronouns and short forms to the nearest compatible earlier source; chains carried over."""
    history: list[dict] = []
    gender: dict[str, str] = {}  # person name -> the pronoun ("he"/"she") already used for them
    for att, rec in zip(atts, records):
        src = rec.source
        head = att.head
        plural = is_plural(doc, *att.source, head)
        a, b = token_chars(doc, *att.core) if att.core else (src.start, src.end)
        own = doc_text(doc)[a:b] if att.core else src.text
        low = own.lower()
        target = None
        if low in RESOLVABLE_PRONOUNS:
            target = antecedent(low, [h for h in history if gender.get(h["text"], low) == low])
            if low in ("he", "she"):
                target = _nearer_person(doc, src.start or 0, target, history)
                if target is not None and gender.get(target["text"], low) != low:
                    target = None  # "she" is not the man "he" already named
                if target is not None:
                    gender[target["text"]] = low
        elif src.kind != "outlet":
            target = fuller_form(own, head.text, src.kind, history)
        if target is None and att.core and not src.start <= a < src.end:
            # "who …" stands for the name before it ("Holford, who …")
            target = {"text": own, "start": a, "end": b, "kind": src.kind, "plural": plural, "via": [],
                      "head": head.lower_, "at": a}
        if target is not None:
            src.resolved, src.resolved_start, src.resolved_end = target["text"], target["start"], target["end"]
            if target["kind"] != "unknown":
                src.kind = target["kind"]
            if not rec.via and target["via"]:
                rec.via = [SourceRef(**v.to_dict()) for v in target["via"]]
            plural = plural or target["plural"]
        if low not in PRONOUNS:
            history.append({"text": src.resolved or own, "start": src.resolved_start if src.resolved else a,
                            "end": src.resolved_end if src.resolved else b, "kind": src.kind,
                            "plural": plural, "via": rec.via, "head": (target or {}).get("head", head.lower_),
                            "at": src.start})
        elif target is not None:
            history.append({**target, "via": rec.via or target["via"], "at": src.start})


_PERSON_WINDOW = 600  # characters back from a pronoun in which a named person can be its antecedent


def _nearer_person(doc: Doc, at: int, target: dict | None, history: list[dict]) -> dict | None:
    """"Timothy Sheahan, a virologist, studies … “…,” he said": a person named as the subject of
    a clause after the nearest earlier source (or with none) is the nearer antecedent of he/she;
    a short form of a source already seen resolves to that source's fuller name."""
    since = target.get("at", target["start"]) if target is not None else -1
    best = None
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not (max(since, at - _PERSON_WINDOW) < ent.start_char < at):
            continue
        root = ent.root
        if root.dep_ not in ("nsubj", "nsubjpass") or is_plural(doc, ent.start, ent.end, root):
            continue
        verb = root.head  # the subject of a main clause, not of "before Putin launched …"
        if not (verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
            continue
        best = root
    if best is None:
        return target
    a, b = np_span(best)
    c0, c1 = token_chars(doc, a, b)
    found = {"text": doc_text(doc)[c0:c1], "start": c0, "end": c1, "kind": "person", "plural": False,
             "via": [], "head": best.lower_, "at": c0}
    return fuller_form(found["text"], best.text, "person", history) or found

