#!/usr/bin/env python3
"""The benchmark query set: hand-written queries plus document-number queries taken from
the generated corpus, in the messy forms people type and paste.

    python3 bench/queries.py --corpus /tmp/gongkai-bench

Reads bench/queries_static.tsv and, from the corpus directory (written by corpus.py),
docnums.txt, orgs.json, laws.jsonl and the smallest docs-N.jsonl. Writes:

  DIR/queries.tsv    kind<TAB>query<TAB>filters, one query per line, no header
  DIR/expected.tsv   kind<TAB>query<TAB>corpus<TAB>key: the document a query must return
                     first (several lines for one query: any of those keys)

Kinds: topic, phrase, docnum, filter, short, long, nonsense. Filters: org=SLUG,
year=YYYY-YYYY, category=CODE, joined by '&'. Queries never contain a tab or a newline;
a few deliberately contain control characters, zero-width and full-width spaces.
Standard library only; deterministic for a given corpus and --seed.
"""

import argparse
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("topic", "phrase", "docnum", "filter", "short", "long", "nonsense")
FILTER_RE = re.compile(r"^(org=[a-z0-9-]+|year=\d{4}-\d{4}|category=[a-z0-9-]+)$")

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Enough traditional → simplified to state what the traditional queries of
# queries_static.tsv must find.
T2S = str.maketrans("開條療醫險繳標準審資訊", "开条疗医险缴标准审资讯")


def standard_forms(code, year, serial):
    """Messy spellings of 代字〔year〕serial号, all accepted by the 文号 parser
    (crates/domain/src/docnum): DOMAIN §10's real-world variants and typing habits."""
    y, n = str(year), str(serial)
    return [
        f"{code}〔{y}〕{n}号",                              # canonical
        f"{code}[{y}]{n}号",                                # square brackets
        f"{code}({y}){n}号",                                # round brackets
        f"{code}（{y}）{n}号",                              # full-width round brackets
        f"{code} 〔{y}〕{n}号",                             # stray space
        f"发文字号：{code}〔{y}〕{n}号",                     # label left in
        f"{code}〔{y.translate(FULLWIDTH)}〕{n.translate(FULLWIDTH)}号",  # full-width digits
        f"{code}〔{y}〕第{int(n):03d}号",                    # 第 and leading zeros
        f"{code}〔{y}〕{n}",                                # no final 号
        f"文号:{code}【{y}】{n}号",                          # 【】 and a short label
        f"{code}〔{y}年〕{n}号",                            # 年 inside the brackets
        f"“{code}〔{y}〕{n}号”",                            # pasted with quotes
        f"{code} [{y}] {n} 号",                             # spaces everywhere
    ]


def order_forms(code, serial):
    n = str(serial)
    return [
        f"{code}第{n}号",
        f"{code} 第{n}号",
        f"{code}（第{n}号）",
        f"{code}第{n.translate(FULLWIDTH)}号",
        f"发文字号：{code}第{n}号",
    ]


def announcement_forms(code, year, serial):
    y, n = str(year), str(serial)
    return [
        f"{code}{y}年第{n}号",
        f"{code} {y}年第{n}号",
        f"{code}〔{y}〕{n}号",
        f"{code}{y.translate(FULLWIDTH)}年第{n.translate(FULLWIDTH)}号",
        f"文号：{code}{y}年第{n}号",
    ]


STD_RE = re.compile(r"^(.+)〔(\d{4})〕(\d+)号$")
ORDER_RE = re.compile(r"^(.+令)第(\d+)号$")
ANN_RE = re.compile(r"^(.+公告)(\d{4})年第(\d+)号$")


def messy(canonical, scheme, i):
    if scheme == "standard":
        code, y, n = STD_RE.match(canonical).groups()
        forms = standard_forms(code, y, n)
    elif scheme == "order":
        code, n = ORDER_RE.match(canonical).groups()
        forms = order_forms(code, n)
    else:
        code, y, n = ANN_RE.match(canonical).groups()
        forms = announcement_forms(code, y, n)
    return forms[i % len(forms)]


def normalise_docnum(s):
    """A rough Python normaliser, enough to find the static 文号 queries in the corpus."""
    s = s.translate(str.maketrans("０１２３４５６７８９［］（）【】", "0123456789[]()[]"))
    s = re.sub(r"^(发文字号|文号)[:：]?", "", s.strip())
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"[\[(〔](\d{4})年?[\])〕]", r"〔\1〕", s)
    s = re.sub(r"〕第?0*(\d+)号?$", r"〕\1号", s)
    return s


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{path}:{ln}: expected kind<TAB>query<TAB>filters")
            rows.append((ln, *parts))
    return rows


def check_filters(filters, slugs, where):
    if not filters:
        return
    for part in filters.split("&"):
        if not FILTER_RE.match(part):
            sys.exit(f"{where}: bad filter '{part}'")
        if part.startswith("org=") and part[4:] not in slugs:
            sys.exit(f"{where}: unknown organisation '{part[4:]}' (not in orgs.json)")
        if part.startswith("year="):
            a, b = map(int, part[5:].split("-"))
            if a > b:
                sys.exit(f"{where}: empty year range '{part}'")


def clean_text(s):
    """A body as pasted from a web page: tags gone, paragraphs run together."""
    return re.sub(r"[\t\n]", "", re.sub(r"<[^>]+>", "", s))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="/tmp/gongkai-bench", help="directory written by corpus.py")
    ap.add_argument("--static", default=os.path.join(HERE, "queries_static.tsv"))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    d = args.corpus
    rng = random.Random(args.seed)

    with open(os.path.join(d, "orgs.json"), encoding="utf-8") as f:
        slugs = {o["slug"] for o in json.load(f)}

    queries = []  # (kind, query, filters)
    for ln, kind, q, filters in read_tsv(args.static):
        where = f"{args.static}:{ln}"
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind '{kind}'")
        check_filters(filters, slugs, where)
        queries.append((kind, q, filters))
    n_static = len(queries)

    # Laws: titles → keys (for expected.tsv) and paragraphs for the long queries.
    laws_path = os.path.join(d, "laws.jsonl")
    title_keys, law_paras = {}, []
    if os.path.exists(laws_path):
        with open(laws_path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                title_keys.setdefault(r["title"], []).append(r["key"])
                if len(law_paras) < 20000:
                    law_paras.extend(p for p in re.findall(r"<p>(.*?)</p>", r["body"])
                                     if len(p) >= 40)
    else:
        print(f"note: {laws_path} missing; no title expectations, long queries from docs")

    # Document numbers present in the corpus, each in one messy form (rotating).
    docnum_rows = []
    with open(os.path.join(d, "docnums.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            key, canonical, stored, scheme, org = line.rstrip("\n").split("\t")
            docnum_rows.append((key, canonical, stored, scheme))
    expected = []  # (kind, query, corpus, key)
    for i, (key, canonical, stored, scheme) in enumerate(docnum_rows):
        # Numbers stored messily are searched for in their canonical form.
        q = canonical if stored != canonical else messy(canonical, scheme, i)
        queries.append(("docnum", q, ""))
        expected.append(("docnum", q, "synthetic", key))

    # Static 文号 queries: look them up in the smallest synthetic corpus.
    docs = sorted(glob.glob(os.path.join(d, "docs-*.jsonl")),
                  key=lambda p: int(re.search(r"docs-(\d+)", p).group(1)))
    static_nums = {normalise_docnum(q): q for k, q, _ in queries[:n_static] if k == "docnum"}
    sample_body = None
    if docs:
        with open(docs[0], encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if sample_body is None and len(r["body"]) > 800:
                    text = clean_text(r["body"])
                    if len(text) >= 500:
                        sample_body = text
                num = r.get("doc_number")
                if num and normalise_docnum(num) in static_nums:
                    expected.append(("docnum", static_nums[normalise_docnum(num)],
                                     "synthetic", r["key"]))

    # Exact law titles, their short forms (without 中华人民共和国) and traditional spellings.
    for kind, q, filters in queries[:n_static]:
        if kind != "topic" or filters:
            continue
        simp = q.translate(T2S)
        for title, how in ((q, "title"), ("中华人民共和国" + q, "title-short"),
                           (simp, "title-traditional"),
                           ("中华人民共和国" + simp, "title-traditional")):
            if title in title_keys:
                for key in title_keys[title]:
                    expected.append((how, q, "laws", key))
                break

    # Long and nonsense queries that a text file cannot hold comfortably.
    source = law_paras or [sample_body or "政府信息公开"]
    rng.shuffle(source)

    def text_of(n, start):
        out, i = "", start
        while len(out) < n:
            out += source[i % len(source)]
            i += 1
        return out[:n].replace("\t", " ")

    queries.append(("long", text_of(500, 0), ""))
    if sample_body:
        queries.append(("long", sample_body[:500], ""))
    queries.append(("long", text_of(2000, 50), ""))
    queries.append(("long", text_of(10000, 200), ""))
    queries += [
        ("nonsense", "低保\x07申请\x1b条件", ""),        # control characters
        ("nonsense", "\u200b低保\u200b申请\u200b", ""),  # zero-width spaces
        ("nonsense", "\u3000\u3000\u3000", ""),          # only full-width spaces
        ("nonsense", "ｄｉｂａｏ　低保", ""),             # full-width letters and space
        ("nonsense", "低保" * 200, ""),                  # one word 200 times
        ("nonsense", "\"" * 50, ""),                     # only quotes
    ]

    with open(os.path.join(d, "queries.tsv"), "w", encoding="utf-8") as f:
        for kind, q, filters in queries:
            assert "\t" not in q and "\n" not in q, q[:40]
            f.write(f"{kind}\t{q}\t{filters}\n")
    with open(os.path.join(d, "expected.tsv"), "w", encoding="utf-8") as f:
        for row in expected:
            f.write("\t".join(row) + "\n")

    counts = {}
    for kind, _, _ in queries:
        counts[kind] = counts.get(kind, 0) + 1
    exp_kinds = {}
    for row in expected:
        exp_kinds[row[0]] = exp_kinds.get(row[0], 0) + 1
    print(f"queries.tsv: {len(queries)} queries ({n_static} static, "
          f"{len(docnum_rows)} document numbers, {len(queries) - n_static - len(docnum_rows)} "
          "generated long/nonsense)")
    print("  per kind: " + ", ".join(f"{k} {counts.get(k, 0)}" for k in KINDS))
    print(f"expected.tsv: {len(expected)} lines: "
          + ", ".join(f"{k} {v}" for k, v in sorted(exp_kinds.items())))


if __name__ == "__main__":
    main()
