"""Reads the files Gongkai exports with independent readers: the annual report .xlsx
with openpyxl (as Excel, WPS and LibreOffice read the Office Open XML format), and a
letter PDF with pypdf. Exits non-zero, saying why, when a file is not what it should be.

    python3 e2e/check_exports.py REPORT.xlsx REGISTER.xlsx LETTER.pdf
    python3 e2e/check_exports.py --catalog CATALOG.xlsx
    python3 e2e/check_exports.py --printed PRINTED.pdf
    python3 e2e/check_exports.py --gazette EDITION.pdf ORG_NAME LEAF_INDEX
    python3 e2e/check_exports.py --board NOTICE.pdf a4|a3 TITLE PHONE ENDS
    python3 e2e/check_exports.py --handbook HANDBOOK.pdf TITLE
"""
import re
import sys
import unicodedata

import openpyxl
import pypdf


def check_report(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    text = "\n".join(str(v) for v in cells)
    for label in ["一、总体情况", "第二十条第（一）项", "行政许可", "行政事业性收费",
                  "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                  "（三）不予公开", "4.保护第三方合法权益", "（七）总计", "四、结转下年度继续办理",
                  "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "法人或其他组织",
                  "行政复议", "未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结",
                  "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]:
        assert label in text, f"{path}: no '{label}'"
    merged = [str(r) for r in ws.merged_cells.ranges]
    groups = [r for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == "（三）不予公开"]
    assert groups and groups[0].max_row - groups[0].min_row == 7, f"（三）不予公开 should span 8 rows: {merged}"
    numbers = [v for v in cells if isinstance(v, (int, float))]
    assert numbers, "the counts are numbers, not text"
    print(f"{path}: {len(cells)} cells, {len(merged)} merged ranges, sheet '{ws.title}'")


def check_register(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["申请编号", "收到申请日期", "所需信息"], header
    assert ws.max_row >= 2, "at least one application"
    print(f"{path}: {ws.max_row - 1} applications")


# Chinese line-breaking rules (GB/T 15834, and every 公文): marks that may not begin a
# line, and marks that may not end one.
NO_START = "，。、；：？！）》」』】〕〉”’…"
NO_END = "（《「『【〔〈“‘"


def check_lines(path, reader):
    """Every text line of every page keeps the line-breaking rules."""
    lines = []
    for page in reader.pages:
        # NFKC: a browser's PDF may map CJK glyphs to their radical forms (⼀ for 一).
        text = unicodedata.normalize("NFKC", page.extract_text())
        lines += [l.strip() for l in text.split("\n") if l.strip()]
    for l in lines:
        assert l[0] not in NO_START, f"{path}: a line begins with {l[0]}: {l}"
        assert l[-1] not in NO_END, f"{path}: a line ends with {l[-1]}: {l}"
    return lines


def check_a4(path, reader):
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1, f"{path}: not A4 ({w} × {h})"


def check_letter(path):
    reader = pypdf.PdfReader(path)
    check_a4(path, reader)
    lines = check_lines(path, reader)
    text = "".join(lines)
    assert "答复书" in text and "申请编号" in text, text[:200]
    fonts = reader.pages[0]["/Resources"]["/Font"]
    font = list(fonts.values())[0].get_object()
    assert "Serif" in str(font["/BaseFont"]), f"a serif face for 公文: {font['/BaseFont']}"
    desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile3" in desc or "/FontFile2" in desc, "the font is embedded"
    # The organisation's seal over its signature, on the last page; the page number below.
    last = reader.pages[-1]
    images = [o.get_object() for o in last["/Resources"].get("/XObject", {}).values()]
    assert any(i["/Subtype"] == "/Image" and "/SMask" in i for i in images), "the seal, transparent"
    assert any(l.replace(" ", "") == f"—{len(reader.pages)}—" for l in lines), "page numbers"
    # 28 characters to a body line at most (two half-width count as one).
    widest = max(sum(0.5 if c.isascii() else 1 for c in l) for l in lines)
    assert widest <= 28.5, f"a line of {widest} characters"
    print(f"{path}: {len(reader.pages)} page(s), {len(lines)} lines, font {font['/BaseFont']}")


def check_printed(path):
    """The report's page printed by the browser: A4 and the line-breaking rules."""
    reader = pypdf.PdfReader(path)
    check_a4(path, reader)
    lines = check_lines(path, reader)
    assert any("一、总体情况" in l for l in lines), lines[:10]
    print(f"{path}: {len(reader.pages)} page(s), {len(lines)} lines")


def check_catalog(path):
    wb = openpyxl.load_workbook(path)
    total = 0
    for ws in wb.worksheets:
        header = [[c.value for c in ws[r]] for r in (2, 3)]
        assert "公开事项" in header[0] and "一级事项" in header[1], header
        for label in ["公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式"]:
            assert label in header[0], f"{ws.title}: no '{label}'"
        assert "政府网站" in header[1] and "全社会" in header[1], header[1]
        rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if any(v not in (None, "") for v in r)]
        assert rows, f"{ws.title}: no items"
        total += len(rows)
    print(f"{path}: {total} items in {len(wb.worksheets)} sheet(s)")


def check_gazette(path, org, leaf):
    """A gazette e-edition: A4, the contents, and on every page the issuing
    organisation's watermark and the footer naming the issue's log position."""
    reader = pypdf.PdfReader(path)
    check_a4(path, reader)
    assert len(reader.pages) >= 3, f"{path}: cover, contents and articles"
    for n, page in enumerate(reader.pages):
        text = unicodedata.normalize("NFKC", page.extract_text())
        assert org in text, f"{path}: page {n + 1} has no watermark '{org}'"
        assert f"公报日志第{leaf}条" in text, f"{path}: page {n + 1} has no log position {leaf}"
    contents = unicodedata.normalize("NFKC", reader.pages[1].extract_text())
    assert "目" in contents and "录" in contents, contents[:100]
    print(f"{path}: {len(reader.pages)} pages, watermark and log position {leaf} on each")


def check_board(path, size, title, phone, ends):
    """A village list for the notice board: the paper asked for, the title, the 公示
    end date, the complaint telephone, every page numbered, and in its text no
    identity number that is not masked (18 characters with no '*')."""
    reader = pypdf.PdfReader(path)
    want = (595.28, 841.89) if size == "a4" else (841.89, 1190.55)
    pages = len(reader.pages)
    text = ""
    for n, page in enumerate(reader.pages):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - want[0]) < 1 and abs(h - want[1]) < 1, f"{path}: not {size} ({w} × {h})"
        t = unicodedata.normalize("NFKC", page.extract_text())
        assert f"第{n + 1}页 共{pages}页" in t.replace("\n", ""), f"{path}: page {n + 1} unnumbered"
        text += t
    flat = text.replace("\n", "").replace(" ", "")
    title, phone, ends = (unicodedata.normalize("NFKC", x) for x in (title, phone, ends))
    assert title in flat, f"{path}: no title {title}"
    assert phone in flat, f"{path}: no complaint telephone {phone}"
    assert ends in flat, f"{path}: the 公示 end {ends} is not printed"
    bare = re.findall(r"(?<![0-9*])[0-9]{17}[0-9X](?![0-9])", flat)
    assert not bare, f"{path}: unmasked identity numbers {bare}"
    assert "*" in flat, f"{path}: nothing masked"
    print(f"{path}: {size}, {pages} pages, masked")


def check_handbook(path, title):
    """办事一本通: A4, a cover with the title, contents with page numbers, page numbers
    in every footer after the cover."""
    reader = pypdf.PdfReader(path)
    check_a4(path, reader)
    assert len(reader.pages) >= 3, f"{path}: cover, contents and guides"
    cover = unicodedata.normalize("NFKC", reader.pages[0].extract_text()).replace("\n", "")
    title = unicodedata.normalize("NFKC", title)
    assert title in cover, f"{path}: the cover has no title"
    contents = unicodedata.normalize("NFKC", reader.pages[1].extract_text())
    assert "目" in contents and "录" in contents, contents[:100]
    for n, page in enumerate(reader.pages[1:], start=2):
        t = unicodedata.normalize("NFKC", page.extract_text()).replace("\n", "")
        assert f"第{n}页" in t, f"{path}: page {n} has no number"
    print(f"{path}: {len(reader.pages)} pages with contents")


if __name__ == "__main__":
    if sys.argv[1] == "--board":
        check_board(*sys.argv[2:7])
        sys.exit(0)
    if sys.argv[1] == "--handbook":
        check_handbook(sys.argv[2], sys.argv[3])
        sys.exit(0)
    if sys.argv[1] == "--gazette":
        check_gazette(sys.argv[2], sys.argv[3], sys.argv[4])
        sys.exit(0)
    if sys.argv[1] == "--catalog":
        check_catalog(sys.argv[2])
        sys.exit(0)
    if sys.argv[1] == "--printed":
        check_printed(sys.argv[2])
        sys.exit(0)
    report, register, letter = sys.argv[1:4]
    check_report(report)
    check_register(register)
    check_letter(letter)
