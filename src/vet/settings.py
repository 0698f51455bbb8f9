"""Every setting vet reads, declared once: name, environment variable, default, help.

The library core never reads the environment; the CLI and API build a
:class:`Settings` with :func:`load_settings` and pass values down.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from vet.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "home",
        "VET_HOME",
        "(platform user data dir)/vet",
        "Directory holding vet's store and caches.",
    ),
    Setting(
        "db",
        "VET_DB",
        "$VET_HOME/vet.db",
        "SQLite file path or SQLAlchemy database URL of the store.",
    ),
    Setting(
        "sources_file",
        "VET_SOURCES_FILE",
        "$VET_HOME/sources.toml",
        "TOML file overriding publisher download URLs: [list_name] urls = [...].",
    ),
    Setting(
        "max_age_days",
        "VET_MAX_AGE_DAYS",
        "30",
        "A list version older than this many days is flagged as stale.",
    ),
    Setting(
        "auto_bundle",
        "VET_AUTO_BUNDLE",
        "1",
        "Import the bundled snapshot on first use when the store is empty (0 to disable).",
    ),
    Setting(
        "download_timeout",
        "VET_DOWNLOAD_TIMEOUT",
        "60",
        "Seconds to wait for a publisher before giving up on a download.",
    ),
    Setting(
        "list_check_seconds",
        "VET_LIST_CHECK_SECONDS",
        "60",
        "How often `vet serve` checks the store for new active list versions, which it then "
        "loads and serves without a restart (0: never; restart to serve them).",
    ),
    Setting(
        "reviewer",
        "VET_REVIEWER",
        "(none)",
        "Name recorded with review decisions when --reviewer is not given.",
    ),
    Setting(
        "four_eyes",
        "VET_FOUR_EYES",
        "0",
        "Four-eyes review (1 to enable): a decision is final only once a second, different "
        "reviewer approves it (`vet decisions approve`, the API or the page).",
    ),
)


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    sources_file: Path
    max_age_days: int = 30
    auto_bundle: bool = True
    download_timeout: float = 60.0
    list_check_seconds: float = 60.0
    four_eyes: bool = False
    url_overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None


def db_url_for(value: str) -> str:
    """A SQLAlchemy URL from a path or URL; plain paths mean SQLite files."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def read_url_overrides(path: Path) -> dict[str, tuple[str, ...]]:
    """Publisher URL overrides from a TOML file: ``[us_ofac_sdn] urls = ["http://..."]``."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    overrides: dict[str, tuple[str, ...]] = {}
    for name, table in data.items():
        urls = table.get("urls") if isinstance(table, dict) else None
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise ConfigError(f'{path}: [{name}] needs urls = ["...", ...]')
        overrides[name] = tuple(urls)
    return overrides


def load_settings(
    env: dict[str, str] | None = None,
    *,
    db: str | None = None,
    home: str | None = None,
) -> Settings:
    """Settings from the environment (``os.environ`` by default) and explicit overrides."""
    env = dict(os.environ) if env is None else env
    home_path = Path(
        home or env.get("VET_HOME") or platformdirs.user_data_dir("vet", appauthor=False)
    ).expanduser()
    db_value = db or env.get("VET_DB") or str(home_path / "vet.db")
    sources_file = Path(env.get("VET_SOURCES_FILE") or home_path / "sources.toml")
    timeout = _int(env, "VET_DOWNLOAD_TIMEOUT", 60)
    return Settings(
        home=home_path,
        db_url=db_url_for(db_value),
        sources_file=sources_file,
        max_age_days=_int(env, "VET_MAX_AGE_DAYS", 30),
        auto_bundle=env.get("VET_AUTO_BUNDLE", "1") not in ("0", "false", "no"),
        download_timeout=float(timeout),
        list_check_seconds=float(_int(env, "VET_LIST_CHECK_SECONDS", 60)),
        four_eyes=env.get("VET_FOUR_EYES", "0").strip().lower() in ("1", "true", "yes", "on"),
        url_overrides=read_url_overrides(sources_file),
    )
