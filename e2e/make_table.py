"""Writes a township standard catalog the way townships publish them, for the browser
test of the import preview: one sheet named after the catalog's title, a title row,
a two-row header with line breaks and merged cells, 一级事项 naming the area (one of
them, 就业, not a platform domain), the same 二级事项 on several rows, text in a tick
column, a cell holding a full-width space, and a note under the table.

    python3 e2e/make_table.py OUT.xlsx
"""
import sys

import openpyxl


def main(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "柳湾乡基层政务公开标准目录（修订版）"
    ws.append(["柳湾乡基层政务公开标准目录（修订版）"])
    ws.merge_cells("A1:L1")
    ws.append(["序\n号", "公开事项", None, "公开内容\n（要素）", "公开依据", "公开时限", "公开主体",
               "公开渠道和载体", "公开对象", None, "公开方式", None])
    ws.append([None, "一级事项", "二级事项", None, None, None, None, None,
               "全社会", "特定\n群体", "主\n动", "依\n申\n请"])
    for rng in ["A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2"]:
        ws.merge_cells(rng)
    rows = [
        [1, "社会救助", "最低生活保障", "政策文件", "《社会救助暂行办法》", "信息形成之日起 14个工作日内",
         "乡人民政府", "■政府网站 ■公开栏", "√", None, "√", None],
        [2, None, "最低生活保障", "初审对象名单", "《社会救助暂行办法》", "公示7日",
         "乡人民政府", "■公开栏", None, "√拟保障对象所在村的村民", "√", None],
        [3, "就业", "就业援助", "援助对象认定条件、程序", "《就业促进法》",
         "信息形成或变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定",
         "乡人民政府", "■政府网站", "√", "\u3000", "√", None],
        [4, None, "职业培训", "培训项目、补贴标准", "《就业促进法》", "信息形成之日起20个工作日内",
         "乡人民政府", "■政府网站 □公开栏", "√", None, "√", None],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("B4:B5")
    ws.merge_cells("B6:B7")
    ws.append(["注：本目录根据县级标准目录编制，实施中如有变化以最新规定为准。"])
    wb.save(path)


if __name__ == "__main__":
    main(sys.argv[1])
