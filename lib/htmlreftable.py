#!/usr/bin/env python3
# newswire: writes lib/htmlreftable.h, the named character references of
# the WHATWG HTML standard (Python's html.entities.html5 holds its table),
# for lib/htmlref.c.  Run from the top of the tree when the standard's
# table changes:  python3 lib/htmlreftable.py >lib/htmlreftable.h
import html.entities

refs = {}
for key, value in html.entities.html5.items():
    name = key.rstrip(';')
    code = [ord(c) for c in value]
    assert len(code) <= 2 and refs.get(name, code) == code
    refs[name] = code

# The HTML 4.01 set, and &apos;, are what libxml2 2.9 decodes itself.
libxml = dict(html.entities.name2codepoint, apos=0x27)

print('''/*
 * newswire: the named character references of the WHATWG HTML standard,
 * sorted by name (as strcmp() orders them) for a binary search.  Written
 * by lib/htmlreftable.py from Python's html.entities.html5; do not edit.
 * HTML_REF_BARE: also a reference without its ';' (the legacy names);
 * HTML_REF_LIBXML: libxml2 decodes "&name;" itself, to the same.
 */
#define HTML_REF_BARE	1
#define HTML_REF_LIBXML	2

static const struct html_ref {
	const char	*name;
	uint32_t	 code[2];	/* code[1] 0 for one character */
	unsigned char	 flags;
} html_refs[] = {''')
for name in sorted(refs, key=lambda s: s.encode()):
    code = refs[name] + [0] * (2 - len(refs[name]))
    flags = []
    if name in html.entities.html5:
        flags.append('HTML_REF_BARE')
    if libxml.get(name) == code[0] and code[1] == 0:
        flags.append('HTML_REF_LIBXML')
    print('\t{ "%s", { 0x%x, 0x%x }, %s },' %
          (name, code[0], code[1], ' | '.join(flags) or '0'))
print('};')
