"""A figure's value bounds and polarity, run by ``figure_scope.finish`` on every figure.

**Bounds** (the convention of ``incidents_dev/SOURCE.md``): an exact N is value = low =
high = N; "at least / more than / over N" low = N, high open; "up to / as many as / nearly /
close to / fewer than N" high = N, low open; "about / some / roughly N", "a dozen", and a figure in what
someone "estimated", keeps only the value (compatible within about 15 %); a range keeps
low and high with no value; vague plurals keep their lower bound (several 3, dozens 24,
hundreds 200, thousands 2,000).

**Polarity**: a figure whose predicate is negated ("didn't kill 100") or sits in the
complement of a denial ("denied that 50 were killed") is ``negated`` (not a denial of who
they are: "28 bodies ... are not those of the students"): what is asserted is
that the count is below the figure, so it becomes an upper bound — high = N, low open (the
value N is kept for display; the strict inequality is ignored, as for "more than").
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Quantity
from .figure_facts import Facts

LOWER_MODS = {"over", "at_least"}
UPPER_MODS = {"up_to", "almost", "under"}
DENIAL = {"deny", "refute", "reject", "dismiss", "dispute", "contest"}


def apply_bounds(q: Quantity) -> None:
    """value / low / high by the convention above (negated figures become upper bounds)."""
    if q.modifier == "range" or "vague" in q.flags or q.value is None:
        if q.polarity == "negated" and q.low is not None and q.modifier != "range":
            q.low, q.high = None, q.low
        return
    if q.polarity == "negated":
        q.low, q.high = None, q.value
    elif q.modifier == "exact":
        q.low = q.high = q.value
    elif q.modifier in LOWER_MODS:
        q.low, q.high = q.value, None
    elif q.modifier in UPPER_MODS:
        q.low, q.high = None, q.value
    else:  # approx: compatible within about 15 %, no hard bound
        q.low = q.high = None


def _denies_identity(pred: Token) -> bool:
    """"28 bodies ... are not those of the students": what is denied is who they are, not the count."""
    return pred.lemma_.lower() == "be" and any(c.dep_ == "attr" for c in pred.children)


# verbs that relate one count to another: their negation denies the relation, not the count
RELATING = frozenset({"translate", "mean", "equal", "represent", "reflect", "amount", "correspond", "imply"})


def _presupposed(facts: Facts) -> bool:
    """"the two deaths were not related to weather", "he didn't regret the four murders" (ECB+): a
    definite count of deaths is told as a fact, and the "not" of its predicate says something else."""
    head = facts.head
    return facts.head_measured and head is not None and any(
        (c.dep_ == "det" and c.lower_ in ("the", "these", "those")) or c.dep_ == "poss" for c in head.children)


def is_negated(facts: Facts) -> bool:
    """The figure's own predicate is negated, or its clause is what someone denies."""
    if _presupposed(facts):
        return False
    for pred in facts.preds[:2]:
        if pred.lemma_.lower() in RELATING:
            break  # "thousands of shooting victims does not necessarily translate into thousands of shootings"
        if any(c.dep_ == "neg" for c in pred.children) and not _denies_identity(pred):
            return True
        clause = pred
        for _ in range(2):  # "denied that 50 were killed", "denied killing 50"
            if clause.dep_ not in ("ccomp", "xcomp", "pcomp"):
                break
            if clause.head.lemma_.lower() in DENIAL:
                return True
            clause = clause.head
    return False
