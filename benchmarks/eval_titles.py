"""Headlines and bylines of scraped plain-text articles, measured on the evaluation kit's real texts.

    python -m benchmarks.eval_titles --eval ../shared/eval [--details FILE]

The kit's title gold is the BBC corpus (headline per article) and the PolNeAR articles (headline as the
first line of the text, and the byline the outlet printed). Their headlines, bylines and paragraphs are
written out in the layouts scrapers produce (the BBC corpus's own "headline, blank line, body"; a byline
line above or under the headline, with or without blank lines, written twice, with "By"), one layout per
article in turn, and read back by the pipeline's plain-text reader (``decoders.text_article``). The
strings are real; only their arrangement is made here, so this measures the layout decision, not the
extraction of a page.

Measured: ``title_exact`` (the headline line is the title), ``byline_exact`` (over files with a byline
line: it is found, and nothing else is), ``byline_fp`` (files without a byline line that get one).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.evalkit import iter_jsonl, require_eval_dir
from transforms.decoders import Rejected, text_article

# how a byline line and the headline are arranged; {b} byline, {h} headline, {t} body
BYLINE_LAYOUTS = (
    "{b}\n{h}\n{t}",
    "{b}\n\n{h}\n\n{t}",
    "{h}\nBy {b}\n\n{t}",
    "{b} {b}\n{h}\n\n{t}",
    "By {b}\n{h}\n\n{t}",
)
PLAIN_LAYOUT = "{h}\n\n{t}"


def cases(eval_dir: Path) -> Iterator[dict[str, Any]]:
    """(text, gold headline, gold byline line or None) for every kit article with title gold."""
    gold = {g["url"]: g["title"] for g in iter_jsonl(eval_dir / "bbc-gold.jsonl.gz")}
    for record in iter_jsonl(eval_dir / "bbc.jsonl.gz"):
        if record["url"] in gold and record.get("text"):
            text = PLAIN_LAYOUT.format(h=gold[record["url"]], t=record["text"].strip())
            yield {"url": record["url"], "text": text, "title": gold[record["url"]], "byline": None}
    for index, record in enumerate(iter_jsonl(eval_dir / "quotes-dev.jsonl.gz")):
        headline, _, body = (record.get("text") or "").strip().partition("\n")
        if not headline.strip() or not body.strip():
            continue
        byline = (record.get("byline") or "").strip() or None
        if byline:
            layout = BYLINE_LAYOUTS[index % len(BYLINE_LAYOUTS)]
            text = layout.format(b=byline, h=headline.strip(), t=body.strip())
            expected = next(line for line in text.split("\n") if byline in line)
        else:
            text, expected = PLAIN_LAYOUT.format(h=headline.strip(), t=body.strip()), None
        yield {"url": record["url"], "text": text, "title": headline.strip(), "byline": expected}


def measure(eval_dir: Path, details: Path | None = None) -> dict[str, float]:
    n = titles = with_byline = bylines = without = invented = 0
    rows: list[dict[str, Any]] = []
    for case in cases(eval_dir):
        result = text_article(case["text"].encode("utf-8"), case["url"])
        title = byline = None
        if not isinstance(result, Rejected):
            title, byline = result["title"], result["byline_raw"]
        n += 1
        titles += title == case["title"]
        if case["byline"] is not None:
            with_byline += 1
            bylines += byline == case["byline"]
        else:
            without += 1
            invented += byline is not None
        if details is not None and (title != case["title"] or byline != case["byline"]):
            rows.append({"url": case["url"], "gold_title": case["title"], "title": title,
                         "gold_byline": case["byline"], "byline": byline})
    if details is not None:
        details.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return {"n": n, "title_exact": titles / n if n else 0.0,
            "byline_exact": bylines / with_byline if with_byline else 0.0,
            "byline_fp": invented / without if without else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", default="../shared/eval", help="the evaluation kit folder")
    parser.add_argument("--details", type=Path, help="write one JSON line per miss here")
    args = parser.parse_args(argv)
    scores = measure(require_eval_dir(args.eval), args.details)
    print(json.dumps(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
