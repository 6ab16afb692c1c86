#!/usr/bin/env python3
"""Writes the import-format fixtures of this folder: the same customers (and
orders) as UTF-8 CSV, Windows-1256 CSV, UTF-16 CSV and an Excel workbook,
and a small workbook for the browser's import test.
The workbook is written part by part with zipfile, as Excel lays it out:
shared and inline strings, numbers as Excel stores them (2.55 as
2.5499999999999998, 1200 as 1.2E3), date serials with date styles, a sparse
row and an empty row. Run it from anywhere; it rewrites the files."""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Text Windows-1256 can hold (Arabic yeh and kaf, as older Windows software
# wrote them, and the Persian letters it has: پ چ ژ گ ک).
HEADER = ["کد مشتري", "نام", "نام خانوادگي", "موبايل", "ايميل", "تاريخ تولد",
          "شهر", "هزينه جذب", "joined_at"]
CUSTOMERS = [
    ["C1", "علي", "رضايي", "09121234567", "ali@example.com", "1990-05-17",
     "تهران", "2.55", "2024-03-20 10:30"],
    ["C2", "پريسا", "چگيني", "09351112233", "", "1985-12-01", "گرگان",
     "1200", "2024-03-21"],
    ["C3", "ژاله", "کامراني", "09129998877", "zh@example.com", "2001-01-31",
     "کرج, البرز", "0.1", "2023-12-31 23:59:59"],
]
# Excel's view of the same rows: phone numbers typed as numbers, days as
# serials (1900 system), amounts as Excel stores them.
XLSX_CELLS = [
    [("s", "C1"), ("s", "علي"), ("s", "رضايي"), ("n", "9121234567"),
     ("s", "ali@example.com"), ("d", "33010"), ("s", "تهران"),
     ("n", "2.5499999999999998"), ("dt", "45371.4375")],
    # A sparse row: no email cell at all.
    [("s", "C2"), ("s", "پريسا"), ("inline", "چگيني"), ("n", "9351112233"),
     None, ("d", "31382"), ("s", "گرگان"), ("n", "1.2E3"), ("d", "45372")],
    [("s", "C3"), ("s", "ژاله"), ("s", "کامراني"), ("n", "9129998877"),
     ("s", "zh@example.com"), ("d", "36922"), ("s", "کرج, البرز"),
     ("n", "0.10000000000000001"), ("dt", "45291.999988425923")],
]

ORDER_HEADER = ["customer_id", "date", "order_id", "product", "quantity",
                "amount"]
ORDERS = [
    ["C1", "2024-03-20", "O1", "P1", "2", "10.5"],
    ["C1", "2024-03-20", "O1", "P2", "1", "3.3"],
    ["C2", "2024-04-02 09:15", "O2", "P1", "1", "5.25"],
]
XLSX_ORDERS = [
    [("s", "C1"), ("d", "45371"), ("s", "O1"), ("s", "P1"), ("n", "2"),
     ("n", "10.5")],
    [("s", "C1"), ("d", "45371"), ("s", "O1"), ("s", "P2"), ("n", "1"),
     ("n", "3.2999999999999998")],
    [("s", "C2"), ("dt", "45384.385416666664"), ("s", "O2"), ("s", "P1"),
     ("n", "1"), ("n", "5.25")],
]

# The browser's import test (web/e2e): a workbook whose columns the import
# does not know by name, mapped by hand on the import page.
WEB_HEADER = ["Kundennummer", "Vorname", "Nachname", "Handy"]
WEB_CUSTOMERS = [
    [("s", "XLSX-1"), ("s", "Lena"), ("s", "Vogel"), ("n", "9121110003")],
    [("s", "XLSX-2"), ("s", "Jonas"), ("s", "Berg"), ("n", "9121110004")],
]


def csv_text(header, rows):
    def cell(value):
        if any(c in value for c in ',"\n'):
            return '"' + value.replace('"', '""') + '"'
        return value
    return "".join(",".join(cell(v) for v in row) + "\n"
                   for row in [header] + rows)


def escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def write_xlsx(path, header, rows):
    strings = []

    def shared(text):
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    sheet_rows = []
    for row_index, row in enumerate([[("s", h) for h in header]] + rows):
        # Row 3 is left empty, as people leave rows; the rows after keep
        # their sheet numbers.
        number = row_index + 1 if row_index < 2 else row_index + 2
        cells = []
        for col, cell in enumerate(row):
            if cell is None:
                continue
            kind, value = cell
            ref = f'{column(col)}{number}'
            if kind == "s":
                cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
            elif kind == "inline":
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>'
                             f'{escape(value)}</t></is></c>')
            elif kind == "n":
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif kind == "d":
                cells.append(f'<c r="{ref}" s="1"><v>{value}</v></c>')
            elif kind == "dt":
                cells.append(f'<c r="{ref}" s="2"><v>{value}</v></c>')
        sheet_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    if len(sheet_rows) > 2:
        sheet_rows.insert(2, '<row r="3"><c r="A3" s="1"/></row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = ("http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships")
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="'
            'application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
            'http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
            f'xmlns:r="{rel}"><workbookPr/><sheets>'
            '<sheet name="مشتريان" sheetId="1" r:id="rId1"/>'
            '<sheet name="Notes" sheetId="2" r:id="rId4"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
            'http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId4" Type="{rel}/worksheet" '
            'Target="/xl/worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" '
            'Target="styles.xml"/></Relationships>',
        "xl/styles.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">'
            '<numFmts count="1"><numFmt numFmtId="164" '
            'formatCode="yyyy/mm/dd\\ hh:mm:ss"/></numFmts>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/>'
            '<xf numFmtId="164"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
            f'<sheetData>{"".join(sheet_rows)}</sheetData></worksheet>',
        "xl/worksheets/sheet2.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>note</t>'
            '</is></c></row></sheetData></worksheet>',
    }
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))


def main():
    text = csv_text(HEADER, CUSTOMERS)
    with open(os.path.join(HERE, "customers_fa.csv"), "wb") as f:
        f.write(text.encode("utf-8"))
    with open(os.path.join(HERE, "customers_fa_cp1256.csv"), "wb") as f:
        f.write(text.encode("cp1256"))
    with open(os.path.join(HERE, "customers_fa_utf16.csv"), "wb") as f:
        f.write(text.encode("utf-16"))  # little-endian with a BOM
    write_xlsx(os.path.join(HERE, "customers_fa.xlsx"), HEADER, XLSX_CELLS)
    with open(os.path.join(HERE, "transactions.csv"), "wb") as f:
        f.write(csv_text(ORDER_HEADER, ORDERS).encode("utf-8"))
    write_xlsx(os.path.join(HERE, "transactions.xlsx"), ORDER_HEADER,
               XLSX_ORDERS)
    write_xlsx(os.path.join(HERE, "web_customers.xlsx"), WEB_HEADER,
               WEB_CUSTOMERS)


main()
