/*
 * newswire: where libxml2's HTML parser reads a page's markup otherwise
 * than a browser does (lib/htmllex.c).  Each correction puts libxml2's
 * input where a browser's tokenizer would be; html.c calls them from
 * its SAX callbacks.
 */
#ifndef NW_HTMLLEX_H
#define NW_HTMLLEX_H

#include <libxml/HTMLparser.h>

struct html_lex {
	int		 nogt;		/* no '>' after a bogus "<!" */
	unsigned long	 script_end;	/* where a browser ends the script */
	int		 script_endless; /* one it never ends came */
};

void	html_lex_init(void);	/* once, before any page */
void	html_lex_reset(struct html_lex *);
int	html_lex_bang(struct html_lex *, htmlParserCtxtPtr, const xmlChar *);
void	html_lex_script_start(struct html_lex *, htmlParserCtxtPtr);
void	html_lex_script_end(struct html_lex *, htmlParserCtxtPtr);

#endif
