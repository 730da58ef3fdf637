/*
 * newswire: topic files, parsed into the trie of entries that
 * topicmatch.c matches (see there for how).  A line is
 * "[WEIGHT] [weak] TERM"; its words are folded and cut as the pipeline
 * folds and cuts text, so that entries meet tokens as they arrive.
 */
#include <err.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

struct topic_set *
topic_set_new(void)
{
	struct topic_set *s;

	s = xcalloc(1, sizeof(*s));
	s->words = strtab_new(1024);
	s->prefixes = strtab_new(64);
	s->nodescap = 1024;
	s->node_entry = xreallocarray(NULL, s->nodescap, sizeof(uint32_t));
	s->node_kids = xreallocarray(NULL, s->nodescap, sizeof(uint32_t));
	s->node_entry[0] = TOPIC_NONE;
	s->node_kids[0] = 0;
	s->nnodes = 1;
	s->edgemask = 1023;
	s->edges = xcalloc(s->edgemask + 1, sizeof(*s->edges));
	return s;
}

void
topic_set_free(struct topic_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntopics; i++) {
		free(s->topics[i].name);
		free(s->topics[i].path);
	}
	free(s->topics);
	free(s->entries);
	buf_free(&s->texts);
	strtab_free(s->words);
	strtab_free(s->prefixes);
	free(s->node_entry);
	free(s->node_kids);
	free(s->root_child);
	free(s->edges);
	words_free(s->contract);
	buf_free(&s->line);
	buf_free(&s->word);
	buf_free(&s->text);
	free(s->syms);
	free(s);
}

size_t
topic_set_count(const struct topic_set *s)
{
	return s->ntopics;
}

const char *
topic_set_name(const struct topic_set *s, uint32_t t)
{
	return s->topics[t].name;
}

const char *
topic_set_path(const struct topic_set *s, uint32_t t)
{
	return s->topics[t].path;
}

size_t
topic_set_entries(const struct topic_set *s, uint32_t t)
{
	return s->topics[t].nentries;
}

/* A new, empty topic; returns its index. */
uint32_t
topic_set_add_topic(struct topic_set *s, const char *name, const char *path)
{
	struct topic *t;
	struct buf shown = { 0 };

	if (s->ntopics >= TOPIC_NONE - 1)
		errx(NW_EXIT_FAIL, "too many topics");
	if (s->ntopics == s->topicscap) {
		s->topicscap = s->topicscap ? s->topicscap * 2 : 32;
		s->topics = xreallocarray(s->topics, s->topicscap,
		    sizeof(*s->topics));
	}
	t = &s->topics[s->ntopics];
	t->name = xstrdup(name);
	/*
	 * Kept for --list, which writes it as the last field of a line: as
	 * an id is shown, so that a TAB, a newline or invalid UTF-8 in a
	 * directory's name cannot break the line or its UTF-8.
	 */
	utf8_id_add(&shown, path, strlen(path));
	t->path = xstrndup(shown.data != NULL ? shown.data : "", shown.len);
	buf_free(&shown);
	t->nentries = t->nstrong = t->npositive = 0;
	t->bias = 0;
	t->biasline = 0;
	return (uint32_t)s->ntopics++;
}

static uint32_t
node_new(struct topic_set *s)
{
	if (s->nnodes >= TOPIC_NODES_MAX)
		errx(NW_EXIT_FAIL, "too many topic entries");
	if (s->nnodes == s->nodescap) {
		s->nodescap *= 2;
		s->node_entry = xreallocarray(s->node_entry, s->nodescap,
		    sizeof(uint32_t));
		s->node_kids = xreallocarray(s->node_kids, s->nodescap,
		    sizeof(uint32_t));
	}
	s->node_entry[s->nnodes] = TOPIC_NONE;
	s->node_kids[s->nnodes] = 0;
	return (uint32_t)s->nnodes++;
}


static void
edge_put(struct topic_set *s, uint32_t node, uint32_t sym, uint32_t child)
{
	struct topic_edge *old;
	size_t oldn, i, j, cap;

	s->node_kids[node]++;
	if (node == 0) {
		if (sym >= s->rootcap) {
			cap = s->rootcap ? s->rootcap : 256;
			while (cap <= sym)
				cap *= 2;
			s->root_child = xreallocarray(s->root_child, cap,
			    sizeof(uint32_t));
			memset(s->root_child + s->rootcap, 0,
			    (cap - s->rootcap) * sizeof(uint32_t));
			s->rootcap = cap;
		}
		s->root_child[sym] = child;
		return;
	}
	if ((s->nedges + 1) * 2 > s->edgemask + 1) {	/* misses stay short */
		old = s->edges;
		oldn = s->edgemask + 1;
		s->edgemask = oldn * 2 - 1;
		s->edges = xcalloc(oldn * 2, sizeof(*s->edges));
		for (i = 0; i < oldn; i++) {
			if (old[i].child == 0)
				continue;
			for (j = topic_edge_hash(old[i].key) & s->edgemask;
			    s->edges[j].child != 0; j = (j + 1) & s->edgemask)
				;
			s->edges[j] = old[i];
		}
		free(old);
	}
	for (i = topic_edge_hash((uint64_t)node << 32 | sym) & s->edgemask;
	    s->edges[i].child != 0; i = (i + 1) & s->edgemask)
		;
	s->edges[i].key = (uint64_t)node << 32 | sym;
	s->edges[i].child = child;
	s->nedges++;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* [+-]digits[.digits] or [+-].digits: nothing strtod would read more. */
static int
is_number(const char *p, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (p[i] == '+' || p[i] == '-'))
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		digits++;
	if (i < n && p[i] == '.')
		for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			digits++;
	return i == n && digits > 0;
}

static size_t
utf8_chars(const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			k++;
	return k;
}

/* The value of a field that is_number() accepted, whatever the locale. */
static double
number_value(const char *p, size_t n)
{
	double v = 0, scale = 1;
	size_t i = 0;
	int neg = 0;

	if (p[i] == '+' || p[i] == '-')
		neg = p[i++] == '-';
	for (; i < n && p[i] != '.'; i++)
		v = v * 10 + (p[i] - '0');
	for (i++; i < n; i++) {
		scale /= 10;
		v += (p[i] - '0') * scale;
	}
	return neg ? -v : v;
}

/* What a line says, before its words become symbols. */
struct entry_line {
	int		 isbias;	/* "@bias B": B from term to end */
	double		 weight;
	int		 weak;
	int		 quoted;
	const char	*term;		/* NULL: a blank line or a comment */
	const char	*end;
};

/*
 * Whether field k of the line as written (before folding) is word: the
 * directive and the marker are words only as written, "@BIAS" and
 * "Weak" are terms.
 */
static int
written_field_is(const char *line, size_t len, size_t k, const char *word)
{
	const char *p = line, *end = line + len, *q;
	size_t n = strlen(word);

	for (;;) {
		while (p < end && is_blank((unsigned char)*p))
			p++;
		if (p == end)
			return 0;
		for (q = p; q < end && !is_blank((unsigned char)*q); q++)
			;
		if (k-- == 0)
			return (size_t)(q - p) == n && memcmp(p, word, n) == 0;
		p = q;
	}
}

/*
 * Cut the folded line into at most two leading fields (weight, marker)
 * and the term, the rest of the line; written is the line as written.
 * NULL, or what is wrong.
 */
static const char *
entry_fields(struct topic_set *s, struct entry_line *el, const char *written,
    size_t writtenlen)
{
	struct field {
		const char	*p;
		size_t		 n;
	} f[3];
	const char *p, *end, *q, *w;
	size_t nf = 0, i = 0, n;

	memset(el, 0, sizeof(*el));
	el->weight = 1.0;
	/* The comment goes after folding: a full-width '#' is one too. */
	n = list_entry(s->line.data, s->line.len, LIST_QUOTES, &p);
	end = p + n;
	for (;;) {
		while (p < end && is_blank((unsigned char)*p))
			p++;
		if (p == end)
			break;
		if (nf == 2 || *p == '"') {
			f[nf].p = p;
			f[nf].n = (size_t)(end - p);
			nf++;
			break;
		}
		for (q = p; q < end && !is_blank((unsigned char)*q); q++)
			;
		f[nf].p = p;
		f[nf].n = (size_t)(q - p);
		nf++;
		p = q;
	}
	if (nf == 0)
		return NULL;
	if (nf == 2 && f[0].n == 5 && memcmp(f[0].p, "@bias", 5) == 0 &&
	    written_field_is(written, writtenlen, 0, "@bias")) {
		el->isbias = 1;
		el->term = f[1].p;
		el->end = f[1].p + f[1].n;
		return NULL;
	}
	if (nf - i >= 2 && is_number(f[i].p, f[i].n)) {
		el->weight = number_value(f[i].p, f[i].n);
		if (el->weight == 0)
			return "zero weight";
		if (fabs(el->weight) > TOPIC_WEIGHT_MAX)
			return "weight out of range (-100 to 100)";
		i++;
	}
	if (nf - i >= 2 && f[i].n == 4 && memcmp(f[i].p, "weak", 4) == 0 &&
	    written_field_is(written, writtenlen, i, "weak")) {
		el->weak = 1;
		i++;
	}
	p = f[i].p;
	end = i + 1 < nf ? f[nf - 1].p + f[nf - 1].n : f[i].p + f[i].n;
	if (*p == '"') {
		if ((q = memchr(p + 1, '"', (size_t)(end - p - 1))) == NULL)
			return "unterminated quote";
		for (w = q + 1; w < end && is_blank((unsigned char)*w); w++)
			;
		if (w < end)
			return "text after the closing quote";
		p++;
		end = q;
		el->quoted = 1;
	}
	el->term = p;
	el->end = end;
	return NULL;
}

/* One symbol of the term: an interned word, or a prefix. */
static void
entry_symbol(struct topic_set *s, const char *w, size_t n, int prefix,
    size_t *nsyms)
{
	uint32_t id;

	if (prefix) {
		id = strtab_intern(s->prefixes, w, n, NULL);
		if (s->prefix_min == 0 || n < s->prefix_min)
			s->prefix_min = n;
		if (n > s->prefix_max)
			s->prefix_max = n;
	} else
		id = strtab_intern(s->words, w, n, NULL);
	if (id >= 1u << 29)
		errx(NW_EXIT_FAIL, "too many topic words");
	if (*nsyms == s->symscap) {
		s->symscap = s->symscap ? s->symscap * 2 : 16;
		s->syms = xreallocarray(s->syms, s->symscap, sizeof(*s->syms));
	}
	s->syms[(*nsyms)++] = id * 2 + (prefix ? 1 : 0);
	if (s->text.len > 0)
		buf_addc(&s->text, ' ');
	buf_add(&s->text, w, n);
	if (prefix)
		buf_addc(&s->text, '*');
}

/*
 * The term's words to symbols in s->syms, and the entry text with single
 * spaces in s->text.  Each word is cut as nw-tokenize -l -w cuts text
 * ("Libya's" is "libya" and "'s"), so that entries meet tokens as they
 * arrive; a clitic already written apart ("libya 's") stays as it is.
 */
static const char *
entry_symbols(struct topic_set *s, const struct entry_line *el,
    size_t *nsyms)
{
	const char *w, *wend, *q, *t0, *t1, *end = el->end;
	size_t wlen, ntokens;
	int prefix, blank = 1;

	buf_clear(&s->text);
	*nsyms = 0;
	for (w = el->term; ; w = wend) {
		while (w < end && is_blank((unsigned char)*w))
			w++;
		if (w == end)
			break;
		blank = 0;
		for (wend = w; wend < end && !is_blank((unsigned char)*wend);
		    wend++)
			;
		wlen = (size_t)(wend - w);
		/* Quoted, a '*' is text, which the cut drops. */
		q = el->quoted ? NULL : memchr(w, '*', wlen);
		prefix = q != NULL;
		if (prefix && q != wend - 1)
			return "'*' is allowed only at the end of a word";
		buf_clear(&s->word);
		if (!prefix && (*w == '\'' || (wlen == 3 &&
		    memcmp(w, "n't", 3) == 0))) {
			/* A clitic written apart, as the tokenizer splits it. */
			buf_add(&s->word, w, wlen);
			ntokens = 1;
		} else
			ntokens = words_cut(s->contract, &s->word, w,
			    wlen - prefix);
		if (prefix && ntokens == 0)
			return "no word before the '*'";
		if (prefix && ntokens != 1)
			return "a prefix must be one word";
		if (prefix && utf8_chars(s->word.data, s->word.len) <
		    TOPIC_PREFIX_MIN)
			return "prefix shorter than 3 characters";
		for (t0 = s->word.data; ntokens > 0; t0 = t1 + 1) {
			t1 = memchr(t0, ' ', (size_t)(s->word.data +
			    s->word.len - t0));
			if (t1 == NULL)
				t1 = s->word.data + s->word.len;
			entry_symbol(s, t0, (size_t)(t1 - t0), prefix, nsyms);
			if (t1 == s->word.data + s->word.len)
				break;
		}
	}
	if (*nsyms == 0)
		return el->quoted && blank ? "empty quoted term" :
		    "no word in the term";
	return NULL;
}

/*
 * "@bias B": evidence of B that every document has, for topics learned
 * by nw-topic-train whose decision is "score above 0".
 */
static const char *
entry_bias(struct topic_set *s, uint32_t t, const struct entry_line *el,
    uint64_t lineno)
{
	struct topic *tp = &s->topics[t];
	size_t n = (size_t)(el->end - el->term);

	if (tp->biasline != 0) {
		snprintf(s->why, sizeof(s->why), "second @bias "
		    "(first at line %" PRIu64 ")", tp->biasline);
		return s->why;
	}
	if (!is_number(el->term, n))
		return "@bias needs a number";
	tp->bias = number_value(el->term, n);
	if (fabs(tp->bias) > TOPIC_BIAS_MAX)
		return "bias out of range (-1000 to 1000)";
	tp->biasline = lineno;
	return NULL;
}

/* The entry at the end of its path down the trie, adding what is missing. */
static const char *
entry_add(struct topic_set *s, uint32_t t, const struct entry_line *el,
    size_t nsyms, uint64_t lineno)
{
	struct topic_entry *e;
	struct topic *tp = &s->topics[t];
	uint32_t node = 0, k;
	size_t i;

	for (i = 0; i < nsyms; i++) {
		if ((k = topic_edge_get(s, node, s->syms[i])) == 0) {
			k = node_new(s);
			edge_put(s, node, s->syms[i], k);
		}
		node = k;
	}
	for (k = s->node_entry[node]; k != TOPIC_NONE; k = s->entries[k].next)
		if (s->entries[k].topic == t) {
			snprintf(s->why, sizeof(s->why),
			    "duplicate entry (first at line %llu)",
			    (unsigned long long)s->entries[k].line);
			return s->why;
		}
	if (s->nentries >= TOPIC_NONE - 1 ||
	    s->texts.len + s->text.len >= TOPIC_NONE)
		errx(NW_EXIT_FAIL, "too many topic entries");
	if (s->nentries == s->entriescap) {
		s->entriescap = s->entriescap ? s->entriescap * 2 : 256;
		s->entries = xreallocarray(s->entries, s->entriescap,
		    sizeof(*s->entries));
	}
	e = &s->entries[s->nentries];
	e->weight = el->weight;
	e->topic = t;
	e->weak = el->weak;
	e->line = lineno;
	e->text = (uint32_t)s->texts.len;
	e->textlen = (uint32_t)s->text.len;
	buf_add(&s->texts, s->text.data, s->text.len);
	e->next = s->node_entry[node];
	s->node_entry[node] = (uint32_t)s->nentries++;
	tp->nentries++;
	if (!el->weak && el->weight > 0)
		tp->nstrong++;
	if (el->weight > 0)
		tp->npositive++;
	return NULL;
}

/*
 * One line of a topic file, added to topic t.  Blank lines and comments
 * are fine.  On a malformed line, -1 with the reason in *why (valid until
 * the next call).
 *
 *	line	:= [WEIGHT] [weak] TERM [# comment]
 *	TERM	:= word ... | "word ..."
 */
int
topic_set_parse_line(struct topic_set *s, uint32_t t, const char *line,
    size_t len, uint64_t lineno, const char **why)
{
	struct entry_line el;
	size_t nsyms;

	*why = NULL;
	if (utf8_valid_prefix(line, len) != len) {
		*why = "invalid UTF-8";
		return -1;
	}
	if (s->contract == NULL)
		s->contract = words_new();
	buf_clear(&s->line);
	words_fold(s->contract, &s->line, line, len);
	buf_cstr(&s->line);
	if ((*why = entry_fields(s, &el, line, len)) == NULL && el.isbias)
		*why = entry_bias(s, t, &el, lineno);
	else if (*why == NULL && el.term != NULL &&
	    (*why = entry_symbols(s, &el, &nsyms)) == NULL)
		*why = entry_add(s, t, &el, nsyms, lineno);
	return *why == NULL ? 0 : -1;
}

/*
 * Why name[0..len) cannot name a topic, or NULL.  The name goes into
 * every score line: UTF-8, as the rest is, and no TAB or newline.
 */
const char *
topic_name_bad(const char *name, size_t len)
{
	if (utf8_valid_prefix(name, len) != len)
		return "the topic name is not valid UTF-8";
	if (memchr(name, '\t', len) != NULL || memchr(name, '\n', len) != NULL)
		return "TAB or newline in the topic name";
	return NULL;
}

/*
 * Load a topic file as topic name.  Every malformed line is reported as
 * "path: line N: reason"; -1 if there was any, or the file could not be read,
 * or it defines nothing that can score.
 */
int
topic_set_load(struct topic_set *s, const char *name, const char *path)
{
	struct listfile *lf;
	const char *why, *entry;
	size_t len;
	uint32_t t;
	int rval = 0;

	if ((why = topic_name_bad(name, strlen(name))) != NULL) {
		warnx("%s: %s", path, why);
		return -1;
	}
	if ((lf = listfile_open(path, INPUT_STRICT | INPUT_EACH_LINE |
	    LIST_QUOTES, "topic file")) == NULL)
		return -1;
	t = topic_set_add_topic(s, name, path);
	while ((entry = listfile_next(lf, &len)) != NULL)
		if (topic_set_parse_line(s, t, entry, len, listfile_lineno(lf),
		    &why) == -1) {
			warnx("%s: line %" PRIu64 ": %s", path, listfile_lineno(lf),
			    why);
			rval = -1;
		}
	if (listfile_close(lf) == -1)
		return -1;
	if (rval == 0 && s->topics[t].nentries == 0) {
		warnx("%s: no entries", path);
		rval = -1;
	} else if (rval == 0 && s->topics[t].npositive == 0) {
		warnx("%s: no entry with a positive weight (negative entries "
		    "are only evidence against)", path);
		rval = -1;
	} else if (rval == 0 && s->topics[t].nstrong == 0) {
		warnx("%s: no strong entry (weak entries count only beside "
		    "one)", path);
		rval = -1;
	}
	return rval;
}
