/* newswire: which shard a document belongs to. */
#include <string.h>

#include "nw.h"

/*
 * Per-document tools (nw-count --df, nw-topic-score, nw-clean, nw-dedup)
 * give the same answers over shards as over the whole stream only when no
 * document is cut between shards, so a shard is a set of whole documents,
 * chosen by a hash of a key of the document: its id, or the source the id
 * names as id_source() tells it (nw-clean's repeat table is kept per
 * source, so a source must not be cut either).
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
