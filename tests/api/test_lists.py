"""Lists and trail filters over HTTP: cursor paging, role scoping, and filters that match nothing (R-24, R-26)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.api.conftest import Http
from tests.builders import AGENCIES


def test_lists_page_by_cursor_and_are_scoped_by_role_over_http_r26(http: Http) -> None:
    http.wait("governance", http.ok(http.get("governance", "/events", after=0, limit=500))["next_after"])
    codes, cursor = [], None
    while True:
        page = http.ok(http.get("pol_auditor", "/agencies", limit=3, **({"cursor": cursor} if cursor else {})))
        codes += [a["code"] for a in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert codes == [code for code, _, _ in AGENCIES]
    police = http.ok(http.get("pol_lead", "/people"))["items"]
    assert {p["name"] for p in police} == {"Pol Auditor", "Pol Lead"}
    assert http.get("pol_auditor", "/people").status_code == 403
    assert http.ok(http.get("admin", "/people", agency="NOPE")) == {"items": [], "next_cursor": None}
    assert http.get("chair", "/subscriptions").status_code == 403


def test_trail_filters_that_match_nothing_give_an_empty_page_and_offsets_give_the_utc_answer_r24(http: Http) -> None:
    head = http.ok(http.get("governance", "/events", after=0, limit=500))["next_after"]
    http.wait("governance", head)
    assert http.ok(http.get("governance", "/trail", agency="NOPE")) == {"rows": [], "next_cursor": None}
    first = http.ok(http.get("governance", "/trail", limit=1))["rows"][0]
    start = datetime.fromisoformat(first["occurred_at"]).replace(second=0, microsecond=0)
    end = start + timedelta(hours=1)
    in_utc = http.ok(http.get("governance", "/trail", since=start.isoformat(), until=end.isoformat(), limit=500))
    plus_five = timezone(timedelta(hours=5))
    shifted = http.ok(http.get("governance", "/trail", since=start.astimezone(plus_five).isoformat(),
                               until=end.astimezone(plus_five).isoformat(), limit=500))  # fmt: skip
    assert in_utc["rows"] and shifted == in_utc
    naive = http.get("governance", "/trail", since=start.replace(tzinfo=None).isoformat())
    assert naive.status_code == 422 and naive.json()["error"] == "invalid_value"
