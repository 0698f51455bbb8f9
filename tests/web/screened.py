"""The parties the page tests screen, and screening them through a test server's API with
own ids per test (so no other test's decisions apply to them)."""

from __future__ import annotations

import time

import httpx

PARTIES = """name,country,id
Tanchon Commercial Bank,North Korea,P-1
Bosco Taganda,,P-2
Aqsa Mahmood,GB,P-3
Northwind Traders Ltd,GB,P-4
Banco Nacional de Cuba,CU,P-5
"""
"""Rows 2, 3 and 4 are on the UN list, row 6 on OFAC's SDN list; row 5 is on none."""


EXHIBITORS = [
    (f"{first} {second} {form}", country)
    for i, (first, second) in enumerate(
        (a, b)
        for a in ("Alpen", "Baltic", "Cedar", "Delta", "Elbe", "Fjord", "Granite", "Harbour",
                  "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Nordic", "Orchid")
        for b in ("Valve", "Textile", "Optics", "Polymer", "Robotics", "Ceramics", "Timber",
                  "Dairy", "Pump", "Cable", "Glass", "Lighting", "Packaging", "Tooling",
                  "Acoustics", "Coatings", "Fasteners", "Bearings", "Sensors", "Filters")
    )
    for form, country in [(("GmbH", "DE"), ("Ltd", "GB"), ("B.V.", "NL"), ("AB", "SE"))[i % 4]]
]  # fmt: skip
"""Exhibitors of a trade fair, on no list: 300 names of the shape registers give firms."""


def fair(tag: str, size: int = 300) -> str:
    """A fair's exhibitors: the tagged parties first, then innocent firms up to ``size`` rows."""
    rows = [f"{name},{country},{tag}-X{n}" for n, (name, country) in enumerate(EXHIBITORS)]
    return tagged(tag) + "\n".join(rows[: size - 5]) + "\n"


def tagged(tag: str) -> str:
    """The parties with own ids ``TAG-1``... instead of ``P-1``..."""
    return PARTIES.replace(",P-", f",{tag}-")


def screen(url: str, name: str, tag: str, parties: str | None = None, seconds: float = 120) -> int:
    """Screen the tagged parties (or the CSV ``parties``) as ``name``; the screening's id
    once it is complete (within ``seconds``: the first screening warms the matcher up)."""
    # A new connection per request: on a busy machine a kept-alive one may be closed by the
    # server (idle past its keep-alive) just as the next poll goes out.
    fresh = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=url, timeout=60, limits=fresh) as http:
        started = http.post(
            "/screenings",
            files={"file": ("p.csv", tagged(tag) if parties is None else parties)},
            data={"name": name},
        )
        assert started.status_code == 202, started.text
        screening_id: int = started.json()["id"]
        deadline = time.monotonic() + seconds
        while http.get(f"/screenings/{screening_id}").json()["status"] != "complete":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        return screening_id
