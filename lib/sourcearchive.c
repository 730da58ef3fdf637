/*
 * newswire: documents from the members of tar, zip and 7z archives, for
 * source.c.  Each member is read through an input of its own, told by
 * its first bytes as an operand is, and nothing is unpacked to disk.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nw-private.h"

/* Hidden: a name in the path starts with a dot, as directory walks skip. */
static int
hidden(const char *p)
{
	for (;;) {
		if (p[0] == '.' && p[1] != '/' && p[1] != '\0' &&
		    !(p[1] == '.' && (p[2] == '/' || p[2] == '\0')))
			return 1;
		if ((p = strchr(p, '/')) == NULL)
			return 0;
		p++;
	}
}

/*
 * What a member that is not text is, source_content_peek()'s kind of it and
 * head[0..n) its first bytes, as the summary of those skipped names it:
 * "2 PNG image, 1 tar archive".
 */
static const char *
member_kind(int kind, const char *head, size_t n)
{
	const char *what;

	switch (kind) {
	case SNIFF_TAR:
	case SNIFF_TAR_EMPTY:
	case SNIFF_TAR_CUT:
		return "tar archive";
	case SNIFF_ZIP:
		return "zip archive";
	case SNIFF_7Z:
		return "7z archive";
	case SNIFF_ZEROS:
		return "NUL bytes";
	case SNIFF_BINARY:
		if ((what = sniff_binary(head, n)) != NULL)
			return what;
		break;
	}
	if (sniff_codec(head, n) != SNIFF_PLAIN)
		return source_too_deep;
	return "binary data";
}

/*
 * A tar member passed over as hidden, marked for a hard link to it from
 * the first bytes of its data, looked at through any compression, to
 * tell what a member is (source_archive_next()): a document when it is a
 * WARC file, JSON, a web page or text.
 */
static void
hidden_mark(struct source *s)
{
	unsigned char out[SNIFF_SIZE];
	const unsigned char *head;
	const char *what;
	ssize_t n;
	size_t k;
	int kind, mark;

	s->member.data = xreallocarray(s->member.data, SNIFF_SIZE, 1);
	if ((n = archive_reader_peek(s->ar, s->member.data, SNIFF_SIZE)) < 0)
		return;
	s->member.len = (size_t)n;
	head = s->member.data;
	k = s->member.len;
	if (sniff_codec(head, k) != SNIFF_PLAIN) {
		k = sniff_peek(s->member.data, s->member.len, out, sizeof(out));
		head = out;
	}
	kind = sniff_content(head, k, 0);
	what = NULL;
	if (n == 0)
		mark = ARCHIVE_DATA_EMPTY;
	else if (kind == SNIFF_WARC || kind == SNIFF_JSON ||
	    html_detect(head, k) || sniff_text(s->member.data, s->member.len))
		mark = ARCHIVE_DATA_TEXT;
	else {
		mark = ARCHIVE_DATA_BINARY;
		what = member_kind(kind, (const char *)head, k);
	}
	archive_reader_mark(s->ar, mark, what);
}

/* The archive ended inside the member at hand. */
static void
member_cut(struct source *s)
{
	warnx("%s: %s: %s", s->name, archive_reader_member(s->ar),
	    archive_reader_reason(s->ar));
	s->failed = 1;
}

/*
 * The bytes of the member at hand, for the input that reads it.  A
 * member a WARC or JSON reader reads is not read whole first: when the
 * archive ends inside it, that is said as it is met, before what the
 * reader makes of the record or object it cut, as the cut of a
 * compressed file is said before.
 */
static ssize_t
member_read(void *ctx, void *p, size_t n)
{
	struct source *s = ctx;
	ssize_t got;
	int failed = s->member.failed;

	if ((got = source_replay_read(&s->member, p, n)) < 0 && !failed &&
	    s->from != NULL)
		member_cut(s);
	return got;
}

/*
 * Close a member's input: its repairs are reported with the archive's;
 * 0, or -1 when it failed.  The inputs under it, when the member was
 * compressed again (member_layers), are closed before the next member
 * is opened, as are those under a text member's input, which is closed
 * as its document's (document_close()).
 */
int
source_member_close(struct source *s, struct input *in)
{
	input_repairs_move(s->in, in);
	if (input_close(in) == -1) {
		s->failed = 1;
		return -1;
	}
	return 0;
}

/*
 * The member a WARC or JSON reader read is over; with --strict, a line
 * it stopped at ends the archive, as one of a text member does.
 */
static void
member_reader_close(struct source *s)
{
	warc_close(s->warc);
	s->warc = NULL;
	if (source_member_close(s, s->from) == -1 &&
	    (s->opt->input_flags & INPUT_STRICT))
		s->done = 1;
	s->from = NULL;
	s->file = s->name;
	s->format = SOURCE_AUTO;
}

/*
 * A member is read through an input over its data, as an operand is,
 * and told by the same first bytes (source_content_peek()), through any
 * compression, compressed again or not (source_layers_open()), and UTF-16
 * undone: a WARC file or JSON goes to its reader
 * (source_reader_open()) as the operand's input does, its documents named as a
 * loose file's are, the member's id standing for the file's name; an
 * archive in it, or anything that is not text, is skipped and counted.
 *
 * A member that is text or a web page is read whole before its first
 * line is handed out, so that one the archive ends inside is known
 * before any of it is written: dropped, or kept and marked when the
 * options say so, never passed off as complete.  Memory grows with the
 * largest member.  A WARC file or JSON Lines is not: its reader reads
 * it record by record or line by line as it does a file, and a record
 * or line the archive cuts is one the input cut, dropped or kept by the
 * reader's own rules; a cut between two of them takes nothing that was
 * handed out.
 *
 * A tar's hard link shares the data of a member before it, which is a
 * document under that member's name unless it was passed over as
 * hidden: then the link's name is the first to hand it out.  A link to
 * a hidden member that is not text is skipped and counted, one to an
 * empty member gives nothing, as the member would under that name.
 */
int
source_archive_next(struct source *s, struct source_document *d)
{
	struct input *in;
	const char *path, *name, *why, *head, *what;
	time_t t;
	size_t n;
	int rc, have, cut, html, link, kind;

	for (;;) {
		if (s->from != NULL) {
			if (source_reader_next(s, d))
				return 1;
			member_reader_close(s);
			if (s->done)	/* what --strict refuses */
				return 0;
		}
		/* The member before is closed, its input's layers after it. */
		source_layers_close(s, &s->member_layers);
		if ((rc = archive_reader_next(s->ar, &path)) <= 0) {
			if (rc < 0)
				s->failed = 1;
			return 0;
		}
		link = archive_reader_link(s->ar, &what);
		if (*path == '\0' || hidden(path)) {
			if (link == -1)
				hidden_mark(s);
			continue;
		}
		if (link == ARCHIVE_DATA_READ || link == ARCHIVE_DATA_EMPTY)
			continue;
		archive_reader_mark(s->ar, ARCHIVE_DATA_READ, NULL);
		if (link == ARCHIVE_DATA_BINARY) {
			kind_tally_add(&s->binary, what != NULL ? what :
			    "binary data");
			continue;
		}
		buf_clear(&s->id);
		utf8_id_add(&s->id, s->name, strlen(s->name));
		buf_addc(&s->id, ':');
		utf8_id_add(&s->id, path, strlen(path));
		s->member.len = s->member.pos = 0;
		s->member.failed = 0;
		name = buf_cstr(&s->id);
		in = source_layers_open(&s->member_layers, input_open_reader(
		    member_read, s, name, s->opt->input_flags), name,
		    s->opt->input_flags);
		input_set_charset(in, s->opt->charset);
		kind = source_content_peek(in, &head, &n);
		if (kind == SNIFF_WARC || kind == SNIFF_JSON) {
			buf_clear(&s->memberid);
			buf_add(&s->memberid, s->id.data, s->id.len);
			source_reader_open(s, in, kind == SNIFF_WARC ? SOURCE_WARC :
			    SOURCE_JSONL, buf_cstr(&s->memberid));
			if (s->member.failed)
				member_cut(s);
			continue;
		}
		cut = s->member.failed;
		html = kind == SNIFF_TEXT && html_detect(head, n);
		/*
		 * Compressed more times over than source_layers_open() undoes is
		 * not text, as an archive in it is not.
		 */
		if (n > 0 && !html && (kind != SNIFF_TEXT ||
		    sniff_codec(head, n) != SNIFF_PLAIN ||
		    !sniff_text(head, n))) {
			if (cut) {
				warnx("%s: %s: %s", s->name, path,
				    archive_reader_reason(s->ar));
				s->failed = 1;
			} else
				kind_tally_add(&s->binary,
				    member_kind(kind, head, n));
			(void)source_member_close(s, in);
			continue;
		}
		if (!cut)
			cut = source_replay_fill_all(&s->member) == -1;
		if (cut) {
			s->failed = 1;
			why = archive_reader_reason(s->ar);
			if (!s->opt->keep_truncated || n == 0) {
				warnx("%s: %s: %s: document dropped", s->name,
				    path, why);
				(void)source_member_close(s, in);
				continue;
			}
			warnx("%s: %s: %s: document kept as truncated=1",
			    s->name, path, why);
		} else if (n == 0) {
			(void)source_member_close(s, in);
			continue;
		}
		if (html) {
			rc = source_page_read(s, source_stream_read, in, NULL,
			    input_utf16(in));
			(void)source_member_close(s, in);
			if (!rc) {
				if (s->done)	/* a page --strict refuses */
					return 0;
				continue;
			}
		}
		have = archive_reader_mtime(s->ar, &t);
		source_meta_file(s, have, t);
		if (html)
			source_document_open(s, d, source_text_read, s);
		else
			source_document_start(s, d, in);
		d->truncated = cut;
		return 1;
	}
}

/*
 * Archives are read from the uncompressed stream, or straight from the
 * file when it is a plain one, so that members can be seeked past and a
 * zip or 7z directory found at the end.
 */
int
source_archive_open(struct source *s, int format)
{
	static const int kinds[] = {
		[SOURCE_TAR] = ARCHIVE_READER_TAR,
		[SOURCE_ZIP] = ARCHIVE_READER_ZIP,
		[SOURCE_7Z] = ARCHIVE_READER_7Z
	};
	int plain = input_codec(s->in) == SNIFF_PLAIN;

	if (plain && s->regular)
		s->ar = archive_reader_open_file(s->fd, s->base, s->name,
		    kinds[format]);
	else if (format == SOURCE_7Z) {
		warnx("%s: a 7z archive must be read from a file, not %s "
		    "(its directory is at the end)", s->name,
		    plain ? "a pipe" : "through decompression");
		return -1;
	} else
		s->ar = archive_reader_open(source_stream_read, s->in, s->name,
		    kinds[format]);
	if (s->ar == NULL)
		return -1;
	/* A compressed file: a hard link's data is read again from it. */
	if (!plain && s->regular)
		archive_reader_reread(s->ar, s->fd, s->base);
	s->member.fn = archive_reader_read;
	s->member.ctx = s->ar;
	s->archive = 1;
	return 0;
}
