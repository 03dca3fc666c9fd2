"""What the parse said about one figure: the record the finishing rules of ``figure_scope`` and
``figure_bounds`` read (built by ``quantities``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token


@dataclass
class Facts:
    """What the parse said about one figure, for the finishing rules."""

    node: Token
    head: Token | None = None
    preds: list[Token] = field(default_factory=list)
    evidence: bool = False  # a word in the measure lexicon decided the measure
    person: bool = False  # the counted noun names people (or is unsaid)
    head_measured: bool = False  # the counted noun itself is a casualty word ("bodies", "deaths")
