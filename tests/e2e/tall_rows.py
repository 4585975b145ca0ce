"""A table row taller than a page is split between lines across pages: every sentence of the
long explanation appears once per table, in order, and no line runs into the page footer.
Usage: tall_rows.py REPORT.pdf TABLES (how many tables show the explanation)."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

pdf, tables = sys.argv[1], int(sys.argv[2])
text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
# a sentence's number may follow on the next page, after the footer and the repeated header
words = text.split()
found = []
for i, w in enumerate(words):
    if w == 'Zin':
        found += [int(n) for n in words[i + 1:i + 80] if re.fullmatch(r'\d{3}', n)][:1]
expected = list(range(1, 181)) * tables
print(('PASS' if found == expected else 'FAIL') + ' tall.sentences-once-in-order')

html = subprocess.run(['pdftotext', '-bbox', pdf, '-'], capture_output=True, text=True).stdout
html = re.sub(r'<!DOCTYPE[^>]*>', '', html).replace('xmlns="http://www.w3.org/1999/xhtml"', '')
pages = ET.fromstring(html).iter('page')
split_pages, overlaps = 0, 0
for page in pages:
    words = [(w.text, float(w.get('yMin')), float(w.get('yMax'))) for w in page.iter('word')]
    footer = [y0 for t, y0, y1 in words if t == 'pagina']
    zin = [y1 for t, y0, y1 in words if t == 'Zin']
    if not zin or not footer:
        continue
    split_pages += 1
    overlaps += max(zin) > min(footer) - 2
print(('PASS' if split_pages >= 2 * tables else 'FAIL') + ' tall.spans-pages')
print(('PASS' if overlaps == 0 else 'FAIL') + ' tall.above-footer')
