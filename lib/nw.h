/*
 * newswire: the library behind every nw-* tool, as the tools see it.
 *
 * This header declares only what bin/ calls.  What lib/ files share among
 * themselves (the arena, byte tricks, format readers, constants) is in
 * lib/nw-private.h.  One concern per source file; a newcomer looking for
 * a behaviour finds its file here in one hop.  Layers, lowest first; a
 * file calls only its own layer and the ones below it:
 *
 *  base		alloc.c      allocation that never fails
 *			buf.c        growable byte buffer
 *			arena.c      bump allocation for many small copies (private)
 *			output.c     the one checked writer to stdout, nw_exit(),
 *			             decimal numbers (format_u64)
 *			warn.c       err(3) and warn(3): messages with
 *			             control characters encoded (private)
 *			options.c    getopt, option values (numbers, sizes,
 *			             keywords, lists of names) with one error
 *			             wording, usage, --version
 *			share.c      where data files live
 *			tempfile.c   nameless scratch files
 *			hash.c       hashing, strtab (strings interned as dense ids)
 *			lazylib.c    libraries opened when first needed
 *			             (dlopen: libarchive, libstemmer, ICU,
 *			             the decoders, ISA-L)
 *			             (private)
 *  text bytes		utf8.c       decode, validate, repair to valid UTF-8
 *			casefold.c   Unicode case folding
 *  reading		sniff.c      what bytes are: codec, then content (one sniffer)
 *			input.c      one operand as lines (decompressed, repaired)
 *			inputdecode.c its bytes decompressed, UTF-16 made
 *			             UTF-8 (private; both share lib/input.h)
 *			codec.c      the decoders inputdecode.c drives, one
 *			             interface (gunzip.c: gzip by ISA-L or
 *			             zlib; resync.c: the next member or
 *			             frame after damage) (private)
 *			listfile.c   list files: one entry a line, # comments,
 *			             bounded size (private)
 *			record.c     the record format, named metadata
 *			shard.c      the shard of a document (nw-shard)
 *			idsource.c   the source and directory a document id
 *			             names
 *			doc.c        documents: read whole (doc_next) or told
 *			             apart as records stream by (doc_group)
 *			delimiter.c  lines that start a document (nw-split -d)
 *			walk.c       the one directory walk, with a callback
 *			kindtally.c  what was skipped, by kind, in one line
 *			source.c     documents out of any operand: text, web
 *			             pages, tar/zip/7z (archive.c; a tar's
 *			             hard links: archivelink.c); WARC
 *			             (sourcewarc.c: warc.c, warcbuf.c,
 *			             http.c) and JSON
 *			             (sourcejson.c: json.c)
 *			html.c       web pages to paragraphs (libxml2), with
 *			             htmlscan.c (what libxml2 need not read),
 *			             htmlraw.c (where raw text ends) and
 *			             charset.c (to UTF-8)
 *			htmldetect.c whether bytes are a web page (private)
 *			htmlmeta.c   what a page says of itself: title, date,
 *			             description, JSON-LD (private)
 *			htmlhints.c  their block hints: the main container
 *			             (private)
 *  text engines	normalize.c  nw-normalize's normalizer
 *			tokenize.c   nw-tokenize's tokenizer: the scanner
 *			tokenspecial.c its longer tokens: URLs, addresses,
 *			             tags, abbreviations, clitics (private)
 *			tokenwrite.c its writer: spans, folds, stems, and
 *			             the words of scripts written without
 *			             spaces (segment.c) (private; the three
 *			             share lib/tokenize.h)
 *			words.c      the word contract: normalize, then tokenize
 *			             -l -w, for every matcher of words (private)
 *			wordset.c    word and phrase lists (stopwords)
 *			paragraph.c  lines to paragraphs
 *			splitwrite.c paragraphs to nw-split's records: the
 *			             unit, ids of a run (ID#2), hints
 *			sentence.c   paragraphs to sentences
 *			sentencerules.c its word lists: abbreviations,
 *			             prefixes, sentence starters (private)
 *			topicset.c   topic files parsed into a trie of entries
 *			topicmatch.c the topic matcher: the automaton counting
 *			             entries (private lib/topicmatch.h)
 *			topicauto.c  its states and transitions, learnt as
 *			             the text is read (private)
 *			topictables.c its tables of the topic words (private)
 *			topicscore.c BM25 topic scores of those counts
 *			train.c      topic files learned (liblinear)
 *			trainorder.c the order its fits see columns and rows
 *			             in (private)
 *			countfile.c  nw-count's TERM<TAB>COUNT lines
 *			extsort.c    external sort: runs on temporary files, merge
 *			counttable.c nw-count's table of terms, spilled to
 *			             sorted runs past its budget
 *			dedup.c      nw-dedup's signatures (exact key, MinHash)
 *			dedupindex.c nw-dedup's index of documents, in LMDB
 *			dedupopen.c  its opening: lock, files, format, purges
 *			dedupnames.c its runs under a name, and what a run
 *			             has seen (private)
 *			dedupqueue.c the documents it holds back while their
 *			             lookups are read ahead
 *			dedupjudge.c what nw-dedup does with a document or
 *			             paragraph once it has been looked up
 *			dedupfind.c  its lookups, and their read-ahead (private)
 *			dedupadd.c   what a document adds to it, paragraphs
 *			             too (private)
 *			dedupstore.c what its commit writes beside LMDB, and
 *			             in which order (private)
 *			dedupfilter.c a Bloom filter in front of it
 *			dedupruns.c  its band keys, in sorted run files
 *			deduphashes.c its shingle hashes, in one appended file
 *			keytable.c   its write cache, a multimap of keys
 *			clean.c      nw-clean's classifier: thresholds, documents
 *			cleanwords.c its word and phrase lists (private
 *			             lib/cleanwords.h)
 *			cleanscan.c  a paragraph's words read in one pass
 *			cleanfeatures.c a paragraph's features of them
 *			cleanclass.c the classes, settled by context
 *			cleanmodel.c the learned model's features and scores
 *			cleanrepeat.c paragraphs seen before (the repeat table)
 *  trends		trend.c      counts per period and key, spikes
 *			trenddate.c  dates, and the periods that hold them
 *			trendjudge.c a cell judged against its window: the
 *			             rules, baseline, spread, spike
 *			trendinput.c the lines nw-trend reads
 *			trendreport.c the HTML report
 *			trendread.c  nw-trend's inputs read into a trend:
 *			             dates, periods, documents counted once
 *			trendalert.c the spikes alerted, each once: the
 *			             state across runs, its lock
 *			atomicfile.c files replaced whole by rename
 *  shell, for nw-batch	batch-state.sh   OUTDIR's state: lock, scan, plan, commit
 *  (not C; installed	batch-process.sh one dump: dates, the pipeline, process
 *  in share/newswire/sh) batch-totals.sh totals, report.html, --spikes
 *
 * Errors are reported through err(3)/warn(3) as "nw-NAME: path: reason"
 * ("path: line N: reason" when a line is to blame); warn.c defines them,
 * so that a control character or invalid UTF-8 that a message quotes
 * (a file name with a newline) is shown encoded as vis(3) does.
 */
#ifndef NW_H
#define NW_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NW_VERSION	"0.1.0"

/* Exit status shared by every tool. */
#define NW_EXIT_OK	0	/* everything read and written */
#define NW_EXIT_FAIL	1	/* some input or output failed; the rest was done */
#define NW_EXIT_USAGE	2	/* bad options or configuration */

/* alloc.c: allocation that never returns NULL (exit 1 with a message). */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
void	*xlinearray(size_t, size_t);	/* on a 64-byte line */
void	 advise_hugepages(void *, size_t);	/* a large array */
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/* buf.c: a growable byte buffer; a zeroed struct is an empty buffer. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void	 buf_reserve(struct buf *, size_t);	/* room for n more bytes + NUL */
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, int);
void	 buf_add_u64(struct buf *, uint64_t);	/* in decimal */
char	*buf_cstr(struct buf *);		/* NUL-terminate, return data */
void	 buf_free(struct buf *);
#define	 buf_clear(b)	((b)->len = 0)

/*
 * output.c: the one buffered writer to standard output.  A write error
 * is fatal (exit 1, "nw-NAME: stdout: reason"); a reader that went away
 * (EPIPE) ends the tool quietly.
 */
void	 out_write(const void *, size_t);
void	 out_puts(const char *);
void	 out_putc(int);
void	 out_printf(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
void	 out_flush(void);
/* v in decimal, zero-padded to at least mindigits (up to 24) digits. */
#define FORMAT_U64_MAX	24
char	*format_u64(char *, uint64_t, int);	/* returns the end */
void	 out_u64(uint64_t, int);
/* Flush and close stdout, then exit with status (1 if output failed). */
void	 nw_exit(int) __attribute__((__noreturn__));

/*
 * input.c: one operand ("-" is standard input), decompressed on the fly
 * whatever the file is called (gzip, xz, zstd, bzip2, lz4, lzip through
 * codec.c, compress through libarchive; multi-member files too), read in
 * blocks and handed out as lines with no length limit.  Lines come back
 * without their LF (or CRLF), NUL-terminated, valid UTF-8: invalid
 * sequences become U+FFFD and NUL bytes and lone CRs become spaces;
 * a leading byte-order mark is dropped.  An input whose first CR comes
 * before any LF and 1 MiB before one, or before the end of an input with
 * no fault, has CR line ends (old Mac OS text).
 * Repairs are counted and reported once, by input_close().  Errors are
 * reported as "nw-NAME: path: reason".
 * A regular file that is also standard output is refused ("path: is the
 * output file"): it would be read back as it is written.
 */
#define INPUT_STRICT	0x01	/* invalid UTF-8 or NUL ends the input with an error */
/*
 * Lines are handed out before their UTF-8 is checked and C1 controls
 * mended: for a caller that decodes every character anyway and finds
 * both itself, then calls record_repair() for the few lines that need it
 * (nw-tokenize).  Ignored with INPUT_STRICT.
 */
#define INPUT_UTF8_LATER	0x02
/*
 * With INPUT_STRICT, a line of invalid UTF-8 or with a NUL is reported
 * and left out and the lines after it are read; the input ends failed
 * (input_close() returns -1).  For configuration files, whose every bad
 * line is worth a message.
 */
#define INPUT_EACH_LINE		0x04
/*
 * Standard output is flushed before a read of the input that would wait
 * (a pipe or a terminal with nothing in it yet): for a tool whose output
 * is due as the input comes (nw-count --by-doc on a live feed), at no
 * cost while the input keeps up.
 */
#define INPUT_FLUSH_IDLE	0x08
/*
 * The input is read a second time (nw-clean --two-pass) and its repairs
 * were reported the first time: input_close() does not report them
 * again.  Errors still are: this reading may meet one the first did not.
 */
#define INPUT_REREAD		0x10
/*
 * The (decompressed) bytes are handed out as they are, never read as
 * UTF-16 behind what looks like a byte order mark: an archive's headers
 * and members are bytes (a tar whose first name starts FF FE).
 */
#define INPUT_BYTES		0x20

struct input;
struct input	*input_open(const char *, int);	/* NULL after a warning */
/* The warning for a failed open(2) or stat(2) of path, named name. */
void		 input_open_warn(const char *, const char *);
/* Whether path can be opened, before it is read: 0, or -1 after a warning. */
int		 input_check_path(const char *);
/* The first input that is one of the output files, by device and inode. */
const char	*input_is_output(const char *const[], size_t,
		    const char *const[], int, size_t *);
char		*input_line(struct input *, size_t *);	/* NULL at end or error */
const char	*input_name(const struct input *);
const char	*input_id(struct input *);
uint64_t	 input_lineno(const struct input *);
int		 input_line_unended(const struct input *);	/* no LF: cut? */
int		 input_failed(const struct input *);
int		 input_close(struct input *);	/* 0, or -1 if the input failed */
/* With INPUT_UTF8_LATER: the last line made valid UTF-8, C1 mended. */
char		*input_line_repair(struct input *, char *, size_t *);

/*
 * record.c: the record format of newswire(7).  ID<TAB>[META<TAB>...]TEXT;
 * a line without a TAB is a bare text record whose document id is the
 * name of its input.  Pointers refer to the line returned by input_line()
 * and stay valid until the next call.
 */
struct record {
	const char	*id;
	size_t		 idlen;
	const char	*meta;		/* fields 2..n-1 with their inner TABs */
	size_t		 metalen;
	const char	*text;
	size_t		 textlen;
	int		 nfields;	/* 1 for a bare record */
};
int	 record_next(struct input *, struct record *);	/* 1, 0 at end, -1 */
/* INPUT_UTF8_LATER: the record repaired; 1 if its id and metadata need it. */
void	 record_repair(struct input *, struct record *);
int	 record_head_clean(const struct record *);
/* Write r with its text replaced by text/len (bare stays bare). */
void	 record_write(const struct record *, const char *, size_t);
/* Append r whole as a line to b; a bare record gains its id. */
void	 record_add(struct buf *, const struct record *);
/*
 * Named metadata fields, NAME=VALUE (newswire(7)): get finds the last
 * field called name (1 found, 0 not); write_meta writes r with the field
 * NAME=VALUE added just before the text (a bare record gains its id).
 * A value holds no TAB or LF.
 */
int	 record_meta_name_ok(const char *);	/* [a-z][a-z0-9-]* */
int	 record_meta_get(const struct record *, const char *, const char **,
	    size_t *);
void	 record_write_meta(const struct record *, const char *, const char *,
	    size_t, const char *, size_t);

/* shard.c: a document's shard, by a hash every machine computes alike. */
uint64_t shard_hash(const char *, size_t);

/*
 * idsource.c: the source a document id names (nw-clean, nw-shard --key
 * source, nw-trend): a URL's host in lower case, without user name and
 * port, else the dump before ':' or '#', else a path's directory, else
 * the input's name (none when it is NULL: 0).  A host with a capital
 * letter is copied lower-cased into the buffer, which the caller keeps.
 * id_directory(): the directory an id names, the last one before its
 * file (nw-topic-train's label); 0 when there is none.
 */
int	 id_source(const char *, size_t, const char *, struct buf *,
	    const char **, size_t *);
int	 id_directory(const char *, size_t, const char **, size_t *);

/*
 * doc.c: a whole document, the consecutive records with one id, read
 * into memory (bounded by the document, never by the stream) for tools
 * that decide per document.  A zeroed struct doc is ready for use; pass
 * the same one for every document of an input.  records[] and id stay
 * valid until the next doc_next() call.
 */
struct doc_span;
struct doc {
	const char	*id;		/* the document id (not NUL-terminated) */
	size_t		 idlen;
	struct record	*records;
	size_t		 nrecords;
	size_t		 textbytes;	/* bytes of text over all records */
	/* private */
	struct buf	 data;
	struct doc_span	*spans;
	size_t		 spancap;
	struct record	 ahead;
	struct buf	 aheadbuf;
	int		 pending;
};
int	 doc_next(struct input *, struct doc *);	/* 1, 0 at end, -1 */
void	 doc_write(const struct doc *);		/* every record, unchanged */
void	 doc_swap(struct doc *, struct doc *);	/* not the look-ahead */
void	 doc_free(struct doc *);
/*
 * doc.c, streaming: documents told apart record by record, nothing held
 * (the sbase uniq.c model).  doc_group_next() returns 1 when r starts a
 * document, having first called end(arg, id, idlen) for the one r ends;
 * doc_group_finish() ends the last one (call it at the end of the input
 * or of the stream, as documents may or may not span inputs).
 */
typedef void	(*doc_end_fn)(void *, const char *, size_t);
struct doc_group {
	struct buf	 id;		/* of the document under way */
	int		 open;
	doc_end_fn	 end;
	void		*arg;
};
void	 doc_group_init(struct doc_group *, doc_end_fn, void *);
int	 doc_group_next(struct doc_group *, const struct record *);
void	 doc_group_finish(struct doc_group *);
void	 doc_group_free(struct doc_group *);

/*
 * delimiter.c: the lines that start a document in a dump (nw-split -d),
 * an extended regular expression; a bad one is a usage error naming the
 * option.  Lines are NUL-terminated, as input_line() returns them.
 */
struct delimiter;
struct delimiter *delimiter_new(const char *, const char *);
int	 delimiter_match(const struct delimiter *, const char *, size_t);
void	 delimiter_free(struct delimiter *);

/*
 * options.c: helpers shared by option parsing.  A bad value is a usage
 * error (exit 2) worded one way: "nw-NAME: -k: -1: too small (allowed:
 * 1 to 100)", "nw-NAME: --sort: x: invalid (allowed: count or term)",
 * "nw-NAME: -o: empty path".
 * nw_getopt() is getopt_long() whose messages name the tool as nw-NAME;
 * every tool calls it first, and its first call makes sure descriptors
 * 0, 1 and 2 are open (a closed one is /dev/null, unusable: EBADF).
 * nw_member_names() and nw_meta_names() check a list nw_list_more()
 * made: at least one JSON member name; no empty metadata field name.
 * nw_output_dir() makes the directory an output option names, or exits 1.
 * nw_dir_path() is a directory's path without its trailing slashes.
 */
struct option;
int		 nw_getopt(int, char *[], const char *, const struct option *);
long long	 nw_number(const char *, long long, long long, const char *);
double		 nw_decimal(const char *, double, double, int, const char *);
int		 nw_keyword(const char *, const char *const *, const char *);
const char	*nw_path(const char *, const char *, const char *);
void		 nw_output_dir(const char *);
char		*nw_dir_path(const char *);
const char	*nw_list_more(const char *, const char *);
const char	*nw_member_names(const char *, const char *);
const char	*nw_meta_names(const char *, const char *);
uint64_t	 nw_size(const char *, uint64_t, const char *);
void		 nw_usage(int, const char *) __attribute__((__noreturn__));
void		 nw_version(void) __attribute__((__noreturn__));

/*
 * share.c: data files.  $NW_SHAREDIR, else share/newswire beside the
 * directory holding the running binary (bin/../share/newswire, both in
 * the source tree and under PREFIX), else the compiled-in default.
 * nw_share_path() returns an allocated path; nw_share_check() exits 2,
 * naming the directory, when it is not there.
 */
char	*nw_share_path(const char *);
void	 nw_share_check(void);
char	*nw_list_path(const char *, const char *, const char *);

/*
 * hash.c: hashing byte strings, and strtab, a table interning strings
 * as dense ids 0, 1, 2, ... in insertion order (keys copied into an
 * arena; ids stay valid until strtab_clear()).
 */
#define STRTAB_NONE	UINT32_MAX
struct strtab;
struct strtab	*strtab_new(size_t);
uint32_t	 strtab_intern(struct strtab *, const char *, size_t, int *);
uint32_t	 strtab_lookup(const struct strtab *, const char *, size_t);
const char	*strtab_key(const struct strtab *, uint32_t, size_t *);
size_t		 strtab_count(const struct strtab *);
size_t		 strtab_memory(const struct strtab *);
void		 strtab_clear(struct strtab *);
void		 strtab_free(struct strtab *);

/*
 * walk.c: the one directory walk.  fn gets every entry under a directory
 * that is not a directory: its path, its stat(2), or NULL and the errno
 * stat gave.  Hidden names are left out, paths come in byte order,
 * symbolic links are followed and a loop is reported; with WALK_ONCE, a
 * directory or file met again under another path is reported and passed
 * over.  0, or -1 when something could not be read (reported).
 */
#define WALK_ALL	0	/* every level; 1 is the directory's own */
#define WALK_ONCE	0x1	/* each directory and file once */
struct stat;
typedef void	(*walk_fn)(void *, const char *, const struct stat *, int);
int	 walk(const char *, int, int, walk_fn, void *);

/*
 * html.c: the paragraphs of a web page (libxml2's HTML parser), one
 * block each: text in UTF-8 with white space collapsed, never empty,
 * and its hint "ELEMENT,CONTEXT,LINKS,DEPTH" (newswire(7), block=).
 * Offsets point into text and hints.  The page's title and publication
 * date, when found, are in title and published ("" otherwise).
 */
struct html_block {
	size_t	text, textlen;
	size_t	hint, hintlen;
};
struct html_page {
	struct buf		 text, hints, title, published;
	struct html_block	*blocks;
	size_t			 nblocks, blockcap;
	char			 charset[64];	/* the label used */
	const char		*charset_from;	/* bom http meta sniff text */
	char			 ignored[64];	/* a label browsers do not
						   know, skipped; or "" */
	int			 unknown_charset; /* iconv knows no such label */
	size_t			 repairs, nuls;
	size_t			 nonchars;	/* references to no character:
						   &#0;, a surrogate, past
						   U+10FFFF */
	int			 unclosed_value; /* ends in a quoted attribute
						   value holding markup */
};

/*
 * train.c: topic files learned from labelled documents (nw-topic-train):
 * logistic regression whose model is nw-topic-score's own score, so a
 * learned file decides at scoring time what it decided in training.
 */
struct wordset;
struct train_options {
	double		 c;		/* liblinear's C */
	size_t		 max_entries;	/* per topic */
	uint32_t	 min_df;	/* documents an entry must be in */
	size_t		 min_examples;	/* documents a label needs */
	double		 min_llr;	/* G^2 a word pair needs */
	int		 pairs;		/* phrase entries of two words */
	const struct wordset *stopwords; /* in no entry; NULL: none */
};
struct train;
struct train	*train_new(const struct train_options *);
const char	*train_label_next(const char **, const char *, size_t *);
void		 train_expect(struct train *, const char *, size_t);
int		 train_add(struct train *, const char *, size_t,
		    const struct doc *);	/* -1: no label in the list */
size_t		 train_documents(const struct train *);
int		 train_written(const struct train *, const char *, size_t);
int		 train_write(struct train *, const char *);	/* 0, -1 */
void		 train_free(struct train *);

/*
 * source.c: documents out of an operand, whatever it holds: text (one
 * document), a tar, zip or 7z archive (one per regular file that is
 * text, and those of each one that is a WARC file or JSON; hidden ones
 * skipped), a WARC file (one per conversion record, as in WET files) or
 * JSON Lines (one per line).  The format is told by the
 * first bytes, gzip, xz, bzip2, zstd and the like looked through, unless
 * the options force one.  Each document comes with an id (valid UTF-8,
 * control characters shown as '?'), the metadata fields named in
 * options.meta (joined by TABs; TAB, CR, LF and NUL made spaces) and an
 * input for its text; all stay valid until the next source_next().  Problems are
 * reported as they happen; source_close() tells whether there were any.
 * An operand in a binary format (an image, a program, a PDF, told by its
 * magic number) gives no document and is not reported, nor a failure:
 * source_not_text() names its format ("PNG image"; NULL for an operand
 * not skipped so), for the caller to report and judge.
 */
enum source_format {
	SOURCE_AUTO, SOURCE_TEXT, SOURCE_TAR, SOURCE_ZIP, SOURCE_7Z,
	SOURCE_WARC, SOURCE_JSONL, SOURCE_HTML
};
struct source_options {
	enum source_format	 format;
	int			 input_flags;	/* INPUT_STRICT */
	const char		*meta;		/* "date,language" or NULL */
	const char		*text_fields;	/* NULL for the defaults */
	const char		*title_fields;
	const char		*id_fields;
	int			 keep_truncated; /* else dropped */
	const char		*html_fields;	/* JSON members holding HTML */
	const char		*http_status;	/* "200,404", "any"; NULL: 200 */
	const char		*charset;	/* of text not UTF-8, a label in
						   lower case; NULL: none */
};
struct source_document {
	const char	*id;
	const char	*meta;		/* NULL when no metadata was asked for */
	struct input	*in;
	int		 truncated;	/* the archive ended inside it */
	const struct html_page *html;	/* its blocks, for a web page */
};
struct source;
int		 source_status_list(const char *);	/* 0 if valid */
/*
 * charset.c: a --charset label lower-cased in place, or a usage error
 * naming the option when lines of text cannot be read in it.
 */
char		*charset_text_label(char *, const char *);
struct source	*source_open(const char *, const char *,
		    const struct source_options *);	/* NULL after a warning */
int		 source_next(struct source *, struct source_document *);
const char	*source_not_text(const struct source *);	/* skipped */
int		 source_close(struct source *);		/* 0, or -1 */

/*
 * kindtally.c: things skipped, counted by kind (the static names
 * sniff_binary() gives) and said in one line, "2 PNG image, 1 ELF
 * executable".  A zeroed struct kind_tally is empty; kind_tally_say()
 * appends the line to a buf and empties the tally.
 */
struct kind_count {
	const char	*kind;
	uint64_t	 n;
};
struct kind_tally {
	struct kind_count *kinds;
	size_t		 nkinds;
	uint64_t	 total;
};
void	 kind_tally_add(struct kind_tally *, const char *);
void	 kind_tally_say(struct kind_tally *, struct buf *);

/*
 * wordset.c: a set of words or phrases (stopword lists and the like).
 * wordset_load() reads one entry a line, '#' starting a comment at the
 * start of a line or after a blank, blanks around an entry trimmed;
 * NULL after a warning when the file cannot be read.
 * wordset_load_stopwords() loads the list an option such as -s names
 * (nw_list_path()), case-folded, into a set (NULL: a new one), and
 * exits 2 after the warning.
 */
#define WORDSET_FOLD	0x01	/* case-fold entries as they are loaded */
struct wordset;
struct wordset	*wordset_load(const char *, int);
struct wordset	*wordset_load_stopwords(struct wordset *, const char *,
		    const char *);
void		 wordset_free(struct wordset *);

/*
 * tokenize.c: the tokenizer of nw-tokenize(1), configured once and then
 * applied to any number of texts.  tokenize() appends the tokens of
 * text[0..len) to out separated by single spaces (nothing for a text
 * without tokens) and returns how many it wrote.  Any bytes are
 * accepted; invalid UTF-8 is passed through as punctuation.  Stopwords
 * are matched on the case-folded token (load them with WORDSET_FOLD).
 */
#define TOKENIZE_LOWER		0x01	/* case-fold tokens */
#define TOKENIZE_WORDS		0x02	/* drop punctuation tokens */
#define TOKENIZE_STEM		0x04	/* Snowball English; implies LOWER */
#define TOKENIZE_SPLIT_HYPHENS	0x08	/* cross-border -> cross - border */
#define TOKENIZE_TURKIC		0x10	/* fold I to ı, İ to i (tr, az) */
#define TOKENIZE_ELISION	0x20	/* l'avion -> l' avion (fr, it, ca) */
enum { CLITICS_SPLIT, CLITICS_KEEP, CLITICS_DROP };	/* Libya's */
struct tokenizer;
struct tokenizer *tokenizer_new(int, int, const struct wordset *);
size_t		  tokenize(struct tokenizer *, struct buf *, const char *,
		    size_t);
void		  tokenize_append(struct tokenizer *, struct buf *,
		    const char *, size_t);	/* the same, uncounted */
/* 1 if the last text held invalid UTF-8 or a C1 control (U+0080-009F). */
int		  tokenize_unclean(const struct tokenizer *);
void		  tokenizer_free(struct tokenizer *);

/*
 * normalize.c: the text normalizer of nw-normalize(1).  A normalizer is
 * configured once (a Unicode form and NORM_* flags) and then applied to
 * any number of texts; it keeps its scratch space between calls.
 * normalize_text() appends the normalized form of text[0..len), which
 * may hold any bytes (invalid UTF-8 becomes U+FFFD, controls spaces), to
 * out.  Normalizing the result again leaves it unchanged.
 */
#define NORM_NONE	0	/* no Unicode normalization form */
#define NORM_NFC	1
#define NORM_NFKC	2	/* the default */
#define NORM_LOWER	0x01	/* full case folding */
#define NORM_STRIP_MARKS 0x02	/* drop nonspacing marks: Chargé -> Charge */

struct normalizer;
struct normalizer	*normalizer_new(int, int);
void			 normalizer_free(struct normalizer *);
void			 normalize_text(struct normalizer *, struct buf *,
			    const char *, size_t);

/*
 * countfile.c: lines of the count files nw-count(1) writes and merges,
 * TERM<TAB>COUNT or TERM<TAB>COUNT<TAB>DF (no LF).  The term is the text
 * before the first TAB; numbers are unsigned decimal in 64 bits, with DF
 * at most COUNT.  Returns NULL, or the reason the line is malformed
 * ("no TAB after the term", "negative count", ...).  term points into
 * the line.
 */
struct count_line {
	const char	*term;
	size_t		 termlen;
	uint64_t	 count;
	uint64_t	 df;
	int		 hasdf;		/* the line has a DF column */
};
const char	*countfile_parse(const char *, size_t, struct count_line *);

/*
 * extsort.c: an entry as the sort engine (nw-private.h) and
 * count_table_emit() hand it over: a key (bytes, compared as unsigned)
 * with a count and, as the layout says, more figures.
 */
struct sort_entry {
	const char	*key;
	size_t		 len;
	uint64_t	 count;
	uint64_t	 df;
	uint64_t	 first;
	uint64_t	 last;
};
typedef void	 sort_emit_fn(const struct sort_entry *, void *);

/*
 * counttable.c: nw-count's table of terms, in bounded memory (spilled
 * to sorted runs past budget bytes, merged at the end).  count_table_text()
 * counts the blank-separated terms of a record's text (and n-grams up to
 * its last argument); count_table_add() adds counted figures (-1 when a
 * count would overflow); count_table_emit() hands every term counted at
 * least min times to a sort_emit_fn, the limit first by count, sorted
 * by count or by term (1), and empties the table.
 */
#define COUNT_DF	0x01	/* document frequencies, added up */
#define COUNT_DOCS	0x02	/* counted here, once per document (and DF) */
struct count_table;
struct count_table *count_table_new(int, uint64_t);	/* flags, budget */
void	 count_table_document(struct count_table *);	/* one begins */
void	 count_table_text(struct count_table *, const char *, size_t,
	    size_t);
int	 count_table_add(struct count_table *, const char *, size_t,
	    uint64_t, uint64_t);
void	 count_table_emit(struct count_table *, uint64_t, uint64_t, int,
	    sort_emit_fn *, void *);
void	 count_table_free(struct count_table *);

/*
 * topicset.c, topicmatch.c: topic definitions and the matcher of
 * nw-topic-score(1).  A topic file holds one entry a line, "[WEIGHT]
 * [weak] TERM": a word or phrase matched on tokens, "word*" matching
 * every word that starts with "word".  Scores are BM25 sums, scaled so that 1.0 is clear evidence.
 */
struct topic_set;
struct topic_match;
struct topic_score {
	const char	*name;
	uint32_t	 topic;
	long long	 millis;	/* the score in thousandths, rounded */
	uint64_t	 hits;		/* occurrences of entries that counted */
};
struct topic_set *topic_set_new(void);
void		 topic_set_free(struct topic_set *);
int		 topic_set_load(struct topic_set *, const char *, const char *);
const char	*topic_name_bad(const char *, size_t);
size_t		 topic_set_count(const struct topic_set *);
const char	*topic_set_name(const struct topic_set *, uint32_t);
const char	*topic_set_path(const struct topic_set *, uint32_t);
size_t		 topic_set_entries(const struct topic_set *, uint32_t);
struct topic_match *topic_match_new(const struct topic_set *);
void		 topic_match_threshold(struct topic_match *, long long);
void		 topic_match_text(struct topic_match *, const char *, size_t);
size_t		 topic_match_scores(struct topic_match *,
		    struct topic_score **);
int		 topic_match_best(struct topic_match *, struct topic_score *);
void		 topic_match_explain(struct topic_match *, uint32_t,
		    struct buf *);
void		 topic_match_reset(struct topic_match *);
void		 topic_match_free(struct topic_match *);

/*
 * paragraph.c: the lines of one document in, its paragraphs out.
 * PARA_LINE takes every line as a paragraph; PARA_BLANK joins the lines
 * of blocks separated by blank lines (a line starting a list item starts
 * a paragraph too); PARA_AUTO picks one of the two per document.  Text
 * comes out with white space collapsed and trimmed, never empty, through
 * the callback.  paragraph_line() may modify the line it is given.
 */
#define PARA_AUTO	0
#define PARA_LINE	1
#define PARA_BLANK	2
typedef void	(*paragraph_fn)(void *, const char *, size_t);
struct paragraph;
struct paragraph *paragraph_new(int, paragraph_fn, void *);
void	 paragraph_line(struct paragraph *, char *, size_t);
void	 paragraph_end(struct paragraph *);	/* end of a document */
void	 paragraph_free(struct paragraph *);
/* 1 if a text is white space alone, and gives no paragraph. */
int	 whitespace_only(const char *, size_t);

/*
 * splitwrite.c: the records of nw-split(1), a document at a time:
 * split_writer_begin() names it (id, "#number" unless 0, metadata
 * fields or NULL, whether it was cut short), split_writer_hinted() and
 * split_writer_paragraph() (a paragraph_fn, arg the writer) write a
 * paragraph of it in the unit's records, split_writer_end() ends it.
 * The second of a run of documents with one id is written ID#2.
 */
enum { SPLIT_PARA, SPLIT_SENTENCE, SPLIT_DOC };
struct split_writer;
struct sentence_rules;
struct split_writer *split_writer_new(int, const struct sentence_rules *,
	    int);
void	 split_writer_begin(struct split_writer *, const char *, uint64_t,
	    const char *, int);
void	 split_writer_hinted(struct split_writer *, const char *, size_t,
	    const char *, size_t);
void	 split_writer_paragraph(void *, const char *, size_t);
void	 split_writer_end(struct split_writer *);
void	 split_writer_free(struct split_writer *);

/*
 * sentence.c: sentence boundaries in one paragraph (white space already
 * collapsed).  The rules (sentencerules.c) are word lists in the format
 * of share/newswire/abbreviations.en; NULL rules mean no lists.
 * sentence_split() fills *spans (grown as needed, *cap its size) with
 * the sentences, trimmed and never empty, and returns their number.
 */
struct span {
	size_t	off;
	size_t	len;
};
struct sentence_rules;
struct sentence_rules *sentence_rules_load(const char *); /* NULL: warned */
void	 sentence_rules_free(struct sentence_rules *);
size_t	 sentence_split(const struct sentence_rules *, const char *, size_t,
	    struct span **, size_t *);

/*
 * dedup.c: signatures of texts for nw-dedup(1): an exact key (XXH3-128
 * of the case-folded words) and a MinHash sketch of the word shingles,
 * one-permutation hashing into DEDUP_BINS bins with optimal
 * densification, 16 bits a bin.  dedup_params_init() picks bands and
 * rows for a threshold: the most rows whose S-curve
 * 1 - (1 - J^rows)^bands reaches DEDUP_RECALL at the threshold.  A
 * candidate whose estimate is close to the threshold is judged on the
 * exact Jaccard similarity of the shingle hashes (nw-private.h).
 */
#define DEDUP_SHINGLE	5	/* words in a shingle */
#define DEDUP_BINS	256	/* MinHash bins (the top 8 bits of a hash) */
#define DEDUP_RECALL	0.99	/* S-curve at the threshold */
#define DEDUP_THRESHOLD	0.8	/* the default -j */
#define DEDUP_FORMAT	5	/* of the index (--state); older ones are refused */
struct dedup_params {
	int	 shingle;
	int	 bins;
	int	 bands;
	int	 rows;
	double	 threshold;
};
struct dedup_signature {
	unsigned char	 exact[16];
	size_t		 nwords;
	size_t		 nshingles;	/* 0: too short for a sketch */
	uint16_t	 bins[DEDUP_BINS];
	const uint32_t	*hashes;	/* of each shingle, in text order; */
					/* the hasher's until its next reset */
};
struct dedup_hasher;
void	 dedup_params_init(struct dedup_params *, double);
double	 dedup_scurve(const struct dedup_params *, double);
struct dedup_hasher *dedup_hasher_new(int);
void	 dedup_hasher_reset(struct dedup_hasher *);
void	 dedup_hasher_text(struct dedup_hasher *, const char *, size_t);
void	 dedup_hasher_finish(struct dedup_hasher *, struct dedup_signature *);
void	 dedup_hasher_key(struct dedup_hasher *, struct dedup_signature *);
void	 dedup_hasher_free(struct dedup_hasher *);
void	 dedup_sign(struct dedup_hasher *, const struct doc *,
	    struct dedup_signature *);

/*
 * dedupindex.c, dedupopen.c, dedupfind.c, dedupadd.c: the index of
 * nw-dedup(1) in LMDB, in DIR (--state; held under flock(2) on DIR/lock
 * from open to close) or in a temporary file that has no name.  Writes
 * are committed whenever they may take more than cache bytes of memory;
 * the run becomes part of the index only at dedup_index_close(), a
 * killed run's documents being purged by the next open; a run held
 * pending (dedup_index_hold()) only at the open given its name to
 * commit, any other open dropping it.  maxage >= 0 deletes documents
 * dated before today - maxage (days since 1970-01-01).
 * dedup_index_open_dry() opens DIR's index for a dry run: read as it
 * stands (locked shared), the documents the run adds held in a temporary
 * index, nothing of DIR written, and lookups finding what the run's
 * would.
 * Failures are fatal (exit 1), but for a write cache that cannot be
 * allocated: the open then returns NULL, errno set.
 */
struct dedup_index;
struct dedup_match {
	uint64_t	 first;		/* its number in the index */
	const char	*id;		/* valid until the next call */
	size_t		 idlen;
	double		 similarity;
	int		 exact;
};
struct dedup_index *dedup_index_open(const char *, const struct dedup_params *,
	    const char *, uint64_t, int, int32_t, const char *);
struct dedup_index *dedup_index_open_dry(const char *,
	    const struct dedup_params *, const char *, uint64_t, int, int32_t);
int	 dedup_index_find(struct dedup_index *, const struct dedup_signature *,
	    struct dedup_match *);
void	 dedup_index_add(struct dedup_index *, const struct dedup_signature *,
	    const char *, size_t, int32_t);
void	 dedup_index_ahead(struct dedup_index *, const struct dedup_signature *,
	    int);
int	 dedup_index_para(struct dedup_index *, const unsigned char *,
	    struct dedup_match *);
void	 dedup_index_para_end(struct dedup_index *, const char *, size_t,
	    int32_t);
void	 dedup_index_stats(struct dedup_index *, uint64_t *, uint64_t *,
	    uint64_t *);
void	 dedup_index_name(struct dedup_index *, const char *, int);
void	 dedup_index_hold(struct dedup_index *);
int	 dedup_index_own(const struct dedup_index *, uint64_t);
int	 dedup_index_seen(const struct dedup_index *, uint64_t);
void	 dedup_index_seen_add(struct dedup_index *, uint64_t);
void	 dedup_index_seen_later(struct dedup_index *, uint64_t);
void	 dedup_index_close(struct dedup_index *);

/*
 * dedupqueue.c: documents held back, each signed as it comes in and its
 * lookup read ahead (dedup_index_ahead()), and handed to fn in the order
 * they came once the queue is full (16 documents, or 4 MB of text but
 * one document) or at dedup_queue_drain().  dedup_queue_add() takes the
 * document from its struct doc (doc_swap()).
 */
typedef void dedup_queue_fn(const struct doc *, const struct dedup_signature *,
	    void *);
struct dedup_queue;
struct dedup_queue *dedup_queue_new(struct dedup_index *, int,
	    dedup_queue_fn *, void *);
void	 dedup_queue_add(struct dedup_queue *, struct doc *);
void	 dedup_queue_drain(struct dedup_queue *);
void	 dedup_queue_free(struct dedup_queue *);

/*
 * dedupjudge.c: what nw-dedup(1) does with a document once its index
 * has answered (dedup_judge_doc(), a dedup_queue_fn whose argument is
 * the struct dedup_judge), or with each of its paragraphs: a first copy
 * written and added to the index, a copy dropped, marked (dup=) or
 * reported.  The caller sets the first fields; the counts start at 0.
 */
enum dedup_mode { DEDUP_DROP, DEDUP_MARK, DEDUP_REPORT };
struct dedup_judge {
	struct dedup_index *index;
	struct dedup_hasher *hasher;	/* the paragraphs' */
	enum dedup_mode	 mode;
	int		 keepsame;	/* --keep-same-id */
	int		 named;		/* --run */
	int32_t		 today;		/* days since 1970-01-01 */
	uint64_t	 units;		/* documents or paragraphs read */
	uint64_t	 exact;		/* copies with the same words */
	uint64_t	 near;		/* the other copies */
	struct dedup_signature sig;
	struct buf	 value;
};
void	 dedup_judge_doc(const struct doc *, const struct dedup_signature *,
	    void *);
void	 dedup_judge_paras(struct dedup_judge *, const struct doc *);
void	 dedup_judge_free(struct dedup_judge *);

/*
 * lang.c: the language of a text (nw-lang(1)): a script only one
 * language writes decides alone; other text goes to CLD2's model, judged
 * on a sample of the first bytes, more when the sample leaves it unsure.
 * The code is ISO 639-1 where the language has one ("en", "zh"), else
 * CLD2's ISO 639-3 code ("ceb"), and LANG_UND when unsure: fewer than
 * LANG_MIN_LETTERS letters (a Han character counting as LANG_HAN_LETTERS
 * of them), no language found, or an answer CLD2 calls
 * unreliable with a runner-up close behind.  At most the first
 * LANG_TEXT_MAX bytes are looked at.
 */
#define LANG_UND		"und"
#define LANG_CODE_MAX		8
#define LANG_CANDIDATES		3
#define LANG_MIN_LETTERS	30
#define LANG_HAN_LETTERS	3
#define LANG_TEXT_MAX		(64 * 1024)
struct lang_candidate {
	char	 code[LANG_CODE_MAX];
	int	 percent;	/* of the letters scored */
	double	 score;		/* near 1.0 for ordinary text of it */
};
struct lang_guess {
	char			 code[LANG_CODE_MAX];	/* or LANG_UND */
	const char		*how;	/* "model", a script name, or why und */
	int			 reliable;
	size_t			 letters;		/* in what was looked at,
							   a Han character
							   counting
							   LANG_HAN_LETTERS */
	size_t			 ncandidates;
	struct lang_candidate	 candidates[LANG_CANDIDATES];
};
struct lang_id;
struct lang_id	*lang_id_new(void);
void		 lang_identify(struct lang_id *, const char *, size_t,
		    struct lang_guess *);
void		 lang_id_free(struct lang_id *);
int		 lang_supported(size_t, const char **, const char **);

/*
 * langtok.c: a tokenizer for each language, for nw-tokenize -s auto and
 * --stem auto: lang_tokenizer() gives the one for a record's lang= field,
 * with the shipped stopword list of its language (LANG_AUTO_STOP) and
 * its Snowball stemmer (LANG_AUTO_STEM) where there are, and with none
 * for a language that has none, for und and for a record without the
 * field; tr and az fold case the Turkic way (TOKENIZE_TURKIC).
 * Tokenizers and lists are made on first use and kept.
 */
#define LANG_AUTO_STOP	0x01
#define LANG_AUTO_STEM	0x02
struct lang_tokenizers;
struct lang_tokenizers *lang_tokenizers_new(int, int, int,
		    const struct wordset *);
struct tokenizer	*lang_tokenizer(struct lang_tokenizers *,
			    const struct record *);
void			 lang_tokenizers_free(struct lang_tokenizers *);

/*
 * clean*.c: the boilerplate classifier of nw-clean(1).  A cleaner is made
 * once from a configuration (thresholds by name, stopword and lexicon
 * files, the repeat table's size) and then classifies whole documents:
 * cleaner_classify() decides every record of d, counting its paragraphs
 * in the repeat table of source src; cleaner_keep() and
 * cleaner_explain() tell the verdicts until the next call.
 */
enum {
	CLEAN_LENGTH_LOW, CLEAN_LENGTH_HIGH, CLEAN_STOPWORDS_LOW,
	CLEAN_STOPWORDS_HIGH, CLEAN_URL_MAX, CLEAN_SYMBOLS_MAX,
	CLEAN_PHRASE_WORDS, CLEAN_HEADING_WORDS, CLEAN_HEADING_DISTANCE,
	CLEAN_REPEATS, CLEAN_LINKS_MAX, CLEAN_LINKS_ARTICLE_MAX,
	CLEAN_MODEL_MIN, CLEAN_NTHRESHOLDS
};
#define CLEAN_TABLE_DEFAULT	(4 * 1024 * 1024)	/* bytes */
struct clean_config {
	double		 threshold[CLEAN_NTHRESHOLDS];
	uint64_t	 table_bytes;	/* the repeat table; 0 for none */
	char *const	*stopwords;	/* NULL-terminated: lists that are one
					   for every language; or NULL */
	const char	*lexicon;	/* NULL: share/newswire/boilerplate.en */
	const char	*model;		/* NULL: share/newswire/clean.model */
	int		 rules;		/* the hand-set rules, no model */
	int		 keep_title;
};
struct cleaner;
void		 clean_config_default(struct clean_config *);
const char	*clean_threshold_set(struct clean_config *, const char *);
const char	*clean_threshold_name(int);
const char	*clean_threshold_what(int);
void		 clean_threshold_format(const struct clean_config *, int,
		    struct buf *);
struct cleaner	*cleaner_new(const struct clean_config *); /* NULL: warned */
void		 cleaner_classify(struct cleaner *, const struct doc *,
		    const char *, size_t);
/* Two passes: every document counted first, then frozen, then classified. */
void		 cleaner_count(struct cleaner *, const struct doc *,
		    const char *, size_t);
void		 cleaner_freeze(struct cleaner *);
/* Every document forgotten, as cleaner_new() made it (lists kept). */
void		 cleaner_reset(struct cleaner *);
int		 cleaner_keep(const struct cleaner *, size_t);
void		 cleaner_explain(const struct cleaner *, size_t, struct buf *);
/* The model's feature vector of a record, "INDEX:VALUE ..." (training). */
void		 cleaner_features(const struct cleaner *, size_t, struct buf *);
#define CLEAN_FEATURE_NAME_MAX	48
size_t		 clean_features_count(void);
void		 clean_feature_name(size_t, char *);	/* 0-based */
void		 cleaner_free(struct cleaner *);

/*
 * trend.c: documents per period and key (a topic or a term), their share
 * of the period's documents, and spikes judged against a trailing
 * window (nw-trend(1) gives the rules).  Counts are added in any order;
 * trend_finish() judges the cells of the last N periods with documents
 * (0 for all), and earlier ones a spike there began with; trend_rows()
 * hands out the judged cells of period index first or later.  Dates are
 * UTC seconds.  The rules' defaults (trend_params_default()) are
 * trendjudge.c's, dates and periods trenddate.c's.
 */
enum { TREND_HOUR, TREND_DAY, TREND_WEEK };
#define TREND_MIN_DOCUMENTS	5
#define TREND_RATIO		1.6
#define TREND_Z			3.5
#define TREND_SEASON_MAX	168
#define TREND_PERIOD_LEN	32	/* a formatted period, with its NUL */
struct trend_params {
	int		 period;	/* TREND_HOUR, _DAY or _WEEK */
	int		 window;	/* periods of trailing history */
	int		 season;	/* periods in a season; 0 for none */
	int		 season_min;	/* same-slot values for a seasonal base */
	uint64_t	 min_documents;
	double		 ratio;
	double		 z;
};
struct trend_point {
	uint64_t	 documents;
	uint64_t	 total;		/* documents of the period */
	double		 permille;	/* documents per 1000 of total */
	__int128	 mean_thousandths; /* of the scores, rounded */
	double		 baseline;	/* expected permille */
	double		 expected;	/* expected documents */
	double		 ratio;
	double		 z;
	int64_t		 run_start;	/* period the spike began, if spike */
	int		 history;	/* periods in the window */
	int		 seasonal;	/* baseline from the same slot */
	int		 judged;	/* 0 with no history */
	int		 spike;
	int		 start;		/* the first period of its spike */
};
struct trend;
typedef void	(*trend_row_fn)(void *, const char *, size_t, int64_t,
		    const struct trend_point *);
void		 trend_params_default(struct trend_params *, int);
void		 trend_period_format(int, int64_t, char[TREND_PERIOD_LEN]);
int		 trend_date_parse(const char *, size_t, int64_t *, int *);
/* What trend_date_parse() reads, for messages. */
#define TREND_DATE_FORMS	"YYYY-MM-DD[THH:MM[:SS]][Z|+HH[:MM]]"
struct trend	*trend_new(const struct trend_params *);
void		 trend_free(struct trend *);
void		 trend_finish(struct trend *, size_t);
size_t		 trend_periods(const struct trend *);
void		 trend_rows(struct trend *, size_t, trend_row_fn, void *);

/*
 * trendinput.c: a line of what nw-trend(1) reads, told by its shape:
 * topic scores (nw-topic-score(1), dated by a date= field or a field
 * chosen by index), a per-day table (DAY, TOPIC, DOCUMENTS, MEAN) or a
 * count file line (nw-count(1), TERM, COUNT[, DF], maybe after a date).
 * Returns NULL, or why the line is malformed.  Pointers refer to line.
 */
enum {
	TREND_INPUT_AUTO, TREND_INPUT_SCORES, TREND_INPUT_TABLE,
	TREND_INPUT_COUNTS
};

/*
 * atomicfile.c: write a file whole or not at all: atomic_open() starts a
 * temporary file beside path (fp to write to), atomic_commit() flushes
 * it to disk and renames it over path, keeping its permission bits.  A
 * symbolic link is followed and its target replaced; a path that exists
 * and is not a regular file is refused ("not a regular file").  Both
 * warn and return -1 on failure, leaving path as it was.
 * atomic_target() names the file path is, its symbolic links followed
 * (dangling ones too; NULL, reported, on failure): the one replaced.
 * atomic_same_new_file(): whether two paths that name no file yet would
 * be replaced as one (nost and ./nost, or links to one new name).
 */
struct atomic_file {
	FILE		*fp;
	const char	*path;		/* as given */
	char		*target;	/* what is replaced: links followed */
	char		*tmp;
};
int	 atomic_open(struct atomic_file *, const char *);
int	 atomic_commit(struct atomic_file *);
char	*atomic_target(const char *);
int	 atomic_same_new_file(const char *, const char *);

/*
 * trendreport.c: the HTML report of nw-trend(1), one self-contained
 * file with inline SVG: small multiples of each key's share per period
 * with its spikes, the risers of the last period with their top terms
 * (from nw-topic-score --explain) and example documents, and the mix of
 * languages (lang=) and sources (source=, else the URL host or the dump
 * of the id) where the score lines carry them.
 */
struct trend_report;
struct trend_report *trend_report_new(int);
int	 trend_report_write(struct trend_report *, struct trend *,
	    const char *);
void	 trend_report_free(struct trend_report *);

/*
 * trendread.c: the inputs of nw-trend(1) read into a trend (and the
 * report, if not NULL): score lines, day tables or count lines, each
 * dated and put in its period, the score lines of a document counted
 * once per topic; trend_read_totals() reads DATE<TAB>DOCUMENTS lines that
 * replace the documents counted.  Bad lines are reported ("path: line N:
 * reason") and skipped.  Both return 0, or 1 if anything was bad.
 */
struct trend_read_options {
	int		 period;	/* TREND_HOUR, _DAY or _WEEK */
	int		 kind;		/* TREND_INPUT_*; AUTO: by line 1 */
	size_t		 datefield;	/* of score lines (id 0); 0: date= */
	int		 hasdate;	/* --date for undated count lines: */
	int64_t		 date;
	int		 datehastime;
	int		 input_flags;
};
int	 trend_read(struct trend *, struct trend_report *,
	    const struct trend_read_options *, const char *);
int	 trend_read_totals(struct trend *, const struct trend_read_options *,
	    const char *);

/*
 * trendalert.c: the new spikes of nw-trend -a, each alerted once: with a
 * state file (START<TAB>KEY lines of the spikes alerted before; NULL for
 * none), read by trend_alerts_new() (a bad one ends the run, said) and
 * again under a lock (STATE.lock) when it would change, then replaced
 * whole.  trend_alerts_find() hands fn each new spike of period index
 * first or later, then saves the state: 0, or 1 when the lock or the
 * save failed (said).  fn writes through out_*(): what it wrote is
 * flushed before the state is saved, so that a crash in between repeats
 * an alert rather than losing it.
 */
struct trend_alerts;
struct trend_alerts *trend_alerts_new(const char *, int);
int	 trend_alerts_find(struct trend_alerts *, struct trend *, size_t,
	    trend_row_fn, void *);
void	 trend_alerts_free(struct trend_alerts *);

#endif /* NW_H */
