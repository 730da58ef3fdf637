/* newswire: reading and writing records (see newswire(7)). */
#include <string.h>

#include "nw-private.h"

/*
 * The first field is the id, the last the text; whatever lies between is
 * metadata, kept as one span with its inner TABs.  A line with no TAB is
 * a bare text record belonging to the document named after its input.
 */
static void
record_parse(struct input *in, struct record *r, const char *line, size_t len)
{
	const char *first, *last, *p;

	if ((first = memchr(line, '\t', len)) == NULL) {
		r->id = input_id(in);
		r->idlen = strlen(r->id);
		r->meta = NULL;
		r->metalen = 0;
		r->text = line;
		r->textlen = len;
		r->nfields = 1;
		return;
	}
	last = memrchr(line, '\t', len);
	r->id = line;
	r->idlen = (size_t)(first - line);
	r->text = last + 1;
	r->textlen = len - (size_t)(r->text - line);
	r->nfields = 2;
	if (last == first) {
		r->meta = NULL;
		r->metalen = 0;
	} else {
		r->meta = first + 1;
		r->metalen = (size_t)(last - r->meta);
		for (p = r->meta; p < last; p++)
			if (*p == '\t')
				r->nfields++;
		r->nfields++;
	}
}

int
record_next(struct input *in, struct record *r)
{
	char *line;
	size_t len;

	if ((line = input_line(in, &len)) == NULL)
		return input_failed(in) ? -1 : 0;
	record_parse(in, r, line, len);
	return 1;
}

/*
 * With INPUT_UTF8_LATER: the record just read, its line made valid UTF-8
 * and its C1 controls mended, as record_next() gives it otherwise.
 */
void
record_repair(struct input *in, struct record *r)
{
	char *line = (char *)(r->nfields == 1 ? r->text : r->id);
	size_t len = (size_t)(r->text + r->textlen - line);

	line = input_line_repair(in, line, &len);
	record_parse(in, r, line, len);
}

/* 1 if the fields before the text are valid UTF-8 with no C1 control. */
int
record_head_clean(const struct record *r)
{
	size_t len;

	if (r->nfields == 1)
		return 1;
	len = (size_t)(r->text - r->id);
	return utf8_valid_prefix(r->id, len) == len && !utf8_has_c1(r->id, len);
}

/*
 * A blank bare line: it stays one where a tool would add its id or a
 * field, since a record with fields always has text (newswire(7)).
 */
static int
record_blank(const struct record *r)
{
	return r->nfields == 1 && r->textlen == 0;
}

void
record_write_head(const struct record *r)
{
	if (r->nfields == 1)
		return;
	out_write(r->id, r->idlen);
	out_putc('\t');
	if (r->meta != NULL) {
		out_write(r->meta, r->metalen);
		out_putc('\t');
	}
}

void
record_write(const struct record *r, const char *text, size_t len)
{
	record_write_head(r);
	out_write(text, len);
	out_putc('\n');
}

/*
 * r whole as one line, appended to b, for a tool that moves records to
 * another file: there the name of the input would no longer name a bare
 * record's document, so a bare record gains its id, as with
 * record_write_meta().
 */
void
record_add(struct buf *b, const struct record *r)
{
	if (record_blank(r)) {
		buf_addc(b, '\n');
		return;
	}
	buf_add(b, r->id, r->idlen);
	buf_addc(b, '\t');
	if (r->meta != NULL) {
		buf_add(b, r->meta, r->metalen);
		buf_addc(b, '\t');
	}
	buf_add(b, r->text, r->textlen);
	buf_addc(b, '\n');
}

/*
 * Named metadata.  Fields that tools add to a stream are written
 * NAME=VALUE, just before the text, so that a later tool finds its field
 * wherever earlier tools put theirs, and positional fields (nw-split's
 * unit, --meta values) keep their places.  NAME is [a-z][a-z0-9-]*.  When
 * a name occurs twice the last one counts: a tool run twice over a stream
 * appends a fresh value rather than rewriting a field in place.
 */
/* Whether name is a NAME as above. */
int
record_meta_name_ok(const char *name)
{
	const char *p;

	if (*name < 'a' || *name > 'z')
		return 0;
	for (p = name + 1; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	return 1;
}

int
record_meta_get(const struct record *r, const char *name, const char **val,
    size_t *vallen)
{
	const char *p, *end, *field, *fend;
	size_t namelen = strlen(name);
	int found = 0;

	if (r->meta == NULL)
		return 0;
	p = r->meta;
	end = r->meta + r->metalen;
	while (p <= end) {
		field = p;
		if ((fend = memchr(p, '\t', (size_t)(end - p))) == NULL)
			fend = end;
		if ((size_t)(fend - field) > namelen &&
		    memcmp(field, name, namelen) == 0 && field[namelen] == '=') {
			*val = field + namelen + 1;
			*vallen = (size_t)(fend - *val);
			found = 1;
		}
		p = fend + 1;
	}
	return found;
}

void
record_write_meta(const struct record *r, const char *name, const char *val,
    size_t vallen, const char *text, size_t len)
{
	if (record_blank(r) && len == 0) {
		out_putc('\n');
		return;
	}
	out_write(r->id, r->idlen);
	out_putc('\t');
	if (r->meta != NULL) {
		out_write(r->meta, r->metalen);
		out_putc('\t');
	}
	out_puts(name);
	out_putc('=');
	out_write(val, vallen);
	out_putc('\t');
	out_write(text, len);
	out_putc('\n');
}
