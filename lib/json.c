/*
 * newswire: reading named members out of one JSON object (RFC 8259).
 *
 * A JSON Lines dump holds one object per line, and a tool wants three
 * or four of its members: the text, the id, the title, a date.  So there
 * is no tree here: one pass over the bytes validates the whole text and
 * copies out only the members asked for, with no allocation for the
 * rest.  Strings are decoded to UTF-8 (escapes, surrogate pairs; a lone
 * surrogate or an invalid byte becomes U+FFFD, as everywhere in
 * newswire, and the lone surrogates of a member are counted, so that the
 * caller can say how many it wrote); numbers are kept as written, so
 * nothing is rounded or clamped on the way through.  The grammar is the
 * RFC's, plus the NaN, Infinity and -Infinity that Python's json module
 * writes by default.
 */
#include <string.h>

#include "nw-private.h"

struct json_parser {
	const unsigned char	*start, *p, *end;
	struct json_member	*members;
	size_t			 nmembers;
	const char		*reason;
	struct buf		 path;		/* "a.b." above the object at hand */
	size_t			 lone;		/* lone surrogates decoded */
};

/*
 * Bytes that stand for themselves inside a string: everything but the
 * quote, the backslash and the control characters.  (Bytes 0x80 and up
 * are checked as UTF-8 where a string is kept.)
 */
static unsigned char	plain[256];
static int		plain_ready;

static void
plain_init(void)
{
	int c;

	for (c = 0x20; c < 256; c++)
		plain[c] = c != '"' && c != '\\';
	plain_ready = 1;
}

static int
fail(struct json_parser *ps, const char *reason)
{
	if (ps->reason == NULL)
		ps->reason = reason;
	return -1;
}

static void
skip_space(struct json_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	    *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int
hex4(const unsigned char *p, const unsigned char *end, int32_t *v)
{
	int32_t x = 0;
	int i, d;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			d = p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			d = p[i] - 'A' + 10;
		else
			return -1;
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

/*
 * A \u escape at ps->p (just past the backslash and the u), with its low
 * half when it is a high surrogate followed by one.  Unpaired halves are
 * not an error: they decode to U+FFFD, and the return is 1.
 */
static int
escape_u(struct json_parser *ps, int32_t *cp)
{
	int32_t hi, lo;

	if (hex4(ps->p, ps->end, &hi) == -1)
		return fail(ps, "invalid \\u escape (four hex digits expected)");
	ps->p += 4;
	if (hi >= 0xdc00 && hi <= 0xdfff) {
		*cp = 0xfffd;
		return 1;
	}
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = hi;
		return 0;
	}
	if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u' &&
	    hex4(ps->p + 2, ps->end, &lo) == 0 &&
	    lo >= 0xdc00 && lo <= 0xdfff) {
		ps->p += 6;
		*cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
		return 0;
	}
	*cp = 0xfffd;
	return 1;
}

/*
 * A string, ps->p just past its opening quote.  Decoded into out, its
 * lone surrogates counted in ps->lone, or only checked when out is NULL.
 */
static int
string(struct json_parser *ps, struct buf *out)
{
	const unsigned char *run;
	char enc[4];
	int32_t cp;
	size_t n, ok;
	int c, rc;

	for (;;) {
		run = ps->p;
		while (ps->p < ps->end && plain[*ps->p])
			ps->p++;
		if (out != NULL && (n = (size_t)(ps->p - run)) > 0) {
			ok = utf8_valid_prefix((const char *)run, n);
			buf_add(out, run, ok);
			if (ok < n)
				utf8_repair(out, (const char *)run + ok, n - ok);
		}
		if (ps->p == ps->end)
			return fail(ps, "unterminated string");
		c = *ps->p++;
		if (c == '"')
			return 0;
		if (c != '\\') {
			ps->p--;
			return fail(ps, "control character in string "
			    "(must be escaped)");
		}
		if (ps->p == ps->end)
			return fail(ps, "unterminated string");
		switch (c = *ps->p++) {
		case '"':
		case '\\':
		case '/':
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u':
			if ((rc = escape_u(ps, &cp)) == -1)
				return -1;
			if (out != NULL) {
				buf_add(out, enc, utf8_encode(cp, enc));
				ps->lone += (size_t)rc;
			}
			continue;
		default:
			ps->p--;
			return fail(ps, "invalid escape in string");
		}
		if (out != NULL)
			buf_addc(out, c);
	}
}

static int
digits(struct json_parser *ps)
{
	const unsigned char *p = ps->p;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++;
	return ps->p > p ? 0 : -1;
}

static int
word(struct json_parser *ps, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0)
		return -1;
	ps->p += n;
	return 0;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, or NaN, +-Infinity. */
static int
number(struct json_parser *ps)
{
	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (word(ps, "Infinity") == 0)
		return 0;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (digits(ps) == -1)
		return fail(ps, "invalid number");
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (digits(ps) == -1)
			return fail(ps, "invalid number");
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (digits(ps) == -1)
			return fail(ps, "invalid number");
	}
	if (ps->p < ps->end && ((*ps->p >= '0' && *ps->p <= '9') ||
	    *ps->p == '.' || *ps->p == 'e' || *ps->p == 'E'))
		return fail(ps, "invalid number");
	return 0;
}

static int value(struct json_parser *, int, struct json_member *, int);

/*
 * The member wanted under the name name[0..len) inside the object at
 * ps->path ("" at the top, "metadata." one down): names are dotted paths.
 */
static struct json_member *
wanted(struct json_parser *ps, const char *name, size_t len)
{
	size_t i, k = ps->path.len;

	for (i = 0; i < ps->nmembers; i++) {
		const char *w = ps->members[i].name;

		if (strlen(w) == k + len &&
		    (k == 0 || memcmp(w, ps->path.data, k) == 0) &&
		    memcmp(w + k, name, len) == 0)
			return &ps->members[i];
	}
	return NULL;
}

/* 1 if a wanted name goes on below path + name[0..len) + ".". */
static int
wanted_below(struct json_parser *ps, const char *name, size_t len)
{
	size_t i, k = ps->path.len;

	for (i = 0; i < ps->nmembers; i++) {
		const char *w = ps->members[i].name;

		if (strlen(w) > k + len + 1 && w[k + len] == '.' &&
		    (k == 0 || memcmp(w, ps->path.data, k) == 0) &&
		    memcmp(w + k, name, len) == 0)
			return 1;
	}
	return 0;
}

/*
 * A member name, ps->p just past its quote: the member wanted under it
 * in *mp, and in *below whether one is wanted inside its value, in which
 * case ps->path is extended by the name and a dot.  Names without
 * escapes are matched where they lie; the others are decoded first.
 */
static int
member_name(struct json_parser *ps, struct json_member **mp, int *below)
{
	const unsigned char *name = ps->p;
	struct buf b = { 0 };
	const char *n = NULL;
	size_t len = 0;
	int rc = 0;

	*mp = NULL;
	*below = 0;
	while (ps->p < ps->end && plain[*ps->p])
		ps->p++;
	if (ps->p < ps->end && *ps->p == '"') {
		n = (const char *)name;
		len = (size_t)(ps->p - name);
		ps->p++;
	} else {
		ps->p = name;
		if (ps->nmembers == 0)
			return string(ps, NULL);
		if ((rc = string(ps, &b)) == 0) {
			n = b.data != NULL ? b.data : "";
			len = b.len;
		}
	}
	if (n != NULL && ps->nmembers > 0) {
		*mp = wanted(ps, n, len);
		if ((*below = wanted_below(ps, n, len))) {
			buf_add(&ps->path, n, len);
			buf_addc(&ps->path, '.');
		}
	}
	buf_free(&b);
	return rc;
}

static int
object(struct json_parser *ps, int depth, int search)
{
	struct json_member *m;
	size_t pathlen = ps->path.len;
	int below;

	skip_space(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return 0;
	}
	for (;;) {
		if (ps->p == ps->end || *ps->p != '"')
			return fail(ps, "expected a member name in quotes");
		ps->p++;
		if (member_name(ps, &m, &below) == -1)
			return -1;
		if (!search)
			m = NULL, below = 0;
		skip_space(ps);
		if (ps->p == ps->end || *ps->p != ':')
			return fail(ps, "expected ':' after the member name");
		ps->p++;
		skip_space(ps);
		if (value(ps, depth + 1, m, below) == -1)
			return -1;
		ps->path.len = pathlen;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_space(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or '}' in object");
	}
}

static int
array(struct json_parser *ps, int depth)
{
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;;) {
		if (value(ps, depth + 1, NULL, 0) == -1)
			return -1;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_space(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or ']' in array");
	}
}

/*
 * Copy the value just parsed, [from, ps->p), to m: a string decoded
 * (already in m->value), anything else as written, its JSON whitespace
 * between tokens kept.
 */
static void
keep(struct json_parser *ps, struct json_member *m, enum json_type type,
    const unsigned char *from)
{
	struct json_member *o;

	m->type = type;
	if (type != JSON_STRING) {
		m->lone_surrogates = 0;
		buf_clear(&m->value);
		if (type != JSON_NULL)
			buf_add(&m->value, from, (size_t)(ps->p - from));
	}
	/* The same name asked for twice gets the same value twice. */
	for (o = m + 1; o < ps->members + ps->nmembers; o++)
		if (strcmp(o->name, m->name) == 0) {
			o->type = m->type;
			o->lone_surrogates = m->lone_surrogates;
			buf_clear(&o->value);
			if (m->value.len > 0)	/* a null has no data */
				buf_add(&o->value, m->value.data,
				    m->value.len);
		}
}

/*
 * Any value; depth counts the arrays and objects around it.  The value
 * goes to m when one is wanted; search: members are wanted inside it.
 */
static int
value(struct json_parser *ps, int depth, struct json_member *m, int search)
{
	const unsigned char *from = ps->p;
	enum json_type type;
	size_t lone = ps->lone;

	if (depth > JSON_DEPTH_MAX)
		return fail(ps, "nesting too deep");
	if (ps->p == ps->end)
		return fail(ps, "expected a value");
	switch (*ps->p) {
	case '{':
		ps->p++;
		if (object(ps, depth, search) == -1)
			return -1;
		type = JSON_OBJECT;
		break;
	case '[':
		ps->p++;
		if (array(ps, depth) == -1)
			return -1;
		type = JSON_ARRAY;
		break;
	case '"':
		ps->p++;
		if (m != NULL)
			buf_clear(&m->value);
		if (string(ps, m != NULL ? &m->value : NULL) == -1)
			return -1;
		if (m != NULL)
			m->lone_surrogates = ps->lone - lone;
		type = JSON_STRING;
		break;
	case 't':
		if (word(ps, "true") == -1)
			return fail(ps, "expected a value");
		type = JSON_TRUE;
		break;
	case 'f':
		if (word(ps, "false") == -1)
			return fail(ps, "expected a value");
		type = JSON_FALSE;
		break;
	case 'n':
		if (word(ps, "null") == -1)
			return fail(ps, "expected a value");
		type = JSON_NULL;
		break;
	case 'N':
		if (word(ps, "NaN") == -1)
			return fail(ps, "expected a value");
		type = JSON_NUMBER;
		break;
	default:
		if (*ps->p != '-' && *ps->p != 'I' &&
		    (*ps->p < '0' || *ps->p > '9'))
			return fail(ps, "expected a value");
		if (number(ps) == -1)
			return -1;
		type = JSON_NUMBER;
		break;
	}
	if (m != NULL)
		keep(ps, m, type, from);
	return 0;
}

int
json_object_members(const char *text, size_t len, struct json_member *members,
    size_t nmembers, struct json_error *error)
{
	struct json_parser ps;
	size_t i;

	if (!plain_ready)
		plain_init();
	for (i = 0; i < nmembers; i++) {
		members[i].type = JSON_ABSENT;
		members[i].lone_surrogates = 0;
		buf_clear(&members[i].value);
	}
	memset(&ps, 0, sizeof(ps));
	ps.start = ps.p = (const unsigned char *)text;
	ps.end = ps.p + len;
	ps.members = members;
	ps.nmembers = nmembers;
	skip_space(&ps);
	if (ps.p == ps.end || *ps.p != '{') {
		fail(&ps, "expected '{' (a line must hold one JSON object)");
		goto bad;
	}
	ps.p++;
	if (object(&ps, 1, 1) == -1)
		goto bad;
	skip_space(&ps);
	if (ps.p != ps.end) {
		fail(&ps, "unexpected text after the object");
		goto bad;
	}
	buf_free(&ps.path);
	return 0;
bad:
	buf_free(&ps.path);
	if (error != NULL) {
		error->reason = ps.reason;
		error->offset = (size_t)(ps.p - ps.start);
	}
	return -1;
}

/*
 * A string met by a scan that does not parse the text around it (JSON-LD
 * in a page): text[0..len) starts just past its opening quote; it is
 * decoded onto out, a raw control character (which pages put in such
 * strings) as a space.  Returns the bytes read up to and including the
 * closing quote, or 0 when the string has no end or a bad escape (what
 * came before stays in out).
 */
size_t
json_string_decode(const char *text, size_t len, struct buf *out)
{
	struct json_parser ps;

	if (!plain_ready)
		plain_init();
	memset(&ps, 0, sizeof(ps));
	ps.start = ps.p = (const unsigned char *)text;
	ps.end = ps.p + len;
	while (string(&ps, out) == -1) {
		if (ps.p == ps.end || *ps.p >= 0x20)
			return 0;
		buf_addc(out, ' ');
		ps.p++;
		ps.reason = NULL;
	}
	return (size_t)(ps.p - ps.start);
}

/* A parser over text[0..len), at pos and past the white space there. */
static void
walk_begin(struct json_parser *ps, const char *text, size_t len, size_t pos)
{
	if (!plain_ready)
		plain_init();
	memset(ps, 0, sizeof(*ps));
	ps->start = (const unsigned char *)text;
	ps->p = ps->start + pos;
	ps->end = ps->start + len;
	skip_space(ps);
}

/* -1, with error set to the parser's reason and where it stopped. */
static int
walk_error(const struct json_parser *ps, struct json_error *error)
{
	if (error != NULL) {
		error->reason = ps->reason;
		error->offset = (size_t)(ps->p - ps->start);
	}
	return -1;
}

/*
 * The object at the parser's place, depth arrays and objects deep with
 * itself: 1 with it at text[*from, *from + *elen) and *pos after it, or
 * -1 with error set, the reason notobject when it is no object.
 */
static int
walk_object(struct json_parser *ps, int depth, const char *notobject,
    size_t *pos, size_t *from, size_t *elen, struct json_error *error)
{
	const unsigned char *start = ps->p;

	if (ps->p == ps->end || *ps->p != '{') {
		fail(ps, notobject);
		return walk_error(ps, error);
	}
	if (value(ps, depth, NULL, 0) == -1)
		return walk_error(ps, error);
	*from = (size_t)(start - ps->start);
	*elen = (size_t)(ps->p - start);
	*pos = (size_t)(ps->p - ps->start);
	return 1;
}

/*
 * The elements of the JSON array text[0..len), one a call, each of which
 * should be an object: *pos is 0 for the first call and is moved on; the
 * element is text[*from, *from + *elen).  1, 0 after the last, -1 with
 * error set (its offset from the start of text), or 2 for a valid
 * element that is no object (null, a number, an array), passed over,
 * error set to where it starts, for the caller to report and go on.
 */
int
json_array_next(const char *text, size_t len, size_t *pos, size_t *from,
    size_t *elen, struct json_error *error)
{
	struct json_parser ps;
	const unsigned char *start;

	walk_begin(&ps, text, len, *pos);
	if (*pos == 0) {
		if (ps.p == ps.end || *ps.p != '[') {
			fail(&ps, "expected '['");
			return walk_error(&ps, error);
		}
		ps.p++;
		skip_space(&ps);
		if (ps.p < ps.end && *ps.p == ']')
			goto end;
	} else if (ps.p < ps.end && *ps.p == ',') {
		ps.p++;
		skip_space(&ps);
	} else if (ps.p < ps.end && *ps.p == ']')
		goto end;
	else {
		fail(&ps, "expected ',' or ']' in array");
		return walk_error(&ps, error);
	}
	if (ps.p < ps.end && *ps.p != '{') {
		start = ps.p;
		if (value(&ps, 2, NULL, 0) == -1)
			return walk_error(&ps, error);
		if (error != NULL) {
			error->reason = "not a JSON object";
			error->offset = (size_t)(start - ps.start);
		}
		*from = (size_t)(start - ps.start);
		*elen = (size_t)(ps.p - start);
		*pos = (size_t)(ps.p - ps.start);
		return 2;
	}
	return walk_object(&ps, 2, "expected '{' (an array element must be "
	    "one JSON object)", pos, from, elen, error);
end:
	ps.p++;
	skip_space(&ps);
	if (ps.p != ps.end) {
		fail(&ps, "unexpected text after the array");
		return walk_error(&ps, error);
	}
	*pos = len;
	return 0;
}

/*
 * After json_array_next() failed at *pos, the element it failed in
 * passed over as a lenient reading finds it: from its first byte,
 * strings followed to their closing quote (escapes too) and brackets
 * counted outside them, to the bracket that closes the element, or to a
 * ',' outside any (damage between two elements, or none: ",,"); then
 * white space and a ',' or ']' must follow.  1 with *pos there, so that the next call
 * reads on from the element after, and the element skipped at
 * text[*from, *from + *elen); 0 when no such end is found: the damage
 * broke the quotes of its strings, so that nothing after it can be
 * told apart, or the text ends (a file cut short).
 */
int
json_array_skip(const char *text, size_t len, size_t *pos, size_t *from,
    size_t *elen)
{
	struct json_parser ps;
	const unsigned char *start;
	int depth = 0, instring = 0, opened = 0;

	walk_begin(&ps, text, len, *pos);
	if (ps.p < ps.end && *ps.p == (*pos == 0 ? '[' : ',')) {
		ps.p++;
		skip_space(&ps);
		opened = 1;
	}
	for (start = ps.p; ps.p < ps.end; ps.p++) {
		if (instring) {
			if (*ps.p == '\\')
				ps.p++;
			else if (*ps.p == '"')
				instring = 0;
		} else if (*ps.p == '"')
			instring = 1;
		else if (*ps.p == '{' || *ps.p == '[')
			depth++;
		else if (*ps.p == '}' || *ps.p == ']') {
			if (--depth <= 0) {
				ps.p++;
				break;
			}
		} else if (*ps.p == ',' && depth == 0)
			break;
	}
	/*
	 * An empty element (",,") stops at once, after the ',' or '[' that
	 * opened it: passed over the same.
	 */
	if (ps.p >= ps.end || (ps.p == start && (*ps.p != ',' || !opened)))
		return 0;
	*from = (size_t)(start - ps.start);
	*elen = (size_t)(ps.p - start);
	skip_space(&ps);
	if (ps.p == ps.end || (*ps.p != ',' && *ps.p != ']'))
		return 0;
	*pos = (size_t)(ps.p - ps.start);
	return 1;
}

/*
 * The objects of text[0..len) one after another, white space or nothing
 * between them (concatenated JSON, as jq writes and reads it), one a
 * call: *pos is 0 for the first call and is moved on; the object is
 * text[*from, *from + *elen).  1, 0 when only white space is left, -1
 * with error set (its offset from the start of text).
 */
int
json_sequence_next(const char *text, size_t len, size_t *pos, size_t *from,
    size_t *elen, struct json_error *error)
{
	struct json_parser ps;

	walk_begin(&ps, text, len, *pos);
	if (ps.p == ps.end) {
		*pos = len;
		return 0;
	}
	return walk_object(&ps, 1, "expected '{' (each value must be one "
	    "JSON object)", pos, from, elen, error);
}
