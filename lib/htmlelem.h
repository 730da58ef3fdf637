/*
 * newswire: what html.c knows of HTML's elements and attributes
 * (lib/htmlelem.c): how each element is treated, and what the class,
 * id, role, itemprop, hidden and style attributes say of a block.
 */
#ifndef NW_HTMLELEM_H
#define NW_HTMLELEM_H

/* How an element is treated. */
#define EL_INLINE	0x01	/* text runs on through it */
#define EL_SKIP		0x02	/* gives no text, nor does what it holds */
#define EL_SPACE	0x04	/* inline, but stands between words */
#define EL_LINK		0x08
#define EL_BREAK	0x10	/* br */
#define EL_TITLE	0x20
#define EL_SCRIPT	0x40
#define EL_H1		0x80
#define EL_META		0x100
#define EL_RAW		0x200	/* read raw by libxml2: script, style */
#define EL_PROSE	0x400	/* its text counts towards its container */
#define EL_TIME		0x800	/* a date: time, itemprop="date..." */
#define EL_HEAD		0x1000	/* keeps the head open (HTML5's "in head") */
#define EL_FOREIGN	0x2000	/* a browser reads no script data or raw
				   text in it: svg, math, noscript */
#define EL_PRE		0x4000	/* keeps the lines of its source: pre */
#define EL_RCDATA	0x8000	/* read raw by a browser (RCDATA or
				   RAWTEXT), as markup by libxml2: title,
				   textarea, xmp, iframe, noembed, ... */

struct html_element {
	const char	*name;
	int		 flags;
	int		 context;	/* BLOCK_HINT_* (nw-private.h) */
};

/*
 * An element by its name (lower-cased, as the parser gives it), or
 * NULL; html_element_name() is the name a hint shows for one not
 * found.  html_element_attrs() adds what the attributes (name, value
 * pairs, NULL-terminated) say: context bits, hiding, EL_TIME.
 */
const struct html_element *html_element_find(const char *);
const char	*html_element_name(const char *);
void		 html_element_attrs(const char *const *, int *, int *, int *);
void		 html_element_init(void);	/* once, before the above */

#endif
