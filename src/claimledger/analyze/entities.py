"""Entity mentions: spaCy NER plus rules for units, weapons, outlets, titles and places.

``extract_mentions(doc)`` returns :class:`~claimledger.records.Mention` records (offsets
relative to ``doc.text``), in text order:

* spaCy entities of the labels in ``KEEP`` (numbers, dates and times are left to the
  quantity and time extractors), without a leading "the" or a trailing "'s";
* rule spans from ``entities_rules`` win over overlapping spaCy entities: ``UNIT``
  ("155th Brigade", "72nd Mechanised Brigade", "Wagner Group", "tank battalion"),
  ``WEAPON`` ("MK-20", "HIMARS", "T-72", "Leopard 2", "155 mm artillery cluster shells",
  "cluster munitions"), news outlets as ``ORG`` with ``attrs["kind"] = "outlet"``;
* persons after a title spaCy missed ("Mr Tsimbalyuk", "Colonel Medvedev"); the title
  never stays inside a PERSON span: ``attrs`` hold ``rank`` (canonical, e.g. "Lieutenant
  General"), ``honorific`` ("Mr"), ``role`` ("foreign minister", "brigade commander")
  and ``affiliation`` ("China", "Ukrainian"), each with ``*_start``/``*_end`` offsets;
  a role before two coordinated names ("US Representatives Jason Crow and Adam Smith")
  goes to both;
* relabelling: a demonym tagged GPE becomes NORP; a PERSON/ORG span whose text is a
  GeoNames place and stands where places stand ("on", "near", "the town of", ", the
  eastern town", "Ukraine's X"), or is a place elsewhere in the same Doc, becomes GPE.

``norm`` is a first normalisation; ``normalise_mentions`` (``entities_norm``) makes one
name per entity across a whole document, ``geocode_places`` (``places``) adds GeoNames.
Titles, roles and affiliations are read in ``entities_persons``; what the gazetteer knows of
a name in ``entities_gazetteer``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..records import Mention
from .entities_context import reclassify
from .entities_gazetteer import (
    DATELINE,
    country_pattern,
    dateline_place,
    is_polity,
    is_region_or_country,
    known_place,
    place_population,
)
from .entities_norm import clean_name, entity_id
from .entities_persons import PersonAttributes, title_phrases, titles
from .entities_rules import rule_spans
from .lexicons import mapping, words
from .pipeline_units import doc_text

KEEP = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW"}
PLACE_PREPS = {"in", "near", "around", "outside", "at", "into", "towards", "toward", "from", "to", "on",
               "across", "through", "beyond", "inside", "within", "past", "besieged", "embattled"}
# "X of <place>": nouns that take a place after "of" ("the defence of Bakhmut", "the town of X")
OF_PLACE = {"defence", "defense", "outskirts", "centre", "center", "north", "south", "east", "west", "capture",
            "fall", "siege", "liberation", "battle", "control", "occupation", "shelling", "bombardment",
            "streets", "residents", "mayor", "governor", "ruins", "encirclement", "recapture", "seizure"}
# A PERSON/ORG name needs at least this population to be taken for a town on a cue alone,
# and this much with no cue at all (and a country the document speaks of).
MIN_POP_CUE = 5_000
MIN_POP_NO_CUE = 100_000
NAME_POS = ("PROPN",)
DANGLING = frozenset({"of", "and", "for", "the", "in", "on", "at", "to"})  # words a name never ends on
SPEECH_VERBS = frozenset("say tell add explain write ask insist warn recall recount".split())


def _span_of_chars(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


class _Extractor(PersonAttributes):
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self._titled: list[tuple[int, int]] | None = None
        self.ranks, self.honorifics = titles()
        self.rank_phrases, self.honorific_phrases, self.title_phrases = title_phrases()
        self.roles = words("roles.txt")
        self.role_modifiers = words("role_modifiers.txt")
        self.demonyms = mapping("demonyms.tsv", lower=False)
        self.place_nouns = words("place_nouns.txt")
        self.place_verbs = words("place_verbs.txt")

    # ---- spans -------------------------------------------------------------------
    def _trim(self, span: Span) -> tuple[int, int] | None:
        """Token bounds without articles, possessives and (for persons) titles."""
        doc, s, e = self.doc, span.start, span.end
        while s < e and doc[s].lower_ in ("the", "a", "an"):
            s += 1
        while e > s and (doc[e - 1].text in ("'s", "\u2019s", "'", "\u2019") or doc[e - 1].is_punct
                         or doc[e - 1].lower_ in DANGLING):
            e -= 1  # "Armed Forces," and "Commanding General of": a name ends on a word
        if span.label_ == "PERSON":
            # "Jordan's King Abdullah": the owner is an affiliation, not part of the name
            owner = next((t.i for t in doc[s:e] if t.text in ("'s", "\u2019s")), None)
            if owner is not None and owner + 1 < e:
                s = owner + 1
            while s < e:
                hit = self.title_phrases.at(doc, s, e)
                if hit is None or hit[0] >= e:
                    break
                s = hit[0]
        return (s, e) if s < e else None

    def _titled_persons(self) -> list[tuple[int, int]]:
        """Names right after a rank or honorific: "Mr Tsimbalyuk", "Colonel Medvedev" (found once:
        the spans and the person names both read them)."""
        if self._titled is None:
            self._titled = self._find_titled_persons()
        return list(self._titled)

    def _find_titled_persons(self) -> list[tuple[int, int]]:
        doc, out = self.doc, []
        for i, tok in enumerate(doc):
            if not tok.text[:1].isupper() or (i > 0 and doc[i - 1].lower_ == "the"):
                continue
            hit = self.title_phrases.at(doc, i, len(doc))
            if hit is None:
                continue
            j = k = hit[0]
            while k < len(doc) and k - j < 3 and doc[k].pos_ in NAME_POS and doc[k].text[:1].isupper() \
                    and doc[k].text not in ("'s", "\u2019s"):
                k += 1
            if k > j and not any(doc[x].ent_type_ in ("GPE", "NORP", "ORG") and doc[x].ent_iob_ == "B"
                                 and doc[x].ent_type_ != "PERSON" for x in range(j, j + 1)
                                 if doc[x].ent_type_ == "GPE"):
                out.append((j, k))
        return out

    def spans(self) -> list[tuple[int, int, str, str, dict]]:
        """(char start, char end, label, norm, attrs), rule spans first, no overlaps."""
        doc = self.doc
        chosen: list[tuple[int, int, str, str, dict]] = []

        def free(s: int, e: int) -> bool:
            return not any(s < ce and cs < e for cs, ce, *_ in chosen)

        for r in rule_spans(doc):
            chosen.append((r.start, r.end, r.label, r.norm, dict(r.attrs)))
        titled = self._titled_persons()
        # all-lower-case "entities" ("us" as GPE) are tagging errors in news copy
        ents = [e for e in doc.ents if e.label_ in KEEP and not e.text.islower()
                and clean_name(e.text).lower() not in self.role_modifiers]
        for s, e in titled:
            cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
            overlapping = [x for x in ents if x.start_char < ce and cs < x.end_char]
            if any(x.label_ == "PERSON" for x in overlapping):
                continue  # spaCy has the person already
            if free(cs, ce):
                chosen.append((cs, ce, "PERSON", self.text[cs:ce], {}))
        for ent in ents:
            bounds = self._trim(ent)
            if bounds is None:
                continue
            s, e = bounds
            owner = next((t.i for t in doc[ent.start:s] if t.text in ("'s", "\u2019s")), None)
            if ent.label_ == "PERSON" and owner is not None and owner > ent.start:
                os_, oe = doc[ent.start].idx, doc[owner - 1].idx + len(doc[owner - 1])
                owner_text = clean_name(self.text[os_:oe])
                label = "GPE" if place_population(owner_text) else "ORG"
                if free(os_, oe):
                    chosen.append((os_, oe, label, owner_text, {}))
            cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
            if free(cs, ce):
                chosen.append((cs, ce, ent.label_, clean_name(self.text[cs:ce]), {}))
        for cs, ce in self._country_names() + self._dateline_places():
            if free(cs, ce):
                chosen.append((cs, ce, "GPE", self.text[cs:ce], {"tagged_by": "gazetteer"}))
        return sorted(chosen, key=lambda x: (x[0], x[1]))

    def _dateline_places(self) -> list[tuple[int, int]]:
        """Upper-case datelines at the start of a line ("MEXICO CITY (AP)", "NEW DELHI:",
        "KYIV, Ukraine —") that name a country, a region or a town of 10,000 or more."""
        out = []
        for match in DATELINE.finditer(self.text):
            name = match.group("name")
            if dateline_place(name.title()):
                out.append((match.start("name"), match.end("name")))
        return out

    def _country_names(self) -> list[tuple[int, int]]:
        """Country and continent names spaCy left untagged ("Mauritius", "US" in a headline),
        standing alone: not next to another capitalised word, which would make them part of
        a longer name ("Nigeria Police Force")."""
        out = []
        for match in country_pattern().finditer(self.text):
            cs, ce = match.span()
            before = self.text[max(0, cs - 30):cs].rstrip(" ")
            after = self.text[ce:ce + 30].lstrip(" ")
            if (before[-1:].isalnum() and before.split()[-1][:1].isupper()) or after[:1].isupper() \
                    or after[:1] in ("-", "’", "'") and after[1:2].isalpha():
                continue
            out.append((cs, ce))
        return out

    # ---- relabelling -------------------------------------------------------------
    def _place_cue(self, span: Span) -> bool:
        doc = self.doc
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.lower_ in PLACE_PREPS:
            return True
        if prev is not None and prev.pos_ == "VERB" and (prev.lemma_ or "").lower() in self.place_verbs:
            return True  # "took Soledar", "shelled Kherson"
        if prev is not None and prev.lower_ == "of" and span.start >= 2 and (
                doc[span.start - 2].lower_ in self.place_nouns or doc[span.start - 2].lower_ in OF_PLACE):
            return True
        if prev is not None and prev.text in ("'s", "\u2019s") and span.start >= 2 and \
                doc[span.start - 2].ent_type_ == "GPE":
            return True  # "Ukraine's Bakhmut"
        # ", the eastern town", "(a city in ...)"
        window = doc[span.end:min(len(doc), span.end + 6)]
        if len(window) and window[0].text in (",", "(", "\u2013", "-"):
            for tok in window[1:]:
                if tok.lower_ in self.place_nouns:
                    return True
                if tok.is_punct:
                    break
        return False

    def relabel(self, label: str, cs: int, ce: int, places_seen: set[str], persons: frozenset[str] = frozenset()) -> str:
        text = clean_name(self.text[cs:ce])
        if label in ("GPE", "PERSON", "ORG") and text in self.demonyms:
            return "NORP"  # "Azerbaijani", "Nigerian" tagged as a person or an organisation
        if label == "NORP" and text not in self.demonyms and is_polity(text):
            return "GPE"  # "Tunis", "Syria" tagged as a nationality
        if label == "ORG" and " " not in text and text in self._surnames():
            return "PERSON"  # "Badri said" after "Ali al-Badri", tagged an organisation
        if label in ("GPE", "LOC") and text in persons:
            return "PERSON"  # "Dr. Olaopa", "Yulia" of "Yulia Skripal": a person's name, whatever towns share it
        if label in ("GPE", "LOC") and " " not in text and place_population(text) < MIN_POP_NO_CUE \
                and self._speaks(cs, ce):
            return "PERSON"  # "said Noma", "Guhdar said": a name that speaks is a person, unless a country or big city
        if label in ("PERSON", "FAC") and text not in persons and is_region_or_country(text):
            return "GPE"  # "Tamil Nadu", "Mauritius" tagged as a person, "Gilgit-Baltistan" as a building
        if label == "NORP" and text not in self.demonyms:
            span = _span_of_chars(self.doc, cs, ce)
            if span is not None and self._place_cue(span) and place_population(text, self._context() or None) >= MIN_POP_CUE:
                return "GPE"  # "the southeastern city of Bam" tagged as a nationality
            return label
        if label not in ("PERSON", "ORG") or " " in text.strip() and label == "PERSON" or text in persons:
            return label
        span = _span_of_chars(self.doc, cs, ce)
        if span is None:
            return label
        if text in places_seen:
            return "GPE"
        if text in self._person_tokens():
            return label  # "Obama" after "Barack Obama" is the person, whatever towns share the name
        context = self._context() or None
        if self._place_cue(span) and place_population(text, context) >= MIN_POP_CUE:
            return "GPE"
        if place_population(text, self._context()) >= MIN_POP_NO_CUE:
            return "GPE"  # "Zaporizhzhia and Kiev were targets": a large city of a country in the text
        return label

    def person_names(self) -> frozenset[str]:
        """Names the Doc uses for persons: after a title ("Dr. Olaopa", "President Buhari") or
        words of a full person name ("Yulia" of "Yulia Skripal").  A bare PERSON tag is no
        evidence (spaCy tags many towns so).  Countries, first-level regions and cities of a
        million are left out."""
        names = set(self._person_tokens())
        for s_tok, e_tok in self._titled_persons():
            names.add(clean_name(self.doc[s_tok:e_tok].text))
        for ent in self.doc.ents:  # "President Buhari" tagged GPE
            if ent.label_ in ("GPE", "LOC", "PERSON") and self.title_phrases.before(self.doc, ent.start):
                names.add(clean_name(ent.text))
        return frozenset(n for n in names if n[:1].isupper() and not is_polity(n))

    def _speaks(self, cs: int, ce: int) -> bool:
        """The span is the subject of a speech verb ("Noma said") or ends a quote after one
        ("..., said Noma.")."""
        span = _span_of_chars(self.doc, cs, ce)
        if span is None:
            return False
        root = span.root
        if root.dep_ in ("nsubj", "nsubjpass") and (root.head.lemma_ or "").lower() in SPEECH_VERBS:
            return True
        prev = self.doc[span.start - 1] if span.start > 0 else None
        after = self.doc[span.end] if span.end < len(self.doc) else None
        return prev is not None and (prev.lemma_ or "").lower() in SPEECH_VERBS and (after is None or after.is_punct)

    def _person_tokens(self) -> set[str]:
        """Words of multi-word person names ("Lloyd Austin" keeps "Austin" a person)."""
        if not hasattr(self, "_ptoks"):
            self._ptoks = {t.text for e in self.doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        return self._ptoks

    def _surnames(self) -> set[str]:
        """Last words of multi-word person names ("Baghdadi" of "Abu Bakr al-Baghdadi")."""
        if not hasattr(self, "_snames"):
            self._snames = {e[-1].text for e in self.doc.ents if e.label_ == "PERSON" and len(e) > 1}
        return self._snames

    def _context(self) -> frozenset[str]:
        """Countries named in the Doc (by country name or demonym)."""
        if not hasattr(self, "_ctx"):
            from .places_gazetteer import gazetteer

            gaz, ctx = gazetteer(), set()
            for e in self.doc.ents:
                text = clean_name(e.text)
                if e.label_ == "NORP" or text in self.demonyms:
                    iso = self.demonyms.get(text)
                elif e.label_ == "GPE":
                    iso = gaz.country_code(text)
                else:
                    iso = None
                if iso:
                    ctx.add(iso)
            self._ctx = frozenset(ctx)
        return self._ctx


    # ---- the pass ----------------------------------------------------------------
    def run(self) -> list[Mention]:
        doc = self.doc
        raw = reclassify(self.text, self.spans())
        persons = self.person_names()
        # a GPE/LOC name spreads to its PERSON/ORG namesakes only when the gazetteer knows it
        # ("Wavepiston" tagged GPE once does not make the company a place everywhere)
        places_seen = {name for name in (clean_name(self.text[s:e]) for s, e, label, *_ in raw
                                         if label in ("GPE", "LOC")) if known_place(name)} - persons
        labelled = []
        for cs, ce, label, norm, attrs in raw:
            new = self.relabel(label, cs, ce, places_seen, persons)
            if new == "PERSON" and label != "PERSON":
                attrs["relabelled_from"] = label
                places_seen.discard(clean_name(self.text[cs:ce]))  # a person here: not spread as a place
            if new == "GPE" and label != "GPE":
                attrs["relabelled_from"] = label
                places_seen.add(clean_name(self.text[cs:ce]))
            labelled.append((cs, ce, new, norm, attrs))
        # a second pass lets later cues relabel earlier mentions of the same name
        labelled = [(cs, ce, "GPE" if lab in ("PERSON", "ORG") and clean_name(self.text[cs:ce]) in places_seen
                     and " " not in self.text[cs:ce].strip() else lab, norm,
                     attrs if lab not in ("PERSON", "ORG") or clean_name(self.text[cs:ce]) not in places_seen
                     else {**attrs, "relabelled_from": attrs.get("relabelled_from", lab)})
                    for cs, ce, lab, norm, attrs in labelled]
        labelled = reclassify(self.text, labelled)  # names a cue made places: "on Valentine's Day"
        by_tok: dict[int, tuple] = {}
        for item in labelled:
            span = _span_of_chars(doc, item[0], item[1])
            if span is not None:
                for t in span:
                    by_tok[t.i] = item
        mentions: list[Mention] = []
        prev_person: Mention | None = None
        prev_end_tok = -1
        for cs, ce, label, norm, attrs in labelled:
            span = _span_of_chars(doc, cs, ce)
            if label == "PERSON" and span is not None:
                attrs = {**attrs, **self.person_attrs(span.start, span.end, by_tok)}
                # "US Representatives Jason Crow and Adam Smith": the plural role is shared
                if "role" not in attrs and prev_person is not None and prev_person.attrs.get("role_plural") \
                        and span.start - prev_end_tok == 1 and doc[prev_end_tok].lower_ in ("and", ","):
                    for key in ("role", "role_start", "role_end", "affiliation", "affiliation_start",
                                "affiliation_end"):
                        if key in prev_person.attrs:
                            attrs[key] = prev_person.attrs[key]
                    attrs["role_shared"] = True
            if label == "NORP":
                norm = clean_name(self.text[cs:ce])
            m = Mention(start=cs, end=ce, text=self.text[cs:ce], label=label, norm=norm or clean_name(self.text[cs:ce]),
                        attrs=attrs)
            m.entity_id = entity_id(m.label, m.norm)
            mentions.append(m)
            if label == "PERSON" and span is not None:
                prev_person, prev_end_tok = m, span.end
        for m in mentions:
            m.attrs.pop("role_plural", None)
        return mentions


def extract_mentions(doc: Doc) -> list[Mention]:
    """Entity mentions of a parsed Doc, offsets relative to ``doc.text``."""
    return _Extractor(doc).run()
