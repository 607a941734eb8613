#!/usr/bin/env python3
"""Benchmark corpora for Gongkai search and import (issue 3, item 6).

    python3 bench/corpus.py --laws /work/shared/data/laws.jsonl --out /tmp/gongkai-bench \
        --sizes laws,100000,1000000 --seed 7

Writes, in --out:
  laws.jsonl           the real laws corpus in the import format of docs/import.md
  docs-{N}.jsonl       N synthetic documents of a fictional province (one per size given);
                       the smaller corpora are prefixes of the larger ones (same seed)
  orgs.json            the fictional province's organisation tree (create these first)
  docnums.txt          100 document numbers present in every synthetic corpus written
  corpus-stats.json    counts, sizes and timings of this run

Standard library only. Synthetic documents are streamed: memory stays flat at any size.
"""

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vocab  # noqa: E402

# ---------------------------------------------------------------------------
# Small helpers

CN_DIGITS = "零一二三四五六七八九"


def cn_num(n):
    """1..999 in Chinese numerals, as written in article numbers (第二十一条)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    h, r = divmod(n, 100)
    if r == 0:
        return CN_DIGITS[h] + "百"
    if r < 10:
        return CN_DIGITS[h] + "百零" + CN_DIGITS[r]
    return CN_DIGITS[h] + "百" + (cn_num(r) if r >= 20 else "一" + cn_num(r))


def cn_date(d):
    return f"{d.year}年{d.month}月{d.day}日"


def esc(s):
    # Escape <, > and & (quotes are harmless in element content).
    return html.escape(s, quote=False)


# GB 32100-2015 统一社会信用代码 check character.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(area, seq):
    """An 18-character organisation code: 1 (机构编制) 1 (机关) area, MB + serial, check."""
    body = f"11{area}MB{seq:07d}"
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return body + USCC_CHARS[(31 - s % 31) % 31]


# ---------------------------------------------------------------------------
# The organisation tree (fixed: does not depend on --seed).

def build_orgs():
    """Returns the list of organisations, each a dict with the public fields (slug,
    parent_slug, level, name, index_code, short_name) and private ones used here
    (prefixed with _)."""
    orgs = []
    used = set(vocab.AVOID_SLUGS)
    seq = [0]

    def add(**o):
        assert o["slug"] not in used, o["slug"]
        assert 2 <= len(o["slug"]) <= 40
        used.add(o["slug"])
        seq[0] += 1
        o["index_code"] = uscc(o.pop("_area"), seq[0])
        orgs.append(o)
        return o

    dept_by_key = {d[0]: d for d in vocab.DEPARTMENTS}

    def add_dept(parent, key, local):
        _, prov_name, local_name, abbr, domains = dept_by_key[key]
        place = parent["_place"]
        if key == "sw":
            name = f"国家税务总局{place}税务局"
        else:
            name = place + (local_name if local else prov_name)
        return add(
            slug=f"{parent['slug']}-{key}", parent_slug=parent["slug"], level="department",
            name=name, short_name=name, _area=parent["_areacode"], _areacode=parent["_areacode"],
            _kind=parent["_kind"] + "_dept", _place=place, _gov=parent["name"],
            _codes={"f": parent["_abbr"] + abbr + "发", "h": parent["_abbr"] + abbr + "函",
                    "ann": name + "公告"},
            _domains=domains, _recipients="department", _phone=parent["_phone"],
        )

    p = vocab.PROVINCE
    prov = add(
        slug=p["slug"], parent_slug=None, level="province", name=p["name"] + "人民政府",
        short_name=p["name"], _area=p["area"], _areacode=p["area"], _kind="province",
        _place=p["name"], _abbr=p["abbr"], _gov=p["name"] + "人民政府",
        _codes=gov_codes(p["abbr"], p["name"]), _domains=None, _recipients="province",
        _phone="0590",
    )
    for key in vocab.PROVINCE_DEPTS:
        add_dept(prov, key, local=False)

    # County names: every (first, second) combination, shuffled with a fixed seed.
    fixed = random.Random(20260101)
    combos = [(a, b) for a in vocab.COUNTY_FIRST for b in vocab.COUNTY_SECOND if a[0] != b[0]]
    fixed.shuffle(combos)
    towns = [(a, b) for a in vocab.TOWN_FIRST for b in vocab.TOWN_SECOND if a[0] != b[0]]
    fixed.shuffle(towns)
    city_names = {c[0] for c in vocab.CITIES}
    county_iter = iter(combos)
    town_iter = iter(towns)
    rot = 0
    for ci, (cname, cslug, cabbr) in enumerate(vocab.CITIES):
        area = f"99{ci + 1:02d}00"
        city = add(
            slug=cslug, parent_slug=prov["slug"], level="city", name=f"{cname}市人民政府",
            short_name=f"{cname}市", _area=area, _areacode=area, _kind="city",
            _place=f"{cname}市", _abbr=cabbr, _gov=f"{cname}市人民政府",
            _codes=gov_codes(cabbr, f"{cname}市"), _domains=None, _recipients="city",
            _phone=f"058{ci}",
        )
        for _ in range(4):
            add_dept(city, vocab.LOCAL_DEPT_ROTATION[rot % len(vocab.LOCAL_DEPT_ROTATION)], True)
            rot += 1
        for k in range(6):
            while True:
                (a, pa), (b, pb) = next(county_iter)
                name2, slug = a + b, pa + pb
                if slug not in used and name2 not in city_names:
                    break
            suffix = "区" if k == 0 else "县"
            carea = f"99{ci + 1:02d}{k + 2:02d}"
            county = add(
                slug=slug, parent_slug=city["slug"], level="county",
                name=f"{name2}{suffix}人民政府", short_name=f"{name2}{suffix}", _area=carea,
                _areacode=carea, _kind="county", _place=f"{name2}{suffix}", _abbr=name2,
                _gov=f"{name2}{suffix}人民政府", _codes=gov_codes(name2, f"{name2}{suffix}"),
                _domains=None, _recipients="county", _phone=f"058{ci}",
            )
            add_dept(county, vocab.LOCAL_DEPT_ROTATION[rot % len(vocab.LOCAL_DEPT_ROTATION)], True)
            rot += 1
            for t in range(2):
                (a, pa), (b, pb) = next(town_iter)
                tname = a + b
                tslug = f"{slug}-{re.sub('[0-9]', '', pa + pb)}"
                if tslug in used:
                    tslug += "2"
                if suffix == "区":
                    kind_char, full, short = "街", f"{name2}区{tname}街道办事处", f"{tname}街道"
                    domains = vocab.STREET_DOMAINS
                else:
                    kind_char = "镇" if t == 0 else "乡"
                    full = f"{name2}县{tname}{kind_char}人民政府"
                    short = f"{tname}{kind_char}"
                    domains = vocab.TOWNSHIP_DOMAINS
                add(
                    slug=tslug, parent_slug=county["slug"], level="township", name=full,
                    short_name=short, _area=carea, _areacode=carea, _kind="township",
                    _place=short, _abbr=tname, _gov=full,
                    _codes={"f": tname + kind_char + "发"}, _domains=domains,
                    _recipients="township", _phone=f"058{ci}",
                )
    codes = [c for o in orgs for k, c in o["_codes"].items() if k not in ("order", "ann")]
    assert len(codes) == len(set(codes)), "文号 codes must be unique"
    assert len({o["index_code"] for o in orgs}) == len(orgs)
    return orgs


def gov_codes(abbr, place):
    return {"zf": abbr + "政发", "zbf": abbr + "政办发", "zbh": abbr + "政办函",
            "zh": abbr + "政函", "order": place + "人民政府令"}


def public_org(o):
    return {k: o[k] for k in ("slug", "parent_slug", "level", "name", "index_code", "short_name")}


# ---------------------------------------------------------------------------
# The laws corpus

# Topic codes from a law's title, first match wins (the order of the brief).
LAW_TOPIC_RULES = [
    ("czjr", ["财政", "税", "预算", "审计", "会计", "金融", "银行", "证券", "国有资产"]),
    ("gtny", ["土地", "规划", "矿产", "测绘", "能源", "电力", "煤炭", "不动产", "自然资源"]),
    ("kjjy", ["教育", "学校", "教师", "科学技术", "科技", "学位"]),
    ("wsty", ["卫生", "医疗", "药品", "医师", "疫苗", "传染病", "体育", "中医药", "献血", "疾病"]),
    ("mzfp", ["民政", "救助", "扶贫", "慈善", "殡葬", "养老", "老年人", "残疾人", "社会组织", "救灾"]),
    ("ldrs", ["劳动", "社会保险", "就业", "工资", "人事", "公务员", "工伤", "职工", "人才"]),
    ("gaaq", ["公安", "司法", "治安", "监狱", "律师", "公证", "消防", "禁毒", "户口", "居民身份证",
              "出境入境", "法律援助", "人民调解", "刑事", "检察", "法院"]),
    ("cxhb", ["环境", "污染", "城乡建设", "建筑", "住房", "物业", "市容", "生态", "大气", "固体废物",
              "噪声", "绿化", "燃气", "城市"]),
    ("nlsl", ["农业", "林业", "水利", "农村", "农民", "森林", "草原", "渔业", "种子", "畜牧", "动物防疫",
              "水土保持", "防洪", "河道", "湿地", "乡村"]),
    ("gyjt", ["交通", "工业", "公路", "铁路", "航空", "港口", "道路", "运输", "船舶", "邮政", "电信", "航道"]),
    ("scjg", ["市场", "安全生产", "食品", "产品质量", "标准化", "计量", "消费者", "广告", "价格",
              "特种设备", "反不正当竞争", "商标"]),
]
LAW_CATEGORY_TOPIC = {"刑法": "gaaq", "诉讼与非诉讼程序法": "gaaq", "司法解释": "gaaq",
                      "案例": "gaaq", "经济法": "gmjj"}


def law_topic(title, category):
    for code, words in LAW_TOPIC_RULES:
        if any(w in title for w in words):
            return code
    return LAW_CATEGORY_TOPIC.get(category, "zhzw")


def law_category(category):
    # 法规文件 for laws, regulations, rules and judicial interpretations; cases and the
    # rest are 其他法定公开信息.
    return "a20-15" if category in ("案例", "其他") else "a20-01"


def markdown_to_html(text):
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^(#{1,6})\s*(.*)$", line)
        if m:
            level = min(len(m.group(1)) + 1, 6)  # # → h2, ## → h3, ### → h4 …
            if m.group(2):
                out.append(f"<h{level}>{esc(m.group(2))}</h{level}>")
        else:
            out.append(f"<p>{esc(line)}</p>")
    return "".join(out)


ARTICLE_ONE = re.compile(r"^第一条[\s\u3000]*(.+)$", re.M)


def convert_law(r):
    """One laws.jsonl record → an import line, or (None, reason)."""
    title = (r.get("title") or "").strip()
    if not title:
        return None, "empty title"
    try:
        d = dt.date.fromisoformat((r.get("date") or "").strip())
    except ValueError:
        return None, "unparseable date"
    header, body = r.get("header") or "", r.get("body") or ""
    line = {
        "key": r["path"],
        "title": title,
        "written_on": d.isoformat(),
        "published_on": d.isoformat(),
        "topic": law_topic(title, r.get("category", "")),
        "category": law_category(r.get("category", "")),
        "body": markdown_to_html(header + "\n\n" + body),
    }
    m = ARTICLE_ONE.search(body)
    if m:
        s = m.group(1).strip()
        line["summary"] = s if len(s) <= 200 else s[:199] + "…"
    return line, None


# ---------------------------------------------------------------------------
# Paragraph pools for synthetic bodies

ARTICLE_PREFIX = re.compile(r"^第[一二三四五六七八九十百零〇千]+条[\s\u3000]*")
PLACE_PROV = re.compile(r"(浙江省|山东省|河南省|广东省|浙江|山东|河南|广东)")
PLACE_CITY = re.compile(r"(上海市|北京市|重庆市|天津市|上海|北京|重庆|天津)")


def build_pools(records):
    """All law body paragraphs fit for reuse (HTML-escaped), per-domain index lists
    chosen by keyword, and per-domain law titles to cite."""
    paras = []
    for r in records:
        for line in (r.get("body") or "").split("\n"):
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("|"):
                continue
            line = ARTICLE_PREFIX.sub("", line)
            if not (20 <= len(line) <= 400):
                continue
            line = PLACE_CITY.sub("本市", PLACE_PROV.sub("本省", line))
            paras.append(esc(line))
    kw_domain = {}
    for di, dom in enumerate(vocab.DOMAINS):
        for k in dom[5]:
            kw_domain.setdefault(k, set()).add(di)
    rx = re.compile("|".join(sorted(map(re.escape, kw_domain), key=len, reverse=True)))
    pools = [[] for _ in vocab.DOMAINS]
    for i, p in enumerate(paras):
        hit = set()
        for k in rx.findall(p):
            hit |= kw_domain[k]
        for di in hit:
            pools[di].append(i)
    law_titles = [[] for _ in vocab.DOMAINS]
    seen = set()
    for r in records:
        t = (r.get("title") or "").strip()
        if (not t or t in seen or len(t) > 30 or t.startswith("最高人民")
                or r.get("category") in ("案例", "司法解释")):
            continue
        seen.add(t)
        for di, dom in enumerate(vocab.DOMAINS):
            if any(k in t for k in vocab.DOMAIN_LAW_WORDS[dom[0]]):
                law_titles[di].append(t)
    for di in range(len(law_titles)):
        # National laws and regulations first, then local ones; at most 40 per domain.
        ts = sorted(law_titles[di], key=lambda t: (not t.startswith("中华人民共和国"), t))
        law_titles[di] = ts[:40] or list(vocab.GENERAL_LAWS)
    return paras, pools, law_titles


# ---------------------------------------------------------------------------
# Synthetic documents

START = dt.date(2015, 1, 1)
END = dt.date(2026, 10, 30)  # fixed, so the corpus does not depend on the day it is built
WEEKDAYS = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)
            if (START + dt.timedelta(days=i)).weekday() < 5]
WEEKDAY_INDEX = {d: i for i, d in enumerate(WEEKDAYS)}

KIND_SUMMARY = {
    "rules": "{short}制定《{doc}》，对{topic}的适用范围、职责分工、办理程序和监督管理作出规定。",
    "plan": "{short}印发{topic}工作方案，明确{year}年的工作目标、重点任务和保障措施。",
    "notice": "{short}就做好{topic}工作作出部署，明确工作要求和完成时限。",
    "public": "{short}对{year}年{topic}有关情况进行公示，公示期为{days}个工作日。",
    "report": "{short}通报{year}年{topic}工作开展情况，总结成效并部署下一步工作。",
    "guide": "{short}公布{topic}的办理依据、申请条件、办理流程和办理时限。",
    "quarterly": "公开{short}{year}年第{q}季度{topic}有关情况。",
}


def parse_phrase(ph, dom):
    """'phrase|topic|category' → (phrase, topic or None, category or None)."""
    parts = ph.split("|")
    return parts[0], (parts[1] if len(parts) > 1 and parts[1] else None), \
        (parts[2] if len(parts) > 2 and parts[2] else None)


class Generator:
    def __init__(self, orgs, paras, pools, law_titles, seed):
        self.rng = random.Random(seed)
        self.paras, self.pools, self.law_titles = paras, pools, law_titles
        self.dom_index = {d[0]: i for i, d in enumerate(vocab.DOMAINS)}
        self.phrases = [[parse_phrase(p, d) for p in d[6]] for d in vocab.DOMAINS]
        by_kind = {}
        for o in orgs:
            by_kind.setdefault(o["_kind"], []).append(o)
        self.level_names = [k for k, _ in vocab.LEVEL_WEIGHTS]
        self.level_cum = cum([w for _, w in vocab.LEVEL_WEIGHTS])
        self.by_kind = by_kind
        self.templates = {
            "province": prep(vocab.PROVINCE_GOV_TEMPLATES),
            "city": prep(vocab.GOV_TEMPLATES),
            "county": prep(vocab.GOV_TEMPLATES),
            "province_dept": prep(vocab.PROVINCE_DEPT_TEMPLATES),
            "city_dept": prep(vocab.DEPT_TEMPLATES),
            "county_dept": prep(vocab.DEPT_TEMPLATES),
            "township": prep(vocab.TOWNSHIP_TEMPLATES),
        }
        self.serials = {}  # (code, year) → last serial; (code, None) for orders
        self.all_domains = list(range(len(vocab.DOMAINS)))

    def serial(self, code, year):
        """Serials are unique per (code, year). The first one of a year starts anywhere in
        1..30 and later ones step by 1, now and then by more: real serial runs have gaps
        (documents not disclosed), which the platform's gap report is meant to find."""
        last = self.serials.get((code, year))
        rng = self.rng
        if last is None:
            n = rng.randint(1, 30)
        else:
            n = last + (1 if rng.random() < 0.85 else rng.randint(2, 5))
        self.serials[(code, year)] = n
        return n

    def doc_number(self, o, kind, year):
        """Returns (raw, canonical, scheme)."""
        rng = self.rng
        if kind == "order":
            code = o["_codes"]["order"]
            n = self.serial(code, None)
            canon = f"{code}第{n}号"
            raw = canon
            if rng.random() < 0.05:
                raw = rng.choice([f"{code}（第{n}号）", f"{code} 第{n}号"])
            return raw, canon, "order"
        if kind == "ann":
            code = o["_codes"]["ann"]
            n = self.serial(code, year)
            canon = f"{code}{year}年第{n}号"
            raw = canon if rng.random() >= 0.05 else f"{code} {year}年第{n}号"
            return raw, canon, "announcement"
        code = o["_codes"][kind if kind in o["_codes"] else "f"]
        n = self.serial(code, year)
        canon = f"{code}〔{year}〕{n}号"
        raw = canon
        if rng.random() < 0.05:
            raw = rng.choice([f"{code}[{year}]{n}号", f"{code}({year}){n}号",
                              f"{code}（{year}）{n}号", f"{code} 〔{year}〕{n}号"])
        return raw, canon, "standard"

    def paragraphs(self, di, k):
        rng, paras, pool = self.rng, self.paras, self.pools[di]
        out = []
        for _ in range(k):
            if pool and rng.random() < 0.85:
                out.append(paras[pool[rng.randrange(len(pool))]])
            else:
                out.append(paras[rng.randrange(len(paras))])
        return out

    def make(self, n):
        rng = self.rng
        kind = self.level_names[bisect(self.level_cum, rng.random() * self.level_cum[-1])]
        orgs = self.by_kind[kind]
        o = orgs[rng.randrange(len(orgs))]
        if o["_domains"]:
            di = self.dom_index[o["_domains"][rng.randrange(len(o["_domains"]))]]
        else:
            di = rng.randrange(len(vocab.DOMAINS))
        dom = vocab.DOMAINS[di]
        phrase, ptopic, pcat = self.phrases[di][rng.randrange(len(self.phrases[di]))]
        tcum, tpls = self.templates[kind]
        _, tfmt, p_num, code_kind, cat_override, body_kind = \
            tpls[bisect(tcum, rng.random() * tcum[-1])]

        wi = rng.randrange(len(WEEKDAYS))
        written = WEEKDAYS[wi]
        published = WEEKDAYS[min(wi + rng.randint(0, 6), len(WEEKDAYS) - 1)]
        year = written.year
        if body_kind in ("report", "public") and written.month <= 2:
            year -= 1
        q = (written.month - 1) // 3  # the quarter before the current one
        qyear = written.year
        if q == 0:
            q, qyear = 4, written.year - 1
        if body_kind == "quarterly":
            year = qyear
        q_text = cn_num(q) if rng.random() < 0.6 else str(q)
        batch = rng.randint(1, 6)

        gov = o["_gov"]
        office = gov + "办公室" if o["level"] != "township" else gov
        short = o["short_name"]
        place = o["_place"]
        title = tfmt.format(gov=gov, office=office, org=o["name"], short=short, place=place,
                            topic=phrase, year=year, q=q_text, n=batch)
        m = re.search(r"《(.+?)》", title)
        docname = m.group(1) if m else title

        if o["level"] == "township":
            cat = pcat or dom[4]
        elif kind in ("city", "county", "city_dept", "county_dept"):
            cat = pcat if pcat and not pcat.startswith("a21x") else dom[3]
        else:
            cat = pcat if pcat and not pcat.startswith("a21") else dom[2]
        if cat_override:
            cat = cat_override
        topic = ptopic or dom[1]

        doc = {"key": f"syn-{n}", "title": title, "written_on": written.isoformat(),
               "published_on": published.isoformat()}
        number = None
        if code_kind and rng.random() < p_num:
            number = self.doc_number(o, code_kind, written.year)
            doc["doc_number"] = number[0]
        doc["topic"] = topic
        doc["category"] = cat
        days = 7
        doc["summary"] = KIND_SUMMARY[body_kind].format(
            short=short, doc=docname, topic=phrase, year=year, q=q_text, days=days)
        doc["body"] = self.body(o, di, body_kind, phrase, docname, year, q_text, written,
                                published, number)
        if body_kind == "rules":
            r = rng.random()
            if written.year <= 2019 and r < 0.10:
                doc["validity"] = "expired" if r < 0.07 else "repealed"
            elif written.year <= 2022 and r < 0.03:
                doc["validity"] = "amended"
        doc["org"] = o["slug"]
        return doc, number

    def body(self, o, di, kind, topic, docname, year, q, written, published, number):
        rng = self.rng
        laws = self.law_titles[di]
        law = laws[rng.randrange(len(laws))]
        place, short, name = o["_place"], o["short_name"], o["name"]
        phone = f"{o['_phone']}-{rng.randint(2000000, 8999999)}"
        rec = vocab.RECIPIENTS[o["_recipients"]]
        k = rng.randint(3, 12)
        ps = self.paragraphs(di, k)
        sig = f"<p>{name}</p><p>{cn_date(written)}</p>"
        h = []
        if kind == "rules":
            if number and number[2] == "order":
                h.append(f"<p>《{docname}》已经{cn_date(written)}省人民政府常务会议通过，现予公布，"
                         f"自{cn_date(published)}起施行。</p>")
            else:
                h.append(f"<p>{rec}：</p><p>《{docname}》已经研究同意，现印发给你们，"
                         "请结合实际，认真贯彻执行。</p>")
            h.append(f"<h3>{docname}</h3>")
            h.append(f"<p>第一条 为了规范{place}{topic}工作，保障公民、法人和其他组织的合法权益，"
                     f"根据《{law}》等有关法律法规，结合{place}实际，制定本办法。</p>")
            for i, p in enumerate(ps):
                h.append(f"<p>第{cn_num(i + 2)}条 {p}</p>")
            h.append(f"<p>第{cn_num(k + 2)}条 本办法由{short}负责解释。</p>")
            h.append(f"<p>第{cn_num(k + 3)}条 本办法自{cn_date(published)}起施行。</p>")
            h.append(sig)
        elif kind == "plan":
            h.append(f"<p>为深入贯彻落实《{law}》，扎实推进{topic}工作，结合{place}实际，"
                     "制定本方案。</p>")
            heads = ["一、总体要求", "二、主要任务", "三、保障措施"]
            cut = [0, max(1, k // 4), max(2, k - k // 4), k]
            for s in range(3):
                h.append(f"<h3>{heads[s]}</h3>")
                for j, p in enumerate(ps[cut[s]:cut[s + 1]]):
                    h.append(f"<p>（{cn_num(j + 1)}）{p}</p>")
            h.append(sig)
        elif kind == "notice":
            h.append(f"<p>{rec}：</p><p>为贯彻落实《{law}》有关规定，进一步做好{topic}工作，"
                     "现就有关事项通知如下：</p>")
            for i, p in enumerate(ps):
                h.append(f"<p>{cn_num(i + 1)}、{p}</p>")
            h.append("<p>特此通知。</p>")
            h.append(sig)
        elif kind == "public":
            end = WEEKDAYS[min(WEEKDAY_INDEX[published] + 6, len(WEEKDAYS) - 1)]
            h.append(f"<p>根据《{law}》及{topic}有关规定，经申请、审核、审批等程序，现将{place}"
                     f"{year}年{topic}有关情况予以公示。</p>")
            h.extend(f"<p>{p}</p>" for p in ps)
            h.append(f"<p>公示期：{cn_date(published)}至{cn_date(end)}。公示期内，如对公示内容有异议，"
                     f"可通过来电、来信、来访等方式向{name}反映。</p><p>监督电话：{phone}</p>")
            h.append(sig)
        elif kind == "report":
            h.append(f"<p>{year}年，{short}深入贯彻落实上级关于{topic}工作的决策部署，"
                     "各项工作取得积极进展。现将有关情况通报如下：</p>")
            cut = max(1, k - 2)
            h.append("<h3>一、工作开展情况</h3>")
            h.extend(f"<p>{p}</p>" for p in ps[:cut])
            h.append("<h3>二、下一步工作打算</h3>")
            h.extend(f"<p>{p}</p>" for p in ps[cut:])
            h.append(sig)
        elif kind == "guide":
            cut = max(1, k // 2)
            h.append(f"<h3>一、事项名称</h3><p>{topic}</p><h3>二、办理依据</h3><p>《{law}》</p>")
            h.append("<h3>三、申请条件</h3>")
            h.extend(f"<p>{p}</p>" for p in ps[:cut])
            h.append("<h3>四、办理流程</h3>")
            h.extend(f"<p>{p}</p>" for p in ps[cut:])
            h.append(f"<h3>五、办理时限</h3><p>自受理之日起{rng.choice([5, 7, 10, 15, 20])}个工作日内办结。</p>"
                     f"<h3>六、咨询电话</h3><p>{phone}</p>")
        else:  # quarterly
            h.append(f"<p>根据政务公开工作要求，现将{short}{year}年第{q}季度{topic}有关情况公开如下：</p>")
            h.extend(f"<p>{p}</p>" for p in ps)
            h.append(f"<p>咨询电话：{phone}</p>")
            h.append(sig)
        return "".join(h)


def cum(ws):
    out, s = [], 0.0
    for w in ws:
        s += w
        out.append(s)
    return out


def prep(templates):
    return cum([t[0] for t in templates]), templates


def bisect(cumw, x):
    lo, hi = 0, len(cumw) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumw[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


# ---------------------------------------------------------------------------

def human(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--laws", default="/work/shared/data/laws.jsonl")
    ap.add_argument("--out", default="/tmp/gongkai-bench")
    ap.add_argument("--sizes", default="laws,100000,1000000",
                    help="comma-separated: 'laws' and/or synthetic corpus sizes")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    want_laws = "laws" in sizes
    nums = sorted({int(s) for s in sizes if s != "laws"})
    os.makedirs(args.out, exist_ok=True)
    stats = {"seed": args.seed, "sizes": sizes, "python": sys.version.split()[0]}

    t0 = time.perf_counter()
    with open(args.laws, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    stats["laws_read_s"] = round(time.perf_counter() - t0, 2)

    if want_laws:
        t = time.perf_counter()
        skipped = {}
        written = 0
        path = os.path.join(args.out, "laws.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for r in records:
                line, why = convert_law(r)
                if line is None:
                    skipped[why] = skipped.get(why, 0) + 1
                    continue
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                written += 1
        secs = time.perf_counter() - t
        size = os.path.getsize(path)
        print(f"laws.jsonl: {written} documents, {human(size)}, {secs:.1f} s; "
              f"skipped {sum(skipped.values())}: "
              + (", ".join(f"{v} {k}" for k, v in sorted(skipped.items())) or "none"))
        stats["laws"] = {"documents": written, "skipped": skipped, "bytes": size,
                         "seconds": round(secs, 2)}

    orgs = build_orgs()
    with open(os.path.join(args.out, "orgs.json"), "w", encoding="utf-8") as f:
        json.dump([public_org(o) for o in orgs], f, ensure_ascii=False, indent=1)
        f.write("\n")
    levels = {}
    for o in orgs:
        levels[o["level"]] = levels.get(o["level"], 0) + 1
    print(f"orgs.json: {len(orgs)} organisations "
          + ", ".join(f"{v} {k}" for k, v in levels.items()))
    stats["orgs"] = {"count": len(orgs), "levels": levels}

    if not nums:
        write_stats(args.out, stats)
        return

    t = time.perf_counter()
    paras, pools, law_titles = build_pools(records)
    del records
    stats["pools_s"] = round(time.perf_counter() - t, 2)
    stats["paragraphs"] = len(paras)
    print(f"paragraph pool: {len(paras)} paragraphs ({stats['pools_s']} s)")

    gen = Generator(orgs, paras, pools, law_titles, args.seed)
    total = nums[-1]
    smallest = nums[0]
    outs = [(n, open(os.path.join(args.out, f"docs-{n}.jsonl"), "w", encoding="utf-8",
                     buffering=1 << 20)) for n in nums]
    # docnums.txt: 85 numbers at evenly spaced positions of the smallest corpus, plus the
    # first 5 government orders, 5 announcements and 5 numbers stored in a messy form.
    step = max(1, smallest // 85)
    targets = [1 + i * step for i in range(85)]
    ti = 0
    picked, extra = [], {"order": [], "announcement": [], "messy": []}
    body_bytes = title_chars = with_number = 0
    written_at = {}
    size_set = set(nums)
    t = time.perf_counter()
    for n in range(1, total + 1):
        doc, number = gen.make(n)
        line = json.dumps(doc, ensure_ascii=False) + "\n"
        for size, f in outs:
            if n <= size:
                f.write(line)
        if n <= smallest:
            body_bytes += len(doc["body"].encode("utf-8"))
            title_chars += len(doc["title"])
            if number:
                with_number += 1
                row = (doc["key"], number[1], number[0], number[2], doc["org"])
                if ti < len(targets) and n >= targets[ti]:
                    picked.append(row)
                    while ti < len(targets) and targets[ti] <= n:
                        ti += 1
                elif number[2] in ("order", "announcement") and len(extra[number[2]]) < 5:
                    extra[number[2]].append(row)
                elif number[0] != number[1] and len(extra["messy"]) < 5:
                    extra["messy"].append(row)
        if n in size_set:
            written_at[n] = time.perf_counter() - t
        if n % 100000 == 0:
            el = time.perf_counter() - t
            print(f"  {n} documents, {el:.0f} s, {n / el:.0f} docs/s", flush=True)
    for _, f in outs:
        f.close()
    gen_secs = time.perf_counter() - t
    rows = picked + extra["order"] + extra["announcement"] + extra["messy"]
    with open(os.path.join(args.out, "docnums.txt"), "w", encoding="utf-8") as f:
        f.write("# key\tdoc_number (canonical)\tdoc_number (as stored)\tscheme\torg\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    stats["synthetic"] = {
        "generation_s": round(gen_secs, 1),
        "docs_per_s": round(total / gen_secs),
        "seconds_to_reach": {str(k): round(v, 1) for k, v in written_at.items()},
        "files": {f"docs-{n}.jsonl": os.path.getsize(os.path.join(args.out, f"docs-{n}.jsonl"))
                  for n in nums},
        f"avg_body_bytes_first_{smallest}": round(body_bytes / smallest),
        f"avg_title_chars_first_{smallest}": round(title_chars / smallest, 1),
        f"with_doc_number_first_{smallest}": round(with_number / smallest, 3),
        "docnums_written": len(rows),
    }
    for n in nums:
        size = stats["synthetic"]["files"][f"docs-{n}.jsonl"]
        print(f"docs-{n}.jsonl: {human(size)} ({size / n:.0f} bytes/line), "
              f"reached after {written_at[n]:.1f} s")
    print(f"generated {total} documents in {gen_secs:.1f} s ({total / gen_secs:.0f} docs/s); "
          f"first {smallest}: average body {body_bytes / smallest:.0f} bytes, "
          f"{100 * with_number / smallest:.1f}% with 文号; docnums.txt: {len(rows)} numbers")
    write_stats(args.out, stats)


def write_stats(out, stats):
    with open(os.path.join(out, "corpus-stats.json"), "w", encoding="utf-8") as f:
        json.dump(stats, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
