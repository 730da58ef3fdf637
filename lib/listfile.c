/*
 * newswire: list files, one entry a line (stopword lists, abbreviation
 * rules, topic files).
 *
 * The grammar is one, wherever a list is read: blank lines are skipped;
 * a '#' at the start of a line or after a blank begins a comment that
 * runs to the end of the line; blanks around an entry are trimmed and
 * blanks inside it kept (an entry may be a phrase).  With LIST_QUOTES a
 * '#' between double quotes is part of the entry ("c# code").
 *
 * A list is configuration, read whole before any input: its size is
 * bounded (LIST_MAX decompressed bytes), so that a wrong path such as
 * /dev/zero or a runaway pipe is an error and not all of memory.  The
 * operand goes through input_open(), so a list may be compressed and is
 * repaired to valid UTF-8 like any input (or rejected, INPUT_STRICT: in
 * UTF-16 or UTF-32 too, whose faults only the first reading sees).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

struct listfile {
	struct buf	 text;		/* the whole file, decompressed */
	size_t		 pos;		/* of what list_read() hands out next */
	struct input	*lines;		/* the text cut into lines */
	int		 flags;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

size_t
list_entry(const char *line, size_t len, int flags, const char **entry)
{
	const char *p, *end = line + len;
	int quoted = 0;

	for (p = line; p < end; p++) {
		if (*p == '"' && (flags & LIST_QUOTES))
			quoted = !quoted;
		else if (*p == '#' && !quoted &&
		    (p == line || is_blank((unsigned char)p[-1])))
			break;
	}
	end = p;
	while (line < end && is_blank((unsigned char)*line))
		line++;
	while (end > line && is_blank((unsigned char)end[-1]))
		end--;
	*entry = line;
	return (size_t)(end - line);
}

/* The file's text, to the line reader. */
static ssize_t
list_read(void *arg, void *p, size_t n)
{
	struct listfile *lf = arg;

	if (n > lf->text.len - lf->pos)
		n = lf->text.len - lf->pos;
	if (n > 0)
		memcpy(p, lf->text.data + lf->pos, n);
	lf->pos += n;
	return (ssize_t)n;
}

/*
 * The file is read whole before a line is cut, so that one too large is
 * refused with one message, before any of it is taken for entries.  What
 * names the kind of list in that message ("topic file").
 */
struct listfile *
listfile_open(const char *path, int flags, const char *what)
{
	struct listfile *lf;
	struct input *in;
	ssize_t n;

	if ((in = input_open(path, flags & INPUT_STRICT)) == NULL)
		return NULL;
	lf = xcalloc(1, sizeof(*lf));
	lf->flags = flags;
	do {
		buf_reserve(&lf->text, 64 * 1024);
		n = input_read(in, lf->text.data + lf->text.len,
		    lf->text.cap - lf->text.len - 1);
		if (n > 0)
			lf->text.len += (size_t)n;
		if (lf->text.len > LIST_MAX) {
			warnx("%s: %s larger than %d MiB", path, what,
			    LIST_MAX >> 20);
			n = -1;
		}
	} while (n > 0);
	if (input_close(in) == -1 || n < 0) {
		buf_free(&lf->text);
		free(lf);
		return NULL;
	}
	lf->lines = input_open_reader(list_read, lf, path,
	    flags & (INPUT_STRICT | INPUT_EACH_LINE));
	return lf;
}

const char *
listfile_next(struct listfile *lf, size_t *lenp)
{
	const char *entry;
	char *line;
	size_t len, n;

	while ((line = input_line(lf->lines, &len)) != NULL) {
		if ((n = list_entry(line, len, lf->flags, &entry)) == 0)
			continue;
		((char *)entry)[n] = '\0';
		*lenp = n;
		return entry;
	}
	return NULL;
}

const char *
listfile_name(const struct listfile *lf)
{
	return input_name(lf->lines);
}

uint64_t
listfile_lineno(const struct listfile *lf)
{
	return input_lineno(lf->lines);
}

int
listfile_close(struct listfile *lf)
{
	int rc;

	rc = input_close(lf->lines);
	buf_free(&lf->text);
	free(lf);
	return rc;
}
