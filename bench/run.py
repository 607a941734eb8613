#!/usr/bin/env python3
"""Gongkai's benchmark harness. Measures, on this machine, what BENCHMARKS.md reports:
import throughput, index build time and size, search latency (engine and HTTP, 1 and 16
clients), server memory, a cached page against nginx serving the same bytes, and
publish-to-searchable latency. Talks only to 127.0.0.1; every step stops by itself.

    python3 bench/run.py setup   --corpus laws|100000|1000000   # data dir, orgs, import, index
    python3 bench/run.py search  --corpus N                     # engine + HTTP latency, RSS
    python3 bench/run.py page    --corpus N                     # cached page vs nginx
    python3 bench/run.py publish --corpus N                     # publish-to-searchable
    python3 bench/run.py overlap --corpus N                     # top-10 overlap with FTS5

Inputs come from bench/corpus.py and bench/queries.py (see bench/README.md); results are
JSON files under --out (default /tmp/gongkai-bench/results).
"""
import argparse, json, os, shutil, signal, socket, statistics, subprocess, sys, time, urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def sh(*args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def du(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


class Paths:
    def __init__(self, a):
        self.bin = a.bin
        self.work = a.work
        self.corpus = a.corpus
        self.data = os.path.join(a.work, f"data-{a.corpus}")
        self.out = a.out
        os.makedirs(self.out, exist_ok=True)
        self.jsonl = os.path.join(a.work, "laws.jsonl" if a.corpus == "laws" else f"docs-{a.corpus}.jsonl")
        self.queries = os.path.join(a.work, "queries.tsv")

    def result(self, name):
        return os.path.join(self.out, f"{name}-{self.corpus}.json")

    def g(self, *args):
        return sh(self.bin, *args, "--data", self.data)


def save(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
    print(json.dumps(obj, ensure_ascii=False, indent=1))


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_gib": round(int(mem) / 1024 / 1024, 1),
            "date": time.strftime("%Y-%m-%d"), "kernel": os.uname().release}


def setup(p):
    if os.path.exists(p.data):
        shutil.rmtree(p.data)
    p.g("init")
    created = 0
    if p.corpus == "laws":
        p.g("org", "add", "--level", "province", "--name", "江岚省人民政府", "--slug", "jianglan", "--index-code", "11000000MB0000001X")
        created = 1
    else:
        for o in json.load(open(os.path.join(p.work, "orgs.json"))):
            args = ["org", "add", "--level", o["level"], "--name", o["name"], "--slug", o["slug"], "--index-code", o["index_code"]]
            if o.get("parent_slug"):
                args += ["--parent", o["parent_slug"]]
            p.g(*args)
            created += 1
    lines = sum(1 for _ in open(p.jsonl, encoding="utf-8"))
    t = time.time()
    imp = p.g("import", "documents", p.jsonl, "--org", "jianglan", "--batch", "2000")
    import_s = time.time() - t
    db_bytes = sum(os.path.getsize(os.path.join(p.data, f)) for f in os.listdir(p.data) if f.startswith("gongkai.db"))
    t = time.time()
    p.g("reindex")
    index_s = time.time() - t
    save(p.result("setup"), {
        "machine": machine(), "corpus": p.corpus, "organisations": created, "lines": lines,
        "import_seconds": round(import_s, 1), "import_docs_per_s": round(lines / import_s, 0),
        "import_output": imp.stdout.strip(), "database_bytes": db_bytes,
        "reindex_seconds": round(index_s, 1), "index_bytes": du(os.path.join(p.data, "search")),
        "jsonl_bytes": os.path.getsize(p.jsonl),
    })


class Server:
    """`gongkai serve` on a free local port, stopped on exit."""

    def __init__(self, p):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([p.bin, "serve", "--data", p.data, "--listen", f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "GONGKAI_LOG": "warn"})
        for _ in range(600):
            try:
                if urllib.request.urlopen(self.base + "/healthz", timeout=1).read() == b"ok\n":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            self.stop()
            raise SystemExit("server did not start")
        # Wait until the index has followed every event.
        for _ in range(6000):
            if self.metric("gongkai_search_lag_events") == 0:
                break
            time.sleep(0.1)

    def metric(self, name):
        for line in urllib.request.urlopen(self.base + "/metrics", timeout=5).read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return None

    def rss(self):
        out = {}
        for line in open(f"/proc/{self.proc.pid}/status"):
            k = line.split(":")[0]
            if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[k] = int(line.split()[1]) * 1024
        return out

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def read_queries(path, max_chars=1000):
    out = []
    for line in open(path, encoding="utf-8").read().split("\n"):
        cols = line.split("\t")
        if len(cols) >= 2:
            out.append((cols[0], cols[1][:max_chars], cols[2] if len(cols) > 2 else ""))
    return out


def wrk(url, paths_file, threads, conns, seconds):
    r = sh("wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "-s", os.path.join(HERE, "search.lua"), url, "--", paths_file)
    return json.loads(r.stdout.strip().splitlines()[-1])


def search(p, seconds):
    def engine_run(*extra):
        eng = p.g("search", "--queries", p.queries, "--repeat", "3", *extra)
        rows = [l.split("\t") for l in eng.stdout.strip().splitlines()]
        return {r[0]: {"queries": int(r[1]), "p50_ms": float(r[2]), "p95_ms": float(r[3]), "p99_ms": float(r[4]), "max_ms": float(r[5])} for r in rows[1:]}
    engine = engine_run("--results", p.result("ours-top10"))
    paths = os.path.join(p.out, f"paths-{p.corpus}.txt")
    with open(paths, "w") as f:
        for _, q, filters in read_queries(p.queries):
            params = [("q", q)] + [tuple(kv.split("=", 1)) for kv in filters.split("&") if "=" in kv]
            f.write("/api/v1/search?" + urllib.parse.urlencode(params) + "\n")
    s = Server(p)
    try:
        idle = s.rss()
        one = wrk(s.base, paths, 1, 1, seconds)
        sixteen = wrk(s.base, paths, 2, 16, seconds)
        loaded = s.rss()
        docs = s.metric("gongkai_search_documents")
    finally:
        s.stop()
    save(p.result("search"), {"machine": machine(), "corpus": p.corpus, "documents": docs, "engine": engine,
                              "http_1_client": one, "http_16_clients": sixteen, "rss_idle": idle, "rss_after_load": loaded})


def page(p, seconds):
    s = Server(p)
    try:
        first = json.load(urllib.request.urlopen(s.base + "/api/v1/documents?per_page=1"))["items"][0]["url"]
        body = urllib.request.urlopen(s.base + first).read()
        body = urllib.request.urlopen(s.base + first).read()  # now from the cache
        root = os.path.join(p.out, "nginx")
        os.makedirs(os.path.join(root, "logs"), exist_ok=True)
        with open(os.path.join(root, "doc.html"), "wb") as f:
            f.write(body)
        nport = free_port()
        conf = os.path.join(root, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 2; pid {root}/nginx.pid; error_log {root}/logs/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  types {{ text/html html; }} default_type text/html;
  server {{ listen 127.0.0.1:{nport}; root {root}; }} }}
""")
        subprocess.run(["nginx", "-c", conf, "-p", root], check=True)
        try:
            time.sleep(0.5)
            paths = os.path.join(p.out, "page-paths.txt")
            with open(paths, "w") as f:
                f.write(first + "\n")
            ours = wrk(s.base, paths, 2, 32, seconds)
            with open(paths, "w") as f:
                f.write("/doc.html\n")
            theirs = wrk(f"http://127.0.0.1:{nport}", paths, 2, 32, seconds)
        finally:
            subprocess.run(["nginx", "-c", conf, "-p", root, "-s", "stop"])
        hits = s.metric("gongkai_page_cache_hits_total")
    finally:
        s.stop()
    save(p.result("page"), {"machine": machine(), "page": first, "bytes": len(body), "gongkai": ours, "nginx": theirs,
                            "ratio": round(ours["rps"] / theirs["rps"], 3), "cache_hits": hits})


def api(base, method, path, token, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))


def publish(p, rounds):
    name = f"bench{int(time.time())}"
    p.g("user", "add", name, "--name", "基准测试", "--password", "benchmark-password")
    for role in ("drafter", "reviewer", "secrecy_reviewer", "approver"):
        p.g("user", "grant", name, "--org", "jianglan", "--role", role)
    token = p.g("user", "token", name).stdout.strip()
    s = Server(p)
    lat = []
    try:
        for i in range(rounds):
            word = f"基准{name}{i}号事项"
            doc = api(s.base, "POST", "/api/v1/documents", token, {
                "org": "jianglan", "title": f"关于{word}的通知", "written_on": time.strftime("%Y-%m-%d"), "topic": "zhzw",
                "attribute": "proactive", "body": "<p>测试正文。</p>"})
            for action in ("submit", "review", "secrecy_clear", "approve"):
                api(s.base, "POST", f"/api/v1/documents/{doc['index_number']}/actions", token, {"action": action})
            t0 = time.perf_counter()
            q = urllib.parse.quote(word)
            while True:
                if json.load(urllib.request.urlopen(f"{s.base}/api/v1/search?q={q}"))["total"] >= 1:
                    break
                if time.perf_counter() - t0 > 10:
                    raise SystemExit("not searchable after 10 s")
                time.sleep(0.005)
            lat.append((time.perf_counter() - t0) * 1000)
    finally:
        s.stop()
    lat.sort()
    save(p.result("publish"), {"machine": machine(), "corpus": p.corpus, "rounds": rounds,
                               "p50_ms": round(statistics.median(lat), 1), "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1),
                               "max_ms": round(lat[-1], 1)})


def backup(p):
    """`gongkai backup` of the data directory (idle, then while a server answers searches),
    `backup --check`, and `gongkai restore` into a new directory (which rebuilds the index)."""
    out = os.path.join(p.work, f"backup-{p.corpus}.zip")
    restored = os.path.join(p.work, f"restored-{p.corpus}")
    for path in (out, restored):
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    t = time.time()
    p.g("backup", "--out", out)
    idle_s = time.time() - t
    t = time.time()
    p.g("backup", "--check")
    check_s = time.time() - t
    os.remove(out)
    s = Server(p)
    try:
        paths = os.path.join(p.out, f"paths-{p.corpus}.txt")
        load = subprocess.Popen(["wrk", "-t1", "-c4", "-d600s", "-s", os.path.join(HERE, "search.lua"), s.base, "--", paths],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if os.path.exists(paths) else None
        try:
            t = time.time()
            p.g("backup", "--out", out)
            loaded_s = time.time() - t
        finally:
            if load:
                load.terminate()
                load.wait()
    finally:
        s.stop()
    t = time.time()
    r = sh(p.bin, "restore", "--from", out, "--data", restored)
    restore_s = time.time() - t
    save(p.result("backup"), {
        "machine": machine(), "corpus": p.corpus, "database_bytes": du(p.data) - du(os.path.join(p.data, "search")),
        "backup_bytes": os.path.getsize(out), "backup_idle_seconds": round(idle_s, 1),
        "backup_under_search_load_seconds": round(loaded_s, 1), "check_seconds": round(check_s, 1),
        "restore_seconds": round(restore_s, 1), "restore_output": r.stdout.strip()[-300:],
    })
    shutil.rmtree(restored)
    os.remove(out)


def opendata(p):
    """`gongkai open-data --force`: every open-data file made from the whole corpus (the
    worker's job after a change), with its wall time and the process's peak memory — the
    files are held in memory, gzip, until stored."""
    import resource
    t = time.time()
    r = p.g("open-data", "--force")
    wall = time.time() - t
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    made = json.loads(r.stdout)
    save(p.result("opendata"), {
        "machine": machine(), "corpus": p.corpus, "wall_seconds": round(wall, 1),
        "generate_seconds": round(made["seconds"], 1), "peak_rss_bytes": peak_kib * 1024,
        "files": [{k: d[k] for k in ("name", "count", "size")} for d in made["datasets"]],
    })


def overlap(p):
    """Top-10 overlap with each baseline that has a report for this corpus (FTS5 always,
    pg_trgm when bench/pg_trgm_baseline.py has run), and how often each puts the
    expected document first."""
    ours = json.load(open(p.result("ours-top10")))["results"]
    baselines = {"fts5": os.path.join(p.work, f"fts5-{p.corpus}.json"),
                 "pg_trgm": os.path.join(p.work, f"pg_trgm-{p.corpus}.json")}
    baselines = {k: json.load(open(v))["results"] for k, v in baselines.items() if os.path.exists(v)}
    expected = [l.rstrip("\n").split("\t") for l in open(os.path.join(p.work, "expected.tsv"), encoding="utf-8") if l.strip()]
    report = {"corpus": p.corpus}
    mine = [e for e in expected if (e[2] == "laws") == (p.corpus == "laws")]
    report["ours_expected_first"] = f"{sum(1 for _, q, _, key in mine if next((r['keys'][:1] for r in ours if r['query'] == q), []) == [key])} of {len(mine)}"
    for name, theirs in baselines.items():
        per_kind, both_empty = {}, 0
        for a, b in zip(ours, theirs):
            ka, kb = set(a["keys"][:10]), set(b["keys"][:10])
            if not ka and not kb:
                both_empty += 1
                continue
            per_kind.setdefault(a["kind"], []).append(len(ka & kb) / max(len(ka | kb), 1))
        first = {"ours": 0, name: 0, "total": 0}
        for kind, q, corpus, key in expected:
            if (corpus == "laws") != (p.corpus == "laws"):
                continue
            oa = next((r for r in ours if r["query"] == q), None)
            ob = next((r for r in theirs if r.get("query") == q), None)
            first["total"] += 1
            first["ours"] += bool(oa and oa["keys"][:1] == [key])
            first[name] += bool(ob and ob["keys"][:1] == [key])
        report[name] = {"jaccard_top10_by_kind": {k: round(statistics.mean(v), 3) for k, v in per_kind.items()},
                        "both_empty": both_empty, "expected_first": first}
    save(p.result("overlap"), report)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["setup", "search", "page", "publish", "overlap", "backup", "opendata"])
    ap.add_argument("--corpus", default="100000")
    ap.add_argument("--work", default="/tmp/gongkai-bench")
    ap.add_argument("--out", default="/tmp/gongkai-bench/results")
    ap.add_argument("--bin", default=os.environ.get("GONGKAI_BIN", os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "gongkai")))
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=20)
    a = ap.parse_args()
    p = Paths(a)
    {"setup": lambda: setup(p), "search": lambda: search(p, a.seconds), "page": lambda: page(p, a.seconds),
     "publish": lambda: publish(p, a.rounds), "overlap": lambda: overlap(p), "backup": lambda: backup(p),
     "opendata": lambda: opendata(p)}[a.step]()


if __name__ == "__main__":
    main()
