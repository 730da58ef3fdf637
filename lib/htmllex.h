/*
 * newswire: where libxml2's HTML parser reads a page's markup otherwise
 * than a browser does (lib/htmllex.c).  Each correction puts libxml2's
 * input where a browser's tokenizer would be; html.c calls them from
 * its SAX callbacks, and htmllex.c decides where they apply.  For that
 * html.c tells it of the element open: its name and its flags
 * (htmlelem.h), NULL and 0 when none is open.
 */
#ifndef NW_HTMLLEX_H
#define NW_HTMLLEX_H

#include <libxml/HTMLparser.h>

struct html_lex {
	int		 nogt;		/* no '>' after some bogus comment */
	unsigned long	 script_end;	/* where a browser ends the script */
	int		 script_endless; /* one it never ends came */
	unsigned	 raw_endless;	/* raw text elements likewise, by
					   their bits (struct html_raw) */
	int		 prolog;	/* before the content, where libxml2
					   skips blanks without a word */
};

/* Where libxml2 is when a correction is asked for. */
enum html_lex_at {
	HTML_LEX_AT_LT,		/* at what it reads next (after text) */
	HTML_LEX_AFTER_GT,	/* just past a '>' (an end tag, a comment) */
	HTML_LEX_ON_GT		/* on a start tag's '>', to step over it */
};

void	html_lex_init(void);	/* once, before any page */
void	html_lex_reset(struct html_lex *);
int	html_lex_foreign(const char *, int, size_t);
int	html_lex_implied(htmlParserCtxtPtr, const xmlChar *, const xmlChar **);
int	html_lex_bang(struct html_lex *, htmlParserCtxtPtr, const char *, int,
	    const xmlChar *);
void	html_lex_bogus(struct html_lex *, htmlParserCtxtPtr, const char *, int,
	    enum html_lex_at);
void	html_lex_script_start(struct html_lex *, htmlParserCtxtPtr);
void	html_lex_script_end(struct html_lex *, htmlParserCtxtPtr);
/* Text from html_lex_raw(), as libxml2 would hand it out. */
typedef void	html_lex_text_fn(void *, const xmlChar *, size_t);
struct html_raw;
int	html_lex_raw(struct html_lex *, htmlParserCtxtPtr,
	    const struct html_raw *, html_lex_text_fn *, void *);

#endif
