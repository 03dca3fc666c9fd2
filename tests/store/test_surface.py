"""The store's public read surface: its ``__all__``, its views, and the rule that only
``claimledger.store`` knows SQL and rows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import claimledger.store as store
from claimledger.records import Attribution, Claim, SourceRef
from claimledger.store import ClaimView, Page, source_chain

SRC = Path(store.__file__).resolve().parents[1]


def test_all_names_exist_and_are_documented():
    assert sorted(store.__all__) == sorted(set(store.__all__))
    for name in store.__all__:
        value = getattr(store, name)
        if callable(value):
            assert value.__doc__, name
    namespace: dict = {}
    exec("from claimledger.store import *", namespace)
    assert {n for n in namespace if not n.startswith("__")} == set(store.__all__)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
    return found


def test_only_the_store_knows_sql_and_rows():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("store/"):
            continue
        for module, _ in _imports(path):
            if module.split(".")[0] == "sqlalchemy" or module == "claimledger.store.schema":
                offenders.append(f"{rel}: {module}")
    assert offenders == []


def test_no_private_name_is_imported_across_packages():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        package = rel.split("/")[0] if "/" in rel else rel.removesuffix(".py")
        for module, names in _imports(path):
            parts = module.split(".")
            if parts[0] != "claimledger" or len(parts) < 2 or parts[1] == package:
                continue
            private = [n for n in [*parts[2:], *names] if re.match(r"_[a-z]", n)]
            offenders += [f"{rel}: {module}.{n}" for n in private]
    assert offenders == []


def test_a_source_chain_names_each_link_by_its_fullest_name():
    he = SourceRef("He", 10, 12, resolved="Ukrainian journalist Roman Tsimbalyuk")
    att = Attribution(he, "said", 13, 17, 18, 40, via=[SourceRef("the Sun", kind="outlet")])
    assert source_chain(att) == ["Ukrainian journalist Roman Tsimbalyuk", "the Sun"]
    assert source_chain(None) == []
    view = ClaimView("abc", 3, Claim(18, 40, "x", attribution=0), "t", None, None, att)
    record = view.to_dict()
    assert record["id"] == "abc:3" and record["chain"] == view.chain == source_chain(att)
    assert record["attribution_record"]["source"]["text"] == "He"  # as written stays in the record


def test_pages_know_their_next_offset():
    assert Page([1, 2], limit=2, offset=0, total=3).next_offset == 2
    assert Page([3], limit=2, offset=2, total=3).next_offset is None
    assert Page([1, 2], limit=2, offset=0).next_offset == 2 and list(Page([1], 1, 0)) == [1]
    assert Page([ClaimView("d", 0, Claim(0, 1, "x"), None, None, None, None)], 1, 0).to_dict()["items"][0]["id"] == "d:0"
