"""Rebuild the sample corpus's binary inputs: ``warc/crawl.warc.gz`` and ``broken/truncated.jsonl.gz``.

    python -m benchmarks.make_sample_warc [--sample-dir pipeline/sample]

Both files are byte-for-byte reproducible: every WARC-Date and WARC-Record-ID is fixed (record ids are
UUIDv5 of the record's type and URI), and gzip headers carry no timestamp. The WARC holds what a real
crawl holds: a warcinfo record, a request record, HTML article responses and a non-HTML response
(``robots.txt``) that the pipeline must skip. Every WARC-Date is the *crawl* time, later than the
articles' publication dates, so a pipeline that takes it as the publication date is visibly wrong.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import uuid
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_SAMPLE_DIR = Path(__file__).resolve().parent.parent / "pipeline" / "sample"
RECORD_ID_NAMESPACE = uuid.UUID("6f1d3c2a-8e4b-4c1d-9a57-2b6e0f4d9c11")
CRAWL_DATE = "2026-03-05T03:00:00Z"
SITE = "https://www.aldwick-courier.example"

LIFEBOAT_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Lifeboat crew rescue two from drifting yacht | Aldwick Courier</title>
<meta property="og:site_name" content="Aldwick Courier">
<meta property="og:title" content="Lifeboat crew rescue two from drifting yacht">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Lifeboat crew rescue two from drifting yacht", "datePublished": "2026-02-28T21:10:00Z",
 "dateModified": "2026-03-01T09:00:00Z", "author": {"@type": "Person", "name": "Nell Garside"},
 "publisher": {"@type": "Organization", "name": "Aldwick Courier"}}</script>
</head><body>
<nav class="top"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/community">Community</a></nav>
<article>
<h1>Lifeboat crew rescue two from drifting yacht</h1>
<div class="byline">By <a rel="author" href="/people/nell-garside">Nell Garside</a></div>
<p>Port Aldwick's volunteer lifeboat crew rescued two sailors from a yacht that lost its engine and drifted
towards the rocks off Skerry Point on Saturday evening.</p>
<p>The crew launched within ten minutes of the alarm and reached the yacht as the wind rose to gale force.
They towed it back to the harbour, where both sailors were checked by paramedics and released.</p>
<p>“The tide was pushing them straight onto the reef,” said coxswain Declan Moir. “Another twenty minutes and
this would have been a very different story.”</p>
<p>The station's operations manager, Hilary Bowen, urged sailors to check the forecast and carry a working
radio. “They did the right thing by calling us early,” she said.</p>
</article>
<aside><h3>More news</h3><ul>
<li><a href="/news/cod-quota-cut">Fishing fleet told to cut cod catch by a fifth</a>
 <span>2 March 2026</span></li>
<li><a href="/news/harbour-lights">Harbour lights to be switched to LED</a> <span>19 February 2026</span></li>
</ul></aside>
<footer>© 2026 Aldwick Courier · <a href="/contact">Contact</a></footer>
</body></html>
"""

ROVERS_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Rovers through to cup semi-final after late winner | Aldwick Courier</title>
<meta property="og:title" content="Rovers through to cup semi-final after late winner">
<meta property="article:published_time" content="2026-03-01T17:55:00+00:00">
<meta property="article:section" content="Sport">
</head><body>
<nav class="top"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/community">Community</a></nav>
<main><article>
<h1>Rovers through to cup semi-final after late winner</h1>
<p class="byline">By Dev Chaudhry, Sports Reporter</p>
<p><strong>Aldwick Rovers 2 Brackenford Town 1</strong></p>
<p>Substitute Kieran Lyle scored in the 89th minute to send Aldwick Rovers into the semi-finals of the County
Cup for the first time in eleven years.</p>
<p>Brackenford Town had taken the lead through a Sol Anand header before half-time, but Rovers captain
Jamie Okonkwo levelled with a free kick just after the hour.</p>
<p>“I told the lads at half-time that they were better than this, and they showed it,” said Rovers manager
Tess Whitfield. “The crowd pulled us through the last ten minutes.”</p>
<p>Brackenford manager Ross Kavanagh said his side had “switched off for one moment” and paid for it.</p>
<p>Rovers will face either Kessling Athletic or Merrow Vale in the semi-final.</p>
</article></main>
<aside><h3>Results</h3><ul><li>Kessling Athletic 0 Merrow Vale 0</li>
<li>Halvern 3 Orrin Cross 2</li></ul></aside>
<footer>© 2026 Aldwick Courier</footer>
</body></html>
"""

# deliberately carries no date anywhere (no metadata, no date in the URL or text): its only date is the crawl
ALLOTMENT_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Allotment waiting list passes 300 names | Aldwick Courier</title>
<meta property="og:title" content="Allotment waiting list passes 300 names">
</head><body>
<nav class="top"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/community">Community</a></nav>
<div class="content"><article>
<h1>Allotment waiting list passes 300 names</h1>
<span class="author">Marcus Tillery</span>
<p>More than 300 people are now waiting for an allotment in Port Aldwick, and some have been on the list
for six years, the town's allotment society says.</p>
<p>The society wants the council to open a new site on unused land behind the old rope works, which it
says could hold forty plots.</p>
<p>“People want to grow their own food, and there is land sitting empty,” said society secretary Brenda
Cole. “It should not take six years to get a patch of soil.”</p>
<p>A council spokesman said officers were assessing the rope works land but that it might need clearing of
old machinery first.</p>
</article></div>
<footer>© Aldwick Courier · <a href="/contact">Contact</a></footer>
</body></html>
"""

ROBOTS_TXT = "User-agent: *\nDisallow: /search\nDisallow: /login\nSitemap: " + SITE + "/sitemap.xml\n"

# (url, body, content type, WARC-Date): the articles were published days before this crawl
HTML = "text/html; charset=utf-8"
RESPONSES = [
    (SITE + "/robots.txt", ROBOTS_TXT, "text/plain", "2026-03-05T03:00:00Z"),
    (SITE + "/news/lifeboat-rescue-skerry-point", LIFEBOAT_HTML, HTML, "2026-03-05T03:00:02Z"),
    (SITE + "/sport/rovers-cup-semi-final", ROVERS_HTML, HTML, "2026-03-05T03:00:05Z"),
    (SITE + "/community/allotment-waiting-list", ALLOTMENT_HTML, HTML, "2026-03-05T03:00:09Z"),
]

TRUNCATED_RECORDS = [
    {"url": "https://www.merrow-vale-echo.example/news/late-night-bus-service",
     "title": "Late-night bus service to run at weekends",
     "byline": "By Sam Ellery",
     "published": "2026-03-02T12:00:00+00:00",
     "text": "A late-night bus will run between Merrow Vale and Kessling on Friday and Saturday nights from "
             "April, the operator Greenline Buses said.\n\n“Young people and shift workers have asked for "
             "this for years,” said Greenline’s commercial director, Anita Boateng.\n\nThe last bus will "
             "leave Kessling bus station at half past midnight.",
     "source": "Merrow Vale Echo"},
    {"url": "https://www.merrow-vale-echo.example/news/beach-clean-skerry",
     "title": "Volunteers clear half a tonne of litter from Skerry beach",
     "byline": "By Sam Ellery",
     "published": "2026-03-03T16:30:00+00:00",
     "text": "About sixty volunteers collected half a tonne of litter from Skerry beach on Sunday, most of "
             "it plastic netting and rope washed up by the winter storms.\n\n"
             "“We filled the skip in two hours,” said organiser Liam Ferris of the Skerry Beach Group.\n\n"
             "The group holds a clean every month.",
     "source": "Merrow Vale Echo"},
    {"url": "https://www.merrow-vale-echo.example/news/cinema-reopens",
     "title": "Town cinema to reopen under community ownership",
     "byline": "By Sam Ellery",
     "published": "2026-03-04T09:00:00+00:00",
     "text": "The Regal cinema in Merrow Vale will reopen in the summer after a community share offer raised "
             "enough money to buy the building and replace its projector and seats. " * 3,
     "source": "Merrow Vale Echo"},
]


def record_id(kind: str, uri: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(RECORD_ID_NAMESPACE, kind + ' ' + uri)}>"


def http_response(body: bytes, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders("200 OK", [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Server", "nginx"),
        ("Cache-Control", "max-age=300"),
    ], protocol="HTTP/1.1")


def build_warc() -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.0")
    info = (b"software: newsbeam benchmarks/make_sample_warc.py\r\n"
            b"format: WARC File Format 1.0\r\n"
            b"description: sample crawl of invented news pages for the newsbeam quick start\r\n")
    writer.write_record(writer.create_warc_record(
        "", "warcinfo", payload=io.BytesIO(info), length=len(info),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Record-ID": record_id("warcinfo", "crawl.warc.gz"),
                           "WARC-Date": CRAWL_DATE, "WARC-Filename": "crawl.warc.gz"}))
    for uri, text, content_type, warc_date in RESPONSES:
        body = text.encode("utf-8")
        response_id = record_id("response", uri)
        if uri.endswith("/news/lifeboat-rescue-skerry-point"):
            # one request record, as crawlers write before each response; it carries no article
            path = uri.removeprefix(SITE)
            request = (f"GET {path} HTTP/1.1\r\nHost: www.aldwick-courier.example\r\n"
                       "User-Agent: sample-crawler/1.0\r\nAccept: text/html\r\n\r\n").encode("ascii")
            writer.write_record(writer.create_warc_record(
                uri, "request", payload=io.BytesIO(request), length=len(request),
                warc_headers_dict={"WARC-Record-ID": record_id("request", uri), "WARC-Date": warc_date,
                                   "WARC-Concurrent-To": response_id}))
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http_response(body, content_type),
            warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": warc_date}))
    return buffer.getvalue()


def build_truncated_gzip() -> bytes:
    """A gzip stream cut in the middle of its third record: the first two lines decompress whole.

    A sync flush after every line puts each record on its own deflate block boundary, so a reader gets
    exactly the complete lines before the cut, then the stream ends without its end-of-stream marker.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    data = b""
    ends = []
    for record in TRUNCATED_RECORDS:
        data += compressor.compress((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        data += compressor.flush(zlib.Z_SYNC_FLUSH)
        ends.append(len(data))
    return data[:(ends[1] + ends[2]) // 2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-dir", type=Path, default=DEFAULT_SAMPLE_DIR)
    args = parser.parse_args(argv)
    targets = {args.sample_dir / "warc" / "crawl.warc.gz": build_warc(),
               args.sample_dir / "broken" / "truncated.jsonl.gz": build_truncated_gzip()}
    for path, data in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data):,} bytes)")
    # the cut must leave the first records readable, or the sample no longer tests what it claims
    with gzip.open(io.BytesIO(targets[args.sample_dir / "broken" / "truncated.jsonl.gz"]), "rb") as stream:
        complete = []
        try:
            for line in stream:
                complete.append(line)
        except EOFError:
            pass
    assert len(complete) == 2, complete


if __name__ == "__main__":
    main()
