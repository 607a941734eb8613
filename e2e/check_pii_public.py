"""Crawls what the public sees of a running Gongkai site and looks for personal numbers
left unmasked (issue 12): 18-character resident identity numbers valid by GB 11643-1999,
bank card numbers that pass the Luhn check, and mobile numbers. Pages, PDFs, .xlsx,
CSV and plain-text files are read. The detectors are written here from the standards,
on purpose independent of the Rust code they check.

    python3 e2e/check_pii_public.py BASE_URL [--max-pages N] [--time-limit S] [--allow NUMBER]...
    python3 e2e/check_pii_public.py --self-test

Prints one line per finding, URL<TAB>KIND<TAB>masked number<TAB>masked context, then
`checked N pages, M files: K unmasked`. Exits 1 when anything was found, else 0.
Numbers given with --allow (published deliberately, e.g. an office's official mobile)
are printed with "allowed" and do not count.
"""
import argparse
import datetime
import html.parser
import io
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections import deque

# ---------------------------------------------------------------------------
# Detectors
# ---------------------------------------------------------------------------

# Full-width digits, X and separators fold to ASCII one character for one character,
# so that positions in the folded text are positions in the original.
FOLD = str.maketrans(
    "０１２３４５６７８９Ｘｘ"
    "\u3000\u00a0\u2009\u202f"  # ideographic, no-break, thin spaces
    "－\u2010\u2011\u2012\u2013",  # full-width hyphen, hyphens, figure and en dash
    "0123456789Xx"
    "    "
    "-----",
)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# A run of digits, possibly ending in the X of an identity number. Scanning left to
# right, every match starts where a digit run starts, so runs are never cut.
RUN = re.compile(r"[0-9]+(?:[Xx](?![0-9A-Za-z]))?")
# People write numbers in groups: "138 1234 5678", "138-1234-5678",
# "6222 0202 0011 2345 678", "110101 19900307 123X". Groups of at least three digits,
# so dates (2024-01-01) and columns of small counts are not glued together.
GROUPED = re.compile(r"(?<![0-9])[0-9]{3,}(?:[ -][0-9]{3,})+(?:[Xx](?![0-9A-Za-z]))?(?![0-9])")
MOBILE = re.compile(r"1[3-9][0-9]{9}")


def fold(text):
    return text.translate(FOLD)


def id_check_char(first17):
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def is_resident_id(s):
    """An 18-character number whose check character and birth date are right."""
    if len(s) != 18 or not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        return False
    if id_check_char(s[:17]) != s[17]:
        return False
    year, month, day = int(s[6:10]), int(s[10:12]), int(s[12:14])
    if not 1900 <= year <= 2099:
        return False
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def luhn_ok(s):
    total = 0
    for i, d in enumerate(reversed(s)):
        n = int(d)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def classify(number):
    """'id', 'card', 'mobile' or None for a whole run of digits (X upper-cased)."""
    if is_resident_id(number):
        return "id"
    if not number.isdigit():
        return None
    if len(number) == 11 and MOBILE.fullmatch(number):
        return "mobile"
    # An 18-digit run valid as an identity number was returned above as 'id'.
    if 16 <= len(number) <= 19 and number[0] != "0" and luhn_ok(number):
        return "card"
    return None


def in_hash(text, start, end):
    """Whether the run sits inside a long hexadecimal token (a SHA-256 tree head, a
    file digest): digit runs inside those are not anybody's number."""
    a, b = start, end
    while a > 0 and text[a - 1].isascii() and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isascii() and text[b].isalnum():
        b += 1
    token = text[a:b]
    return len(token) >= 32 and all(c in "0123456789abcdefABCDEF" for c in token)


def find_numbers(text):
    """Yields (kind, number, start, end) for every unmasked personal number in text.
    A masked number contains '*', which breaks its run, so it never matches."""
    t = fold(text)
    seen = set()

    def hit(number, start, end):
        number = number.upper()
        kind = classify(number)
        if kind and not in_hash(t, start, end) and (number, start) not in seen:
            seen.add((number, start))
            yield kind, number, start, end

    for m in RUN.finditer(t):
        yield from hit(m.group(), m.start(), m.end())
    for m in GROUPED.finditer(t):
        # Each group's start and end in t, then every run of two or more neighbouring
        # groups joined: "联系电话 138 1234 5678 2024" still shows its mobile.
        groups = [(g.start() + m.start(), g.end() + m.start())
                  for g in re.finditer(r"[0-9]+[Xx]?", m.group())]
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                s, e = groups[i][0], groups[j][1]
                joined = re.sub(r"[ -]", "", t[s:e])
                if len(joined) in (11, 16, 17, 18, 19):
                    yield from hit(joined, s, e)


def log_mask(number):
    """The number as the log may show it. A mobile keeps 3 + 4 digits, not 6 + 4:
    ten of its eleven digits would be no mask at all."""
    if len(number) == 11:
        return number[:3] + "****" + number[-4:]
    return number[:6] + "***" + number[-4:]


def blot(fragment):
    """Stars over every long number (grouped or not) in a piece of context, in case
    it holds a second personal number or part of one."""
    def stars(m):
        digits = sum(c.isdigit() for c in m.group())
        return re.sub(r"[0-9Xx]", "*", m.group()) if digits >= 7 else m.group()
    return re.sub(r"[0-9](?:[0-9 -]*[0-9Xx])?", stars, fragment)


def context(text, start, end, width=20):
    t = fold(text)
    before = blot(t[max(0, start - width):start])
    after = blot(t[end:end + width])
    number = re.sub(r"[ -]", "", t[start:end]).upper()
    return re.sub(r"\s+", " ", before + log_mask(number) + after).strip()


# ---------------------------------------------------------------------------
# Text of what the site serves
# ---------------------------------------------------------------------------

# Inline elements do not break a word: a search page marks the words it found,
# "<mark>138</mark>12345678" is still one number to a reader.
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i",
          "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
          "time", "u", "var", "wbr"}
# Attributes a page shows, or hides personal data in.
TEXT_ATTRS = {"value", "title", "alt", "content", "href", "placeholder", "aria-label"}


class PageText(html.parser.HTMLParser):
    """Visible text, comments and telling attribute values of a page, and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in INLINE:
            self.parts.append("\n")
        a = dict(attrs)
        for k, v in attrs:
            if k in TEXT_ATTRS and v:
                self.parts.append(f"\n{v}\n")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link" and a.get("href") and "alternate" in (a.get("rel") or "").split():
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if tag not in INLINE:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def handle_comment(self, data):
        self.parts.append(f"\n{data}\n")

    def unknown_decl(self, data):
        # CDATA in a feed reached by <link rel=alternate>.
        if data.startswith("CDATA["):
            self.parts.append(f"\n{data[6:]}\n")

    def text(self):
        return "".join(self.parts)


def html_text(body, charset):
    p = PageText()
    p.feed(body.decode(charset or "utf-8", errors="replace"))
    p.close()
    return p.text(), p.links


def pdf_text(body):
    import pypdf  # not needed by --self-test

    reader = pypdf.PdfReader(io.BytesIO(body))
    parts = [str(v) for v in (reader.metadata or {}).values()]
    parts += [page.extract_text() or "" for page in reader.pages]
    return "\n".join(parts)


def xlsx_text(body):
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    rows = []
    for ws in wb.worksheets:
        rows.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            cells = []
            for v in row:
                if v is None:
                    continue
                # A number typed into a cell: 13812345678 comes back as an int, or as
                # a float with nothing after the point.
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                cells.append(str(v))
            rows.append("\t".join(cells))
    wb.close()
    return "\n".join(rows)


def docx_text(body):
    """Word attachments are common on government sites; their text is XML in a zip."""
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        parts = [z.read(n).decode("utf-8", "replace") for n in z.namelist()
                 if n.startswith("word/") and n.endswith(".xml")]
    # Paragraph ends become line breaks; every other tag nothing (a run boundary can
    # split a number).
    xml = re.sub(r"</w:p>", "\n", "\n".join(parts))
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def plain_text(body, charset):
    for enc in [charset, "utf-8", "gb18030"]:
        if not enc:
            continue
        try:
            return body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
    return body.decode("utf-8", errors="replace")


XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)


def file_kind(ctype, url):
    """What reader to use: by Content-Type, and by name when a server says octet-stream."""
    path = urllib.parse.urlsplit(url).path.lower()
    if ctype in ("text/html", "application/xhtml+xml", "application/atom+xml",
                 "application/rss+xml", "application/xml", "text/xml"):
        return "html"
    if ctype == "application/pdf" or path.endswith(".pdf"):
        return "pdf"
    if ctype in XLSX_TYPES or path.endswith(".xlsx"):
        return "xlsx"
    if ctype in DOCX_TYPES or path.endswith(".docx"):
        return "docx"
    if ctype == "text/csv" or path.endswith(".csv"):
        return "csv"
    if ctype == "text/plain" or path.endswith(".txt"):
        return "txt"
    return None


# ---------------------------------------------------------------------------
# Crawl
# ---------------------------------------------------------------------------

# What the public does not see, or what changes the site's state.
NEVER = ("/admin", "/api/", "/login", "/logout", "/a11y")
MAX_BYTES = 64 * 1024 * 1024


class NoRedirectOffSite(urllib.request.HTTPRedirectHandler):
    """Follows redirects on the same origin only, so a login redirect or an outside
    link is never fetched."""

    def __init__(self, origin):
        self.origin = origin

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if origin_of(newurl) != self.origin or not allowed_path(newurl):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def origin_of(url):
    u = urllib.parse.urlsplit(url)
    return (u.scheme, u.netloc)


def allowed_path(url):
    u = urllib.parse.urlsplit(url)
    path = u.path or "/"
    if any(path.startswith(p) for p in NEVER):
        return False
    if any(seg in ("login", "logout") for seg in path.split("/")):
        return False
    # Pagination goes on as long as the list does: three pages of each list are enough
    # to see how it shows its rows.
    for k, v in urllib.parse.parse_qsl(u.query):
        if k == "page" and (not v.isdigit() or int(v) > 3):
            return False
    return True


def normalise(base_url, href):
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url, _ = urllib.parse.urldefrag(urllib.parse.urljoin(base_url, href))
    return url


def crawl(base, max_pages, time_limit, allow, out=sys.stdout):
    origin = origin_of(base + "/")
    opener = urllib.request.build_opener(NoRedirectOffSite(origin))
    opener.addheaders = [("User-Agent", "gongkai-pii-check/1")]
    queue = deque([base + "/", base + "/sitemap"])
    seen = set(queue)
    done_final = set()
    counts = {"pages": 0, "pdf": 0, "xlsx": 0, "docx": 0, "csv": 0, "txt": 0}
    findings, allowed, errors, skipped = 0, 0, [], {}
    started = time.monotonic()
    fetched = 0

    while queue:
        if fetched >= max_pages:
            print(f"warning: stopped at --max-pages {max_pages}, {len(queue)} URLs not fetched",
                  file=sys.stderr)
            break
        if time.monotonic() - started > time_limit:
            print(f"warning: stopped after {time_limit} s, {len(queue)} URLs not fetched",
                  file=sys.stderr)
            break
        url = queue.popleft()
        fetched += 1
        try:
            with opener.open(urllib.request.Request(url, method="GET"), timeout=10) as r:
                final = r.geturl()
                ctype = r.headers.get_content_type()
                charset = r.headers.get_content_charset()
                body = r.read(MAX_BYTES)
        except urllib.error.HTTPError as e:
            # 3xx not followed (off-site or to a staff page) arrives here too.
            if not 300 <= e.code < 400:
                errors.append(f"{url}: HTTP {e.code}")
            continue
        except (urllib.error.URLError, OSError) as e:
            errors.append(f"{url}: {e}")
            continue
        # Two links that redirect to one page: read it once.
        if final in done_final:
            continue
        done_final.add(final)

        kind = file_kind(ctype, final)
        try:
            if kind == "html":
                text, links = html_text(body, charset)
                counts["pages"] += 1
                for href in links:
                    link = normalise(final, href)
                    if (link and link not in seen and origin_of(link) == origin
                            and allowed_path(link)):
                        seen.add(link)
                        queue.append(link)
            elif kind == "pdf":
                text = pdf_text(body)
            elif kind == "xlsx":
                text = xlsx_text(body)
            elif kind == "docx":
                text = docx_text(body)
            elif kind in ("csv", "txt"):
                text = plain_text(body, charset)
            else:
                skipped[ctype] = skipped.get(ctype, 0) + 1
                continue
        except Exception as e:  # a file no reader can open is worth saying, not fatal
            errors.append(f"{final}: cannot read {ctype}: {e!r}")
            continue
        if kind != "html":
            counts[kind] += 1

        # A number once per URL: a page may repeat it in its text and an attribute.
        reported = set()
        for k, number, s, e in find_numbers(text):
            if number in reported:
                continue
            reported.add(number)
            line = f"{final}\t{k}\t{log_mask(number)}\t{context(text, s, e)}"
            if number in allow:
                allowed += 1
                print(line + "\tallowed", file=out, flush=True)
            else:
                findings += 1
                print(line, file=out, flush=True)

    for e in errors:
        print(f"warning: {e}", file=sys.stderr)
    if skipped:
        print("not read: " + ", ".join(f"{n} {t}" for t, n in sorted(skipped.items())),
              file=sys.stderr)
    files = sum(v for k, v in counts.items() if k != "pages")
    print("files by type: " + " ".join(f"{k}={v}" for k, v in counts.items() if k != "pages"),
          file=out)
    if allowed:
        print(f"{allowed} allowed numbers seen", file=out)
    print(f"checked {counts['pages']} pages, {files} files: {findings} unmasked "
          f"({time.monotonic() - started:.0f} s)", file=out)
    return 1 if findings else 0


# ---------------------------------------------------------------------------
# Self-test
# ---------------------------------------------------------------------------

def luhn_complete(prefix):
    """The prefix with the digit that makes it pass Luhn."""
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


def self_test():
    failures = []

    def kinds(text):
        return [k for k, *_ in find_numbers(text)]

    def expect(label, text, wanted):
        got = kinds(text)
        if got != wanted:
            failures.append(f"{label}: {text!r} gave {got}, wanted {wanted}")

    first17 = "11010519491231003"  # check character 8; the X case is below
    good_id = first17 + id_check_char(first17)
    expect("valid ID", f"身份证号{good_id}。", ["id"])
    wide = good_id.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    expect("valid ID, full-width", f"身份证号{wide}", ["id"])
    expect("valid ID, grouped", f"{good_id[:6]} {good_id[6:14]} {good_id[14:]}", ["id"])
    for c in "0123456789X":
        if c == good_id[17]:
            continue
        wrong = first17 + c
        # One wrong check digit in ten makes the 18 digits pass Luhn: that one is a
        # card number by the rules, and says so; none is an identity number.
        wanted = ["card"] if c != "X" and luhn_ok(wrong) else []
        expect(f"ID with check char {c}", f"号码{wrong}。", wanted)
    # About one sequence number in eleven gives the check character X.
    x_id = next(f"32010219850612{n:03d}X" for n in range(1000)
                if id_check_char(f"32010219850612{n:03d}") == "X")
    expect("ID ending in X", f"({x_id})", ["id"])
    expect("ID ending in lower-case x", f"({x_id[:-1]}x)", ["id"])
    feb30 = "11010519490230002"
    expect("ID with an impossible birth date", feb30 + id_check_char(feb30), [])
    expect("masked ID", "身份证号110101********123X", [])
    expect("masked ID keeping area and check", f"{good_id[:6]}************{good_id[-1]}", [])
    expect("ID inside a longer run", f"9{good_id}9", [])

    card = luhn_complete("622202020011234567")
    expect("Luhn card", f"卡号{card}", ["card"])
    not_luhn = card[:-1] + str((int(card[-1]) + 1) % 10)
    expect("non-Luhn card", f"卡号{not_luhn}", [])
    expect("grouped Luhn card", " ".join(card[i:i + 4] for i in range(0, len(card), 4)), ["card"])
    expect("16-digit card", luhn_complete("436742001234567"), ["card"])
    expect("Luhn run starting with 0", luhn_complete("0622020200112345"), [])
    expect("masked card", f"{card[:6]}*********{card[-4:]}", [])

    expect("mobile", "电话13812345678。", ["mobile"])
    expect("mobile with spaces", "手机 138 1234 5678 联系", ["mobile"])
    expect("mobile with hyphens", "手机：138-1234-5678", ["mobile"])
    expect("mobile, full-width", "１３８１２３４５６７８", ["mobile"])
    expect("mobile before a year", "电话 138 1234 5678 2024年", ["mobile"])
    expect("masked mobile", "138****5678", [])
    expect("mobile inside a longer run", "813812345678", [])
    expect("not a mobile prefix", "12812345678", [])
    expect("landline", "0871-63612345 12345", [])

    expect("文号", "云政发〔2024〕12号", [])
    expect("date", "成文日期：20240101", [])
    expect("dates", "2024-01-01 至 2024-12-31", [])
    expect("index number", "索引号：11530000015091234X/2024-00012", [])
    expect("amount", "共计 1,380,000.00 元", [])
    expect("digest", "根散列 a13812345678b" + "0" * 40, [])

    text, _ = html_text(f'<p title="{good_id}">x</p><p>手机<mark>138</mark>12345678</p>'
                        '<script>var t = "13912345678";</script>'
                        '<td>2024</td><td>13712345678</td>'.encode(), "utf-8")
    got = sorted(k for k, *_ in find_numbers(text))
    if got != ["id", "mobile", "mobile"]:
        failures.append(f"HTML text: {text!r} gave {got}")
    if "13912345678" in text:
        failures.append("script text is not page text")
    if log_mask(good_id) != good_id[:6] + "***" + good_id[-4:] or log_mask("13812345678") != "138****5678":
        failures.append(f"log mask: {log_mask(good_id)} {log_mask('13812345678')}")
    # The context of each number stars out the other one too.
    line = f"姓名张三，电话13912345678，身份证{good_id}，住址"
    for _, _, s, e in find_numbers(line):
        ctx = context(line, s, e)
        if re.search(r"[0-9]{7,}", ctx):
            failures.append(f"context shows a long number: {ctx}")

    for f in failures:
        print(f"FAIL {f}")
    print(f"self-test: {'ok' if not failures else f'{len(failures)} failures'}")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", nargs="?", help="the site, e.g. http://127.0.0.1:8080")
    ap.add_argument("--max-pages", type=int, default=3000, help="URLs to fetch at most")
    ap.add_argument("--time-limit", type=float, default=240, help="seconds to crawl at most")
    ap.add_argument("--allow", action="append", default=[], metavar="NUMBER",
                    help="a number published on purpose (repeatable)")
    ap.add_argument("--self-test", action="store_true", help="check the detectors and exit")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.base:
        ap.error("BASE_URL is needed")
    allow = {re.sub(r"[ -]", "", fold(a)).upper() for a in args.allow}
    return crawl(args.base.rstrip("/"), args.max_pages, args.time_limit, allow)


if __name__ == "__main__":
    sys.exit(main())
