#!/usr/bin/env python3
"""Writes the hostile-input cases of tests/bad/ that are easier to make with a program than by
hand (workbooks with crafted XML, odd bytes). Run it from anywhere; it only (re)writes the case
folders listed here. expected.txt is then made with tests/bad/update.sh and reviewed by hand.
Large inputs (zip bomb, 10 MB cell, a million columns) are not committed: tests/e2e/hostile.sh
makes them at test time with gen_big.py."""
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, '..', 'bad')

INI = """[instelling]
naam = {naam}
brin = 99TB
sector = hbo
studenten = 3000

[rapport]
jaar = 2025
jaren = 2024-2025
datum = 2026-04-01
getallen = nl
{rapport}
[invoer]
begroting = {begroting}
activiteiten = {activiteiten}
toewijzing = {toewijzing}
{extra}"""

BUDGET_ROWS = [
    ['jaar', 'soort', 'regel', 'categorie', 'bron', 'bedrag', 'voorlopig', 'toelichting'],
    ['2024', 'begroting', 'Studentenpsycholoog', 'Zorg', 'kadermiddelen', '30000', 'nee', ''],
    ['2024', 'realisatie', 'Studentenpsycholoog', 'Zorg', 'kadermiddelen', '29500', '', ''],
    ['2025', 'begroting', 'Studentenpsycholoog', 'Zorg', 'kadermiddelen', '32000', 'nee', ''],
    ['2025', 'begroting', 'Welzijnsweek', 'Binding', 'kwaliteitsmiddelen', '12000', 'ja', ''],
]


def case(name, files, naam='Hogeschool Testbed', rapport='', begroting='begroting.csv',
         activiteiten='../_base/activiteiten.csv', toewijzing='../_base/toewijzing.csv', extra=''):
    d = os.path.join(BAD, name)
    expected = os.path.join(d, 'expected.txt')
    kept = open(expected, 'rb').read() if os.path.exists(expected) else None
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if kept is not None:  # the reviewed golden file stays; tests/bad/update.sh rewrites it
        open(expected, 'wb').write(kept)
    for fname, data in files.items():
        with open(os.path.join(d, fname), 'wb') as f:
            f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
    ini = INI.format(naam=naam, rapport=rapport, begroting=begroting, activiteiten=activiteiten,
                     toewijzing=toewijzing, extra=extra)
    with open(os.path.join(d, 'rapport.ini'), 'wb') as f:
        f.write(ini.encode('utf-8') if isinstance(ini, str) else ini)


def col_letters(n):
    s = ''
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows, doctype='', numbers=True):
    """Inline-string sheet XML; cells that look like numbers become number cells."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', doctype,
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, 1):
        out.append(f'<row r="{r}">')
        for c, v in enumerate(row, 1):
            ref = f'{col_letters(c)}{r}'
            if isinstance(v, tuple):  # (ref, raw xml of the cell) for crafted cells
                out.append(v[1])
            elif numbers and v.replace('.', '', 1).isdigit():
                out.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif v:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        out.append('</row>')
    out.append('</sheetData></worksheet>')
    return ''.join(out)


class FixedDateZip:
    """Writes entries with a fixed date, so the committed workbooks come out byte-identical."""
    def __init__(self, z):
        self.z = z

    def writestr(self, name, data):
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.z.writestr(info, data)


def workbook(sheets, rels_target=None, extra_entries=None):
    """A minimal .xlsx: sheets is [(name, xml)]; rels_target overrides the first sheet's target."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as real:
        z = FixedDateZip(real)
        z.writestr('[Content_Types].xml',
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '</Types>')
        z.writestr('_rels/.rels',
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        wb = ['<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>']
        rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
        for i, (name, xml) in enumerate(sheets, 1):
            wb.append(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>')
            target = rels_target if (i == 1 and rels_target) else f'worksheets/sheet{i}.xml'
            rels.append(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>')
            z.writestr(f'xl/worksheets/sheet{i}.xml', xml)
        wb.append('</sheets></workbook>')
        rels.append('</Relationships>')
        z.writestr('xl/workbook.xml', ''.join(wb))
        z.writestr('xl/_rels/workbook.xml.rels', ''.join(rels))
        for ename, data in (extra_entries or {}).items():
            z.writestr(ename, data)
    return buf.getvalue()


def csv(rows):
    return '\n'.join(';'.join(r) for r in rows) + '\n'


def main():
    good_xlsx = workbook([('Begroting', sheet_xml(BUDGET_ROWS))])

    # truncated workbook: the central directory is gone
    case('xlsx-truncated', {'begroting.xlsx': good_xlsx[:len(good_xlsx) // 2]}, begroting='begroting.xlsx')

    # entries named ../ and a relationship that points outside the package: nothing is extracted,
    # so the names can only fail to resolve
    case('xlsx-zip-slip', {'begroting.xlsx': workbook(
        [('Begroting', sheet_xml(BUDGET_ROWS))], rels_target='../../../../../../etc/passwd',
        extra_entries={'../../../../tmp/kr-zip-slip.txt': 'escaped', '/tmp/kr-zip-abs.txt': 'escaped'})},
        begroting='begroting.xlsx')

    # billion laughs: an internal entity that would expand to gigabytes
    laughs = ['<!DOCTYPE worksheet [<!ENTITY lol "lol">']
    prev = 'lol'
    for i in range(1, 10):
        laughs.append(f'<!ENTITY lol{i} "' + f'&{prev};' * 10 + '">')
        prev = f'lol{i}'
    laughs.append(']>')
    rows = [list(r) for r in BUDGET_ROWS]
    rows[1][2] = '&lol9;'
    case('xlsx-billion-laughs', {'begroting.xlsx': workbook([('Begroting', sheet_xml(rows, ''.join(laughs)))])},
         begroting='begroting.xlsx')

    # external entity that names a local file
    rows = [list(r) for r in BUDGET_ROWS]
    rows[1][2] = '&xxe;'
    case('xlsx-external-entity', {'begroting.xlsx': workbook([('Begroting', sheet_xml(
        rows, '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))])}, begroting='begroting.xlsx')

    # number cells Excel cannot hold and text where a number is expected
    rows = [list(r) for r in BUDGET_ROWS]
    rows[1][5] = ('F2', '<c r="F2"><v>1e308</v></c>')
    rows[2][5] = ('F3', '<c r="F3"><v>NaN</v></c>')
    rows[3][5] = ('F4', '<c r="F4"><v>-INF</v></c>')
    rows[4][5] = ('F5', '<c r="F5"><v>92233720368547758.08</v></c>')
    case('xlsx-number-extremes', {'begroting.xlsx': workbook([('Begroting', sheet_xml(rows))])},
         begroting='begroting.xlsx')

    # cell references beyond Excel's grid (column XFE, row 1,048,577) and a garbage reference
    rows = [list(r) for r in BUDGET_ROWS]
    rows[2].append(('XFE3', '<c r="XFE3" t="inlineStr"><is><t>far right</t></is></c>'))
    rows[3].append(('A', '<c r="A99999999999" t="inlineStr"><is><t>far down</t></is></c>'))
    rows[4].append(('A', '<c r="ZZZZZZZZZZZZ1"><v>1</v></c>'))
    case('xlsx-cell-refs-out-of-range', {'begroting.xlsx': workbook([('Begroting', sheet_xml(rows))])},
         begroting='begroting.xlsx')

    # shared-string cells whose index is negative or far beyond the table
    rows = [list(r) for r in BUDGET_ROWS]
    rows[1][2] = ('C2', '<c r="C2" t="s"><v>999999999</v></c>')
    rows[2][2] = ('C3', '<c r="C3" t="s"><v>-1</v></c>')
    case('xlsx-bad-shared-string-index', {'begroting.xlsx': workbook([('Begroting', sheet_xml(rows))])},
         begroting='begroting.xlsx')

    # a sheet name longer than Excel allows, asked for by the job
    long_sheet = 'Begroting ' + 'x' * 60
    case('xlsx-sheet-name-too-long', {'begroting.xlsx': good_xlsx}, begroting='begroting.xlsx',
         extra='begroting_blad = ' + long_sheet + '\n')

    # a valid CSV with one Windows-1252 byte (é as 0xE9) in the middle of UTF-8 text
    body = csv(BUDGET_ROWS).replace('Welzijnsweek', 'Welzijnsweek café ÉÉN').encode('utf-8')
    body = body.replace('café'.encode('utf-8'), b'caf\xe9')
    case('encoding-cp1252-byte-in-utf8', {'begroting.csv': body})

    # UTF-16 with a byte-order mark, as "Unicode text" exports from Excel are
    case('encoding-utf16', {'begroting.csv': csv(BUDGET_ROWS).encode('utf-16')})

    # NUL bytes inside fields
    case('encoding-nul-bytes', {'begroting.csv': csv(BUDGET_ROWS).encode().replace(b'Zorg', b'Zo\x00rg', 1)})

    # an unterminated quote swallows the rest of the file
    case('csv-unterminated-quote', {'begroting.csv': csv(BUDGET_ROWS).replace('Welzijnsweek', '"Welzijnsweek')})

    # formula-looking text in activity names and budget lines: must stay text in every output
    acts = open(os.path.join(BAD, '_base', 'activiteiten.csv'), encoding='utf-8').read().splitlines()
    acts[1] = acts[1].replace('Spreekuur studentenpsycholoog', '"=HYPERLINK(""http://x.invalid"",""klik"")"')
    acts[2] = acts[2].replace('Welzijnsweek', "+cmd|' /C calc'!A0")
    rows = [list(r) for r in BUDGET_ROWS]
    rows[4][2] = '-2+3+cmd'
    rows[4][7] = '@SUM(1+1)*cmd'
    case('formula-text-everywhere', {'activiteiten.csv': '\n'.join(acts) + '\n', 'begroting.csv': csv(rows)},
         activiteiten='activiteiten.csv')

    # Pango markup and entities in the institution name, the title and activity names
    acts = open(os.path.join(BAD, '_base', 'activiteiten.csv'), encoding='utf-8').read().splitlines()
    acts[1] = acts[1].replace('Spreekuur studentenpsycholoog', '"<span foreground=""red"">Rood</span> & <i>schuin</i> &amp;"')
    case('markup-in-institution-and-title', {'activiteiten.csv': '\n'.join(acts) + '\n',
                                             'begroting.csv': csv(BUDGET_ROWS)},
         naam='<b>Hogeschool</b> & "Zoon" <Testbed>', rapport='titel = <big>Titel</big> &lt; &\n',
         activiteiten='activiteiten.csv')

    # an institution name that would be a path if used as one
    case('job-name-path-traversal', {'begroting.csv': csv(BUDGET_ROWS)}, naam='../../etc/passwd')

    # an activity name longer than an Excel cell can hold (32,767 characters)
    acts = open(os.path.join(BAD, '_base', 'activiteiten.csv'), encoding='utf-8').read().splitlines()
    acts[2] = acts[2].replace('Welzijnsweek', 'W' * 40000)
    case('activities-name-over-cell-limit', {'activiteiten.csv': '\n'.join(acts) + '\n',
                                             'begroting.csv': csv(BUDGET_ROWS)}, activiteiten='activiteiten.csv')

    # amounts at and beyond int64 cents
    rows = [list(r) for r in BUDGET_ROWS]
    rows[1][5] = '92.233.720.368.547.758,07'
    rows[2][5] = '-92233720368547758,08'
    rows[3][5] = '€ 18446744073709551616'
    case('budget-amount-int64-edges', {'begroting.csv': csv(rows)})

    # textual floats: infinity, tiny exponents, negative zero, hexadecimal
    rows = [list(r) for r in BUDGET_ROWS]
    rows[1][5] = 'inf'
    rows[2][5] = '1e-308'
    rows[3][5] = '-0'
    rows[4][5] = '0x1F'
    case('budget-amount-float-spellings', {'begroting.csv': csv(rows)})

    # limits from the job file, each hit
    many = [BUDGET_ROWS[0]] + [['2025', 'begroting', f'Regel {i}', 'Zorg', 'kadermiddelen', '100', '', '']
                               for i in range(30)]
    case('limit-rows', {'begroting.csv': csv(many)}, extra='\n[limieten]\nmax_rijen = 10\n')
    wide = [r + ['x'] * 6 for r in BUDGET_ROWS]
    case('limit-columns', {'begroting.csv': csv(wide)}, extra='\n[limieten]\nmax_kolommen = 8\n')
    # max_paginas is tested in tests/e2e/hostile.sh: its message names the page count, which
    # changes with the layout

    # terminal escape sequences in a value that ends up in a diagnostic: shown as \xNN, never sent
    rows = [list(r) for r in BUDGET_ROWS]
    rows[2][5] = '\x1b]0\x07\x1b[31m12'
    rows[3][3] = 'Zorg\x1b[2J'
    case('encoding-terminal-escapes', {'begroting.csv': csv(rows)})

    # iniparser's line limit: a value longer than its line buffer
    case('job-very-long-line', {'begroting.csv': csv(BUDGET_ROWS)}, naam='Hogeschool ' + 'Lang' * 2000)

    # invalid UTF-8 in the job file itself
    d = os.path.join(BAD, 'job-invalid-utf8')
    case('job-invalid-utf8', {'begroting.csv': csv(BUDGET_ROWS)}, naam='Hogeschool XX')
    p = os.path.join(d, 'rapport.ini')
    data = open(p, 'rb').read().replace(b'XX', b'\xff\xfe\xc3(')
    open(p, 'wb').write(data)

    # an empty job file and one that is binary
    case('job-empty', {})
    open(os.path.join(BAD, 'job-empty', 'rapport.ini'), 'wb').close()
    case('job-binary', {})
    open(os.path.join(BAD, 'job-binary', 'rapport.ini'), 'wb').write(bytes(range(256)) * 4)

    # inputs that are not regular files
    case('input-is-directory', {}, begroting='.')
    case('input-is-device', {}, begroting='/dev/zero')

    # a filled template may not name other files (it comes from the controller, not the operator)
    # -> see tests/e2e/hostile.sh, which builds it from `kaderrapport template`


if __name__ == '__main__':
    main()
