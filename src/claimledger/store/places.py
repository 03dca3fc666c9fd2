"""Geocoded places with how many claims name them: the points of the places map."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import String, and_, cast, func, select
from sqlalchemy.orm import Session

from claimledger.store.people import is_person_name
from claimledger.store.schema import ClaimRow, MentionRow
from claimledger.store.views import PLACE_LABELS

if TYPE_CHECKING:
    from claimledger.store.handle import LedgerHandle


def _claim_counts(session: Session, limit: int) -> list[tuple[str, int]]:
    """(place name, distinct claims with a mention of it inside their span), most claims first."""
    claim_key = ClaimRow.doc_id.concat(":").concat(cast(ClaimRow.idx, String))
    claims = func.count(func.distinct(claim_key)).label("claims")
    query = (select(MentionRow.norm, claims)
             .join(ClaimRow, and_(ClaimRow.doc_id == MentionRow.doc_id, ClaimRow.start <= MentionRow.start,
                                  ClaimRow.end >= MentionRow.end))
             .where(MentionRow.label.in_(PLACE_LABELS), ~is_person_name())
             .group_by(MentionRow.norm).order_by(claims.desc(), MentionRow.norm).limit(limit))
    return [(norm, int(n)) for norm, n in session.execute(query)]


def _coordinates(session: Session, names: list[str]) -> dict[str, dict[str, Any]]:
    """Each name's first geocoded mention's attributes (latitude, longitude, country, GeoNames id)."""
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(names), 500):
        query = (select(MentionRow.norm, MentionRow.data)
                 .where(MentionRow.label.in_(PLACE_LABELS), MentionRow.norm.in_(names[i:i + 500]))
                 .order_by(MentionRow.doc_id, MentionRow.idx))
        for norm, data in session.execute(query):
            attrs = (data or {}).get("attrs") or {}
            if norm not in found and attrs.get("lat") is not None and attrs.get("lon") is not None:
                found[norm] = attrs
    return found


def place_points(ledger: LedgerHandle, *, limit: int = 500) -> list[dict[str, Any]]:
    """Geocoded places, the most claims first: ``{name, lat, lon, country, geonames_id, claims}``
    where ``claims`` counts the claims with a mention of the place inside them."""
    with Session(ledger.engine) as session:
        counts = _claim_counts(session, limit)
        coords = _coordinates(session, [name for name, _ in counts])
    return [{"name": name, "lat": float(coords[name]["lat"]), "lon": float(coords[name]["lon"]),
             "country": coords[name].get("country"), "geonames_id": coords[name].get("geonames_id"), "claims": n}
            for name, n in counts if name in coords]
