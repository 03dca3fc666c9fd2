"""Claims: one record per checkable statement, with its attribution, certainty and the
figures, entities, places and times it holds.

``build_claims(doc, attributions, quantities, mentions, times)`` works on one parsed unit;
offsets are relative to ``doc_text(doc)`` and the indexes point into the lists it is given.

What becomes a claim (per sentence of the unit):

* each attribution content in the sentence, clipped to it (a quotation running over several
  sentences gives one claim per sentence, all with that attribution); a leading "that" is
  dropped.  So a sentence with two attributions gives two claims;
* the rest of the sentence when its main verb is not an attribution cue ("At least five
  generals have been killed …" before ", with reports suggesting …");
* coordinated main clauses with their own subject are split ("Kyiv has urged … but it is by no
  means certain that …");
* a relative or adverbial clause that carries its own certainty cue becomes a claim of its own
  ("the 155th Brigade, which is believed to have suffered 300 casualties per day"), so its
  figure gets the right certainty; a figure belongs to the innermost claim that holds it.

Skipped: questions, pieces under four words, pieces with neither a verb nor a figure.  Opinion
without an entity or a figure is still a claim (``scores["anchors"]`` counts its figures,
entities and times, so check-worthiness can rank it low).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from claimledger.analyze.attribution import attribution_cue_class
from claimledger.analyze.attribution_quotes import doc_text
from claimledger.analyze.attribution_sources import np_span
from claimledger.analyze.certainty import (
    HEDGE_THRESHOLD,
    CueHit,
    assess_certainty,
    back_reference,
    find_cues,
    in_scope,
    span_head,
    stronger,
)
from claimledger.analyze.certainty_lexicon import CONDITIONALS
from claimledger.clean.lines import is_link_row, is_time_stamp
from claimledger.clean.prompts import reader_prompt
from claimledger.records import Attribution, Claim, Mention, Quantity, TimeExpr

__all__ = ["build_claims", "claim_sentences"]

MIN_WORDS = 4
_EDGE_POS = {"ADP", "CCONJ", "SCONJ", "PUNCT", "SPACE", "PART"}
_LEAD_POS = {"CCONJ", "SCONJ", "PUNCT", "SPACE"}
_SUBCLAUSE = ("relcl", "advcl", "acl")


@dataclass
class _Piece:
    start: int  # token range
    end: int
    attribution: int | None = None
    cue_class: str | None = None
    skip: tuple[tuple[int, int], ...] = ()
    parent: "_Piece | None" = None
    sentence: int = 0
    head: int | None = None  # the clause head, when it is not the range's top token
    children: list["_Piece"] = field(default_factory=list)


def claim_sentences(doc: Doc) -> list[Span]:
    """The sentences of a unit that hold text (the ones a hedge model should score); a sentence
    that speaks to the reader ("Sign up for our newsletter") is page furniture, not a claim,
    even inside a paragraph of reporting; so is a row of story titles joined by pipes, a date
    stamp without a verb, and the rows of a table."""
    text = doc_text(doc)  # a slice of the joined text is Span.text, without joining it again
    out = []
    for s in doc.sents:
        raw = text[s.start_char:s.end_char]
        kept = raw.strip()
        if kept and reader_prompt(kept) is None and not is_link_row(raw) and not _stamp_line(s, raw) \
                and not _table_row(s):
            out.append(s)
    return out




def _table_row(sent: Span) -> bool:
    """Rows of a table read as a sentence ("Civilian labor force 129,656 129,196 -460 -0.4%
    Participation rate (%) 64.2% 63.7%"): numbers with a few labels, no statement."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    numbers = sum(1 for t in words if t.like_num or any(c.isdigit() for c in t.text))
    return (numbers >= 6 and numbers >= 0.4 * len(words)) or (numbers >= 4 and numbers >= 0.5 * len(words))


def _stamp_line(sent: Span, text: str) -> bool:
    """A page's date-and-time stamp read as a sentence: a year and a clock time, no verb."""
    return is_time_stamp(text) and not any(t.pos_ in ("VERB", "AUX") for t in sent)


def _tok_range(doc: Doc, start_char: int, end_char: int) -> tuple[int, int] | None:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and not _opens_condition(doc[start]) and (
        (doc[start].pos_ in _LEAD_POS and not _opens_quote(doc[start]) and not _governs_inside(doc[start], start, end))
        or doc[start].dep_ in ("mark", "cc")
        or (doc[start].dep_ == "prep" and not _governs_inside(doc[start], start, end))
    ):
        start += 1
    while end > start and (
        (doc[end - 1].pos_ in _EDGE_POS and not _closes_quote(doc, start, end - 1))
        or doc[end - 1].dep_ in ("prep", "cc", "mark")
    ):
        end -= 1
    return start, end


def _governs_inside(prep: Token, start: int, end: int) -> bool:
    """"In March, Russia lost …": a leading preposition whose object is in the claim stays."""
    return any(start <= c.i < end for c in prep.children if c.dep_ in ("pobj", "pcomp"))


def _opens_condition(tok: Token) -> bool:
    """A claim keeps its "If": without it a condition reads as an assertion."""
    return tok.lower_ in CONDITIONALS and tok.dep_ == "mark"


def _opens_quote(tok: Token) -> bool:
    return tok.text in ("“", "\"", "‘") and tok.i + 1 < len(tok.doc)


def _closes_quote(doc: Doc, start: int, i: int) -> bool:
    return doc[i].text in ("”", "\"") and any(t.text in ("“", "\"") for t in doc[start:i])


def _words(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start:end] if t.is_alpha or t.like_num)


def _cue_lemma(doc: Doc, att: Attribution) -> str | None:
    rng = _tok_range(doc, att.cue_start, att.cue_end)
    if rng is None:
        return None
    if doc[rng[0]].lower_ == "according":
        return "according to"
    if doc[rng[0]].text == ":":
        return ":"  # a headline's "Speaker: statement"
    for tok in reversed(doc[rng[0]:rng[1]]):
        if attribution_cue_class(tok.lemma_.lower()):
            return tok.lemma_.lower()
    return None


def _split_conj(doc: Doc, piece: _Piece) -> list[_Piece]:
    """Coordinated clauses that have their own subject become separate pieces."""
    head = span_head(doc, piece.start, piece.end)
    cuts = []
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and piece.start <= c.left_edge.i and c.i < piece.end:
            if any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
                cuts.append(c.left_edge.i)
    if not cuts:
        return [piece]
    out, lo = [], piece.start
    for cut in sorted(cuts) + [piece.end]:
        out.append(_Piece(*_trim(doc, lo, cut), piece.attribution, piece.cue_class, piece.skip, piece.parent,
                          piece.sentence))
        lo = cut
    return out


def _sentence_pieces(doc: Doc, sent: Span, k: int, atts: list[Attribution], classes: list[str | None]) -> list[_Piece]:
    pieces: list[_Piece] = []
    excluded: set[int] = set()
    for idx, att in enumerate(atts):
        if att.content_end <= sent.start_char or att.content_start >= sent.end_char:
            continue
        rng = _tok_range(doc, max(att.content_start, sent.start_char), min(att.content_end, sent.end_char))
        if rng is None:
            continue
        skip = []
        for a, b in ((att.source.start, att.source.end), (att.cue_start, att.cue_end)):
            r = _tok_range(doc, a, b) if a is not None and b is not None else None
            if r is not None:
                skip.append(r)
                if sent.start <= r[0] < sent.end:
                    excluded.update(range(*r))
        excluded.update(range(*rng))
        pieces.append(_Piece(*_trim(doc, *rng), attribution=idx, cue_class=classes[idx], skip=tuple(skip), sentence=k))
    for idx, att in enumerate(atts):  # reporting clauses whose content lies elsewhere
        for a, b in ((att.source.start, att.source.end), (att.cue_start, att.cue_end)):
            if a is not None and sent.start_char <= a < sent.end_char:
                r = _tok_range(doc, a, b)
                if r is not None:
                    excluded.update(range(*r))
    root = sent.root
    if root.i not in excluded and not root.is_space:
        lo = hi = root.i
        while lo > sent.start and (lo - 1) not in excluded:
            lo -= 1
        while hi + 1 < sent.end and (hi + 1) not in excluded:
            hi += 1
        pieces.append(_Piece(*_trim(doc, lo, hi + 1), sentence=k))
    out = []
    for p in pieces:
        if p.end > p.start:
            out.extend(_split_conj(doc, p) if p.attribution is None else [p])
    return [p for p in out if p.end > p.start]


def _subclause_pieces(doc: Doc, piece: _Piece, hits: list[CueHit]) -> list[_Piece]:
    """Modifier clauses inside a piece that carry a cue the piece's head does not take."""
    head = span_head(doc, piece.start, piece.end)
    subs: dict[tuple[int, int], _Piece] = {}
    for hit in hits:
        if not (piece.start <= hit.start < piece.end) or any(a <= hit.start < b for a, b in piece.skip):
            continue
        if in_scope(doc, hit, head, piece.start, piece.end):
            continue
        node = doc[hit.anchor]
        while node.i != head.i and node.dep_ not in _SUBCLAUSE and node.head.i != node.i:
            node = node.head
        if node.dep_ not in _SUBCLAUSE or node.i == head.i:
            continue
        if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            lo = np_span(node.head)[0]
        else:
            lo = node.left_edge.i
        lo, hi = _trim(doc, max(lo, piece.start), min(node.right_edge.i + 1, piece.end))
        if hi - lo >= 3 and (lo, hi) != (piece.start, piece.end):
            subs[(lo, hi)] = _Piece(lo, hi, piece.attribution, None, piece.skip, piece, piece.sentence, head=node.i)
    return list(subs.values())


def _without_edge_clauses(doc: Doc, piece: _Piece, subs: list[_Piece]) -> _Piece:
    """The piece without a cued clause that opens or closes it ("X fled after Y allegedly did Z"
    → "X fled"), so no words carry two certainty labels; a clause in the middle stays inside."""
    start, end = piece.start, piece.end
    # only adverbial clauses: a relative clause's span holds its antecedent, which the piece needs
    adverbial = [s for s in subs if s.head is not None and doc[s.head].dep_ == "advcl"]
    for sub in sorted(adverbial, key=lambda s: s.start):
        if sub.end >= end > sub.start > start:
            end = sub.start
        elif sub.start <= start < sub.end < end:
            start = sub.end
    if (start, end) == (piece.start, piece.end):
        return piece
    start, end = _trim(doc, start, end)
    return replace(piece, start=start, end=end) if _words(doc, start, end) >= MIN_WORDS else piece


def _question(doc: Doc, p: _Piece) -> bool:
    """The piece ends in a question mark (inside or right after a closing quote)."""
    for tok in doc[p.end - 1:min(len(doc), p.end + 3)]:
        if tok.text == "?":
            return True
        if not (tok.is_punct or tok.is_space) and tok.i >= p.end:
            return False
    return False


def _open_question(doc: Doc, p: _Piece) -> bool:
    """"Reporters asked | whether the convoy was hit": a question reported, no claim made."""
    return any(t.lower_ == "whether" for t in doc[max(0, p.start - 1):p.start + 1])


def _keep(doc: Doc, p: _Piece, has_figure: bool) -> bool:
    if _question(doc, p) or _open_question(doc, p) or _words(doc, p.start, p.end) < MIN_WORDS:
        return False
    return has_figure or any(t.pos_ in ("VERB", "AUX") for t in doc[p.start:p.end])


def _scores(hedge_scores, sents: list[Span]) -> list[float | None]:
    if hedge_scores is None:
        return [None] * len(sents)
    if callable(hedge_scores):
        return list(hedge_scores([s.text.strip() for s in sents]))
    return list(hedge_scores)


def build_claims(
    doc: Doc,
    attributions: Sequence[Attribution],
    quantities: Sequence[Quantity] = (),
    mentions: Sequence[Mention] = (),
    times: Sequence[TimeExpr] = (),
    *,
    hedge_scores: Sequence[float] | Callable[[list[str]], Sequence[float]] | None = None,
    threshold: float = HEDGE_THRESHOLD,
    sentences: list[Span] | None = None,
) -> list[Claim]:
    """The claims of one parsed unit (see the module docstring for what counts as one).

    ``hedge_scores``: sentence hedge probabilities aligned with ``claim_sentences(doc)``, or a
    function that computes them from those sentences' texts; ``sentences``: ``claim_sentences(doc)``
    when the caller has it already.
    """
    atts = list(attributions)
    classes = [attribution_cue_class(_cue_lemma(doc, a) or "") for a in atts]
    hits = find_cues(doc)
    sents = claim_sentences(doc) if sentences is None else sentences
    scores = _scores(hedge_scores, sents)
    pieces: list[_Piece] = []
    for k, sent in enumerate(sents):
        for p in _sentence_pieces(doc, sent, k, atts, classes):
            if p.end > p.start:
                subs = _subclause_pieces(doc, p, hits)
                pieces.append(_without_edge_clauses(doc, p, subs))
                pieces.extend(subs)
    spans = [(doc[p.start].idx, doc[p.end - 1].idx + len(doc[p.end - 1].text)) for p in pieces]

    def inside(a: int, b: int) -> list[int]:
        return [j for j, (s, e) in enumerate(spans) if s <= a and b <= e]

    def innermost(a: int, b: int) -> int | None:
        holders = inside(a, b)
        return min(holders, key=lambda j: spans[j][1] - spans[j][0]) if holders else None

    q_of = {i: innermost(q.start, q.end) for i, q in enumerate(quantities)}
    claims: list[Claim] = []
    kept: dict[int, int] = {}
    for j, p in enumerate(pieces):
        qs = [i for i, owner in q_of.items() if owner == j]
        if not _keep(doc, p, bool(qs)):
            continue
        a, b = spans[j]
        head = doc[p.head] if p.head is not None else None
        level, cues = assess_certainty(doc, p.start, p.end, head=head, attribution_class=p.cue_class, cues=hits,
                                       skip=p.skip,
                                       hedge_score=scores[p.sentence] if p.sentence < len(scores) else None,
                                       threshold=threshold)
        ms = [i for i, m in enumerate(mentions) if a <= m.start and m.end <= b]
        ts = [i for i, t in enumerate(times) if a <= t.start and t.end <= b]
        claim = Claim(start=a, end=b, text=doc_text(doc)[a:b], certainty=level, cues=cues, attribution=p.attribution,
                      quantities=qs, mentions=ms, times=ts, scores={"anchors": len(qs) + len(ms) + len(ts)})
        if scores[p.sentence] is not None:
            claim.scores["hedge"] = round(float(scores[p.sentence]), 3)
        kept[j] = len(claims)
        claims.append(claim)
    _contest_back_references(doc, hits, claims)
    return sorted(claims, key=lambda c: (c.start, -c.end))


def _contest_back_references(doc: Doc, hits: list[CueHit], claims: list[Claim]) -> None:
    """"This number should be treated with scepticism": the nearest earlier claim with a figure
    (in the previous two sentences) is contested."""
    for hit in hits:
        if not back_reference(doc, hit):
            continue
        cue = hit.cue(doc)
        sent_start = doc[hit.start].sent.start_char
        earlier = [c for c in claims if c.end <= sent_start]
        if not earlier:
            continue
        with_figures = [c for c in earlier if c.quantities]
        target = max(with_figures or earlier, key=lambda c: c.end)
        if doc_text(doc)[target.end:sent_start].count("\n") > 2:
            continue
        target.certainty = stronger("contested", target.certainty)
        target.cues.append(replace(cue, kind="contest", refers_back=True))
