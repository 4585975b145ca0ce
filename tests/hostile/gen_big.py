#!/usr/bin/env python3
"""Makes the large hostile inputs at test time (they are never committed):
  gen_big.py KIND OUT_FILE
KIND: zipbomb (an .xlsx whose sheet unpacks to 300 MiB), cell10mb-csv, cell10mb-xlsx,
million-columns-csv, million-columns-xlsx, rows-overflow (100,000 lines of the largest amount,
whose sum does not fit in 64 bits), big-csv (2 MB of valid lines)."""
import random
import string
import sys
import zipfile

HEADER = 'jaar;soort;regel;categorie;bron;bedrag;voorlopig;toelichting\n'
LINE = '2025;begroting;Regel {i};Zorg;kadermiddelen;{amount};;\n'
NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'


def xlsx(path, sheet_writer):
    """A minimal workbook with one sheet named Begroting; sheet_writer(f) streams the sheet XML."""
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        z.writestr('[Content_Types].xml',
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr('_rels/.rels',
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr('xl/workbook.xml',
                   f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="Begroting" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
            sheet_writer(f)


def header_row(f):
    f.write(f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData><row r="1">'.encode())
    for i, name in enumerate(HEADER.strip().split(';')):
        f.write(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'.encode())
    f.write(b'</row>')


def zipbomb(f):
    header_row(f)
    f.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
    chunk = b' ' * (1 << 20)
    for _ in range(300):  # 300 MiB of spaces inside one cell, beyond the 256 MiB default
        f.write(chunk)
    f.write(b'</t></is></c></row></sheetData></worksheet>')


def cell10mb_xlsx(f):
    header_row(f)
    f.write(b'<row r="2"><c r="C2" t="inlineStr"><is><t>')
    # random letters, so the part is not refused for its compression ratio before the cell limit
    rnd = random.Random(1)
    for _ in range(10):
        f.write(''.join(rnd.choices(string.ascii_letters, k=1 << 20)).encode())
    f.write(b'</t></is></c></row></sheetData></worksheet>')


def million_columns_xlsx(f):
    header_row(f)
    f.write(b'<row r="2">')
    rnd = random.Random(1)  # varied numbers, so the part is not refused for its compression ratio
    # cells without a reference: each takes the next column
    f.write(''.join(f'<c><v>{rnd.randrange(10**6)}</v></c>' for _ in range(1000000)).encode())
    f.write(b'</row></sheetData></worksheet>')


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == 'zipbomb':
        xlsx(out, zipbomb)
    elif kind == 'cell10mb-xlsx':
        xlsx(out, cell10mb_xlsx)
    elif kind == 'million-columns-xlsx':
        xlsx(out, million_columns_xlsx)
    else:
        with open(out, 'w', encoding='utf-8') as f:
            f.write(HEADER)
            if kind == 'cell10mb-csv':
                f.write('2025;begroting;"' + 'x' * (10 << 20) + '";Zorg;kadermiddelen;100;;\n')
            elif kind == 'million-columns-csv':
                f.write('2025;begroting;Regel;Zorg;kadermiddelen;100;;' + ';x' * 1000000 + '\n')
            elif kind == 'rows-overflow':
                for i in range(100000):
                    f.write(LINE.format(i=i, amount='1.000.000.000.000'))
            elif kind == 'big-csv':
                i = 0
                while f.tell() < 2 << 20:
                    f.write(LINE.format(i=i, amount='100'))
                    i += 1
            else:
                sys.exit('unknown kind ' + kind)


if __name__ == '__main__':
    main()
