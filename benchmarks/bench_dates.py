"""Date-string throughput: newsbeam's parse_date (uncached and cached) beside plain dateparser.parse.

    python -m benchmarks.bench_dates [--n 20000] [--dateparser-n 1000]

The strings are generated (seeded) in the shapes that metadata and datelines carry: ISO 8601 variants,
RFC 2822, epoch seconds and milliseconds, numeric day-first forms, month names in English, German and
French, with "Published"/"Stand:" prefixes. Every string is distinct, so the first pass is all cache
misses and the second all hits. Rates are per CPU second of one process (one core), best of --repeat
passes. dateparser runs on a slice (it is ~1000x slower) with default settings, as a caller would use it;
its day agreement with parse_date is printed as a sanity check.
"""
from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from transforms.dates import clear_cache, parse_date

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
FORMATS: tuple[Callable[[datetime], str], ...] = (
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+02:00"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
    lambda d: d.strftime("%Y-%m-%d"),
    lambda d: d.strftime("%Y-%m-%d %H:%M:%S"),
    lambda d: d.strftime("%a, %d %b %Y %H:%M:%S +0000"),
    lambda d: str(int(d.timestamp())),
    lambda d: str(int(d.timestamp() * 1000)),
    lambda d: d.strftime("%d.%m.%Y, %H:%M Uhr"),
    lambda d: f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"Published {d.day} {MONTHS_EN[d.month - 1]} {d.year} {d:%H:%M} GMT",
    lambda d: f"{d.day}. {MONTHS_DE[d.month - 1]} {d.year}",
    lambda d: f"Stand: {d:%d.%m.%Y %H:%M} Uhr",
    lambda d: f"{d.day} {MONTHS_FR[d.month - 1]} {d.year} à {d:%H}h{d:%M}",
    lambda d: d.strftime("%d/%m/%Y"),
)


def make_strings(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    start = datetime(2005, 1, 1, tzinfo=UTC)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        moment = start + timedelta(seconds=rng.randrange(20 * 365 * 86400))
        text = FORMATS[len(out) % len(FORMATS)](moment)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def rate(fn: Callable[[str], object], strings: list[str], repeat: int = 1,
         before: Callable[[], None] | None = None) -> tuple[float, int]:
    """Strings per CPU second of this process (one core), best of `repeat` passes: the machine is shared,
    and CPU time is what other processes disturb least. `before` runs ahead of every pass (to empty the
    cache for the uncached figure)."""
    best, found = 0.0, 0
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.process_time()
        found = sum(fn(s) is not None for s in strings)
        best = max(best, len(strings) / max(time.process_time() - start, 1e-9))
    return best, found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="distinct strings for parse_date")
    ap.add_argument("--dateparser-n", type=int, default=1_000, help="strings for dateparser.parse")
    ap.add_argument("--repeat", type=int, default=5, help="passes for parse_date; the best one is reported")
    args = ap.parse_args(argv)
    import dateparser

    strings = make_strings(args.n)
    dateparser.parse("2020-01-01")  # load its language data before timing
    uncached, found_ours = rate(parse_date, strings, args.repeat, before=clear_cache)
    cached, _ = rate(parse_date, strings, args.repeat)
    sample = strings[: args.dateparser_n]
    plain, found_dp = rate(dateparser.parse, sample)
    agree = 0
    for text in sample:
        ours, theirs = parse_date(text), dateparser.parse(text)
        if ours and theirs:
            day = (ours.instant + timedelta(minutes=ours.offset_minutes or 0)).date()
            agree += day == theirs.date()
    garbage = [f"no date here {i}" for i in range(200)]
    failing_ours, _ = rate(parse_date, garbage, args.repeat, before=clear_cache)
    failing_dp, _ = rate(dateparser.parse, garbage[:50])

    print(f"{'parser':<34} {'strings/s':>12} {'parsed':>10} {'vs dateparser':>14}")
    rows = (("parse_date, uncached", uncached, f"{found_ours}/{len(strings)}"),
            ("parse_date, cached", cached, f"{found_ours}/{len(strings)}"),
            ("dateparser.parse (defaults)", plain, f"{found_dp}/{len(sample)}"),
            ("parse_date, non-date strings", failing_ours, "-"),
            ("dateparser.parse, non-date strings", failing_dp, "-"))
    for label, value, parsed in rows:
        reference = plain if "non-date" not in label else failing_dp
        print(f"{label:<34} {value:>12,.0f} {parsed:>10} {value / reference:>13.0f}x")
    print(f"same calendar day as dateparser where both parse: {agree}/{found_dp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
