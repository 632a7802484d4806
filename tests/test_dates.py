"""parse_date: fast paths, prefixes, zones with daylight saving, day/month order, relative dates."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.dates import ParsedDate, clear_cache, day_order_for, parse_date

ANCHOR = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)  # a Thursday


def local_day(p: ParsedDate) -> date:
    return (p.instant + timedelta(minutes=p.offset_minutes or 0)).date()


# (raw, keyword arguments, UTC instant, offset_minutes, precision)
EXACT = [
    ("2014-06-30T16:54:02+00:00", {}, "2014-06-30T16:54:02", 0, "second"),
    ("2014-06-30T16:54:02Z", {}, "2014-06-30T16:54:02", 0, "second"),
    ("2014-06-30T18:54:02.123+02:00", {}, "2014-06-30T16:54:02", 120, "second"),
    ("2014-06-30 16:54", {}, "2014-06-30T16:54:00", None, "minute"),
    ("20140630", {}, "2014-06-30T00:00:00", None, "day"),
    ("2014-06-30", {}, "2014-06-30T00:00:00", None, "day"),
    ("2021-03-14 10:00:00 +0100", {}, "2021-03-14T09:00:00", 60, "second"),
    ("Sun, 23 Nov 2014 16:00:00 -0400", {}, "2014-11-23T20:00:00", -240, "second"),
    ("Sun Nov 23 16:00:00 EDT 2014", {}, "2014-11-23T20:00:00", -240, "second"),
    ("1676551869", {}, "2023-02-16T12:51:09", None, "second"),  # an epoch names no zone
    ("1676551869000", {}, "2023-02-16T12:51:09", None, "second"),
    ("Published July 4, 2025 at 3:15 p.m. ET", {}, "2025-07-04T19:15:00", -240, "minute"),
    ("Published January 4, 2025 at 3:15 p.m. ET", {}, "2025-01-04T20:15:00", -300, "minute"),
    ("March 30, 2025 9:00 AM PT", {}, "2025-03-30T16:00:00", -420, "minute"),
    ("May 5th, 2020 10:00 BST", {}, "2020-05-05T09:00:00", 60, "minute"),
    ("12.05.2021, 18:03 Uhr MESZ", {"language": "de"}, "2021-05-12T16:03:00", 120, "minute"),
    ("Stand: 12.05.2021, 18:03 Uhr", {}, "2021-05-12T18:03:00", None, "minute"),
    ("Veröffentlicht am 3. März 2020 um 10:30 Uhr", {}, "2020-03-03T10:30:00", None, "minute"),
    ("Mis à jour le 5 janvier 2022 à 14h30", {}, "2022-01-05T14:30:00", None, "minute"),
    ("10/07/2025 09:30 CET", {"language": "fr"}, "2025-07-10T08:30:00", 60, "minute"),
    ("08 Nov 2023 18:05 IST", {}, "2023-11-08T12:35:00", 330, "minute"),
    ("08 Nov 2023 18:05 IST", {"language": "he"}, "2023-11-08T16:05:00", 120, "minute"),
    ("Last modified: 2020-01-01", {}, "2020-01-01T00:00:00", None, "day"),
]


@pytest.mark.parametrize(("raw", "kwargs", "instant", "offset", "precision"), EXACT)
def test_exact(raw: str, kwargs: dict, instant: str, offset: int | None, precision: str) -> None:
    parsed = parse_date(raw, **kwargs)
    assert parsed is not None
    assert parsed.instant == datetime.fromisoformat(instant).replace(tzinfo=UTC)
    assert parsed.instant.tzinfo is not None and parsed.instant.utcoffset() == timedelta(0)
    assert parsed.offset_minutes == offset
    assert parsed.precision == precision
    assert parsed.raw == raw


# (raw, keyword arguments, local calendar day)
DAYS = [
    ("3 févr. 2020", {}, "2020-02-03"),
    ("le 3 mars 2020", {}, "2020-03-03"),
    ("1. Mai 2019", {}, "2019-05-01"),
    ("Montag, 3. Februar 2020", {}, "2020-02-03"),
    ("Dienstag, 14.01.2020 - 16:45", {}, "2020-01-14"),
    ("12 de marzo de 2019", {}, "2019-03-12"),
    ("Quarta-feira, 8 de Novembro de 2023", {}, "2023-11-08"),
    ("5th May 2020", {}, "2020-05-05"),
    ("December 22, 2006", {}, "2006-12-22"),
    ("2019年3月5日", {}, "2019-03-05"),
    ("2020/03/15", {}, "2020-03-15"),
    ("14/01/20", {}, "2020-01-14"),
    # ambiguous numeric dates: slash with no other hint follows US habit; dots are always day-first
    ("03/04/2025", {}, "2025-03-04"),
    ("03/04/2025", {"dayfirst": True}, "2025-04-03"),
    ("03/04/2025", {"language": "de"}, "2025-04-03"),
    ("03/04/2025", {"language": "en"}, "2025-03-04"),
    ("03.04.2025", {"dayfirst": False}, "2025-04-03"),
    ("13/04/2025", {"dayfirst": False}, "2025-04-13"),
    ("04/13/2025", {"dayfirst": True}, "2025-04-13"),
    ("23 Nov 2014 23:30 -0500", {}, "2014-11-23"),
]


@pytest.mark.parametrize(("raw", "kwargs", "day"), DAYS)
def test_local_day(raw: str, kwargs: dict, day: str) -> None:
    parsed = parse_date(raw, **kwargs)
    assert parsed is not None
    assert local_day(parsed) == date.fromisoformat(day)


# (raw, local day against ANCHOR, precision)
RELATIVE = [
    ("Updated 2 days ago", "2025-07-08", "day"),
    ("3 hours ago", "2025-07-10", "minute"),
    ("vor 3 Stunden", "2025-07-10", "minute"),
    ("il y a 2 jours", "2025-07-08", "day"),
    ("hace 5 horas", "2025-07-10", "minute"),
    ("yesterday", "2025-07-09", "day"),
    ("gestern, 10:15 Uhr", "2025-07-09", "minute"),
    ("vorgestern", "2025-07-08", "day"),
    ("Tuesday", "2025-07-08", "day"),
    ("15 March", "2025-03-15", "day"),
    ("December 24", "2024-12-24", "day"),
    ("just now", "2025-07-10", "minute"),
]


@pytest.mark.parametrize(("raw", "day", "precision"), RELATIVE)
def test_relative_needs_and_uses_anchor(raw: str, day: str, precision: str) -> None:
    assert parse_date(raw) is None
    parsed = parse_date(raw, anchor=ANCHOR)
    assert parsed is not None
    assert local_day(parsed) == date.fromisoformat(day)
    assert parsed.precision == precision


def test_relative_strings_are_not_cached() -> None:
    clear_cache()
    first = parse_date("yesterday", anchor=ANCHOR)
    second = parse_date("yesterday", anchor=ANCHOR + timedelta(days=30))
    assert first is not None and second is not None
    assert second.instant - first.instant == timedelta(days=30)


def test_naive_anchor_is_taken_as_utc() -> None:
    naive = parse_date("yesterday", anchor=datetime(2025, 7, 10, 12, 0))
    aware = parse_date("yesterday", anchor=ANCHOR.astimezone(timezone(timedelta(hours=5))))
    assert naive == aware


# An explicit year outside the parser's plausibility window makes the whole date impossible: the day and
# month must not be re-read as a year-less date in the anchor's year. The window's own edges still parse.
# (raw, local day against ANCHOR or None)
YEAR_WINDOW = [
    ("3rd of March 1066", None),
    ("Dec 31, 9999 11:59 PM", None),
    ("Updated 31 December 1899", None),
    ("le 3 mars 1066", None),
    ("3. März 2101", None),
    ("12 May 20250", None),
    ("1066年3月3日", None),
    ("1 January 1900", "1900-01-01"),
    ("31 Dec 2100", "2100-12-31"),
    ("March 3, 2024", "2024-03-03"),
    ("3. März", "2025-03-03"),  # no year at all: still the anchor's
    ("31 February 2024", None),
]


@pytest.mark.parametrize(("raw", "day"), YEAR_WINDOW)
def test_explicit_year_outside_the_window_is_no_date(raw: str, day: str | None) -> None:
    parsed = parse_date(raw, anchor=ANCHOR)
    assert (local_day(parsed).isoformat() if parsed else None) == day


# A scraper that joins the date and time elements glues the time onto the year: the year is its first
# four digits. (raw, UTC instant, offset_minutes)
GLUED_TIME = [
    ("November 9, 20235:01 AM ET", "2023-11-09T10:01:00", -300),
    ("9 November 202314:05", "2023-11-09T14:05:00", None),
    ("9. November 202314h05", "2023-11-09T14:05:00", None),
]


@pytest.mark.parametrize(("raw", "instant", "offset"), GLUED_TIME)
def test_time_glued_to_the_year(raw: str, instant: str, offset: int | None) -> None:
    parsed = parse_date(raw)
    assert parsed is not None
    assert (parsed.instant, parsed.offset_minutes) == (datetime.fromisoformat(instant).replace(tzinfo=UTC), offset)


NOT_DATES = ["", "   ", "hello", "no date here", "Jan 2020", "20 Uhr", "1234", "99/99/2020", "31.02.2021",
             "2021-13-01", "page 2 of 10", "call 0800 123 456", "x" * 5000]


@pytest.mark.parametrize("raw", NOT_DATES)
def test_not_dates(raw: str) -> None:
    assert parse_date(raw, anchor=ANCHOR) is None


@pytest.mark.parametrize("raw", [None, 12345, b"2020-01-01", ["2020-01-01"]])
def test_non_strings(raw: object) -> None:
    assert parse_date(raw) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("language", "dayfirst"), [("de", True), ("fr", True), ("en", False), ("xx", None),
                                                    (None, None)])
def test_day_order_for(language: str | None, dayfirst: bool | None) -> None:
    assert day_order_for(language) is dayfirst


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_on_any_text(raw: str) -> None:
    result = parse_date(raw, anchor=ANCHOR)
    if result is not None:
        assert result.instant.tzinfo is not None
        assert result.precision in ("day", "minute", "second")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ./-:+TZaAmMpPuUhrET,", max_size=40),
       st.sampled_from([None, "de", "en", "fr", "zz"]), st.sampled_from([None, True, False]),
       st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 1, 1)))
def test_never_raises_on_date_like_text(raw: str, language: str | None, dayfirst: bool | None,
                                        anchor: datetime) -> None:
    parse_date(raw, anchor=anchor, language=language, dayfirst=dayfirst)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 1, 1)),
       st.integers(min_value=-12 * 4, max_value=14 * 4))
def test_iso_round_trip(moment: datetime, quarter_hours: int) -> None:
    zone = timezone(timedelta(minutes=15 * quarter_hours))
    aware = moment.replace(microsecond=0, tzinfo=zone)
    parsed = parse_date(aware.isoformat())
    assert parsed is not None
    assert parsed.instant == aware.astimezone(UTC)
    assert parsed.offset_minutes == 15 * quarter_hours
    again = parse_date(parsed.instant.isoformat())  # idempotent on its own output
    assert again is not None and again.instant == parsed.instant
