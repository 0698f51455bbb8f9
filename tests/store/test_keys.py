"""API keys in the store: created, found by their secret, revoked; only hashes are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from vet.errors import InputError, NotFound
from vet.store import Store
from vet.store.keys import create_key, find_key, list_keys, revoke_key


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'vet.db'}")


def test_created_key_is_found_by_its_secret(store: Store) -> None:
    key, secret = create_key(store, "partner-a")
    assert secret.startswith("vet_") and len(secret) > 40
    assert secret.startswith(key.prefix) and len(key.prefix) == len("vet_") + 8
    found = find_key(store, secret)
    assert found is not None and found.name == "partner-a" and found.active
    assert find_key(store, secret + "x") is None
    assert find_key(store, "not-a-vet-key") is None


def test_only_a_hash_of_the_secret_is_stored(store: Store, tmp_path: Path) -> None:
    _, secret = create_key(store, "partner-a")
    store.close()
    data = (tmp_path / "vet.db").read_bytes()
    assert secret.encode() not in data
    assert secret[len("vet_") + 8 :].encode() not in data


def test_revoked_keys_stop_working_and_stay_listed(store: Store) -> None:
    _, first = create_key(store, "partner-a")
    _, second = create_key(store, "partner-b")
    revoked = revoke_key(store, "partner-a")
    assert [k.name for k in revoked] == ["partner-a"] and revoked[0].revoked_at is not None
    assert find_key(store, first) is None
    assert find_key(store, second) is not None
    listed = {k.name: k.active for k in list_keys(store)}
    assert listed == {"partner-a": False, "partner-b": True}
    actions = [e["action"] for e in store.audit_events()]
    assert actions == ["api_key_created", "api_key_created", "api_key_revoked"]
    assert all(first not in str(e["detail"]) for e in store.audit_events())


def test_revoking_by_prefix(store: Store) -> None:
    key, secret = create_key(store, "ci")
    revoke_key(store, key.prefix)
    assert find_key(store, secret) is None


def test_a_name_is_reusable_once_its_key_is_revoked(store: Store) -> None:
    create_key(store, "ci")
    with pytest.raises(InputError, match="an active key called 'ci' exists"):
        create_key(store, "ci")
    revoke_key(store, "ci")
    _, secret = create_key(store, "ci")
    assert find_key(store, secret) is not None


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "tab\there"])
def test_unusable_names_are_refused(store: Store, name: str) -> None:
    with pytest.raises(InputError, match="printable characters"):
        create_key(store, name)


def test_revoking_an_unknown_key_says_so(store: Store) -> None:
    with pytest.raises(NotFound, match="no active API key called 'ghost'"):
        revoke_key(store, "ghost")
