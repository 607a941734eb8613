#!/usr/bin/env python3
"""Second baseline: the benchmark queries through PostgreSQL with pg_trgm, the search a
county platform already on PostgreSQL would otherwise build (issue 13, item 7).

    /tmp/gongkai-bench/venv/bin/python bench/pg_trgm_baseline.py \
        --corpus /tmp/gongkai-bench/docs-100000.jsonl --queries /tmp/gongkai-bench/queries.tsv \
        --database gk_trgm_100000 --results /tmp/gongkai-bench/pg_trgm-100000.json

Needs psycopg 3 (`pip install "psycopg[binary]==3.2.10"` into a virtual environment) and
a PostgreSQL server with the pg_trgm extension (Debian's postgresql package has it).
The database named by --database is created on the server of --dsn and reused while the
corpus file is unchanged (--rebuild forces a new one); nothing else on the server is
touched.

What is built, as a platform on PostgreSQL would do it:
- one table with key, org, year, category, publication date, the title, and `doc`: title,
  文号, summary and the body with its HTML stripped, joined by newlines;
- GIN indexes with gin_trgm_ops on `doc` and on `title`, B-tree indexes for the filters.

How queries are translated (the same reading of the query as fts5_baseline.py):
- terms split on whitespace, "quoted phrases" kept whole when the quotes balance;
- every term becomes `doc ILIKE '%term%'` (with %, _ and \\ escaped), ANDed: pg_trgm's
  GIN index answers terms of 3 or more characters; shorter ones have no trigram and make
  PostgreSQL read the whole index (it still answers them, unlike FTS5);
- ranking: `similarity(title, query)` (pg_trgm's trigram similarity of the title with the
  whole query), ties newest first — ranking by similarity over the whole text would
  mean computing it for every matching document;
- filters as in fts5_baseline.py (org exactly, without the subtree; year range; category);
  filters alone list the newest 10;
- every statement has a time limit (--timeout-ms, default 5000); a query that hits it is
  counted at the limit and reported.
"""

import argparse
import io
import json
import os
import sys
import time

import psycopg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fts5_baseline import html_to_text, human, summarise, terms_of  # noqa: E402


def ident_of(corpus):
    st = os.stat(corpus)
    return f"{os.path.abspath(corpus)}|{st.st_size}|{int(st.st_mtime)}"


def copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    return (value.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def build(admin_dsn, database, corpus, rebuild):
    ident = ident_of(corpus)
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if exists and not rebuild:
            try:
                with psycopg.connect(dsn_for(admin_dsn, database)) as con:
                    info = dict(con.execute("SELECT name, value FROM build_info").fetchall())
                if info.get("corpus") == ident and info.get("complete") == "1":
                    info["reused"] = True
                    return info
            except psycopg.Error:
                pass
        if exists:
            admin.execute(f'DROP DATABASE "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    with psycopg.connect(dsn_for(admin_dsn, database), autocommit=True) as con:
        con.execute("CREATE EXTENSION pg_trgm")
        con.execute("""CREATE TABLE docs (id integer PRIMARY KEY, key text NOT NULL UNIQUE, org text,
                       year integer, category text, published_on date, title text NOT NULL,
                       doc text NOT NULL)""")
        con.execute("CREATE TABLE build_info (name text PRIMARY KEY, value text)")
        t0 = time.perf_counter()
        n = text_bytes = 0
        with con.cursor() as cur, cur.copy("COPY docs FROM STDIN") as copy:
            buf = io.StringIO()
            with open(corpus, encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    d = json.loads(line)
                    n += 1
                    body = html_to_text(d.get("body") or "")
                    doc = "\n".join(x for x in (d["title"], d.get("doc_number") or "",
                                                d.get("summary") or "", body) if x)
                    text_bytes += len(doc.encode("utf-8"))
                    published = d.get("published_on") or d["written_on"]
                    row = (str(n), d["key"], d.get("org"), d["written_on"][:4], d.get("category"),
                           published, d["title"], doc)
                    buf.write("\t".join(copy_text(v) for v in row) + "\n")
                    if n % 2000 == 0:
                        copy.write(buf.getvalue())
                        buf = io.StringIO()
                    if n % 100000 == 0:
                        el = time.perf_counter() - t0
                        print(f"  loaded {n} documents, {el:.0f} s", flush=True)
            copy.write(buf.getvalue())
        load_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        con.execute("SET maintenance_work_mem = '2GB'")
        con.execute("CREATE INDEX docs_doc_trgm ON docs USING gin (doc gin_trgm_ops)")
        con.execute("CREATE INDEX docs_title_trgm ON docs USING gin (title gin_trgm_ops)")
        con.execute("CREATE INDEX docs_org ON docs (org, published_on)")
        con.execute("CREATE INDEX docs_year ON docs (year, published_on)")
        con.execute("CREATE INDEX docs_published ON docs (published_on)")
        con.execute("VACUUM ANALYZE docs")
        index_s = time.perf_counter() - t1
        size = con.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        trgm = con.execute("SELECT pg_relation_size('docs_doc_trgm') + pg_relation_size('docs_title_trgm')").fetchone()[0]
        info = {
            "corpus": ident, "documents": str(n), "text_bytes": str(text_bytes),
            "load_seconds": f"{load_s:.1f}", "index_seconds": f"{index_s:.1f}",
            "build_seconds": f"{load_s + index_s:.1f}", "database_bytes": str(size),
            "trgm_index_bytes": str(trgm), "complete": "1",
        }
        with con.cursor() as cur:
            cur.executemany("INSERT INTO build_info VALUES (%s, %s)", list(info.items()))
    info["reused"] = False
    return info


def dsn_for(admin_dsn, database):
    base, _, _ = admin_dsn.rpartition("/")
    return f"{base}/{database}"


def like_pattern(t):
    return "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def translate(q, filters, count=False):
    """(mode, sql, params, count_sql) for one benchmark query; mode is trgm (only terms
    pg_trgm's index can narrow), short (a term under 3 characters), browse or empty."""
    where, params = [], []
    for part in filter(None, filters.split("&")):
        name, value = part.split("=", 1)
        if name == "org":
            where.append("org = %s")
            params.append(value)
        elif name == "year":
            a, b = value.split("-")
            where.append("year BETWEEN %s AND %s")
            params += [int(a), int(b)]
        elif name == "category":
            where.append("category = %s")
            params.append(value)
    terms = terms_of(q)
    if terms:
        mode = "short" if any(len(t) < 3 for t in terms) else "trgm"
        conds = ["doc ILIKE %s"] * len(terms) + where
        p = [like_pattern(t) for t in terms] + params
        base = "FROM docs WHERE " + " AND ".join(conds)
        sql = (f"SELECT key {base} ORDER BY similarity(title, %s) DESC, published_on DESC LIMIT 10")
        return mode, sql, p + [" ".join(terms)], (f"SELECT count(*) {base}", p) if count else None
    if where:
        base = "FROM docs WHERE " + " AND ".join(where)
        return "browse", f"SELECT key {base} ORDER BY published_on DESC LIMIT 10", params, \
            (f"SELECT count(*) {base}", params) if count else None
    return "empty", None, None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="docs-N.jsonl (import format)")
    ap.add_argument("--queries", required=True, help="queries.tsv from queries.py")
    ap.add_argument("--dsn", default="postgres://postgres@127.0.0.1:5432/postgres",
                    help="a database on the server to connect to for creating --database")
    ap.add_argument("--database", required=True, help="database to build or reuse")
    ap.add_argument("--results", required=True, help="JSON file for the report")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--timeout-ms", type=int, default=5000)
    ap.add_argument("--count", action="store_true", help="also count all matches")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()

    t = time.perf_counter()
    info = build(args.dsn, args.database, args.corpus, args.rebuild)
    print(("index: reusing " if info["reused"] else "index: built ") + args.database
          + f" ({info['build_seconds']} s to build; this run {time.perf_counter() - t:.1f} s)")

    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                queries.append(tuple(line.split("\t")))

    all_ms, by_kind, by_mode, out = [], {}, {}, []
    t_all = time.perf_counter()
    with psycopg.connect(dsn_for(args.dsn, args.database), autocommit=True) as con:
        version = con.execute("SHOW server_version").fetchone()[0]
        con.execute(f"SET statement_timeout = {int(args.timeout_ms)}")
        for i, (kind, q, filters) in enumerate(queries):
            mode, sql, params, count = translate(q, filters, args.count)
            rec = {"i": i, "kind": kind, "query": q, "filters": filters, "mode": mode,
                   "keys": [], "ms": []}
            if mode != "empty":
                for r in range(args.warmup + args.runs):
                    t0 = time.perf_counter()
                    try:
                        keys = [k for (k,) in con.execute(sql, params)]
                        if count:
                            rec["total"] = con.execute(*count).fetchone()[0]
                    except psycopg.errors.QueryCanceled:
                        rec["timed_out"] = True
                        keys = []
                    ms = (time.perf_counter() - t0) * 1000
                    if r >= args.warmup:
                        rec["ms"].append(round(min(ms, args.timeout_ms), 3))
                    if rec.get("timed_out"):
                        # One time-out is enough to know; the remaining runs count at the limit.
                        rec["ms"] += [float(args.timeout_ms)] * (args.runs - max(0, r + 1 - args.warmup))
                        break
                rec["keys"] = keys
            for ms in rec["ms"]:
                all_ms.append(ms)
                by_kind.setdefault(kind, []).append(ms)
                by_mode.setdefault(mode, []).append(ms)
            out.append(rec)
    wall = time.perf_counter() - t_all

    modes = {}
    for r in out:
        modes[r["mode"]] = modes.get(r["mode"], 0) + 1
    report = {
        "server_version": version, "corpus": os.path.abspath(args.corpus), "database": args.database,
        "build": {k: v for k, v in info.items() if k != "corpus"},
        "runs": args.runs, "warmup": args.warmup, "count": args.count, "timeout_ms": args.timeout_ms,
        "queries": len(queries), "modes": modes,
        "queries_without_hits": sum(1 for r in out if not r["keys"] and r["mode"] != "empty"),
        "timed_out": sum(1 for r in out if r.get("timed_out")),
        "wall_seconds": round(wall, 1),
        "latency_ms": summarise(all_ms),
        "latency_ms_by_kind": {k: summarise(v) for k, v in sorted(by_kind.items())},
        "latency_ms_by_mode": {k: summarise(v) for k, v in sorted(by_mode.items())},
        "results": out,
    }
    with open(args.results, "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"PostgreSQL {version}; {info['documents']} documents; database "
          f"{human(int(info['database_bytes']))}, trigram indexes {human(int(info['trgm_index_bytes']))}")
    print(f"queries {len(queries)}; modes " + ", ".join(f"{k} {v}" for k, v in sorted(modes.items()))
          + f"; without hits {report['queries_without_hits']}; timed out {report['timed_out']}; {wall:.0f} s")
    print(f"{'':<12}{'samples':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, s in [("all", report["latency_ms"])] + [("  " + k, v) for k, v in report["latency_ms_by_kind"].items()]:
        print(f"{name:<12}{s['n']:>8}{s['p50']:>10.2f}{s['p95']:>10.2f}{s['p99']:>10.2f}{s['max']:>10.1f}")


if __name__ == "__main__":
    main()
