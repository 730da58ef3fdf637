/*
 * newswire: the source a document id names.
 *
 * nw-clean keeps its repeat table per source, nw-shard --key source
 * keeps a source's documents in one shard, and nw-trend's report counts
 * documents per source: one rule, here, so that the three agree on what
 * one source is.  The source of a URL id is its host as the URL means
 * it: a host name is case-insensitive and a user name or port does not
 * make another host, so they are dropped and the name lower-cased, and
 * so is the final dot of a fully qualified name ("example.com."); an
 * IPv6 literal, "[2001:db8::1]", is taken whole, colons and all.
 *
 * The directory an id names (id_directory()) is nw-topic-train's label
 * of a document: the id read as nw-split writes ids, path, archive
 * member or URL, here beside the source for the same reason.
 *
 * Most ids are URLs and most hosts are in lower case already, so the
 * source is a span of the id, copied only when it has a capital letter,
 * into a buffer the caller keeps: nothing is allocated per document.
 */
#include <string.h>
#include <strings.h>

#include "nw.h"

/* A letter, digit, '+', '-' or '.': what a URL scheme is made of. */
static int
scheme_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/*
 * The host in an authority [user@]host[:port], with h and end the
 * authority's bounds; a '[' opens an IPv6 literal, up to its ']', and
 * without one there is no host.
 */
static void
authority_host(const char *h, const char *end, const char **host,
    size_t *len)
{
	const char *p;

	if ((p = memrchr(h, '@', (size_t)(end - h))) != NULL)
		h = p + 1;
	if (h < end && *h == '[') {
		if ((p = memchr(h, ']', (size_t)(end - h))) != NULL)
			end = p + 1;
		else
			end = h;
	} else {
		if ((p = memchr(h, ':', (size_t)(end - h))) != NULL)
			end = p;
		/* "example.com." is the same host, fully qualified. */
		if (end - h > 1 && end[-1] == '.')
			end--;
	}
	*host = h;
	*len = (size_t)(end - h);
}

/*
 * The source of the document with this id: the host of a URL id
 * ("scheme://[user@]host[:port]/..."), in lower case; else the part of
 * the id before its first ':' or '#' (an archive, WARC or JSON Lines
 * dump as nw-split names its documents); else the directory of a path
 * id (corpus/CLASS//file's is corpus/CLASS); else input, the name of
 * the input, when it is not NULL.  A host with a capital letter is
 * written lower-cased into lower, which *src then points into;
 * otherwise *src points into the id or at input.  Returns 1, or 0 when
 * there is no source (input NULL, and no rule applies).  The source may
 * be empty: a URL with no host ("file:///", "http://"), ":x".
 */
int
id_source(const char *id, size_t idlen, const char *input,
    struct buf *lower, const char **src, size_t *srclen)
{
	const char *p, *end = id + idlen, *h;
	size_t i, n;

	p = memchr(id, ':', idlen);
	if (p != NULL && end - p >= 3 && p[1] == '/' && p[2] == '/' &&
	    p > id) {
		for (i = 0; id + i < p; i++)
			if (!scheme_char((unsigned char)id[i]))
				break;
		if (id + i == p) {
			h = p + 3;
			for (p = h; p < end && *p != '/' && *p != '?' &&
			    *p != '#'; p++)
				;
			authority_host(h, p, src, srclen);
			h = *src;
			n = *srclen;
			for (i = 0; i < n; i++)
				if (h[i] >= 'A' && h[i] <= 'Z')
					break;
			if (i == n)
				return 1;
			buf_clear(lower);
			buf_reserve(lower, n);
			for (i = 0; i < n; i++)
				lower->data[i] = h[i] >= 'A' && h[i] <= 'Z' ?
				    (char)(h[i] - 'A' + 'a') : h[i];
			lower->len = n;
			*src = lower->data;
			return 1;
		}
	}
	for (p = id; p < end; p++)
		if (*p == ':' || *p == '#') {
			*src = id;
			*srclen = (size_t)(p - id);
			return 1;
		}
	if ((p = memrchr(id, '/', idlen)) != NULL) {
		/*
		 * Empty and "." names before the file are passed over, as
		 * the path passes them: corpus/CLASS//file and
		 * corpus/CLASS/./file are corpus/CLASS's.
		 */
		for (;;) {
			if (p > id && p[-1] == '/')
				p--;
			else if (p - id >= 2 && p[-1] == '.' && p[-2] == '/')
				p -= 2;
			else
				break;
		}
		*src = id;
		*srclen = (size_t)(p - id);
		return 1;
	}
	if (input == NULL)
		return 0;
	*src = input;
	*srclen = strlen(input);
	return 1;
}

/*
 * Whether the name that ends at end is an archive's, so that a ':' after
 * it ends the archive's name in an id: its last component is '-'
 * (standard input) or ends in an archive's suffix, any case.  nw-split
 * tells an archive by its bytes, but an id keeps only its name, and a
 * ':' may be in a directory's name as well (corpus/uk:sport/1.txt).
 */
static int
archive_name(const char *start, const char *end)
{
	static const char *const suffixes[] = {
		".tar", ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst",
		".tar.lz", ".tar.lz4", ".tar.lzma", ".tar.z", ".tgz", ".taz",
		".txz", ".tbz", ".tbz2", ".tzst", ".tlz", ".zip", ".7z"
	};
	const char *name;
	size_t i, n, sl;

	for (name = end; name > start && name[-1] != '/'; name--)
		;
	n = (size_t)(end - name);
	if (n == 1 && *name == '-')
		return 1;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		sl = strlen(suffixes[i]);
		if (n > sl && strncasecmp(end - sl, suffixes[i], sl) == 0)
			return 1;
	}
	return 0;
}

/*
 * The directory an id names, as nw-split writes ids: the name before its
 * last '/' (corpus/CLASS/file gives CLASS), empty and "." names passed
 * over as the path passes them (corpus/CLASS//file, corpus/CLASS/./file).
 * An archive member's id is ARCHIVE:MEMBER, and the name stops at that
 * ':', as if the archive were unpacked where it is (dump.tar.gz:CLASS/file
 * gives CLASS); any other ':' is part of the name (corpus/uk:CLASS/file
 * gives uk:CLASS); a JSON record's ":LINE" and a WARC record's "#N" come
 * after the last '/'.  A URL id names the directories of its path, after
 * the host and before a query or a fragment
 * (https://host/news/CLASS/page?ref=/a/b gives CLASS; https://host/page#a/b,
 * none).
 */
int
id_directory(const char *id, size_t idlen, const char **val, size_t *len)
{
	const char *p, *start = id, *end = id + idlen, *slash;
	int url = 0;

	for (p = id; p < end && scheme_char((unsigned char)*p); p++)
		;
	if (p > id && end - p > 3 && memcmp(p, "://", 3) == 0) {
		/* The path ends where a query or a fragment begins. */
		for (start = p + 3; start < end && *start != '?' &&
		    *start != '#'; start++)
			;
		end = start;
		if ((start = memchr(p + 3, '/', (size_t)(end - p - 3))) == NULL)
			return 0;
		url = 1;
	}
	if ((slash = memrchr(start, '/', (size_t)(end - start))) == NULL)
		return 0;
	for (;;) {
		for (p = slash; p > start && p[-1] != '/' && (url ||
		    p[-1] != ':' || !archive_name(start, p - 1)); p--)
			;
		/*
		 * An empty or '.' component names the directory before it:
		 * nw-split corpus/sport// writes corpus/sport//001.txt.
		 */
		if ((slash - p == 1 && *p == '.') || slash == p) {
			if (p == start || p[-1] != '/')
				return 0;
			slash = p - 1;
			continue;
		}
		break;
	}
	*val = p;
	*len = (size_t)(slash - p);
	return 1;
}
