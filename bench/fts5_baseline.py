#!/usr/bin/env python3
"""Baseline: the benchmark queries through SQLite FTS5 with the trigram tokenizer, the
search an embedded alternative to Gongkai's tantivy index gives (issue 3, item 6).

    python3 bench/fts5_baseline.py --corpus /tmp/gongkai-bench/docs-100000.jsonl \
        --queries /tmp/gongkai-bench/queries.tsv --db /tmp/gongkai-bench/fts5-100000.db \
        --results /tmp/gongkai-bench/fts5-100000.json

Builds the index once (reused while the corpus file is unchanged; --rebuild forces it):
an FTS5 table over title, doc_number, summary and the body with its HTML stripped,
tokenize='trigram', and a plain table of key, org, year, category and publication date
for filters. Then runs every query of queries.tsv (1 warm-up + --runs timed runs, one
client) and reports p50/p95/p99, and writes the top-10 keys per query to --results for
overlap with Gongkai's answers.

How queries are translated, as an FTS5 user would:
- terms are split on whitespace; "quoted phrases" stay whole when the quotes balance,
  otherwise the quotes are dropped;
- every term of 3 or more characters becomes an FTS5 string ("..." with " doubled), so
  FTS5 operators, column filters and * in user input are plain text; terms are ANDed;
- terms shorter than 3 characters cannot use the trigram index (FTS5 returns no rows
  for them): they become LIKE '%term%' over the text columns, which scans the table
  when no longer term narrows it down;
- ranking: bm25 with weights title 10, doc_number 10, summary 3, body 1; queries with
  only short terms have no ranking and return the first 10 matches in rowid order
  (ordering them by date would force a full scan for every one);
- filters: year=A-B on the year column, category=C exactly, org=SLUG on the org column
  exactly: FTS5 has no organisation tree, so an org filter does NOT include the
  organisation's subtree (Gongkai's does); a query that is empty after parsing but has
  filters lists the newest 10 documents matching them; with no filters it is not run;
- no total is counted unless --count is given (Gongkai's API returns one).

Standard library only (Python's sqlite3; SQLite 3.40.1 here has the trigram tokenizer).
"""

import argparse
import html
import json
import os
import re
import sqlite3
import statistics
import sys
import time

TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|div)>", re.I)
WEIGHTS = "10.0, 10.0, 3.0, 1.0"  # title, doc_number, summary, body


def html_to_text(s):
    return html.unescape(TAG.sub("", BLOCK_END.sub("\n", s))).strip()


def human(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


# ---------------------------------------------------------------------------
# Building

def build(db_path, corpus, rebuild):
    st = os.stat(corpus)
    ident = f"{os.path.abspath(corpus)}|{st.st_size}|{int(st.st_mtime)}"
    if os.path.exists(db_path) and not rebuild:
        try:
            con = sqlite3.connect(db_path)
            info = dict(con.execute("SELECT name, value FROM build_info").fetchall())
            con.close()
            if info.get("corpus") == ident and info.get("complete") == "1":
                info["reused"] = True
                return info
        except sqlite3.Error:
            pass
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db_path + suffix):
            os.remove(db_path + suffix)
    con = sqlite3.connect(db_path)
    con.executescript("""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        PRAGMA cache_size = -262144;
        CREATE TABLE meta (rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
                           org TEXT, year INTEGER, category TEXT, published_on TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(title, doc_number, summary, body,
                                            tokenize = 'trigram');
        CREATE TABLE build_info (name TEXT PRIMARY KEY, value TEXT);
    """)
    t0 = time.perf_counter()
    n = text_bytes = 0
    batch_meta, batch_fts = [], []

    def flush():
        con.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?)", batch_meta)
        con.executemany("INSERT INTO fts (rowid, title, doc_number, summary, body) "
                        "VALUES (?, ?, ?, ?, ?)", batch_fts)
        batch_meta.clear()
        batch_fts.clear()

    con.execute("BEGIN")
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            n += 1
            body = html_to_text(d.get("body") or "")
            text_bytes += len(body.encode("utf-8"))
            published = d.get("published_on") or d["written_on"]
            batch_meta.append((n, d["key"], d.get("org"), int(d["written_on"][:4]),
                               d.get("category"), published))
            batch_fts.append((n, d["title"], d.get("doc_number") or "",
                              d.get("summary") or "", body))
            if len(batch_meta) >= 5000:
                flush()
            if n % 20000 == 0:
                el = time.perf_counter() - t0
                print(f"  indexed {n} documents, {el:.0f} s ({n / el:.0f} docs/s)", flush=True)
    flush()
    con.execute("CREATE INDEX meta_org ON meta (org, published_on)")
    con.execute("CREATE INDEX meta_year ON meta (year, published_on)")
    con.execute("CREATE INDEX meta_published ON meta (published_on)")
    con.execute("COMMIT")
    insert_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    con.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    con.commit()
    optimize_s = time.perf_counter() - t1
    info = {
        "corpus": ident,
        "documents": str(n),
        "body_text_bytes": str(text_bytes),
        "insert_seconds": f"{insert_s:.1f}",
        "optimize_seconds": f"{optimize_s:.1f}",
        "build_seconds": f"{insert_s + optimize_s:.1f}",
        "sqlite_version": sqlite3.sqlite_version,
        "complete": "1",
    }
    con.executemany("INSERT INTO build_info VALUES (?, ?)", info.items())
    con.commit()
    con.close()
    info["db_bytes"] = str(os.path.getsize(db_path))
    con = sqlite3.connect(db_path)
    con.execute("INSERT OR REPLACE INTO build_info VALUES ('db_bytes', ?)", (info["db_bytes"],))
    con.commit()
    con.close()
    info["reused"] = False
    return info


# ---------------------------------------------------------------------------
# Query translation

TERM = re.compile(r'"([^"]*)"|(\S+)')


def terms_of(q):
    if q.count('"') % 2 == 0:
        out = [a if a else b for a, b in TERM.findall(q)]
    else:
        out = q.replace('"', " ").split()
    return [t.strip() for t in out if t.strip()]


def fts_string(t):
    return '"' + t.replace('"', '""') + '"'


def like_pattern(t):
    if any(c in t for c in "%_\\"):
        return "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", True
    return "%" + t + "%", False


def translate(q, filters, count=False):
    """Returns (mode, sql, params, count_sql) for one benchmark query; mode is one of
    match, mixed (MATCH plus LIKE for short terms), like, browse, empty."""
    where, params = [], []
    for part in filter(None, filters.split("&")):
        name, value = part.split("=", 1)
        if name == "org":
            where.append("m.org = ?")
            params.append(value)
        elif name == "year":
            a, b = value.split("-")
            where.append("m.year BETWEEN ? AND ?")
            params += [int(a), int(b)]
        elif name == "category":
            where.append("m.category = ?")
            params.append(value)
    terms = terms_of(q)
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    like_sql, like_params = [], []
    for t in short_terms:
        pat, escaped = like_pattern(t)
        esc = " ESCAPE '\\'" if escaped else ""
        like_sql.append("(" + " OR ".join(f"fts.{c} LIKE ?{esc}"
                                          for c in ("title", "doc_number", "summary", "body")) + ")")
        like_params += [pat] * 4
    if long_terms:
        mode = "mixed" if short_terms else "match"
        conds = ["fts MATCH ?"] + like_sql + where
        p = [" AND ".join(fts_string(t) for t in long_terms)] + like_params + params
        base = "FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE " + " AND ".join(conds)
        sql = f"SELECT m.key {base} ORDER BY bm25(fts, {WEIGHTS}) LIMIT 10"
    elif short_terms:
        mode = "like"
        conds = like_sql + where
        p = like_params + params
        base = "FROM meta m JOIN fts ON fts.rowid = m.rowid WHERE " + " AND ".join(conds)
        sql = f"SELECT m.key {base} LIMIT 10"
    elif where:
        mode = "browse"
        p = params
        base = "FROM meta m WHERE " + " AND ".join(where)
        sql = f"SELECT m.key {base} ORDER BY m.published_on DESC LIMIT 10"
    else:
        return "empty", None, None, None
    count_sql = f"SELECT count(*) {base}" if count else None
    return mode, sql, p, count_sql


# ---------------------------------------------------------------------------

def pct(sorted_xs, p):
    """Nearest-rank percentile."""
    if not sorted_xs:
        return float("nan")
    k = max(0, min(len(sorted_xs) - 1, int(-(-p * len(sorted_xs) // 100)) - 1))
    return sorted_xs[k]


def summarise(samples):
    xs = sorted(samples)
    return {"n": len(xs), "p50": pct(xs, 50), "p95": pct(xs, 95), "p99": pct(xs, 99),
            "mean": statistics.fmean(xs) if xs else float("nan"),
            "max": xs[-1] if xs else float("nan")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="docs-N.jsonl (import format)")
    ap.add_argument("--queries", required=True, help="queries.tsv from queries.py")
    ap.add_argument("--db", required=True, help="SQLite file to build or reuse")
    ap.add_argument("--results", help="JSON file for per-query results (default: DB path .json)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per query (default 3)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--count", action="store_true", help="also count all matches, as a "
                    "results page with a total would")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    results_path = args.results or os.path.splitext(args.db)[0] + ".json"

    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    t = time.perf_counter()
    info = build(args.db, args.corpus, args.rebuild)
    if info["reused"]:
        print(f"index: reusing {args.db} (built in {info['build_seconds']} s)")
    else:
        print(f"index: built {args.db} in {time.perf_counter() - t:.1f} s")
    db_bytes = os.path.getsize(args.db)
    corpus_bytes = os.path.getsize(args.corpus)

    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            kind, q, filters = line.split("\t")
            queries.append((kind, q, filters))

    con = sqlite3.connect(args.db)
    con.execute("PRAGMA cache_size = -65536")
    con.execute("PRAGMA mmap_size = 4294967296")
    all_ms, by_kind, by_mode = [], {}, {}
    out = []
    t_all = time.perf_counter()
    for i, (kind, q, filters) in enumerate(queries):
        mode, sql, params, count_sql = translate(q, filters, args.count)
        rec = {"i": i, "kind": kind, "query": q, "filters": filters, "mode": mode,
               "keys": [], "ms": []}
        if mode != "empty":
            try:
                for r in range(args.warmup + args.runs):
                    t0 = time.perf_counter()
                    keys = [k for (k,) in con.execute(sql, params)]
                    if count_sql:
                        rec["total"] = con.execute(count_sql, params).fetchone()[0]
                    ms = (time.perf_counter() - t0) * 1000
                    if r >= args.warmup:
                        rec["ms"].append(round(ms, 3))
                rec["keys"] = keys
            except sqlite3.Error as e:
                rec["error"] = str(e)
        for ms in rec["ms"]:
            all_ms.append(ms)
            by_kind.setdefault(kind, []).append(ms)
            by_mode.setdefault(mode, []).append(ms)
        out.append(rec)
    wall = time.perf_counter() - t_all
    con.close()

    modes = {}
    for r in out:
        modes[r["mode"]] = modes.get(r["mode"], 0) + 1
    short = sum(1 for r in out if r["mode"] in ("like", "mixed"))
    errors = [r for r in out if "error" in r]
    no_hits = sum(1 for r in out if not r["keys"] and r["mode"] != "empty")
    report = {
        "sqlite_version": sqlite3.sqlite_version,
        "corpus": os.path.abspath(args.corpus),
        "corpus_bytes": corpus_bytes,
        "db": os.path.abspath(args.db),
        "db_bytes": db_bytes,
        "build": {k: v for k, v in info.items() if k != "corpus"},
        "runs": args.runs, "warmup": args.warmup, "count": args.count,
        "queries": len(queries),
        "modes": modes,
        "short_term_queries": short,
        "queries_without_hits": no_hits,
        "errors": len(errors),
        "wall_seconds": round(wall, 1),
        "latency_ms": summarise(all_ms),
        "latency_ms_by_kind": {k: summarise(v) for k, v in sorted(by_kind.items())},
        "latency_ms_by_mode": {k: summarise(v) for k, v in sorted(by_mode.items())},
        "results": out,
    }
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
        f.write("\n")

    print(f"index: {info['documents']} documents, build {info['build_seconds']} s "
          f"(insert {info['insert_seconds']} s + optimize {info['optimize_seconds']} s), "
          f"db {human(db_bytes)} (corpus file {human(corpus_bytes)})")
    print(f"queries: {len(queries)}; modes: "
          + ", ".join(f"{k} {v}" for k, v in sorted(modes.items()))
          + f"; with terms under 3 characters (LIKE): {short}; without hits: {no_hits}; "
          f"errors: {len(errors)}")
    print(f"{args.warmup} warm-up + {args.runs} timed runs per query, one client, "
          f"{wall:.1f} s in all\n")
    print(f"{'':<12}{'samples':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")

    def row(name, s):
        print(f"{name:<12}{s['n']:>8}{s['p50']:>10.2f}{s['p95']:>10.2f}{s['p99']:>10.2f}"
              f"{s['max']:>10.1f}")

    row("all", report["latency_ms"])
    print("by kind:")
    for k, s in report["latency_ms_by_kind"].items():
        row("  " + k, s)
    print("by mode:")
    for k, s in report["latency_ms_by_mode"].items():
        row("  " + k, s)
    for r in errors[:5]:
        print(f"error in query {r['i']} ({r['kind']}): {r['error']}")
    print(f"\nper-query results: {results_path}")


if __name__ == "__main__":
    main()
