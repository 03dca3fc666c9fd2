"""One exception hierarchy: every error claimledger raises on purpose is a ``ClaimledgerError``.

Callers that want to tell "bad input or a lookup that failed" from a bug catch
``ClaimledgerError``; the stage-specific classes (``InputError``, ``CleanError``,
``LedgerError``, ...) derive from it and keep their older built-in bases (``ValueError``,
``LookupError``) so existing ``except`` clauses still catch them.

``bounded(text)`` cuts a message to ``MAX_REASON`` characters: an error text quotes parts of
its input (a first line, a bad value), and a hostile input must not turn into a huge message.
"""

from __future__ import annotations

MAX_REASON = 300


class ClaimledgerError(Exception):
    """Base of every error claimledger raises on purpose (bad input, unknown id, schema trouble)."""


class OptionsError(ClaimledgerError, ValueError):
    """Options that cannot work together (an unknown engine, a Ray address without Ray, ...)."""


class SchemaError(ClaimledgerError):
    """The ledger's schema cannot be created or upgraded (the message says why)."""


def bounded(text: object, limit: int = MAX_REASON) -> str:
    """``text`` as a string of at most ``limit`` characters (an ellipsis and the cut size mark a cut)."""
    value = str(text)
    if len(value) <= limit:
        return value
    tail = f"… [cut, {len(value)} characters in all]"
    return value[:max(0, limit - len(tail))] + tail
