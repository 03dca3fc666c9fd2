"""Provenance: where a claim first appeared and who cited whom.

For the claim group of one claim:

* **earliest appearance** — the member whose document was published first; undated
  members are never ordered by ingest time: they follow the dated ones by document id (a
  function of the texts), and while any member is undated none is called the earliest
  (``earliest["order_known"]`` is false);
* **explicit citations** — each member's attribution chain: the source, then its
  intermediaries nearest first, then the publishing document ("Roman Tsimbalyuk" →
  "the Sun" → Express);
* **implicit copies** — a member's document that copies (near-duplicate or excerpt) an
  earlier member's document, found by the duplicate links.

``trace`` returns the edges and a tree: the group, then the original sources, their
intermediaries, the documents that cite them, and under each document its copies.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from claimledger.link.conflicts import normal_source
from claimledger.link.units import compare_published


@dataclass
class TraceNode:
    label: str
    kind: str  # group | source | intermediary | document | copy
    doc_id: str | None = None
    claim_id: str | None = None
    published: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    children: list["TraceNode"] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "kind": self.kind, "doc_id": self.doc_id, "claim_id": self.claim_id,
                "published": self.published, "detail": self.detail,
                "children": [c.to_dict() for c in self.children]}


@dataclass
class Trace:
    claim_id: str
    group: dict[str, Any]
    earliest: dict[str, Any]
    members: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    root: TraceNode

    def to_dict(self) -> dict[str, Any]:
        return {"claim_id": self.claim_id, "group": self.group, "earliest": self.earliest, "members": self.members,
                "edges": self.edges, "tree": self.root.to_dict()}


def _order(a: dict[str, Any], b: dict[str, Any]) -> int:
    """Publication date first; dates that cannot be ordered fall back to content (document id,
    claim index), never to ingest order: the undated have no known order."""
    cmp = compare_published(a.get("doc_published"), b.get("doc_published"))
    if cmp:
        return cmp
    ka, kb = (a.get("doc_published") is None, a["doc_id"], a["index"]), (b.get("doc_published") is None,
                                                                         b["doc_id"], b["index"])
    return (ka > kb) - (ka < kb)


def _chain(member: dict[str, Any]) -> list[str]:
    """[source, intermediary, ...] of a member claim as the store gives it (empty when unattributed),
    less a trailing link that is the publishing outlet: the document node itself stands for it."""
    chain = list(member.get("chain") or [])
    outlet = normal_source(member.get("doc_outlet") or "")
    while len(chain) > 1 and outlet and normal_source(chain[-1]) == outlet:
        chain.pop()
    return chain


def _doc_label(member: dict[str, Any]) -> str:
    who = member.get("doc_outlet") or (member.get("doc_title") or member["doc_id"])[:50]
    when = member.get("doc_published") or "date unknown"
    text = " ".join(member["text"].split())
    text = text if len(text) <= 110 else text[:107] + "…"
    return f"{who} · {when} · {member['stance']}/{member['certainty']} · {member['claim_id']}: {text}"


def _traced_first(members: list[dict[str, Any]], group: dict[str, Any]) -> list[dict[str, Any]]:
    """The traced claim stands for its document (its siblings in that document are listed beside it)."""
    traced = group.get("claim_id")
    own = next((i for i, m in enumerate(members) if m["claim_id"] == traced), None)
    if own is None:
        return members
    first = next(i for i, m in enumerate(members) if m["doc_id"] == members[own]["doc_id"])
    if first != own:
        members.insert(first, members.pop(own))
    return members


def trace(ledger, claim_id: str) -> Trace:
    """The provenance of a claim ("<doc id or prefix>:<index>") over its claim group."""
    from claimledger.store import links as store

    group = store.claim_membership(ledger, claim_id)
    members = _traced_first(sorted(group["members"], key=functools.cmp_to_key(_order)), group)
    for m in members:
        m["chain"] = _chain(m)
    earliest = members[0]
    known = _order_known(members)
    doc_ids = {m["doc_id"] for m in members}
    links = [l for d in sorted(doc_ids) for l in store.doc_links(ledger, d)
             if l["src"] in doc_ids and l["dst"] in doc_ids]
    links = list({(l["src"], l["dst"]): l for l in links}.values())
    root = _tree(group, members, links, known)
    return Trace(claim_id=group["claim_id"], group=group["group"],
                 earliest={k: earliest.get(k) for k in ("claim_id", "doc_id", "doc_published", "doc_outlet",
                                                         "doc_title", "text", "chain")} | {"order_known": known},
                 members=members, edges=_edges(members, links), root=root)


def _edges(members: list[dict[str, Any]], links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who cited whom (source chains down to each document) and which document copied which."""
    edges: list[dict[str, Any]] = []
    for m in members:
        chain = m["chain"]
        for a, b in zip(chain, chain[1:]):
            edges.append({"from": a, "to": b, "kind": "cites", "claim_id": m["claim_id"]})
        if chain:
            edges.append({"from": chain[-1], "to": m["doc_id"], "kind": "cites", "claim_id": m["claim_id"]})
    for l in links:
        edges.append({"from": l["src"], "to": l["dst"], "kind": "copied", "link": l["kind"], "score": l["score"],
                      "basis": l["basis"]})
    return edges


def _order_known(members: list[dict[str, Any]]) -> bool:
    """True when the first member's document is the only one, or its date orders it before
    (or on the day of) every other member's."""
    first = members[0]
    others = [m for m in members[1:] if m["doc_id"] != first["doc_id"]]
    for m in others:
        cmp = compare_published(first.get("doc_published"), m.get("doc_published"))
        if cmp is None or cmp > 0:
            return False
    return not others or bool(first.get("doc_published"))


def _tree(group: dict[str, Any], members: list[dict[str, Any]], links: list[dict[str, Any]],
          order_known: bool) -> TraceNode:
    """Sources above the documents that cite them; a copy under the document it copied."""
    rank = {m["doc_id"]: i for i, m in reversed(list(enumerate(members)))}
    parent_doc: dict[str, tuple[str, dict]] = {}
    for l in sorted(links, key=lambda l: (rank.get(l["src"], 0), -l["score"])):
        if l["dst"] not in parent_doc and rank.get(l["src"], 0) <= rank.get(l["dst"], 0):
            parent_doc[l["dst"]] = (l["src"], l)
    root = TraceNode(label=f"claim group {group['group']['id']}: {group['group']['label'][:120]}", kind="group",
                     detail={"size": group["group"]["size"], "documents": len({m["doc_id"] for m in members})})
    doc_nodes: dict[str, TraceNode] = {}
    source_nodes: dict[tuple, TraceNode] = {}
    for m in members:
        if m["doc_id"] in doc_nodes:  # a second claim of the same document: shown beside the first
            doc_nodes[m["doc_id"]].detail.setdefault("more_claims", []).append(m["claim_id"])
            continue
        node = TraceNode(label=_doc_label(m), kind="document", doc_id=m["doc_id"], claim_id=m["claim_id"],
                         published=m.get("doc_published"),
                         detail={"chain": m["chain"], "earliest": m is members[0] and order_known})
        doc_nodes[m["doc_id"]] = node
        copied = parent_doc.get(m["doc_id"])
        if copied and copied[0] in doc_nodes and copied[0] != m["doc_id"]:
            l = copied[1]
            node.kind = "copy"
            node.detail["copy"] = {"of": copied[0], "link": l["kind"], "score": l["score"], "basis": l["basis"]}
            doc_nodes[copied[0]].children.append(node)
            continue
        _under_sources(root, source_nodes, m["chain"]).children.append(node)
    return root


def _under_sources(root: TraceNode, source_nodes: dict[tuple, TraceNode], chain: list[str]) -> TraceNode:
    """The node of a chain's last intermediary, made (source first) where it is new."""
    parent, key = root, ()
    for i, name in enumerate(chain):
        key = key + (normal_source(name),)
        if key not in source_nodes:
            source_nodes[key] = TraceNode(label=name, kind="source" if i == 0 else "intermediary")
            parent.children.append(source_nodes[key])
        parent = source_nodes[key]
    return parent
