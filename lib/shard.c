/* newswire: which shard a document belongs to. */
#include <string.h>

#include "nw.h"

/*
 * Per-document tools (nw-count --df, nw-topic-score, nw-clean, nw-dedup)
 * give the same answers over shards as over the whole stream only when no
 * document is cut between shards, so a shard is a set of whole documents,
 * chosen by a hash of a key of the document: its id, or the source the id
 * names (for nw-clean, whose repeat table is kept per source).
 *
 * The hash must give the same shard on every machine of a cluster, with
 * any build, for ever: FNV-1a over the key's bytes, defined byte by byte
 * (no word loads, so no dependence on byte order), then a final mix so
 * that the low bits used by the modulo depend on every byte.
 */
uint64_t
shard_hash(const char *key, size_t len)
{
	const unsigned char *s = (const unsigned char *)key;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/*
 * The source of a document id: the host of a URL ("https://www.Example.org:
 * 8080/a" gives "Example.org": port and a leading "www." dropped; hosts
 * are to be compared without case); for any other id, the id up to its
 * first '#' or ':' (the file or archive a document came from).
 */
void
id_source(const char *id, size_t len, const char **src, size_t *srclen)
{
	const char *p, *end = id + len, *host;
	size_t i;

	for (p = id; p < end && p - id < 16; p++)
		if (*p == ':' || *p == '/')
			break;
	if (p + 2 < end && *p == ':' && p[1] == '/' && p[2] == '/') {
		host = p + 3;
		for (p = host; p < end && *p != '/' && *p != ':' &&
		    *p != '?' && *p != '#'; p++)
			;
		if (p - host > 4 && strncasecmp(host, "www.", 4) == 0)
			host += 4;
		*src = host;
		*srclen = (size_t)(p - host);
		return;
	}
	for (i = 0; i < len; i++)
		if (id[i] == '#' || id[i] == ':')
			break;
	*src = id;
	*srclen = i > 0 ? i : len;
}
