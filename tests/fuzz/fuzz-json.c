/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the JSON member reader.  Whether a text is one valid object must
 * not depend on which members are asked for; a refusal must say why and
 * where, within the text.  Decoded strings must be valid UTF-8 (an
 * escaped NUL is allowed), each lone surrogate counted must be a U+FFFD
 * in the string (only strings count any), a name asked for twice must
 * get the same value and count twice, and the members found, written
 * back as a JSON object of their own, must read back as the same types
 * and values, with no lone surrogate left.  Dotted names
 * reach into nested objects.  Walking the text as an array of objects,
 * or as objects one after another, must end, and every object it hands
 * out must read as one object; a text that is one object is a sequence
 * of that one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

static const char *const names[] = {
	"maintext", "text", "title", "url", "", "a", "text", "\xc3\xa9",
	"a.b", "meta.language", "a.b.c",
};
#define NNAMES	(sizeof(names) / sizeof(names[0]))

/* Write s as a JSON string, escaping what must be. */
static void
quote(struct buf *out, const char *s, size_t n)
{
	char esc[8];
	size_t i;

	buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, c);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			buf_adds(out, esc);
		} else
			buf_addc(out, c);
	}
	buf_addc(out, '"');
}

/* The U+FFFD characters in b: at least its lone surrogates. */
static size_t
replacements(const struct buf *b)
{
	const char *p = b->data;
	size_t n = 0;

	if (p == NULL)
		return 0;
	while ((p = memmem(p, b->len - (size_t)(p - b->data),
	    UTF8_REPLACEMENT, 3)) != NULL) {
		n++;
		p += 3;
	}
	return n;
}

static void
clear(struct json_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		m[i].name = names[i];
		m[i].type = JSON_ABSENT;
		buf_free(&m[i].value);
	}
}

/*
 * The elements of an array, a damaged one passed over where
 * json_array_skip() finds its end: always forward, to a ',' or ']'.
 */
static void
array_walk(const char *text, size_t size)
{
	struct json_error e;
	size_t pos = 0, from, len, last = 0, before;
	int rc, first = 1;

	for (;;) {
		while ((rc = json_array_next(text, size, &pos, &from, &len,
		    &e)) >= 1) {
			if ((!first && pos <= last) || from + len != pos ||
			    pos > size)
				abort();
			/* An element that is no object is passed over. */
			if (rc == 2 ? text[from] == '{' || e.offset != from :
			    text[from] != '{' || json_object_members(text +
			    from, len, NULL, 0, &e) != 0)
				abort();
			last = pos;
			first = 0;
		}
		if (rc == -1 && (e.reason == NULL || e.offset > size))
			abort();
		if (rc == 0 && pos != size)
			abort();
		if (rc == 0)
			return;
		before = pos;
		if (!json_array_skip(text, size, &pos, &from, &len))
			return;
		if (pos <= before || pos >= size || from < before ||
		    from + len > pos ||
		    (text[pos] != ',' && text[pos] != ']'))
			abort();
		last = pos;
		first = 0;
	}
}

static void
sequence_walk(const char *text, size_t size)
{
	struct json_error e;
	size_t pos = 0, from, len, last = 0, n = 0;
	int rc;

	while ((rc = json_sequence_next(text, size, &pos, &from, &len,
	    &e)) == 1) {
		if (pos <= last || from < last || from + len != pos ||
		    pos > size || text[from] != '{' ||
		    json_object_members(text + from, len, NULL, 0, &e) != 0)
			abort();
		last = pos;
		n++;
	}
	if (rc == -1 && (e.reason == NULL || e.offset > size))
		abort();
	if (rc == 0 && pos != size)
		abort();
	if (json_object_members(text, size, NULL, 0, &e) == 0 &&
	    (rc != 0 || n != 1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_member m[NNAMES], again[NNAMES];
	struct json_error e = { NULL, 0 }, e2 = { NULL, 0 };
	struct buf obj = { 0 };
	const char *text = (const char *)data;
	size_t i;
	int rc, rc0;

	memset(m, 0, sizeof(m));
	memset(again, 0, sizeof(again));
	clear(m, NNAMES);
	clear(again, NNAMES);

	array_walk(text, size);
	sequence_walk(text, size);
	rc = json_object_members(text, size, m, NNAMES, &e);
	rc0 = json_object_members(text, size, NULL, 0, &e2);
	if (rc != rc0 || (rc != 0 && rc != -1))
		abort();
	if (rc == -1) {
		if (e.reason == NULL || e.offset > size ||
		    e2.reason == NULL || e2.offset > size)
			abort();
		goto out;
	}

	buf_addc(&obj, '{');
	for (i = 0; i < NNAMES; i++) {
		if (m[i].type == JSON_STRING && utf8_valid_prefix(
		    m[i].value.data ? m[i].value.data : "", m[i].value.len) !=
		    m[i].value.len)
			abort();
		if (m[i].type == JSON_NULL && m[i].value.len != 0)
			abort();
		if (m[i].type == JSON_STRING ? m[i].lone_surrogates >
		    replacements(&m[i].value) : m[i].lone_surrogates != 0)
			abort();
		if (m[i].type == JSON_ABSENT)
			continue;
		/* "text" is asked for twice: the second copy must agree. */
		if (i == 6 && (m[6].type != m[1].type ||
		    m[6].lone_surrogates != m[1].lone_surrogates ||
		    m[6].value.len != m[1].value.len || (m[1].value.len > 0 &&
		    memcmp(m[6].value.data, m[1].value.data,
		    m[1].value.len) != 0)))
			abort();
		if (obj.len > 1)
			buf_addc(&obj, ',');
		quote(&obj, names[i], strlen(names[i]));
		buf_addc(&obj, ':');
		if (m[i].type == JSON_STRING)
			quote(&obj, m[i].value.data, m[i].value.len);
		else if (m[i].type == JSON_NULL)
			buf_adds(&obj, "null");
		else
			buf_add(&obj, m[i].value.data, m[i].value.len);
	}
	buf_addc(&obj, '}');
	if (json_object_members(obj.data, obj.len, again, NNAMES, &e) != 0)
		abort();
	for (i = 0; i < NNAMES; i++)
		if (again[i].type != m[i].type ||
		    again[i].lone_surrogates != 0 ||
		    again[i].value.len != m[i].value.len ||
		    (m[i].value.len > 0 && memcmp(again[i].value.data,
		    m[i].value.data, m[i].value.len) != 0))
			abort();
out:
	clear(m, NNAMES);
	clear(again, NNAMES);
	buf_free(&obj);
	return 0;
}
