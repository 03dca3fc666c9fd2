"""Ranks and titles written with a full stop ("Lt. Col.", "Cpt.", "Sgt. Maj."), kept whole by the
tokenizer so the parser does not end a sentence at their stop.

spaCy's English tokenizer already keeps some ("Gen.", "Gov.", "Sen.", "U.S."); these are the
abbreviations of the news-agency style guides' military and police ranks and public titles that
it splits ("Cpt" + "."), the way its own exceptions are written: one entry per spelling.
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language

RANKS = (
    "Adm Brig Capt Cpt Cdr Cmdr Col Cpl Gen Lt Lieut Maj Pfc Pte Pvt Sgt Spc Sfc SSgt Cpo Insp Supt Det Const "
    "Cmdt Comdr Gov Sen Rep Amb Pres Prof Rev Gens Cols Sgts Capts"
).split()


def add_abbreviations(nlp: Language) -> None:
    """Each rank as one token in its title-case and upper-case spellings ("Cpt.", "CPT.")."""
    for word in RANKS:
        for spelling in {word, word.upper()}:
            nlp.tokenizer.add_special_case(spelling + ".", [{ORTH: spelling + "."}])
