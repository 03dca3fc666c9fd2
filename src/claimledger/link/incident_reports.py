"""Every report of an incident: the documents that count it, and those that tell of it without a figure.

Incidents are built from figures, so an article that reports the same attack without a
number is in none.  It is found when the incident is read: the documents sharing a story
with the incident's documents are grouped by the incident they report, figures or not
(link/document_incidents.py, B³ 0.90 on ECB+ dev), and a document without figures joins
the incident most of its group's figure-bearing documents mainly count.

Why at reading and not at linking: stories are order-free (connected components), and the
grouping here reads only stored rows, with documents taken in id order, so the reports are
the same whatever order or batches the documents were ingested in; linking pays nothing
and the ledger needs no new table.  The price is paid by whoever reads one incident: the
story's documents are read again (``MAX_DOCUMENTS`` at most; larger stories are not searched,
and the result says so).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from claimledger.link.document_incidents import group_documents, view_of

MAX_DOCUMENTS = 300  # documents of the incident's stories read when it is shown


def _main_incident(counts: dict[str, int]) -> str:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def text_reports(ledger: Any, incident_id: str, neighbours: list[str],
                 counts: dict[str, dict[str, int]]) -> tuple[list[str], bool]:
    """Ids of the documents of the incident's stories (``neighbours``, with ``counts``: their
    figures per incident) that report it without a figure of it, and whether every one could
    be read (False: more than ``MAX_DOCUMENTS``)."""
    from claimledger.link.doc_reader import LedgerDocs

    figureless = [d for d in neighbours if d not in counts]
    if not figureless:
        return [], True
    if len(neighbours) > MAX_DOCUMENTS:
        return [], False
    docs = LedgerDocs(ledger)
    docs.expect(neighbours)
    groups = group_documents([view_of(*docs.load(d)[:3]) for d in neighbours])
    main = {d: _main_incident(c) for d, c in counts.items()}
    votes: dict[str, Counter] = {}
    for d, group in groups.items():
        if d in main:
            votes.setdefault(group, Counter())[main[d]] += 1
    found = [d for d in figureless if votes.get(groups[d]) and _main_incident(dict(votes[groups[d]])) == incident_id]
    return found, True


def report_order(report: dict[str, Any]) -> tuple:
    """Reports by publication date, undated last, then by document id (never by ingest order)."""
    return (report.get("published") is None, report.get("published") or "", report["doc_id"])


def read_incident(ledger: Any, incident_id: str) -> dict[str, Any]:
    """One incident as an analyst reads it (``incident ID``, the API, the incident page, the
    JSON export): the stored incident plus every report of it in time order."""
    found = ledger.incident(incident_id)
    return {**found, **incident_reports(ledger, found)}


def incident_reports(ledger: Any, incident: dict[str, Any]) -> dict[str, Any]:
    """The incident's reports in time order: each document with how many of its figures the
    incident holds (0 for a report found by its text), and whether the search was complete."""
    from claimledger.store.incidents import document_heads, figure_counts, story_documents

    figure_docs = list(incident.get("documents") or [])
    neighbours = sorted(story_documents(ledger, figure_docs))  # the figure documents included
    counts = figure_counts(ledger, neighbours)
    by_text, complete = text_reports(ledger, incident["id"], neighbours, counts)
    heads = document_heads(ledger, figure_docs + by_text)
    reports = [{**heads[d], "figures": counts.get(d, {}).get(incident["id"], 0),
                "found_by": "figures" if d in counts else "text"} for d in figure_docs + by_text if d in heads]
    return {"reports": sorted(reports, key=report_order), "reports_complete": complete}
