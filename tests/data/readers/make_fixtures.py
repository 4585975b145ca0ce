#!/usr/bin/python3
"""Regenerates the reader fixtures in this folder (see README.md). Needs python3-openpyxl;
the LibreOffice-made workbook needs `soffice` and is only rebuilt with --libreoffice."""
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def csv_fixtures():
    rows = [
        "Begroting studentenwelzijn 2025;;;;;;",
        "Universiteit Voorbeeldstad;;;;;;",
        ";;;;;;",
        "jaar;soort;regel;categorie;bron;bedrag (€);toelichting",
        "2025;begroting;Studentenpsychologen;Pijler 3 Hulpaanbod;kadermiddelen;€ 190.000;",
        "2025;realisatie;Studentenpsychologen;Pijler 3 Hulpaanbod;kadermiddelen;€ 184.250,00;"
        "\"vacature tot maart;\r\nwerving loopt\"",
        "2025;begroting;Coördinator e-health;Pijler 3 Hulpaanbod;vernieuwingsmiddelen;60.000;\"zegt \"\"ja\"\"\"",
        "2025;begroting;Suïcidepreventie;Pijler 2 Preventie;kadermiddelen;12,5O;",
        "Totaal;;;;;€ 262.000;",
    ]
    with open(path("begroting-cp1252.csv"), "wb") as f:
        f.write(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    rows2 = ['year,kind,line,category,source,amount,note',
             '2025,budget,Student psychologists,Pillar 3,kadermiddelen,"1,219,092.50",',
             '2025,budget,Peer support,Pillar 5,npo,"55,000","multi',
             'line note"',
             '',
             '2025,actuals,Café Welzijn,Pillar 1,overig,12.50,,,,']
    with open(path("utf8-bom-comma.csv"), "wb") as f:
        f.write(("\ufeff" + "\n".join(rows2) + "\n").encode("utf-8"))
    with open(path("tabs.csv"), "wb") as f:
        f.write("jaar\tregel\tbedrag\n2024\tWinter Weeks\t8000\n2024\tWell-being Week\t30.000".encode())
    with open(path("bad-encoding.csv"), "wb") as f:
        f.write(b"jaar;regel;bedrag\n2025;Caf\x81;100\n")  # 0x81: neither UTF-8 nor Windows-1252
    with open(path("unterminated.csv"), "wb") as f:
        f.write(b"jaar;regel;bedrag\n2025;\"Koffie;100\n2025;Thee;50\n")


def wide_workbook(name):
    """The Leiden-like wide layout: title block, merged title, years as columns, formulas."""
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Toelichting"
    notes["A1"] = "Deze werkmap bevat de meerjarenbegroting."
    ws = wb.create_sheet("Begroting")
    ws["A1"] = "Universiteit Voorbeeldstad – kosten studentenwelzijn"
    ws.merge_cells("A1:E1")
    ws["A2"] = "Peildatum"
    ws["B2"] = date(2025, 3, 31)
    ws["B2"].number_format = "d mmmm yyyy"
    ws["C2"] = datetime(2024, 2, 29, 14, 30)
    ws["C2"].number_format = "dd-mm-yyyy hh:mm"
    ws["D2"] = True
    header = ["Kosten (€)", 2024, "2025 begroting", "Realisatie 2024", "Opmerking"]
    for c, v in enumerate(header, start=1):
        ws.cell(row=4, column=c, value=v)
    pillars = [("Pijler 1 Awareness", 257500, 260000, 250000.5),
               ("Pijler 2 Preventie en vroegsignalering", 99000, 99000, 98000),
               ("Pijler 3 Hulpaanbod en psychosociale interventies", 527592, 530000, 512345.67),
               ("Pijler 4 Deskundigheidsbevordering", 180000, 180000, 179000),
               ("Pijler 5 Binding en veilig studieklimaat", 155000, 155000, 150000)]
    for r, (label, a, b, c) in enumerate(pillars, start=5):
        ws.cell(row=r, column=1, value=label)
        ws.cell(row=r, column=2, value=a).number_format = '"€" #,##0'
        ws.cell(row=r, column=3, value=b).number_format = '[$€-413] #,##0.00;[Red]-[$€-413] #,##0.00'
        ws.cell(row=r, column=4, value=c)
    ws["E7"] = "€ 1.219.092,50"  # an amount typed as text
    ws.merge_cells("E8:E9")
    ws["E8"] = "samengevoegd"
    ws["A10"] = "Totaal"
    for col in "BCD":
        ws[f"{col}10"] = f"=SUM({col}5:{col}9)"
    hidden = wb.create_sheet("Oud")
    hidden["A1"] = "jaar"
    hidden.sheet_state = "hidden"
    wb.save(path(name))


def workbook_1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Data 1904"
    ws["A1"] = date(2025, 3, 31)
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["A2"] = date(1904, 1, 1)
    ws["A2"].number_format = "yyyy-mm-dd"
    wb.save(path("dates-1904.xlsx"))


def write_zip(name, parts, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path(name), "w", compress) as z:
        for part, text in parts.items():
            z.writestr(part, text)


CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
PKG_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def book_parts(sheet_xml, sst_xml=None, target="worksheets/data.xml", styles=None):
    """A minimal hand-made package: prefixed namespaces, a sheet part under an unusual name."""
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdS" Type="{REL}worksheet" Target="{target}"/>'
            f'<Relationship Id="rIdT" Type="{REL}sharedStrings" Target="/xl/strings.xml"/>'
            f'<Relationship Id="rIdX" Type="{REL}styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdE" Type="{REL}worksheet" Target="../../etc/passwd"/></Relationships>')
    wb = ('<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<x:sheets><x:sheet name="Evil" sheetId="2" r:id="rIdE"/>'
          '<x:sheet name="Blad 1" sheetId="1" r:id="rIdS"/></x:sheets></x:workbook>')
    parts = {"[Content_Types].xml": CT, "_rels/.rels": PKG_RELS, "xl/workbook.xml": wb,
             "xl/_rels/workbook.xml.rels": rels, "xl/" + target.lstrip("/").replace("xl/", ""): sheet_xml}
    if sst_xml:
        parts["xl/strings.xml"] = sst_xml
    parts["xl/styles.xml"] = styles or (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-413]d\\ mmmm\\ yyyy;@"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
        '<xf numFmtId="4"/></cellXfs></styleSheet>')
    return parts


def handmade_fixtures():
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
           '<si><t>Bedrag</t></si>'
           '<si><r><rPr><b/></rPr><t xml:space="preserve">Pijler </t></r><r><t>3 &amp; co</t></r>'
           '<rPh sb="0" eb="1"><t>ぴ</t></rPh></si>'
           '<si><t>  spaties  </t></si>'
           '<si><t>regel_x000D_\nnieuw</t></si><si><t>a_x005F_x0041_b</t></si></sst>')
    sheet = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
             '<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c>'
             '<x:c r="E2" t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r></x:is></x:c></x:row>'
             '<x:row><x:c r="A3"><x:v>1219092.5</x:v></x:c><x:c r="B3" s="1"><x:v>45747</x:v></x:c>'
             '<x:c r="C3" s="2"><x:v>60</x:v></x:c><x:c r="D3" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>'
             '<x:c r="E3" t="b"><x:v>0</x:v></x:c><x:c r="F3" t="str"><x:f>A1&amp;"x"</x:f><x:v>abc</x:v></x:c>'
             '<x:c r="G3" s="3"><x:v>-3E-2</x:v></x:c><x:c r="H3" t="s"><x:v>2</x:v></x:c>'
             '<x:c r="I3" t="d"><x:v>2025-01-02</x:v></x:c><x:c r="J3" s="1"><x:v>59</x:v></x:c>'
             '<x:c r="K3" s="1"><x:v>61</x:v></x:c><x:c r="L3" t="s"><x:v>3</x:v></x:c>'
             '<x:c r="M3" t="s"><x:v>4</x:v></x:c></x:row>'
             '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B2:C2"/></x:mergeCells></x:worksheet>')
    write_zip("handmade.xlsx", book_parts(sheet, sst))

    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    write_zip("doctype.xlsx", book_parts(laughs))

    padding = "<!--" + " " * (4 * 1024 * 1024) + "-->"
    bomb = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>'
            + padding + '</worksheet>')
    write_zip("bomb.xlsx", book_parts(bomb))

    broken = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>'
    write_zip("truncated-xml.xlsx", book_parts(broken))

    # a damaged first sheet before a good one
    good = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>jaar</t></is></c></row></sheetData></worksheet>')
    parts = book_parts(broken)
    parts["xl/worksheets/good.xml"] = good
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>", f'<Relationship Id="rIdG" Type="{REL}worksheet" Target="worksheets/good.xml"/>'
        "</Relationships>")
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        "</x:sheets>", '<x:sheet name="Goed" sheetId="3" r:id="rIdG"/></x:sheets>')
    write_zip("damaged-first-sheet.xlsx", parts)


def libreoffice_fixture():
    """LibreOffice recalculates the formulas and stores their results, as Excel does."""
    src = "/tmp/kr-fixture-src.xlsx"
    wb_path = path("begroting-openpyxl.xlsx")
    subprocess.run(["cp", wb_path, src], check=True)
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", "/tmp/kr-lo", src], check=True)
    subprocess.run(["cp", "/tmp/kr-lo/kr-fixture-src.xlsx", path("begroting-libreoffice.xlsx")], check=True)
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", "/tmp/kr-lo", path("rich.fods")], check=True)
    subprocess.run(["cp", "/tmp/kr-lo/rich.xlsx", path("rich-libreoffice.xlsx")], check=True)


if __name__ == "__main__":
    csv_fixtures()
    wide_workbook("begroting-openpyxl.xlsx")
    workbook_1904()
    handmade_fixtures()
    if "--libreoffice" in sys.argv:
        libreoffice_fixture()
