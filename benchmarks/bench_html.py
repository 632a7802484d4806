"""HTML metadata cost: JSON-LD and meta tags read once per page (``HtmlPage``) against once per finder.

    python -m benchmarks.bench_html [--eval DIR] [--pages 400] [--repeat 3]

Reads the ``html`` fields of the dev pages (``dates-dev.jsonl.gz``, ``authors-dev.jsonl.gz``), parses each
page once with the decoder's ``parse_html`` (not timed), then times, side by side in one run:

- ``read x3`` / ``read x1``: the JSON-LD and meta tag read alone, three times per page (one per finder,
  the shape before the shared page) and once;
- ``finders separate`` / ``finders shared``: the byline, date (without htmldate) and headline finders,
  each handed the bare tree (each reads the metadata itself) or one ``HtmlPage`` for all three.

Times are CPU seconds per page, best of --repeat passes; the ratios are the numbers to read.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import lxml.html

from benchmarks.evalkit import iter_jsonl, require_eval_dir
from transforms.html_authors import find_byline
from transforms.html_dates import find_date_candidates
from transforms.html_extract import parse_html
from transforms.html_page import HtmlPage
from transforms.html_titles import find_title

FILES = ("dates-dev.jsonl.gz", "authors-dev.jsonl.gz")
FINDERS_PER_PAGE = 3  # byline, dates, headline


def _pages(eval_dir: str | None, limit: int) -> list[tuple[lxml.html.HtmlElement, str | None]]:
    folder = require_eval_dir(eval_dir)
    pages = []
    for name in FILES:
        for row in iter_jsonl(folder / name):
            html, url = row.get("html"), row.get("url")
            if not html:
                continue
            try:
                pages.append((parse_html(html), url))
            except (ValueError, lxml.etree.ParserError):
                continue
            if len(pages) >= limit:
                return pages
    return pages


def _read(page: HtmlPage) -> None:
    page.jsonld_values()
    page.meta_tags  # noqa: B018 -- the property reads the tags


def read_separate(tree: lxml.html.HtmlElement, url: str | None) -> None:
    for _ in range(FINDERS_PER_PAGE):
        _read(HtmlPage(tree))


def read_shared(tree: lxml.html.HtmlElement, url: str | None) -> None:
    _read(HtmlPage(tree))


def finders_separate(tree: lxml.html.HtmlElement, url: str | None) -> None:
    find_byline(tree, url)
    find_date_candidates(tree, url, use_htmldate=False)
    find_title(tree, url)


def finders_shared(tree: lxml.html.HtmlElement, url: str | None) -> None:
    page = HtmlPage(tree)
    find_byline(page, url)
    find_date_candidates(page, url, use_htmldate=False)
    find_title(page, url)


def _time(step: Callable[[lxml.html.HtmlElement, str | None], None],
          pages: list[tuple[lxml.html.HtmlElement, str | None]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for tree, url in pages:
            step(tree, url)
        best = min(best, time.process_time() - start)
    return best / max(len(pages), 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--eval", default="../shared/eval", help="evaluation folder with the dev pages")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pages = _pages(args.eval, args.pages)
    print(f"{len(pages)} pages, CPU ms per page, best of {args.repeat}")
    for label, before, after in (("read JSON-LD + meta", read_separate, read_shared),
                                 ("byline + dates + headline finders", finders_separate, finders_shared)):
        t_before, t_after = _time(before, pages, args.repeat), _time(after, pages, args.repeat)
        print(f"  {label:36s} per finder {t_before * 1e3:7.3f} | shared {t_after * 1e3:7.3f} | "
              f"ratio {t_before / t_after if t_after else float('nan'):.2f}x")


if __name__ == "__main__":
    main()
