"""``vet serve`` and ``vet keys``: the HTTP API and the keys that open it."""

from __future__ import annotations

import json

import click

from vet.api import ApiSettings, ServeConfig, keys_required, run_server
from vet.bundle import bundled_lists
from vet.cli import Context, VetGroup, main, pass_context, split_names
from vet.errors import InputError
from vet.store import Store
from vet.store.keys import create_key, list_keys, revoke_key


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (one per core for the most queries per second).",
)
@click.option("--lists", help="Serve only these lists, comma-separated.")
@pass_context
def serve(obj: Context, host: str, port: int, workers: int, lists: str | None) -> None:
    """Serve the HTTP API: /match (yente), /reconcile (OpenRefine), /catalog, /entities.

    Bound to loopback (the default) it answers this machine only and needs no key;
    on any other address every request needs a key from `vet keys create NAME`.
    It listens at once and then loads the lists (on first use, importing the
    bundled snapshot and building the index takes minutes): /healthz answers
    from the start, /readyz once the lists are served. Lists imported or updated
    while it runs are served once loaded, without a restart (checked every
    VET_LIST_CHECK_SECONDS, 60 by default).
    """
    required = keys_required(host)
    store = obj.store(with_lists=False)  # the server imports the bundle once listening
    names = split_names(lists)
    check_list_names(store, names, auto_bundle=obj.settings.auto_bundle)
    if required and not any(k.active for k in list_keys(store)):
        click.echo(
            "Warning: listening beyond this machine requires API keys and none exists: "
            "create one with `vet keys create NAME`.",
            err=True,
        )
    config = ServeConfig(
        db_url=obj.settings.db_url,
        cache_dir=str(obj.settings.home / "index"),
        host=host,
        port=port,
        workers=workers,
        lists=tuple(names) if names else None,
        log_level="debug" if obj.debug else "info",
        settings=ApiSettings(
            require_keys=required,
            list_check_seconds=obj.settings.list_check_seconds,
            auto_bundle=obj.settings.auto_bundle,
            max_age_days=obj.settings.max_age_days,
            four_eyes=obj.settings.four_eyes,
        ),
    )
    click.echo(
        f"vet API on http://{host}:{port} (schema at /openapi.json); "
        f"{'API keys required' if required else 'loopback only, no keys needed'}; "
        f"{workers} worker{'s' if workers > 1 else ''}.",
        err=True,
    )
    run_server(config)


def check_list_names(store: Store, names: list[str] | None, *, auto_bundle: bool) -> None:
    """Refuse a list name that is neither in the store nor (on first use) in the bundle,
    before listening rather than in /readyz."""
    statuses = store.list_statuses()
    known = {s.name for s in statuses}
    if auto_bundle and not statuses:
        known |= {b.list_name for b in bundled_lists()}
    unknown = sorted(set(names or ()) - known)
    if unknown:
        raise InputError(
            f"--lists: no list called {', '.join(unknown)} (lists: {', '.join(sorted(known))})"
        )


@main.group("keys", cls=VetGroup)
def keys_group() -> None:
    """API keys for `vet serve` (stored hashed; a key is shown once)."""


@keys_group.command("create")
@click.argument("name")
@click.option(
    "--reviewer",
    help="The reviewer the key names: decisions made with it are in this name "
    "(default: NAME). Several keys may name one reviewer.",
)
@pass_context
def keys_create(obj: Context, name: str, reviewer: str | None) -> None:
    """Create a key called NAME and print it (it cannot be shown again)."""
    key, secret = create_key(obj.store(with_lists=False), name, reviewer=reviewer)
    click.echo(secret)
    click.echo(
        f"Key {key.name!r} created ({key.prefix}...) for reviewer {key.reviewer_name!r}. "
        "Send it as 'Authorization: ApiKey <key>'; it is not shown again.",
        err=True,
    )


@keys_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def keys_list(obj: Context, as_json: bool) -> None:
    """The keys: name, prefix, when created and revoked."""
    keys = list_keys(obj.store(with_lists=False))
    if as_json:
        rows = [
            {
                "name": k.name,
                "prefix": k.prefix,
                "reviewer": k.reviewer_name,
                "created_at": k.created_at.isoformat(),
                "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
            }
            for k in keys
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    if not keys:
        click.echo("No API keys. Create one with `vet keys create NAME`.")
        return
    for k in keys:
        state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
        click.echo(
            f"{k.name:<20} {k.prefix}...  reviewer {k.reviewer_name}  "
            f"created {k.created_at:%Y-%m-%d %H:%M}  {state}"
        )


@keys_group.command("revoke")
@click.argument("name")
@pass_context
def keys_revoke(obj: Context, name: str) -> None:
    """Revoke the key called NAME (or with this prefix); servers refuse it within seconds."""
    for key in revoke_key(obj.store(with_lists=False), name):
        click.echo(f"Revoked {key.name!r} ({key.prefix}...).")
