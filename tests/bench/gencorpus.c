/* SPDX-License-Identifier: ISC */
/* gencorpus: a reproducible news corpus of any size for the benchmarks. */

/*
 * The text is recombined from real articles (seeds/, the BBC set when
 * present): sentences drawn by a seeded PRNG, names and numbers mutated,
 * and synthetic rare words with a Zipfian (1/rank) tail mixed in, so the
 * vocabulary keeps growing with the size as real news does instead of
 * flattering hash tables with five repeated articles.  Documents are
 * separated by "==> PATH <==" lines (the way head(1) concatenates files)
 * for nw-split -d.  Everything depends only on the sources and the seed.
 *
 *   gencorpus [-u] [-s seed] -m MB source ...	article text
 *   gencorpus -t -n TERMS -m MB			token records, TERMS distinct
 *   gencorpus -w N source ...			N distinct topic terms
 *
 * -u keeps about 5% of the characters non-ASCII (accented names, Arabic
 * and CJK words, curly quotes, dashes) with a feedback loop on the
 * running count.  Statistics go to standard error.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYNTH_RANKS	2000000		/* synthetic vocabulary, 1/rank */
#define NAME_RANKS	200000		/* synthetic surnames, 1/rank */

struct text {
	char	*s;
	size_t	 len;
};

struct pool {
	struct text	*v;
	size_t		 n, cap;
};

static struct pool	 sentences, headlines, junk;
static uint64_t		 rng_state = 0x6e657773776972ULL;	/* "newswir" */
static int		 uflag;

/* Output buffer. */
static char		*ob;
static size_t		 olen, ocap = 1 << 20;
static unsigned long long total_bytes, total_chars, nonascii_chars, words;

static const char consonants[] = "bcdfghjklmnprstv";	/* 16 */
static const char vowels[] = "aeio";			/* 4 */
static const char *accented[4][2] = {	/* a e i o: two accents each */
	{ "\xc3\xa1", "\xc3\xa4" }, { "\xc3\xa9", "\xc3\xa8" },
	{ "\xc3\xad", "\xc3\xaf" }, { "\xc3\xb3", "\xc3\xb6" },
};

static const char *names_utf8[] = {
	"Müller", "José", "Chargé", "Erdoğan", "Dvořák", "Łukasz", "Núñez",
	"Gómez", "Françoise", "Søren", "Ångström", "Çelik", "Żaneta",
	"Štefan", "Đoković", "Sánchez", "Björk", "Éric", "Zoë", "Göteborg",
	"Bogotá", "São Paulo", "Kraków", "Düsseldorf", "Reykjavík",
	"Ouédraogo", "Gbagbo-Té", "Abdelkrim Aït", "Noëlle", "Ibáñez",
};
static const char *foreign_utf8[] = {
	"ليبيا", "طرابلس", "الأمن", "بنغازي", "الحكومة", "التعاون", "مصر",
	"الجيش", "الانتخابات", "النفط", "北京", "中国", "安全合作", "上海",
	"经济", "政府", "東京", "日本", "外交", "台風", "서울", "한국",
	"Москва", "Россия", "Київ", "Ελλάδα", "Αθήνα", "भारत", "ישראל",
	"€200", "£45m", "¥3,000", "№5", "±2%", "–", "—", "…", "°C",
};

static void
oflush(void)
{
	if (olen > 0 && fwrite(ob, 1, olen, stdout) != olen)
		err(1, "stdout");
	total_bytes += olen;
	olen = 0;
}

static void
oadd(const char *s, size_t n)
{
	size_t	 i;

	if (olen + n > ocap)
		oflush();
	if (n > ocap) {
		if (fwrite(s, 1, n, stdout) != n)
			err(1, "stdout");
		total_bytes += n;
	} else {
		memcpy(ob + olen, s, n);
		olen += n;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if ((c & 0xc0) != 0x80)
			total_chars++;
		if (c >= 0xc0)
			nonascii_chars++;
	}
}

static void
oadds(const char *s)
{
	oadd(s, strlen(s));
}

static void
oaddc(char c)
{
	oadd(&c, 1);
}

/* xorshift64*: fast, seeded, the same sequence everywhere. */
static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t
rndn(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

static double
rndu(void)
{
	return (rnd() >> 11) * (1.0 / 9007199254740992.0);
}

/* A rank in [0, n) with probability proportional to 1/(rank+1). */
static uint32_t
zipf(uint32_t n)
{
	uint32_t r = (uint32_t)exp(rndu() * log((double)n + 1.0));

	return r > 0 ? r - 1 : 0;
}

/*
 * The synthetic word of a rank: the base-64 digits of rank + 64 as
 * consonant-vowel syllables, then an ending that starts with a vowel
 * (so the syllables parse back: distinct ranks give distinct words),
 * frequent (low) ranks giving the shorter words.  Names take name-like
 * endings.  Returns the length written (at most 24 bytes).
 */
static const char *word_endings[] = {
	"ing", "ed", "er", "ism", "ist", "ous", "ity", "al", "ent", "ant",
	"ure", "ory", "ation", "ive", "able", "ics",
};
static const char *name_endings[] = {
	"ov", "ez", "ski", "sen", "ani", "ard", "uk", "ini", "ova", "ers",
	"ach", "ley", "well", "ton", "enko", "ides",
};

static size_t
synth_word(uint32_t rank, char *w, int name, int accent)
{
	const char *end;
	size_t	 n = 0;
	uint32_t r = rank + 64, h = rank * 2654435761u;

	do {
		unsigned s = r & 63;

		w[n++] = consonants[s >> 2];
		if (accent && (r >> 6) == 0) {
			const char *a = accented[s & 3][h >> 31];

			w[n++] = a[0];
			w[n++] = a[1];
		} else
			w[n++] = vowels[s & 3];
		r >>= 6;
	} while (r != 0);
	end = (name ? name_endings : word_endings)[h >> 28];
	memcpy(w + n, end, strlen(end));
	n += strlen(end);
	if (name)
		w[0] = w[0] - 'a' + 'A';
	return n;
}

static void
pool_add(struct pool *p, const char *s, size_t len)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		if ((p->v = reallocarray(p->v, p->cap, sizeof(*p->v))) == NULL)
			err(1, NULL);
	}
	if ((p->v[p->n].s = strndup(s, len)) == NULL)
		err(1, NULL);
	p->v[p->n++].len = len;
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* Cut one paragraph line into sentences (roughly: the splitter is ours). */
static void
load_paragraph(const char *p, size_t len)
{
	size_t	 i, start = 0;

	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\r'))
		len--;
	if (len == 0)
		return;
	if (len < 80 && strchr(".?!\"", p[len - 1]) == NULL) {
		pool_add(len < 40 ? &junk : &headlines, p, len);
		return;
	}
	for (i = 0; i + 2 < len; i++) {
		if ((p[i] == '.' || p[i] == '?' || p[i] == '!') &&
		    p[i + 1] == ' ' && is_upper((unsigned char)p[i + 2]) &&
		    i - start > 20) {
			pool_add(&sentences, p + start, i + 1 - start);
			start = i + 2;
		}
	}
	if (len > start)
		pool_add(&sentences, p + start, len - start);
}

static void
load_file(const char *path)
{
	FILE	*fp;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	while ((n = getline(&line, &cap, fp)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		load_paragraph(line, n);
	}
	if (ferror(fp))
		err(1, "%s", path);
	free(line);
	fclose(fp);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files in byte order of path, README files and hidden entries skipped. */
static void
load_path(const char *path)
{
	struct stat	 st;
	DIR		*dir;
	struct dirent	*de;
	char		**names = NULL, *sub;
	size_t		 n = 0, i;

	if (stat(path, &st) == -1)
		err(1, "%s", path);
	if (!S_ISDIR(st.st_mode)) {
		load_file(path);
		return;
	}
	if ((dir = opendir(path)) == NULL)
		err(1, "%s", path);
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, "README", 6) == 0)
			continue;
		if ((names = reallocarray(names, n + 1, sizeof(*names))) == NULL)
			err(1, NULL);
		if (asprintf(&names[n++], "%s/%s", path, de->d_name) == -1)
			err(1, NULL);
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		sub = names[i];
		load_path(sub);
		free(sub);
	}
	free(names);
}

/* Is the running share of non-ASCII characters under 5%? */
static int
want_nonascii(void)
{
	return uflag && nonascii_chars * 20 < total_chars;
}

/*
 * Copy one sentence, mutating as we go: digits re-drawn, capitalised
 * words inside the sentence sometimes replaced by synthetic names,
 * lower-case words sometimes by synthetic words from the Zipfian tail.
 */
static void
emit_sentence(const struct text *t)
{
	const char	*s = t->s, *e = t->s + t->len, *w;
	char		 tmp[64];
	size_t		 n;
	int		 first = 1;

	while (s < e) {
		unsigned char c = *s;

		if (c >= '0' && c <= '9') {
			while (s < e && *s >= '0' && *s <= '9') {
				oaddc('0' + rndn(10));
				s++;
			}
			continue;
		}
		if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
			if (c == '"' && want_nonascii() && rndn(2))
				oadds(rndn(2) ? "\xe2\x80\x9c" : "\xe2\x80\x9d");
			else if (c == '\'' && want_nonascii())
				oadds("\xe2\x80\x99");
			else if (c == ' ' && want_nonascii() && rndn(8) == 0) {
				oaddc(' ');
				oadds(foreign_utf8[rndn(sizeof(foreign_utf8) /
				    sizeof(foreign_utf8[0]))]);
				oaddc(' ');
			} else
				oaddc(c);
			s++;
			continue;
		}
		for (w = s; s < e && ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z');)
			s++;
		words++;
		if (is_upper(c) && !first && rndn(3) == 0) {
			if (want_nonascii() && rndn(3) == 0)
				oadds(names_utf8[rndn(sizeof(names_utf8) /
				    sizeof(names_utf8[0]))]);
			else {
				n = synth_word(zipf(NAME_RANKS),
				    tmp, 1, want_nonascii());
				oadd(tmp, n);
			}
		} else if (!is_upper(c) && s - w >= 3 && rndn(16) == 0) {
			n = synth_word(zipf(SYNTH_RANKS), tmp, 0,
			    want_nonascii());
			oadd(tmp, n);
		} else
			oadd(w, s - w);
		first = 0;
	}
}

static void
emit_paragraph(int nsent, int wrap)
{
	size_t	 start, col;
	int	 i;

	if (olen > ocap / 2)
		oflush();	/* keep the paragraph in the buffer for wrapping */
	start = olen;

	for (i = 0; i < nsent; i++) {
		if (i > 0 && rndn(50) != 0)	/* else glued: "region.This" */
			oaddc(' ');
		emit_sentence(&sentences.v[rndn(sentences.n)]);
	}
	if (wrap && start <= olen) {
		/* Hard-wrap at 72 columns like wire copy (in place). */
		for (col = 0; start < olen; start++, col++) {
			if (ob[start] == ' ' && col > 64) {
				ob[start] = '\n';
				col = 0;
			}
		}
	}
	oaddc('\n');
}

static void
emit_article(unsigned long long id)
{
	char	 hdr[96];
	int	 style = rndn(100), npara = 3 + rndn(12), i, j;
	unsigned year = 2000 + rndn(26), month = 1 + rndn(12);

	/* One random draw per full expression: the order is then fixed. */
	snprintf(hdr, sizeof(hdr), "==> news/%04u/%02u/%07llu.txt <==\n",
	    year, month, id);
	oadds(hdr);
	if (style < 8) {			/* scraped page: navigation */
		for (i = 0, j = 3 + rndn(10); i < j; i++) {
			oadds(rndn(2) ? "  \xe2\x80\xa2 " : "");
			oadds(junk.v[rndn(junk.n)].s);
			oaddc('\n');
		}
	}
	emit_sentence(&headlines.v[rndn(headlines.n)]);
	oaddc('\n');
	for (i = 0; i < npara; i++) {
		if (style < 60 || style >= 95)	/* BBC and wire: blank lines */
			oaddc('\n');
		if (style < 60 && rndn(20) == 0) {
			oadds(rndn(2) ? "- " : "\xe2\x80\xa2 ");
			emit_sentence(&headlines.v[rndn(headlines.n)]);
			oadds(": ");
		}
		emit_paragraph(1 + rndn(5), style >= 95);
	}
}

static void
gen_tokens(unsigned long long bytes, uint32_t nterms)
{
	char		 w[32];
	unsigned long long id = 0;
	int		 i;

	while (total_bytes + olen < bytes) {
		int n = snprintf(w, sizeof(w), "terms#%llu\t1\t", ++id / 50);

		oadd(w, n);
		for (i = 0; i < 20; i++) {
			if (i > 0)
				oaddc(' ');
			oadd(w, synth_word(rndn(nterms), w, 0, 0));
			words++;
		}
		oaddc('\n');
	}
}

/* N distinct topic terms: real words, synthetic words, phrases, prefixes. */
static void
gen_terms(size_t want)
{
	char		**seen;
	size_t		 mask = 1, n = 0, h, len, i;
	char		 t[256];

	while (mask < want * 4)
		mask <<= 1;
	if ((seen = calloc(mask, sizeof(*seen))) == NULL)
		err(1, NULL);
	mask--;
	while (n < want) {
		const struct text *st = &sentences.v[rndn(sentences.n)];
		const char	*p = st->s + rndn(st->len), *e = st->s + st->len;
		int		 kind = rndn(20), nw = 0;

		len = 0;
		if (kind < 5) {
			len = synth_word(zipf(SYNTH_RANKS), t, 0, 0);
			goto add;
		}
		while (p < e && (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
			p++;		/* to a word start */
		for (;;) {
			while (p < e && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
				p++;
			if (p == e)
				break;
			if (nw > 0)
				t[len++] = ' ';
			while (p < e && (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z' &&
			    len < 100)
				t[len++] = *p++ | 0x20;
			if (++nw == (kind < 8 ? 2 : 1))
				break;
		}
		if (len < 4 || (nw == 2 && kind >= 8))
			continue;
		if (kind == 19 && len > 6 && strchr(t, ' ') == NULL) {
			len = 5;
			t[len++] = '*';
		}
 add:
		t[len] = '\0';
		for (h = 5381, i = 0; i < len; i++)
			h = h * 33 + (unsigned char)t[i];
		for (h &= mask; seen[h] != NULL; h = (h + 1) & mask)
			if (strcmp(seen[h], t) == 0)
				break;
		if (seen[h] != NULL)
			continue;
		if ((seen[h] = strdup(t)) == NULL)
			err(1, NULL);
		oadd(t, len);
		oaddc('\n');
		n++;
	}
}

static long long
number(const char *s, long long max)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < 0 || v > max)
		errx(2, "%s: not a number from 0 to %lld", s, max);
	return v;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gencorpus [-u] [-s seed] -m MB source ...\n"
	    "       gencorpus -t -n terms -m MB\n"
	    "       gencorpus -w count source ...\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	unsigned long long bytes = 0, id = 0;
	long long	 nterms = 0, nwant = 0;
	int		 ch, tflag = 0;

	while ((ch = getopt(argc, argv, "m:n:s:tuw:")) != -1) {
		switch (ch) {
		case 'm':
			bytes = number(optarg, 1000000) * 1000000ULL;
			break;
		case 'n':
			nterms = number(optarg, 1 << 24);
			break;
		case 's':
			rng_state ^= (uint64_t)number(optarg, LLONG_MAX);
			break;
		case 't':
			tflag = 1;
			break;
		case 'u':
			uflag = 1;
			break;
		case 'w':
			nwant = number(optarg, 1000000);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (rng_state == 0)
		rng_state = 1;
	if ((ob = malloc(ocap)) == NULL)
		err(1, NULL);

	if (tflag) {
		if (bytes == 0 || nterms == 0 || argc != 0)
			usage();
		gen_tokens(bytes, (uint32_t)nterms);
	} else {
		if ((bytes == 0) == (nwant == 0) || argc == 0)
			usage();
		for (; argc > 0; argc--, argv++)
			load_path(*argv);
		if (sentences.n == 0 || headlines.n == 0 || junk.n == 0)
			errx(1, "not enough text in the sources");
		if (nwant > 0)
			gen_terms((size_t)nwant);
		while (total_bytes + olen < bytes)
			emit_article(++id);
	}
	oflush();
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	fprintf(stderr, "gencorpus: %llu bytes, %llu chars, %.2f%% non-ASCII, "
	    "%llu words, %llu documents\n", total_bytes, total_chars,
	    total_chars ? 100.0 * nonascii_chars / total_chars : 0.0,
	    words, id);
	return 0;
}
