"""Fetching official files from their publishers (the only network code in sources)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import httpx

from vet.errors import NetworkError, Unreachable

Progress = Callable[[str, int, int | None], None]
"""Called as ``progress(filename, bytes_done, bytes_total_or_None)``."""

MAX_DOWNLOAD_BYTES = 1 << 30  # no official list comes near 1 GB


def download(
    url: str, target: Path, *, timeout: float = 60.0, progress: Progress | None = None
) -> str:
    """Stream ``url`` to ``target`` and return its sha256.

    The file is written to ``target.part`` first and renamed when complete, so
    an interrupted download never looks like a whole file.
    """
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    host = urlparse(url).netloc or url
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code != 200:
                raise NetworkError(f"{url}: publisher answered HTTP {response.status_code}")
            total_header = response.headers.get("content-length")
            total = int(total_header) if total_header and total_header.isdigit() else None
            done = 0
            with open(partial, "wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    done += len(chunk)
                    if done > MAX_DOWNLOAD_BYTES:
                        raise NetworkError(f"{url}: larger than 1 GB, refused")
                    handle.write(chunk)
                    digest.update(chunk)
                    if progress is not None:
                        progress(target.name, done, total)
            if total is not None and done != total:
                raise NetworkError(f"{url}: download cut short ({done} of {total} bytes)")
    except httpx.ConnectError as exc:
        partial.unlink(missing_ok=True)
        raise Unreachable(f"cannot reach {host}: offline or publisher unreachable ({exc})") from exc
    except httpx.TimeoutException as exc:
        partial.unlink(missing_ok=True)
        raise Unreachable(f"{host} did not answer within {timeout:.0f} s") from exc
    except httpx.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise NetworkError(f"download from {host} failed: {exc}") from exc
    except NetworkError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return digest.hexdigest()
