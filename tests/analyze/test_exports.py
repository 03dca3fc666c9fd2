"""The names the analyze package offers at its top: each one imports and can be called."""

from __future__ import annotations

import claimledger.analyze as analyze


def test_every_exported_name_imports():
    for name in analyze.__all__:
        assert callable(getattr(analyze, name)), name


def test_normalise_mentions_from_the_package_top():
    from claimledger.analyze import normalise_mentions
    from claimledger.analyze.entities_norm import normalise_mentions as at_home

    assert normalise_mentions is at_home
