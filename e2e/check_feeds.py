#!/usr/bin/env python3
"""Reads the demo's channels as an outside reader would, with tools that share nothing
with the Rust code: the sitemap with Python's XML parser, every feed with feedparser
(the feed parser most readers and aggregators in Python use).

    check_feeds.py http://127.0.0.1:PORT

Checks that /sitemap.xml is an index of well-formed sitemap files, that every address in
them answers 200, that every organisation in the sitemap has a feed feedparser reads
without complaint (title, author, and for each entry an id, a link that answers 200, a
title and a publication date), and that a page names its organisation's feed in its head.
Exits 1 with the problems listed."""

import sys
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
    entries = 0
    for slug in slugs:
        status, kind, body = fetch(f"{base}/{slug}/feed.atom")
        feed = feedparser.parse(body)
        if feed.bozo:
            problems.append(f"/{slug}/feed.atom: {feed.bozo_exception}")
            continue
        if feed.version != "atom10" or not feed.feed.get("title") or not feed.feed.get("author"):
            problems.append(f"/{slug}/feed.atom: version {feed.version}, title or author missing")
        for e in feed.entries:
            entries += 1
            if not (e.get("id") and e.get("title") and e.get("published_parsed") and e.get("link")):
                problems.append(f"/{slug}/feed.atom: an entry lacks id, title, date or link")
                continue
            path = e.link.split("://", 1)[1].split("/", 1)[1]
            if f"/{path}".split("?")[0] not in {f"/{p}" for p in pages}:
                problems.append(f"/{slug}/feed.atom: {e.link} is not in the sitemap")
    _, _, home = fetch(f"{base}/{slugs[0]}/xxgk/") if slugs else (0, "", b"")
    if f'href="/{slugs[0]}/feed.atom"'.encode() not in home:
        problems.append(f"/{slugs[0]}/xxgk/ does not name its feed")
    print(f"checked {len(files)} sitemap files, {len(pages)} pages, {len(slugs)} feeds, {entries} entries: {len(problems)} problems")
    for p in problems[:50]:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
