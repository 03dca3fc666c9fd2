"""What the quantity finder reads of a parsed Doc more than once, read once: its text, its
entities, the sentence of each token, the weapon names, and the lexicon tables."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .entities_rules import weapon_spans
from .lexicons import mapping, table, words
from .pipeline_units import doc_text
from .quantities_measure import measure_reader


def _modifiers() -> list[tuple[list[str], str]]:
    rows = [(phrase.split(), mod) for phrase, mod in table("quantity_modifiers.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


def lower_lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


class ParsedDoc:
    """The base of the quantity finder's parts (phrases, counted things, relations)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.ents = list(doc.ents)  # so is Doc.ents
        # sentence of each token (Token.sent walks the sentence on every call)
        self.sent_of: list[tuple[int, int]] = [(0, len(doc))] * len(doc)
        if doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                self.sent_of[sent.start:sent.end] = [(sent.start, sent.end)] * (sent.end - sent.start)
        self.weapons = weapon_spans(doc)
        self.units = {k: (u, kind) for k, u, kind in table("measure_units.tsv")}
        self.time_units = mapping("time_units.tsv")
        self.casualty = {row[0]: (row[1], len(row) > 2 and row[2] == "person") for row in table("casualty_words.tsv")}
        self.equipment = words("equipment_nouns.txt")
        self.persons = words("person_nouns.txt")
        self.demonyms = mapping("demonyms.tsv", lower=False)
        self.mods = _modifiers()
        self.reader = measure_reader()
