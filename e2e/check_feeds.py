#!/usr/bin/env python3
"""Reads the demo's channels as an outside reader would, with tools that share nothing
with the Rust code: the sitemap with Python's XML parser, every feed with feedparser
(the feed parser most readers and aggregators in Python use).

    check_feeds.py http://127.0.0.1:PORT

Checks that /sitemap.xml is an index of well-formed sitemap files, that every address in
them answers 200, that every organisation in the sitemap has feeds feedparser reads
without complaint — its documents', and those its interpretations, consultations and
gazette pages name in their heads — (title, author, and for each entry an id, a link that answers 200, a
title and a publication date), and that a page names its organisation's feed in its head.
Exits 1 with the problems listed."""

import csv
import gzip
import hashlib
import io
import json
import re
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("content-type", ""), r.read()


def main():
    base = sys.argv[1].rstrip("/")
    problems = []
    status, kind, body = fetch(base + "/sitemap.xml")
    root = ET.fromstring(body)
    files = [e.text for e in root.findall("s:sitemap/s:loc", NS)]
    if root.tag != "{%s}sitemapindex" % NS["s"] or not files:
        problems.append("/sitemap.xml is not a sitemap index")
    pages = []
    for f in files:
        path = f.split("://", 1)[1].split("/", 1)[1]
        _, _, body = fetch(f"{base}/{path}")
        pages += [e.text.split("://", 1)[1].split("/", 1)[1] for e in ET.fromstring(body).findall("s:url/s:loc", NS)]
    for p in pages:
        try:
            status, _, _ = fetch(f"{base}/{p}")
        except urllib.error.HTTPError as e:
            status = e.code
        if status != 200:
            problems.append(f"/{p} answers {status}")
    slugs = sorted({p.split("/")[0] for p in pages if p.endswith("/xxgk/")})
    in_sitemap = {f"/{p}" for p in pages}
    entries = 0
    feeds = 0

    def check_feed(path, documents):
        """A feed feedparser reads, every entry complete; a documents feed's entries are
        in the sitemap, any other feed's entries answer 200."""
        nonlocal entries, feeds
        feeds += 1
        status, kind, body = fetch(f"{base}{path}")
        feed = feedparser.parse(body)
        if feed.bozo:
            problems.append(f"{path}: {feed.bozo_exception}")
            return
        if feed.version != "atom10" or not feed.feed.get("title") or not feed.feed.get("author"):
            problems.append(f"{path}: version {feed.version}, title or author missing")
        for e in feed.entries:
            entries += 1
            if not (e.get("id") and e.get("title") and e.get("published_parsed") and e.get("link")):
                problems.append(f"{path}: an entry lacks id, title, date or link")
                continue
            link = "/" + e.link.split("://", 1)[1].split("/", 1)[1]
            if documents:
                if link.split("?")[0] not in in_sitemap:
                    problems.append(f"{path}: {e.link} is not in the sitemap")
            else:
                try:
                    fetch(f"{base}{link}")
                except urllib.error.HTTPError as err:
                    problems.append(f"{path}: {e.link} answers {err.code}")

    def named_feeds(page):
        """The feeds a page names in its head."""
        try:
            _, _, body = fetch(f"{base}{page}")
        except urllib.error.HTTPError:
            return []
        head = body.decode("utf-8").split("</head>", 1)[0]
        return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', head)

    for slug in slugs:
        check_feed(f"/{slug}/feed.atom", True)
        # The interpretations, consultations and gazette name their own feeds.
        for page, want in [(f"/{slug}/xxgk/zcjd", True), (f"/{slug}/hdjl/yjzj/", True), (f"/{slug}/gb/", False)]:
            named = [f for f in named_feeds(page) if f != f"/{slug}/feed.atom"]
            if want and not named:
                problems.append(f"{page} names no feed of its own")
            for f in named:
                check_feed(f, f.endswith("/zcjd.atom"))
    # 开放数据: every file of the manifest matches its SHA-256 and count, read with
    # Python's own gzip, json and csv; every document in it is in the sitemap, and every
    # other record's page answers (with the anchor it names, for a catalog).
    _, _, body = fetch(f"{base}/api/v1/open/")
    datasets = json.loads(body)["datasets"]
    tables = ["documents", "catalogs", "services", "statistics"]
    want = {f"{t}.{f}.gz" for t in tables for f in ("jsonl", "csv")}
    if {d["name"] for d in datasets} != want:
        problems.append(f"/api/v1/open/ lists {[d['name'] for d in datasets]}")
    record_pages = set()
    for d in datasets:
        _, _, raw = fetch(base + d["url"])
        if hashlib.sha256(raw).hexdigest() != d["sha256"]:
            problems.append(f"{d['url']}: SHA-256 differs from the manifest")
        text = gzip.decompress(raw).decode("utf-8-sig")
        if d["name"].endswith(".jsonl.gz"):
            rows = [json.loads(line) for line in text.splitlines()]
            for r in rows:
                if d["name"].startswith("documents."):
                    if r["url"] not in in_sitemap:
                        problems.append(f"{d['url']}: {r['url']} is not in the sitemap")
                else:
                    record_pages.add(r["url"])
        else:
            rows = list(csv.DictReader(io.StringIO(text)))
        if len(rows) != d["count"]:
            problems.append(f"{d['url']}: {len(rows)} records, the manifest says {d['count']}")
    for url in sorted(record_pages):
        page, _, anchor = url.partition("#")
        try:
            status, _, html = fetch(base + page)
        except urllib.error.HTTPError as e:
            status, html = e.code, b""
        if status != 200:
            problems.append(f"open data names {url}, which answers {status}")
        elif anchor and f'id="{anchor}"'.encode() not in html:
            problems.append(f"open data names {url}, which has no such anchor")
    _, _, home = fetch(f"{base}/{slugs[0]}/xxgk/") if slugs else (0, "", b"")
    if f'href="/{slugs[0]}/feed.atom"'.encode() not in home:
        problems.append(f"/{slugs[0]}/xxgk/ does not name its feed")
    print(f"checked {len(files)} sitemap files, {len(pages)} pages, {feeds} feeds, {entries} entries: {len(problems)} problems")
    for p in problems[:50]:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
