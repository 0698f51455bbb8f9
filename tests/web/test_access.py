"""Who may use the pages: forms only from the pages themselves, sign-in with a key where needed."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from vet.store.keys import create_key

PARTIES = "name,country\nTanchon Commercial Bank,North Korea\nBosco Taganda,\n"
TANCHON = "unsc-690752"


def screen(http: httpx.Client, name: str) -> int:
    """Screen PARTIES through the API; the screening's id once it is complete."""
    started = http.post("/screenings", files={"file": ("p.csv", PARTIES)}, data={"name": name})
    assert started.status_code == 202, started.text
    screening_id: int = started.json()["id"]
    deadline = time.monotonic() + 20
    while http.get(f"/screenings/{screening_id}").json()["status"] != "complete":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return screening_id


@pytest.fixture(scope="module")
def screening(web: Any) -> int:
    with httpx.Client(base_url=web.url, timeout=30) as http:
        return screen(http, "access checks")


def decision_on_tanchon(http: httpx.Client, screening_id: int) -> Any:
    hits = http.get(f"/screenings/{screening_id}/hits").json()
    return hits["parties"][0]["hits"][0]["decision"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://attacker.example"},
        {"Referer": "http://attacker.example/page.html"},
        {"Origin": "null"},
        {},
    ],
    ids=["other-origin", "other-referer", "opaque-origin", "no-origin"],
)
def test_forms_sent_from_elsewhere_are_refused(
    web: Any, screening: int, headers: dict[str, str]
) -> None:
    form = {"row": "2", "entity": TANCHON, "decision": "match", "reviewer": "Mallory"}
    with httpx.Client(base_url=web.url, timeout=30) as http:
        response = http.post(f"/web/screenings/{screening}/hit", data=form, headers=headers)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("text/html")
        assert "was not sent from vet&#39;s own pages" in response.text
        assert decision_on_tanchon(http, screening) is None


def test_forms_from_the_pages_themselves_are_accepted(web: Any, screening: int) -> None:
    form = {"row": "2", "entity": TANCHON, "decision": "unsure", "reviewer": "Ana"}
    with httpx.Client(base_url=web.url, timeout=30) as http:
        response = http.post(
            f"/web/screenings/{screening}/hit",
            data=form,
            headers={"Origin": web.url},
        )
        assert response.status_code == 303
        # On to the next hit to decide: row 3.
        assert "row=3" in response.headers["location"]
        assert "decided=unsure" in response.headers["location"]
        assert decision_on_tanchon(http, screening)["reviewer"] == "Ana"


def test_pages_answer_only_loopback_names_without_keys(web: Any) -> None:
    response = httpx.get(f"{web.url}/web/", headers={"Host": "attacker.example"})
    assert response.status_code == 403
    assert "127.0.0.1 or localhost" in response.text


def test_pages_carry_a_strict_content_security_policy(web: Any) -> None:
    response = httpx.get(f"{web.url}/web/lists")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["cache-control"] == "no-store"


def test_with_keys_a_person_signs_in_and_decides_in_the_keys_name(
    keyed_web: Any, page: Any
) -> None:
    _, secret = create_key(keyed_web.store, "Ana's key")
    headers = {"Authorization": f"ApiKey {secret}"}
    with httpx.Client(base_url=keyed_web.url, headers=headers, timeout=30) as http:
        screening_id = screen(http, "keyed access")

    review = f"{keyed_web.url}/web/screenings/{screening_id}/hit?row=2&entity={TANCHON}"
    page.goto(review)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("API key").fill("vet_not-a-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("That key is unknown or revoked")
    page.get_by_label("API key").fill(secret)
    page.get_by_role("button", name="Sign in").click()

    # Back where the person was going, signed in; the key is out of reach of scripts.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Row 2: Tanchon Commercial Bank")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Signed in as Ana's key")
    cookie = next(c for c in page.context.cookies() if c["name"] == "vet_key")
    assert (cookie["httpOnly"], cookie["sameSite"]) == (True, "Strict")
    assert page.get_by_label("Your name").count() == 0
    page.get_by_label("Match").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded: match for row 2")

    with httpx.Client(base_url=keyed_web.url, headers=headers, timeout=30) as http:
        assert decision_on_tanchon(http, screening_id)["reviewer"] == "Ana's key"

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto(f"{keyed_web.url}/web/lists")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
