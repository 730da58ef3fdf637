#!/usr/bin/env bats
# nw-split over web pages: loose HTML files, archive members, WARC
# response and resource records, JSON Lines holding HTML; encodings,
# block hints, titles, dates and hostile markup.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	cd "$T"
}

# response URI HTTP-HEAD BODY: a WARC response record (HEAD lines
# joined by CRLF, then the body).
response() {
	local content
	content=$(printf '%b\r\n\r\n%b' "$2" "$3"; echo x)
	content=${content%x}
	warc_record response "$1" "application/http; msgtype=response" "$content"
}

# warc_record TYPE URI CONTENT-TYPE CONTENT
warc_record() {
	printf 'WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n' "$1" "$2"
	printf 'WARC-Date: 2026-11-21T08:00:00Z\r\nContent-Type: %s\r\n' "$3"
	printf 'Content-Length: %d\r\n\r\n%s\r\n\r\n' "$(printf '%s' "$4" | wc -c)" "$4"
}

@test "a page: one record per block, spacing kept across tags, hidden things dropped" {
	cp "$DATA/nw-split-html-page.in" page.in
	run --separate-stderr nw-split page.in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	cut -f3 "$DATA/nw-split-html-page.out" | sed 's/^/page.in\t/' >expected
	paste <(cut -f1 "$DATA/nw-split-html-page.out" | sed 's/.*/page.in/') \
	    <(cut -f2 "$DATA/nw-split-html-page.out") \
	    <(cut -f4 "$DATA/nw-split-html-page.out") >expected
	diff -u expected <(printf '%s\n' "$output")
}

@test "custom elements, button, output and picture are inline, as browsers show them" {
	printf '<html><body><p>Shares rose <fin-streamer data-symbol="X">3.2%%</fin-streamer> on Monday <button>after</button> <output>results</output> <picture><source srcset="a.webp"><img src="a.jpg"></picture>today.</p><my-story><p>A story.</p></my-story><unknown>Block.</unknown></body></html>' >ce.html
	run --separate-stderr nw-split ce.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ce.html	1	Shares rose 3.2% on Monday after results today.
ce.html	2	A story.
ce.html	3	Block." ]
}

@test "an inline style hides by its last display or visibility, named whole, never by a property that ends so" {
	n=0
	while IFS='|' read -r style want; do
		n=$((n + 1))
		printf '<html><body><p>before</p><div style="%s"><p>styled</p></div></body></html>' \
		    "$style" >s$n.html
		run --separate-stderr nw-split s$n.html
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$(cut -f3 <<<"$output" | tr '\n' ' ')" = "$want" ] ||
		    { echo "$style: $output"; return 1; }
	done <<'EOF_STYLES'
backface-visibility: hidden|before styled 
-webkit-backface-visibility:hidden|before styled 
mso-display:none|before styled 
display:none-x|before styled 
font-family:'display:none'|before styled 
font-family:'a;display:none'|before styled 
display: none; display: block|before styled 
display:none|before 
DISPLAY : NONE|before 
display:none !important|before 
color:red;visibility:hidden|before 
visibility:collapse|before 
display:block;display:none|before 
EOF_STYLES
}

@test "--block-hints: block=ELEMENT,CONTEXT,LINKS,DEPTH,BOX,OUTER before the text" {
	cd "$DATA"
	run --separate-stderr nw-split --block-hints nw-split-html-page.in
	[ "$status" -eq 0 ]
	diff -u nw-split-html-page.out <(printf '%s\n' "$output")
}

@test "--block-hints: the main container (m, o), itemprop=articleBody, class words" {
	# The story's div holds most of the prose (points for its commas
	# and length): its blocks are m, all others o.  Class and id words
	# anywhere in the value, any case: B byline, D sidebar/widget, P
	# credit, A promo, U newsletter, T tags.  A page with too little
	# prose has no main container: neither letter.
	cat >m.html <<-'EOF'
	<html><body>
	<div class="site-nav"><a href="/">Home</a> <a href="/news">News</a></div>
	<div id="page">
	<div class="story">
	<h2>Rain, at last</h2>
	<p>Rain fell on the town on Monday, the first in months, and farmers, who had waited, were glad of it.</p>
	<p>The river rose, slowly, then fast, and by the evening, the mayor said, it had reached the bridge.</p>
	<p>Schools stayed open, shops too, and buses ran, late, but they ran, all day and into the night.</p>
	</div>
	<p class="byLine">By A. Writer</p>
	</div>
	<div class="sidebar-widget"><p>Most read: a teaser of another story, long enough to be prose, with a comma.</p></div>
	<p class="photo-credit">Photo: Agency</p>
	<div class="PROMO">Win a trip</div>
	<div id="newsletter">Sign up</div>
	<ul class="tags"><li>weather</li></ul>
	</body></html>
	EOF
	printf '%s\n' '<p>Too little prose here, for a main container.</p>' \
	    '<div class="social-links"><a href="/x">X</a></div>' \
	    '<div itemprop="articleBody"><p>In the body</p></div>' >n.html
	run --separate-stderr nw-split --block-hints m.html n.html
	[ "$status" -eq 0 ]
	[ "$output" = "m.html	1	block=div,oN,100,3,2,1	Home News
m.html	2	block=h2,m,0,5,5,4	Rain, at last
m.html	3	block=p,m,0,5,5,4	Rain fell on the town on Monday, the first in months, and farmers, who had waited, were glad of it.
m.html	4	block=p,m,0,5,5,4	The river rose, slowly, then fast, and by the evening, the mayor said, it had reached the bridge.
m.html	5	block=p,m,0,5,5,4	Schools stayed open, shops too, and buses ran, late, but they ran, all day and into the night.
m.html	6	block=p,oB,0,4,4,2	By A. Writer
m.html	7	block=p,oD,0,4,11,2	Most read: a teaser of another story, long enough to be prose, with a comma.
m.html	8	block=p,oP,0,3,2,1	Photo: Agency
m.html	9	block=div,oA,0,3,2,1	Win a trip
m.html	10	block=div,oU,0,3,2,1	Sign up
m.html	11	block=li,oT,0,4,16,2	weather
n.html	1	block=p,-,0,3,2,1	Too little prose here, for a main container.
n.html	2	block=div,S,100,3,2,1	X
n.html	3	block=p,c,0,4,5,2	In the body" ]
}

@test "--block-hints: a class saying article text weighs its element as the main container" {
	# Without "entry-content" the four paragraphs of the other div would
	# outscore the one here, which would be o.
	p='<p>Buy now and pay later, with free delivery on every order, returns, and gifts wrapped at no cost to you.</p>'
	printf '%s\n' '<html><body>' \
	    '<div class="entry-content"><p>The council met on Tuesday evening, after a long delay, and voted to keep the library open, for another year.</p></div>' \
	    '<div class="wrap"><div>' "$p" "$p" "$p" "$p" '</div></div>' \
	    '</body></html>' >c.html
	run --separate-stderr nw-split --block-hints c.html
	[ "$status" -eq 0 ]
	# (s: the other div holds the most prose in its own paragraphs.)
	[ "$(cut -f2,3 <<<"$output")" = "1	block=p,m,0,4,3,2
2	block=p,ms,0,5,6,5
3	block=p,ms,0,5,6,5
4	block=p,ms,0,5,6,5
5	block=p,ms,0,5,6,5" ]
}

@test "ruby annotations give no text: the base runs on as one word" {
	printf '%s\n' '<p>新しい<ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>では<b>親</b>が</p>' >r.html
	run --separate-stderr nw-split r.html
	[ "$status" -eq 0 ]
	[ "$output" = "r.html	1	新しい法律では親が" ]
}

@test "--block-hints: beside the article's paragraphs (s), a dateline nested deeper not" {
	# The story's paragraphs of prose (a p of over 80 bytes, few links)
	# make it the text parent: its children are s, the short quote and
	# the subhead among them; the dateline two levels down (in a class
	# "meta": E) and the teaser outside are not.  A page with no such paragraph has no s.
	cat >s.html <<-'EOF'
	<html><body>
	<div class="story">
	<p>The council met on Tuesday evening, after a long delay, and voted to keep the old library open for the town.</p>
	<p>"We did it," she said.</p>
	<div class="meta"><div>Tuesday, 21:40</div></div>
	<h3>What comes next</h3>
	<p>The vote was close, seven to six, and the mayor said that the money would be found in the spring budget.</p>
	</div>
	<div class="more"><p>Another story entirely, a teaser.</p></div>
	</body></html>
	EOF
	printf '%s\n' '<p>Short.</p>' >t.html
	run --separate-stderr nw-split --block-hints s.html t.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f1,3 <<<"$output")" = "s.html	block=p,ms,0,4,3,2
s.html	block=p,ms,0,4,3,2
s.html	block=div,mE,0,5,6,3
s.html	block=h3,ms,0,4,3,2
s.html	block=p,ms,0,4,3,2
s.html	block=p,o,0,4,10,2
t.html	block=p,-,0,3,2,1" ]
}

@test "--block-hints: text the JSON-LD articleBody holds (j) or not (x), the description's (d)" {
	# articleBody decoded as JSON (escapes, a raw line feed), its tags
	# and entities skipped, compared as pairs of words in a row: the
	# paragraphs run together there ("months.The") are j all the same;
	# the dateline and the teaser are x.  A block of three pairs of words
	# or more, four in five of them in the meta description, or holding
	# four in five of the description's, is d.  One word is too little to tell: no letter.  A page without
	# them has neither.
	cat >j.html <<-'EOF'
	<html><head>
	<meta property="og:description" content="Rain fell on the town on Monday, the first in months">
	<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
	{"@type": "NewsArticle", "articleBody": "Rain fell on the town on Monday, the first in months.The river rose, slowly,
	then fast, and by the evening it had reached the “bridge”.<p>Schools stayed open &amp; shops too.</p>"}]}</script>
	</head><body>
	<p>Rain fell on the town on Monday, the first in months.</p>
	<p>The river rose, slowly, then fast, and by the evening it had reached the “bridge”.</p>
	<div>Monday, 10:42</div>
	<p>Schools stayed open &amp; shops too.</p>
	<p>Another story entirely, a teaser.</p>
	<p>Weather</p>
	</body></html>
	EOF
	printf '%s\n' '<p>Rain fell on the town on Monday.</p>' >k.html
	run --separate-stderr nw-split --block-hints j.html k.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f1,3 <<<"$output")" = "j.html	block=p,jd,0,3,5,1
j.html	block=p,j,0,3,5,1
j.html	block=div,x,0,3,5,1
j.html	block=p,j,0,3,5,1
j.html	block=p,x,0,3,5,1
j.html	block=p,-,0,3,5,1
k.html	block=p,-,0,3,2,1" ]
}

@test "--block-hints: in a form (q), a date's text (t), a class saying date, time or meta (E)" {
	# t marks the block holding the text of a <time> or of an element
	# whose itemprop starts with "date"; an empty <time> gives none.
	cat >q.html <<-'EOF'
	<html><body>
	<form action="/search"><p>Search the site</p></form>
	<p class="dateline">Published <time datetime="2026-11-20">20 November</time></p>
	<div class="post-meta"><p>Filed under weather</p></div>
	<p>Updated <span itemprop="dateModified">21 November</span></p>
	<p>No date here <time datetime="2026-11-20"></time></p>
	<p>Plain text.</p>
	</body></html>
	EOF
	run --separate-stderr nw-split --block-hints q.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "q.html	1	block=p,q,0,4,3,2	Search the site
q.html	2	block=p,tE,0,3,2,1	Published 20 November
q.html	3	block=p,E,0,4,6,2	Filed under weather
q.html	4	block=p,t,0,3,2,1	Updated 21 November
q.html	5	block=p,-,0,3,2,1	No date here
q.html	6	block=p,-,0,3,2,1	Plain text." ]
}

@test "words: no glue across tags, no space inside a word split by tags" {
	printf '<p>one<b>two</b> three<i> four</i><br>five<span>six</span></p><p>a</p><p>b</p>' >w.html
	run --separate-stderr nw-split w.html
	[ "$status" -eq 0 ]
	[ "$output" = "w.html	1	onetwo three four fivesix
w.html	2	a
w.html	3	b" ]
}

@test "words: a line end of the source between Chinese or Japanese characters is no space" {
	# As CSS Text has it: the source was wrapped inside a word.  A
	# space, a no-break space, a br or an img stays one, and so does a
	# line end beside Latin or Korean, or in a pre, which shows its lines.
	printf '<title>政府の\n発表</title><p>政府宣布新的经济政策以\n\t<b>促进</b>\n增长 并&nbsp;\n改善<br>\n民生<img src=x>\n结束\nEnd\n中文\n한국어\n문장</p><pre>床前明月光\n疑是<b>地上霜</b>\n</pre><p>举头\n望明月</p><p>Osaka &amp; ﾃｽﾄ\nﾃﾞｰﾀ</p>' >zh.html
	run --separate-stderr nw-split --html-title zh.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "zh.html	1	政府の発表
zh.html	2	政府宣布新的经济政策以促进增长 并 改善 民生 结束 End 中文 한국어 문장
zh.html	3	床前明月光 疑是地上霜
zh.html	4	举头望明月
zh.html	5	Osaka & ﾃｽﾄﾃﾞｰﾀ" ]
}

@test "references: the whole HTML5 table is decoded, never into markup, never twice" {
	# libxml2 knows only HTML 4's names.  "&LT;b&GT;" is text, and the
	# "&commat;" that "&amp;commat;" gives is not read again.
	printf '<html><head><title>AT&AMP;T &check;</title></head><body><p>Write to tips&commat;news.example or call&colon; 555&period; Prices &lpar;in &dollar;&rpar; up 5&percnt;&excl; AT&AMP;T &check; &hyphen; &apos;ok&apos;</p><p>&LT;b&GT;bold&LT;/b&GT; &amp;commat; &QUOT;&COPY;&quot; &lang;x&rang; &fjlig;ord &CounterClockwiseContourIntegral; &bogus;</p></body></html>' >ent.html
	run --separate-stderr nw-split --html-title ent.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ent.html	1	AT&T ✓
ent.html	2	Write to tips@news.example or call: 555. Prices (in \$) up 5%! AT&T ✓ ‐ 'ok'
ent.html	3	<b>bold</b> &commat; \"©\" ⟨x⟩ fjord ∳ &bogus;" ]
}

@test "references: legacy names without ';' as browsers read them in text, bad numbers as U+FFFD" {
	# The longest legacy name that matches is read ("&notit;" is
	# "¬it;"); "&#" with no digit stays as it is.
	printf '<p>&copy 2024 Example&nbsp;News &amp Co, &pound5 &notit; &notin; &ampx; &copy-x &sect</p><p>a&#0;b &#xD800; &#1114112; &#x110000; &#foo &#x; &#65;</p>' >bare.html
	run --separate-stderr nw-split bare.html
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-split: bare.html: 4 character references to no character (&#0;, &#xD800;-&#xDFFF;, past &#x10FFFF;) in web pages replaced by U+FFFD" ]
	[ "$output" = "bare.html	1	© 2024 Example News & Co, £5 ¬it; ∉ &x; ©-x §
bare.html	2	a�b � � � &#foo &#x; A" ]
	# "&#xfffd;" is a character, not a repair.  An archive's are said
	# once, at its end; under --strict one ends the input, as a byte
	# invalid in the page's charset does.
	printf '<p>Replacement &#xfffd; as written.</p>' >fffd.html
	run --separate-stderr nw-split fffd.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	cp bare.html again.html
	tar -cf refs.tar bare.html again.html
	run --separate-stderr nw-split refs.tar
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-split: refs.tar: 8 character references to no character (&#0;, &#xD800;-&#xDFFF;, past &#x10FFFF;) in web pages replaced by U+FFFD" ]
	run --separate-stderr nw-split --strict bare.html
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: bare.html: 4 character references to no character (&#0;, &#xD800;-&#xDFFF;, past &#x10FFFF;)" ]
}

@test "references: an attribute value's as browsers read them, not cut short at &#0; or &#" {
	# og:title: a legacy name without its ';' is read there only when
	# no '=', letter or digit follows.
	printf '<meta property="og:title" content="AT&AMP;T &check; &copy=1 &copy;=1 &copy 1 &notit a&#0;b &#foo"><p>x</p>' >og.html
	run --separate-stderr nw-split --meta title og.html
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-split: og.html: 1 character reference to no character (&#0;, &#xD800;-&#xDFFF;, past &#x10FFFF;) in web pages replaced by U+FFFD" ]
	[ "$output" = "og.html	AT&T ✓ &copy=1 ©=1 © 1 &notit a�b &#foo	1	x" ]
}

@test "HTML is told by content, not by name" {
	printf '<p>markup in a .txt</p>' >page.txt
	printf 'plain <p> text in a .html file\n' >notes.html
	run --separate-stderr nw-split page.txt notes.html
	[ "$status" -eq 0 ]
	[ "$output" = "page.txt	1	markup in a .txt
notes.html	1	plain <p> text in a .html file" ]
	printf '<br />\n<b>Warning</b>: from PHP<br />\n<!DOCTYPE html><html><body><p>after a warning</p></body></html>' >php.html
	run nw-split php.html
	[ "$output" = "php.html	1	Warning: from PHP
php.html	2	after a warning" ]
}

# Scrapers save an article's body alone, starting with its first tag.
@test "HTML fragments: a file opening with an article body's tag is a page" {
	printf '<h1>Title here</h1>\n<p>Body.</p>\n' >frag.html
	printf '<article class="story"><h2>Sub</h2>Text</article>' >art.html
	printf '<SECTION id=main><p>Upper</p></SECTION>' >sec.html
	printf '<table border><tr><td>Cell</td></tr></table>' >tab.html
	printf '\357\273\277 \n<a href="/x">Link</a> and text' >a.html
	printf '<span>Lead</span> and <img src=x alt=y> more' >span.html
	# Attribute names as HTML reads them, as frameworks write them.
	printf '<div @click="open = true">\n<p>First.</p>\n</div>\n' >vue.html
	printf '<div [hidden]="x" *ngIf="y"><p>Second.</p></div>' >ng.html
	run --separate-stderr nw-split frag.html art.html sec.html tab.html \
	    a.html span.html vue.html ng.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "frag.html	1	Title here
frag.html	2	Body.
art.html	1	Sub
art.html	2	Text
sec.html	1	Upper
tab.html	1	Cell
a.html	1	Link and text
span.html	1	Lead and more
vue.html	1	First.
ng.html	1	Second." ]
	# A '<' that opens no such tag is text.
	printf '<3 to all readers\n' >heart.txt
	printf '<joe@example.com> wrote:\n' >mail.txt
	printf '<a lot to say> here\n' >words.txt
	printf '<h7>no such element</h7>\n' >h7.txt
	printf '<diverse> views\n' >div.txt
	printf '<b and c> are\n' >b.txt
	run --separate-stderr nw-split heart.txt mail.txt words.txt h7.txt \
	    div.txt b.txt
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "heart.txt	1	<3 to all readers
mail.txt	1	<joe@example.com> wrote:
words.txt	1	<a lot to say> here
h7.txt	1	<h7>no such element</h7>
div.txt	1	<diverse> views
b.txt	1	<b and c> are" ]
}

@test "--format text reads markup as text; --format html a page" {
	printf '<p>x</p>' >a
	run nw-split --format text a
	[ "$output" = "a	1	<p>x</p>" ]
	printf 'no markup here' >b
	run nw-split --format html b
	[ "$output" = "b	1	no markup here" ]
}

@test "--html-title: the title (og:title first) as paragraph 1; --meta title,published" {
	cp "$DATA/nw-split-html-page.in" page.in
	run --separate-stderr nw-split --html-title --block-hints --meta title,published page.in
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "page.in	Storm hits coast	2026-11-20T07:30:00Z	1	block=title,-,0,0,0,0	Storm hits coast" ]
	[ "${lines[1]}" = "page.in	Storm hits coast	2026-11-20T07:30:00Z	2	block=header,ho,100,3,9,1	Daily Example" ]
	printf '<title>Only &lt;title&gt;</title><h1>One heading</h1><p>x</p>' >t1.html
	printf '<title>Site | Story</title><h1>Logo</h1><h1>Story</h1><p>x</p>' >t2.html
	run nw-split --meta title -u doc t1.html t2.html
	[ "$output" = "t1.html	One heading	0	One heading x
t2.html	Site | Story	0	Logo Story x" ]
}

@test "--meta published: from meta tags, itemprop or JSON-LD" {
	printf '<script type="application/ld+json">{"@type":"NewsArticle", "datePublished" : "2025-05-06T10:00:00+02:00"}</script><p>x</p>' >ld.html
	printf '<p>x <time itemprop="datePublished" datetime="2024-02-03">Feb 3</time></p>' >time.html
	printf '<meta name="pubdate" content="20230101"><meta property="article:published_time" content="2023-01-01T00:00:00Z"><p>x</p>' >meta.html
	printf '<p>no date</p>' >none.html
	run --separate-stderr nw-split --meta published ld.html time.html meta.html none.html
	[ "$status" -eq 0 ]
	[ "$output" = "ld.html	2025-05-06T10:00:00+02:00	1	x
time.html	2024-02-03	1	x Feb 3
meta.html	2023-01-01T00:00:00Z	1	x
none.html		1	no date" ]
}

@test "charset: ISO-8859-1 label read as windows-1252, sniffed Latin-1, BOM, UTF-16" {
	printf '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>\x93quoted\x94 caf\xe9</p>' >l1.html
	printf '<p>caf\xe9 without a label</p>' >sniff.html
	printf '\xef\xbb\xbf<meta charset="windows-1252"><p>caf\xc3\xa9 BOM wins</p>' >bom.html
	printf '\xff\xfe<\0p\0>\0h\0i\0<\0/\0p\0>\0' >u16.html
	printf '<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>' >koi.html
	run --separate-stderr nw-split l1.html sniff.html bom.html koi.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "l1.html	1	“quoted” café
sniff.html	1	café without a label
bom.html	1	café BOM wins
koi.html	1	Привет" ]
	run --separate-stderr nw-split --format html u16.html
	[ "$output" = "u16.html	1	hi" ]
}

@test "charset: an XHTML page's XML declaration names its encoding when no <meta> does" {
	printf '<?xml version="1.0" encoding="windows-1251"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>' >x.xhtml
	# A <meta> label wins; an unknown XML one is passed over as a
	# <meta> one is.
	printf "<?xml version='1.0' encoding='x-bogus'?><html><head><meta charset=\"koi8-r\"></head><body><p>\xf0\xd2\xc9\xd7\xc5\xd4</p></body></html>" >meta.xhtml
	printf '<?xml version="1.0" encoding="x-bogus"?><html><body><p>caf\xe9</p></body></html>' >bogus.xhtml
	run -0 --separate-stderr nw-split x.xhtml meta.xhtml bogus.xhtml
	[ "$output" = "x.xhtml	1	Привет
meta.xhtml	1	Привет
bogus.xhtml	1	café" ]
	[ "$stderr" = 'nw-split: bogus.xhtml: unknown charset "x-bogus" ignored: read as windows-1252' ]
}

# One invalid sequence in eight valid ones at most: sniff_utf8().
@test "charset: a page with few UTF-8 sequences, or only one cut at its end, is UTF-8 too" {
	# Three-byte sequences weigh four: one stray byte among four.
	printf '<p>Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d and one stray caf\xe9.</p>\n' >few.html
	# ASCII but for a character the end cuts short.
	printf '<p>It said \xe2\x80' >end.html
	run --separate-stderr nw-split few.html end.html
	[ "$status" -eq 0 ]
	[ "$output" = "few.html	1	Café “quoted” and one stray caf�.
end.html	1	It said �" ]
	[ "$stderr" = "nw-split: few.html: 1 invalid UTF-8 sequence replaced with U+FFFD
nw-split: end.html: 1 invalid UTF-8 sequence replaced with U+FFFD" ]
	# A page's repairs and a text member's are one line for the operand.
	mkdir t
	cp few.html t/a.html
	printf 'caf\xe9\n' >t/b.txt
	tar cf t.tar -C t a.html b.txt
	run --separate-stderr nw-split t.tar
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-split: t.tar: 2 invalid UTF-8 sequences replaced with U+FFFD" ]
}

@test "charset: a page with no charset, UTF-8 but a few bad bytes, is UTF-8" {
	# Café société «Привет», then a character cut short.
	{
		printf '<html><body><p>Caf\xc3\xa9 soci\xc3\xa9t\xc3\xa9 '
		printf '\xc2\xab\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2'
		printf '\xd0\xb5\xd1\x82\xc2\xbb</p><p>x \xe2\x80</p>'
		printf '</body></html>'
	} >cut.html
	# One valid sequence by chance (Â©) among invalid ones: windows-1252.
	printf '<p>caf\xe9 \xc2\xa9 cr\xe8me na\xefve</p>' >w.html
	bad='1 invalid UTF-8 sequence replaced with U+FFFD'
	run --separate-stderr nw-split cut.html w.html
	[ "$status" -eq 0 ]
	[ "$output" = "cut.html	1	Café société «Привет»
cut.html	2	x �
w.html	1	café Â© crème naïve" ]
	[ "$stderr" = "nw-split: cut.html: $bad" ]
	run --separate-stderr nw-split --strict cut.html
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: cut.html: 1 invalid UTF-8 sequence" ]
	# A record cut mid-character: the sequence the cut ends counts for
	# neither encoding.
	body=$(printf '<p>Caf\xc3\xa9 soci\xc3\xa9t\xc3\xa9</p><p>cut \xe2\x80')
	http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' \
	    "$body")
	{
		printf 'WARC/1.1\r\nWARC-Type: response\r\n'
		printf 'WARC-Target-URI: https://x.y/c\r\n'
		printf 'Content-Length: 500\r\n\r\n%s' "$http"
	} >cut.warc
	len=$(printf '%s' "$http" | wc -c)
	run --separate-stderr nw-split --truncated keep cut.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://x.y/c	1	truncated=1	Café société
https://x.y/c	2	truncated=1	cut �" ]
	why="record 1 at byte 0: truncated content ($len of 500 bytes)"
	[ "$stderr" = "nw-split: cut.warc: $why: document kept as truncated=1
nw-split: cut.warc: $bad" ]
}

@test "charset: labels read as browsers read them (WHATWG), UTF-7 and UTF-32 unknown" {
	# UTF-16 under any of its names, in a <meta>, means UTF-8; browsers
	# know no UTF-7 or UTF-32; Shift_JIS and EUC-JP are Microsoft's
	# (0x8740 and 0xADA1 are circled one); x-user-defined is windows-1252.
	printf '<meta charset="unicode"><p>Caf\xc3\xa9 unicode</p>' >uni.html
	printf '<meta charset="UCS-2"><p>Caf\xc3\xa9 ucs-2</p>' >ucs2.html
	printf '<meta charset="csUnicode"><p>Caf\xc3\xa9 csunicode</p>' >csu.html
	printf '<meta charset="utf-32"><p>Hello world</p>' >u32.html
	printf '<meta charset="utf-7"><p>C++ costs +1 more</p>' >u7.html
	printf '<meta charset="shift_jis"><p>\x87\x40\x93\xfa\x96\x7b</p>' >sjis.html
	printf '<meta charset="euc-jp"><p>\xad\xa1\xc6\xfc\xcb\xdc</p>' >eucjp.html
	printf '<meta charset="iso-8859-8-i"><p>\xf9\xec\xe5\xed</p>' >heb.html
	printf '<meta charset="x-cp1251"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>' >xcp.html
	printf '<meta charset="x-user-defined"><p>caf\xe9 \x93q\x94</p>' >xud.html
	run --separate-stderr nw-split uni.html ucs2.html csu.html u32.html \
	    u7.html sjis.html eucjp.html heb.html xcp.html xud.html
	[ "$status" -eq 0 ]
	[ "$output" = "uni.html	1	Café unicode
ucs2.html	1	Café ucs-2
csu.html	1	Café csunicode
u32.html	1	Hello world
u7.html	1	C++ costs +1 more
sjis.html	1	①日本
eucjp.html	1	①日本
heb.html	1	שלום
xcp.html	1	Привет
xud.html	1	café “q”" ]
	[ "$stderr" = 'nw-split: u32.html: unknown charset "utf-32" ignored: read as utf-8
nw-split: u7.html: unknown charset "utf-7" ignored: read as utf-8' ]
}

@test "HTML behind a UTF-16 byte order mark is told as HTML: a file, a tar member, a WARC response without a type" {
	python3 - <<'PY'
page = '<html><body><p>Café news</p></body></html>'
open('le.html', 'wb').write(b'\xff\xfe' + page.encode('utf-16-le'))
open('be.htm', 'wb').write(b'\xfe\xff' +
    '<!-- é --><p>Café BE</p>'.encode('utf-16-be'))
body = b'\xff\xfe' + page.encode('utf-16-le')
http = b'HTTP/1.1 200 OK\r\n\r\n' + body
head = ('WARC/1.1\r\nWARC-Type: response\r\n'
    'WARC-Target-URI: https://x.example/16\r\n'
    'WARC-Date: 2026-11-21T08:00:00Z\r\n'
    'Content-Type: application/http; msgtype=response\r\n'
    'Content-Length: %d\r\n\r\n' % len(http)).encode()
open('p.warc', 'wb').write(head + http + b'\r\n\r\n')
PY
	mkdir m && cp le.html m/ && tar cf m.tar -C m le.html
	run --separate-stderr nw-split le.html be.htm m.tar p.warc
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "le.html	1	Café news
be.htm	1	Café BE
m.tar:le.html	1	Café news
https://x.example/16	1	Café news" ]
}

@test "a web page behind a UTF-32 byte order mark in a WARC record is read as UTF-32" {
	# Browsers know no UTF-32 and would take FF FE 00 00 for UTF-16; the
	# page would come out spaced by NULs.  The mark wins over the <meta>.
	python3 - <<'PY'
def record(body, uri, ctype):
    http = b'HTTP/1.1 200 OK\r\n' + ctype + b'\r\n' + body
    head = ('WARC/1.1\r\nWARC-Type: response\r\n'
        'WARC-Target-URI: %s\r\n'
        'Content-Type: application/http; msgtype=response\r\n'
        'Content-Length: %d\r\n\r\n' % (uri, len(http))).encode()
    return head + http + b'\r\n\r\n'
page = '<html><head><meta charset=windows-1252></head><body><p>Café 日本 \U0001F600</p></body></html>'
le = b'\xff\xfe\x00\x00' + page.encode('utf-32-le')
be = b'\x00\x00\xfe\xff' + page.encode('utf-32-be')
# A surrogate, then a unit cut short at the end.
bad = (b'\xff\xfe\x00\x00' + '<p>A'.encode('utf-32-le') +
    b'\x00\xd8\x00\x00' + 'B'.encode('utf-32-le') + b'C\x00')
open('p.warc', 'wb').write(record(le, 'https://x.example/le',
    b'Content-Type: text/html\r\n') + record(be, 'https://x.example/be', b'') +
    record(bad, 'https://x.example/bad', b'Content-Type: text/html\r\n'))
PY
	run --separate-stderr nw-split p.warc
	[ "$status" -eq 0 ]
	[ "$output" = "https://x.example/le	1	Café 日本 😀
https://x.example/be	1	Café 日本 😀
https://x.example/bad	1	A�B�" ]
	[ "$stderr" = "nw-split: p.warc: 2 bytes of web pages invalid in their charset, replaced by U+FFFD" ]
	run --separate-stderr nw-split --strict p.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://x.example/le	1	Café 日本 😀
https://x.example/be	1	Café 日本 😀" ]
	[ "$stderr" = "nw-split: p.warc: record 3 at byte 1021 (https://x.example/bad): 2 bytes invalid in its charset (utf-32le)" ]
}

@test "C1 controls, from a reference such as &#146; or a page's bytes, are read as Windows-1252" {
	# Browsers read &#128;-&#159; as Windows-1252 has those bytes; the
	# five it leaves unassigned they show as nothing.
	printf '<title>Don&#146;t</title><p>It&#146;s &#147;so&#148; &#150; &#128;5&#129; x &#141;&#157; y&#143;</p>' >ref.html
	printf '<meta charset=utf-8><p>raw \xc2\x92 and \xc2\x81</p>' >raw.html
	run --separate-stderr nw-split --html-title ref.html raw.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ref.html	1	Don’t
ref.html	2	It’s “so” – €5 x y
raw.html	1	raw ’ and" ]
	printf '<p>a&#129;b &#143;&#157; c</p>' >gone.html
	run nw-split gone.html
	[ "$output" = "gone.html	1	ab c" ]
	# An attribute's value too: og:title.
	printf '<meta property="og:title" content="Don&#146;t &#129;stop"><p>x</p>' >og.html
	run nw-split --html-title --meta title og.html
	[ "$output" = "og.html	Don’t stop	1	Don’t stop
og.html	Don’t stop	2	x" ]
}

@test "charset: bytes iconv refuses and browsers decode: windows code pages' unassigned 0x80-0x9F, GBK's 0x80" {
	# WHATWG: the C1 control at that byte (the five windows-1252 leaves
	# unassigned then show as nothing); 0x80 in GBK or GB18030 is the euro.
	printf '<meta charset="windows-1252"><p>a\x81b \x8d\x8f\x90\x9d c \x93q\x94</p>' >w.html
	printf '<meta charset="iso-8859-1"><p>x\x81y</p>' >l.html
	printf '<meta charset="gbk"><p>\x80 5 \xc4\xe3\xba\xc3</p>' >g.html
	printf '<meta charset="gb18030"><p>\x80 5</p>' >g2.html
	run --separate-stderr nw-split w.html l.html g.html g2.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "w.html	1	ab c “q”
l.html	1	xy
g.html	1	€ 5 你好
g2.html	1	€ 5" ]
}

@test "charset: windows-1258 keeps the letter iconv holds back for a tone mark, before a refused byte and at the end" {
	# A letter, then a byte iconv refuses; a page that ends in a letter;
	# a tone mark (0xF2, dot below) that does follow its letter.
	printf '<meta charset="windows-1258"><p>Hello\x81world</p><p>Vie\xf2t Nam' >v.html
	run --separate-stderr nw-split --strict v.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "v.html	1	Helloworld
v.html	2	Viẹt Nam" ]
}

@test "charset: an unknown label is skipped as in browsers, reported once per file, and the next source used" {
	# No other source: the page is sniffed, windows-1252 as it is not UTF-8.
	printf '<meta http-equiv="Content-Type" content="text/html; charset=latin-1"><p>Caf\351 cr\350me br\373l\351e na\357ve</p>' >lat.html
	printf '<meta charset="x-klingon"><p>caf\xe9</p><p>two</p>' >k.html
	# An unknown <meta> label is passed over for the next <meta>.
	printf '<meta charset="x-klingon"><meta charset="koi8-r"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>' >k2.html
	run --separate-stderr nw-split lat.html k.html k2.html
	[ "$status" -eq 0 ]
	[ "$output" = "lat.html	1	Café crème brûlée naïve
k.html	1	café
k.html	2	two
k2.html	1	Привет" ]
	[ "$stderr" = 'nw-split: lat.html: unknown charset "latin-1" ignored: read as windows-1252
nw-split: k.html: unknown charset "x-klingon" ignored: read as windows-1252
nw-split: k2.html: unknown charset "x-klingon" ignored: read as koi8-r' ]
	# An unknown HTTP label gives way to the page's <meta>; a page whose
	# id is not its file's name: both are told, once per label and file.
	response https://x.example/ru 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=None' '<meta charset="windows-1251"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>' >k.warc
	response https://x.example/k 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=None' '<p>caf\xe9</p>' >>k.warc
	run --separate-stderr nw-split k.warc
	[ "$status" -eq 0 ]
	[ "$output" = "https://x.example/ru	1	Привет
https://x.example/k	1	café" ]
	[ "$stderr" = 'nw-split: k.warc: https://x.example/ru: unknown charset "none" ignored: read as windows-1251' ]
}

@test "--strict: bytes invalid in a page's charset and NUL bytes are errors, named as text's are; the input ends" {
	printf '<html><head><meta charset="utf-8"></head><body><p>a\0b</p><p>c\377d</p></body></html>' >strict.html
	printf '<p>fine</p>' >ok.html
	run --separate-stderr nw-split --strict ok.html strict.html ok.html
	[ "$status" -eq 1 ]
	# Nothing came between the two: a run of one id (nw-split(1)).
	[ "$output" = "ok.html	1	fine
ok.html#2	1	fine" ]
	[ "$stderr" = "nw-split: strict.html: 1 byte invalid in its charset (utf-8)
nw-split: strict.html: 1 NUL byte" ]
	# Without it they are repaired and reported, as before.
	run --separate-stderr nw-split strict.html
	[ "$status" -eq 0 ]
	[ "$output" = "strict.html	1	a b
strict.html	2	c�d" ]
	# A WARC record, an archive member, a page from JSON: the rest of the
	# file is not read.
	{
		response https://x.example/1 'HTTP/1.1 200 OK\r\nContent-Type: text/html' '<p>first</p>'
		response https://x.example/2 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=shift_jis' '<p>a\xff\x80b</p>'
		response https://x.example/3 'HTTP/1.1 200 OK\r\nContent-Type: text/html' '<p>third</p>'
	} >s.warc
	off=$(response https://x.example/1 'HTTP/1.1 200 OK\r\nContent-Type: text/html' '<p>first</p>' | wc -c)
	mkdir m && cp ok.html strict.html m/ && tar cf s.tar -C m ok.html strict.html ok.html
	printf '{"url":"u1","html":"<p>a\\u0000b</p>"}\n{"url":"u2","html":"<p>ok</p>"}\n' >s.jsonl
	run --separate-stderr nw-split --strict s.warc s.tar
	[ "$status" -eq 1 ]
	[ "$output" = "https://x.example/1	1	first
s.tar:ok.html	1	fine" ]
	[ "$stderr" = "nw-split: s.warc: record 2 at byte $off (https://x.example/2): 2 bytes invalid in its charset (shift_jis)
nw-split: s.tar:strict.html: 1 byte invalid in its charset (utf-8)
nw-split: s.tar:strict.html: 1 NUL byte" ]
	run --separate-stderr nw-split --strict --html-field html --id-field url s.jsonl
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: s.jsonl: object at line 1 (u1): 1 NUL byte" ]
}

@test "WARC: HTML responses with status 200 are pages, id the target URI; HTTP charset beats <meta>" {
	{
		warc_record warcinfo '' application/warc-fields 'software: test'
		warc_record request https://news.example/1 'application/http; msgtype=request' 'GET /1 HTTP/1.1'
		response https://news.example/1 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251' '<meta charset="utf-8"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>'
		response https://news.example/2 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html' '<p>gone</p>'
		response https://news.example/3.css 'HTTP/1.1 200 OK\r\nContent-Type: text/css' 'p { color: red }'
		response https://news.example/4 'HTTP/1.1 200 OK' '<!doctype html><p>no content type, HTML by content</p>'
		warc_record resource file:///saved.html text/html '<p>a resource record</p>'
		warc_record revisit https://news.example/1 'application/http; msgtype=response' 'HTTP/1.1 200 OK'
	} >crawl.warc
	run --separate-stderr nw-split --meta date crawl.warc
	[ "$status" -eq 0 ]
	[ "$output" = "https://news.example/1	2026-11-21T08:00:00Z	1	Привет
https://news.example/4	2026-11-21T08:00:00Z	1	no content type, HTML by content
file:///saved.html	2026-11-21T08:00:00Z	1	a resource record" ]
	[ "$stderr" = "nw-split: crawl.warc: 1 response record skipped: not HTML
nw-split: crawl.warc: 1 response record skipped: HTTP status not 200 (see --http-status)" ]
	run --separate-stderr nw-split --http-status 200,404 crawl.warc
	[ "${lines[1]}" = "https://news.example/2	1	gone" ]
	[ "$stderr" = "nw-split: crawl.warc: 1 response record skipped: not HTML" ]
	run --separate-stderr nw-split --http-status any crawl.warc
	[ "${#lines[@]}" -eq 4 ]
}

@test "WARC: the charset is the Content-Type's charset parameter, a quoted one read whole" {
	body='<p>\xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2</p>'
	i=0
	for ct in 'text/html; charset=koi8-r' 'text/html;CharSet = "koi8-r"' \
	    'text/html; foo="a;charset=utf-8"; charset=koi8-r' \
	    'text/html; charset=koi8-r; charset=utf-8' \
	    'text/html; notcharset=koi8-r'; do
		i=$((i + 1))
		response "https://x.example/$i" \
		    "HTTP/1.1 200 OK\r\nContent-Type: $ct" "$body"
	done >c.warc
	run --separate-stderr nw-split c.warc
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# The last names no charset: Windows-1252, as for a page with none.
	[ "$output" = "$(printf '%s\n' 'https://x.example/1	1	Привет мир' \
	    'https://x.example/2	1	Привет мир' \
	    'https://x.example/3	1	Привет мир' \
	    'https://x.example/4	1	Привет мир' \
	    'https://x.example/5	1	ðÒÉ×ÅÔ ÍÉÒ')" ]
}

@test "WARC: an empty Content-Type is none: the body is told by its bytes" {
	ok='HTTP/1.1 200 OK'
	{
		response u1 "$ok\r\nContent-Type:" '<p>empty HTTP type</p>'
		response u2 "$ok\r\nContent-Type: " 'plain text, no page'
		warc_record resource u3 '' '<p>empty record type</p>'
		warc_record resource u4 '' 'plain text, no page'
		warc_record response u5 '' '<p>no status line</p>'
		warc_record conversion u6 '' '<p>converted page</p>'
	} >empty.warc
	run --separate-stderr nw-split empty.warc
	[ "$status" -eq 0 ]
	[ "$output" = "u1	1	empty HTTP type
u3	1	empty record type
u5	1	no status line
u6	1	converted page" ]
	[ "$stderr" = "nw-split: empty.warc: 1 response record skipped: not HTML
nw-split: empty.warc: 1 resource record skipped: not HTML" ]
}

@test "WARC: chunked and gzipped bodies are undone; Last-Modified as ISO 8601; a codec not supported is an error" {
	python3 - <<'PY'
import gzip
def record(uri, head, body):
    content = head.encode() + b"\r\n\r\n" + body
    return (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri.encode() +
        b"\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
        str(len(content)).encode() + b"\r\n\r\n" + content + b"\r\n\r\n")
with open("crawl.warc", "wb") as f:
    f.write(record("https://news.example/gz", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nLast-Modified: Tue, 10 Nov 2026 12:00:00 GMT", gzip.compress(b"<p>compressed page</p>", mtime=0)))
    f.write(record("https://news.example/chunked", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked", b"7\r\n<p>chun\r\n9\r\nked</p>\r\n\r\n0\r\n\r\n"))
    f.write(record("https://news.example/br", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br", b"xxxx"))
PY
	run --separate-stderr nw-split --meta last-modified crawl.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/gz	2026-11-10T12:00:00Z	1	compressed page
https://news.example/chunked		1	chunked" ]
	why="content encoding not supported: br"
	[[ "$stderr" == "nw-split: crawl.warc: record 3 at byte "*": $why" ]]
	# Transfer codings are undone after the chunks are joined and
	# before the content's; an interim 1xx response before the final
	# one is passed over.
	python3 - <<'PY'
import gzip, zlib
def record(uri, head, body):
    content = head.encode() + b"\r\n\r\n" + body
    return (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri.encode() +
        b"\r\nContent-Length: " + str(len(content)).encode() + b"\r\n\r\n" +
        content + b"\r\n\r\n")
def chunked(b):
    return b"%x\r\n" % len(b) + b + b"\r\n0\r\n\r\n"
page = b"<p>the page</p>"
gz = gzip.compress(page, mtime=0)
with open("transfer.warc", "wb") as f:
    f.write(record("te-gzip-chunked", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: gzip, chunked", chunked(gz)))
    f.write(record("te-gzip", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: gzip", gz))
    f.write(record("te-after-ce", "HTTP/1.1 200 OK\r\nTransfer-Encoding: deflate, chunked\r\nContent-Type: text/html\r\nContent-Encoding: gzip", chunked(zlib.compress(gz))))
    f.write(record("te-br", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: br, chunked", chunked(b"xxxx")))
    f.write(record("continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html", page))
    f.write(record("hints", "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html", page))
    f.write(record("continue-alone", "HTTP/1.1 100 Continue", b""))
PY
	run --separate-stderr nw-split transfer.warc
	[ "$status" -eq 1 ]
	[ "$output" = "te-gzip-chunked	1	the page
te-gzip	1	the page
te-after-ce	1	the page
continue	1	the page
hints	1	the page" ]
	[[ "${stderr_lines[0]}" == \
	    "nw-split: transfer.warc: record 4 at byte "*": $why" ]]
	[ "${stderr_lines[1]}" = "nw-split: transfer.warc: 1 response record skipped: HTTP status not 200 (see --http-status)" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	# RFC 850's and asctime()'s forms too; what is no date gives nothing.
	python3 - <<'PY'
def record(uri, date):
    content = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nLast-Modified: " +
        date + b"\r\n\r\n<p>" + uri + b"</p>")
    return (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
        b"\r\nContent-Length: " + str(len(content)).encode() + b"\r\n\r\n" +
        content + b"\r\n\r\n")
with open("dates.warc", "wb") as f:
    f.write(record(b"u850", b"Sunday, 06-Nov-94 08:49:37 GMT"))
    f.write(record(b"uasc", b"Sun Nov  6 08:49:37 1994"))
    f.write(record(b"ubad", b"yesterday"))
# A time that does not exist gives nothing, in all three forms; a leap
# second is the second after it; 29 February in a leap year is.
with open("nodates.warc", "wb") as f:
    f.write(record(b"feb31", b"Sat, 31 Feb 2026 12:00:00 GMT"))
    f.write(record(b"apr31", b"Tue, 31 Apr 2026 12:00:00 GMT"))
    f.write(record(b"sec61", b"Tue, 10 Nov 2026 12:00:61 GMT"))
    f.write(record(b"sec60", b"Tue, 10 Nov 2026 12:00:60 GMT"))
    f.write(record(b"h24", b"Tue, 10 Nov 2026 24:00:00 GMT"))
    f.write(record(b"leap", b"Wed, 31 Dec 2025 23:59:60 GMT"))
    f.write(record(b"feb29", b"Thu, 29 Feb 2024 12:00:00 GMT"))
    f.write(record(b"850feb29", b"Sunday, 29-Feb-26 08:49:37 GMT"))
    f.write(record(b"850jun31", b"Sunday, 31-Jun-26 08:49:37 GMT"))
    f.write(record(b"ascapr31", b"Sun Apr 31 08:49:37 1994"))
    f.write(record(b"asc1900", b"Thu Feb 29 08:49:37 1900"))
    f.write(record(b"asc2000", b"Tue Feb 29 08:49:37 2000"))
    f.write(record(b"y0001", b"Mon, 01 Jan 0001 00:00:00 GMT"))
PY
	run -0 nw-split --meta last-modified dates.warc
	[ "$output" = "u850	1994-11-06T08:49:37Z	1	u850
uasc	1994-11-06T08:49:37Z	1	uasc
ubad		1	ubad" ]
	run -0 --separate-stderr nw-split --meta last-modified nodates.warc
	[ -z "$stderr" ]
	[ "$output" = "feb31		1	feb31
apr31		1	apr31
sec61		1	sec61
sec60		1	sec60
h24		1	h24
leap	2026-01-01T00:00:00Z	1	leap
feb29	2024-02-29T12:00:00Z	1	feb29
850feb29		1	850feb29
850jun31		1	850jun31
ascapr31		1	ascapr31
asc1900		1	asc1900
asc2000	2000-02-29T08:49:37Z	1	asc2000
y0001	0001-01-01T00:00:00Z	1	y0001" ]
}

@test "WARC: white space after an HTTP header value is none of it" {
	printf '<p>Hi.</p>' >page.html
	lm='Tue, 10 Nov 2026 12:00:00 GMT'
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' >sp.head
	printf 'Last-Modified: %s  \r\n\r\n' "$lm" >>sp.head
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html \t\r\n' >tab.head
	printf 'Last-Modified:\t%s\t\r\n\r\n' "$lm" >>tab.head
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' >fold.head
	printf 'Last-Modified: Tue, 10 Nov \r\n 2026 12:00:00 GMT \r\n\r\n' \
	    >>fold.head
	# A folded line of blanks alone adds nothing to the value.
	printf 'HTTP/1.1 200 OK\r\nLast-Modified: %s\r\n \t \r\n' "$lm" \
	    >blank.head
	printf 'Content-Type: text/html\r\n\r\n' >>blank.head
	{
		warc_file u1 sp.head page.html
		warc_file u2 tab.head page.html
		warc_file u3 fold.head page.html
		warc_file u4 blank.head page.html
	} >ws.warc
	run -0 --separate-stderr nw-split --meta last-modified ws.warc
	[ -z "$stderr" ]
	[ "$output" = "u1	2026-11-10T12:00:00Z	1	Hi.
u2	2026-11-10T12:00:00Z	1	Hi.
u3	2026-11-10T12:00:00Z	1	Hi.
u4	2026-11-10T12:00:00Z	1	Hi." ]
}

@test "WARC: Content-Encoding read as HTTP reads it: white space around a coding, several codings undone last first" {
	python3 - <<'PY'
import gzip, zlib
page = b"<p>The minister resigned on Tuesday.</p>"
def record(uri, head, body):
    content = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + head + b"\r\n" + body
    return (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
        b"\r\nContent-Length: " + str(len(content)).encode() + b"\r\n\r\n" +
        content + b"\r\n\r\n")
gz = lambda b: gzip.compress(b, mtime=0)
with open("ce.warc", "wb") as f:
    f.write(record(b"https://x.example/blank", b"Content-Encoding: gzip \t\r\n", gz(page)))
    f.write(record(b"https://x.example/fields", b"Content-Encoding: gzip\r\nContent-Encoding: gzip\r\n", gz(gz(page))))
    f.write(record(b"https://x.example/list", b"Content-Encoding: deflate ,gzip\r\n", gz(zlib.compress(page))))
    f.write(record(b"https://x.example/both", b"Content-Encoding: deflate\r\nContent-Encoding: identity, , gzip\r\n", gz(zlib.compress(page))))
    f.write(record(b"https://x.example/br", b"Content-Encoding: gzip\r\nContent-Encoding: br\r\n", gz(page)))
    f.write(record(b"https://x.example/brlist", b"Content-Encoding: br, gzip\r\n", gz(page)))
    f.write(record(b"https://x.example/compress",
        b"Content-Encoding: gzip, compress\r\n", gz(page)))
    nine = b", ".join([b"gzip"] * 9)
    f.write(record(b"https://x.example/nine",
        b"Content-Encoding: " + nine + b"\r\n", gz(page)))
PY
	run --separate-stderr nw-split ce.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://x.example/blank	1	The minister resigned on Tuesday.
https://x.example/fields	1	The minister resigned on Tuesday.
https://x.example/list	1	The minister resigned on Tuesday.
https://x.example/both	1	The minister resigned on Tuesday." ]
	# The first coding not supported is named.
	at="nw-split: ce.warc: record"
	ns="content encoding not supported"
	[ "${#stderr_lines[@]}" -eq 4 ]
	[[ "$stderr" == "$at 5 at byte 1025: $ns: br
$at 6 at byte 1272: $ns: br
$at 7 at byte "*": $ns: compress
$at 8 at byte "*": $ns: more than 8 codings" ]]
}

# warc_file URI HEADFILE BODYFILE: a WARC response record of any bytes.
warc_file() {
	local len
	len=$(cat "$2" "$3" | wc -c)
	printf 'WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n' "$1"
	printf 'Content-Type: application/http; msgtype=response\r\n'
	printf 'Content-Length: %d\r\n\r\n' "$len"
	cat "$2" "$3"
	printf '\r\n\r\n'
}

@test "WARC: a Content-Encoding that names no coding (none, utf-8) is passed over for a page, as browsers do" {
	printf '<html><body><p>Hello there.</p></body></html>' >page.html
	gzip -n <page.html >page.gz
	for v in none UTF-8 'text, identity' 'gzip, binary'; do
		printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' >"$v.head"
		printf 'Content-Encoding: %s\r\n\r\n' "$v" >>"$v.head"
	done
	for v in x-compress chunked brotli; do
		printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' >"$v.head"
		printf 'Content-Encoding: %s\r\n\r\n' "$v" >>"$v.head"
	done
	# Bytes in a coding newswire does not know, under its name.
	printf '\033\055\000\370\245\022\001\200\377\020' >page.br
	{
		warc_file https://news.example/1 none.head page.html
		warc_file https://news.example/2 UTF-8.head page.html
		warc_file https://news.example/3 'text, identity.head' page.html
		warc_file https://news.example/4 'gzip, binary.head' page.gz
		warc_file https://news.example/5 none.head page.gz
		warc_file https://news.example/6 x-compress.head page.gz
		warc_file https://news.example/7 chunked.head page.html
		warc_file https://news.example/8 brotli.head page.br
	} >ce.warc
	run --separate-stderr nw-split ce.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	Hello there.
https://news.example/2	1	Hello there.
https://news.example/3	1	Hello there.
https://news.example/4	1	Hello there.
https://news.example/5	1	Hello there." ]
	ns="content encoding not supported"
	[ "${#stderr_lines[@]}" -eq 3 ]
	[[ "${stderr_lines[0]}" == "nw-split: ce.warc: record 6 at byte "*": $ns: x-compress" ]]
	[[ "${stderr_lines[1]}" == "nw-split: ce.warc: record 7 at byte "*": $ns: chunked" ]]
	[[ "${stderr_lines[2]}" == "nw-split: ce.warc: record 8 at byte "*": $ns: brotli" ]]
}

@test "WARC: a page kept decoded under the Content-Encoding it came with is taken as it is" {
	printf '<html><body><p>Hello there.</p></body></html>' >page.html
	for v in gzip deflate zstd 'deflate, gzip'; do
		printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' >"$v.head"
		printf 'Content-Encoding: %s\r\n\r\n' "$v" >>"$v.head"
	done
	# gzip's magic number, then damage: corrupt gzip, as before.
	printf '\037\213\010\000garbage, not deflate' >bad.gz
	{
		warc_file https://news.example/1 gzip.head page.html
		warc_file https://news.example/2 deflate.head page.html
		warc_file https://news.example/3 zstd.head page.html
		warc_file https://news.example/4 'deflate, gzip.head' page.html
		warc_file https://news.example/5 gzip.head bad.gz
	} >kept.warc
	run --separate-stderr nw-split kept.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	Hello there.
https://news.example/2	1	Hello there.
https://news.example/3	1	Hello there.
https://news.example/4	1	Hello there." ]
	[[ "$stderr" == "nw-split: kept.warc: record 5 at byte "*": corrupt gzip content" ]]
}

@test "WARC: a page kept decoded under br is taken as it is" {
	printf '<html><body><p>Hello there.</p></body></html>' >page.html
	for v in br 'gzip, br' compress; do
		printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' \
		    >"$v.head"
		printf 'Content-Encoding: %s\r\n\r\n' "$v" >>"$v.head"
	done
	# Bytes that are brotli, or anything but a page: not supported.
	printf '\033\055\000\370\245\022\001\200\377\020' >page.br
	{
		warc_file https://news.example/1 br.head page.html
		warc_file https://news.example/2 'gzip, br.head' page.html
		warc_file https://news.example/3 compress.head page.html
		warc_file https://news.example/4 br.head page.br
	} >kept.warc
	run --separate-stderr nw-split kept.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	Hello there.
https://news.example/2	1	Hello there.
https://news.example/3	1	Hello there." ]
	ns="content encoding not supported"
	[ "$stderr" = "nw-split: kept.warc: record 4 at byte 792: $ns: br" ]
}

@test "WARC: a folded header line goes on; a body in gzip with no Content-Encoding is undone; an image said to be HTML is no page" {
	printf '<html><body><p>Hello there.</p></body></html>' >page.html
	gzip -n <page.html >page.gz
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1' >image.png
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n' >plain.head
	printf 'HTTP/1.1 200 OK\r\nContent-Type:\r\n\ttext/html\r\nContent-Encoding:\r\n gzip\r\n\r\n' >folded.head
	{
		warc_file https://news.example/1 plain.head page.gz
		warc_file https://news.example/2 folded.head page.gz
		warc_file https://news.example/3 plain.head image.png
		warc_file https://news.example/4 plain.head page.html
	} >bodies.warc
	run --separate-stderr nw-split bodies.warc
	[ "$status" -eq 0 ]
	[ "$output" = "https://news.example/1	1	Hello there.
https://news.example/2	1	Hello there.
https://news.example/4	1	Hello there." ]
	[ "$stderr" = "nw-split: bodies.warc: 1 response record skipped: not HTML" ]
}

@test "WARC: a body that is no page is not decoded to be skipped: no error, no memory for its inflated size" {
	printf '<html><body><p>Hello there.</p></body></html>' >page.html
	printf 'not gzip at all' >junk
	head -c 300000000 /dev/zero | gzip -9 >zeros.gz
	printf 'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Encoding: gzip\r\n\r\n' >bin.head
	printf 'HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\n\r\n' >gz.head
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n' >plain.head
	{
		warc_file https://news.example/1 bin.head junk
		warc_file https://news.example/2 gz.head zeros.gz
		warc_file https://news.example/3 bin.head zeros.gz
		warc_file https://news.example/4 plain.head page.html
	} >nopage.warc
	run --separate-stderr nw-split nopage.warc
	[ "$status" -eq 0 ]
	[ "$output" = "https://news.example/4	1	Hello there." ]
	[ "$stderr" = "nw-split: nopage.warc: 3 response records skipped: not HTML" ]
	# 300 MB inflated would not fit in 200 MB of address space (where a
	# SANITIZE=1 build, with its shadow memory, cannot start).
	if [ -z "${NW_SANITIZE:-}" ]; then
		run --separate-stderr sh -c 'ulimit -v 200000; nw-split nopage.warc'
		[ "$status" -eq 0 ]
		[ "$output" = "https://news.example/4	1	Hello there." ]
		[ "$stderr" = "nw-split: nopage.warc: 3 response records skipped: not HTML" ]
	fi
}

@test "WARC: Content-Encoding zstd is undone; zstd cut or corrupt is told" {
	printf '<p>The minister resigned.</p>' >page
	zstd -q -c page >page.zst
	gzip -n -c page | zstd -q -c >page.gz.zst
	head -c 20 page.zst >cut.zst
	printf '\050\265\057\375 is no zstd frame' >bad.zst
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' >ok
	{ cat ok; printf 'Content-Encoding: zstd\r\n\r\n'; } >zstd.head
	{ cat ok; printf 'Content-Encoding: gzip, zstd\r\n\r\n'; } >both.head
	warc_file https://x.example/zstd zstd.head page.zst >1.warc
	warc_file https://x.example/both both.head page.gz.zst >2.warc
	warc_file https://x.example/cut zstd.head cut.zst >3.warc
	warc_file https://x.example/bad zstd.head bad.zst >4.warc
	cat 1.warc 2.warc 3.warc 4.warc >z.warc
	off3=$(($(wc -c <1.warc) + $(wc -c <2.warc)))
	off4=$((off3 + $(wc -c <3.warc)))
	run --separate-stderr nw-split z.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://x.example/zstd	1	The minister resigned.
https://x.example/both	1	The minister resigned." ]
	at="nw-split: z.warc: record"
	cut="truncated zstd content: document dropped"
	[ "$stderr" = "$at 3 at byte $off3: $cut
$at 4 at byte $off4: corrupt zstd content" ]
	# 100 MB from a few kB: past 64 MiB decoded a body is no page, and
	# is not made in memory (gzip's too, from a few hundred kB).
	{ printf '<p>'; head -c 100000000 /dev/zero | tr '\0' a; } >big
	zstd -q -c big >big.zst
	gzip -c big >big.gz
	{ cat ok; printf 'Content-Encoding: gzip\r\n\r\n'; } >gzip.head
	warc_file https://x.example/big zstd.head big.zst >5.warc
	warc_file https://x.example/big gzip.head big.gz >6.warc
	for f in 5.warc 6.warc; do
		run --separate-stderr nw-split "$f"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-split: $f: record 1 at byte 0: content decoded to more than 64 MiB" ]
	done
	# 400 MB made whole would not fit in 300 MB of address space (where
	# a SANITIZE=1 build, with its shadow memory, cannot start).
	if [ -z "${NW_SANITIZE:-}" ]; then
		{ printf '<p>'; head -c 400000000 /dev/zero | tr '\0' a; } |
		    zstd -q -c >huge.zst
		warc_file https://x.example/huge zstd.head huge.zst >7.warc
		run --separate-stderr sh -c 'ulimit -v 300000; nw-split 7.warc'
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-split: 7.warc: record 1 at byte 0: content decoded to more than 64 MiB" ]
	fi
}

@test "a gzipped page in an archive is read as a page; one cut short is reported" {
	mkdir m
	printf '<html><head><title>T</title></head><body><p>Storm hits coast.</p><script>var x=1;</script></body></html>\n' >m/page.html
	gzip -c m/page.html >m/page.html.gz
	printf 'Plain text, gzipped.\n' | gzip -c >m/notes.txt.gz
	head -c 60 m/page.html.gz >m/cut.html.gz
	tar cf pages.tar -C m page.html.gz notes.txt.gz
	run -0 --separate-stderr nw-split pages.tar
	[ "$output" = "$(printf 'pages.tar:page.html.gz\t1\tStorm hits coast.\npages.tar:notes.txt.gz\t1\tPlain text, gzipped.')" ]
	[ -z "$stderr" ]
	tar cf cut.tar -C m cut.html.gz
	run -1 --separate-stderr nw-split cut.tar
	[ -z "$output" ]
	[ "$stderr" = "nw-split: cut.tar:cut.html.gz: unexpected end of file (truncated gzip data)" ]
}

@test "a tar and a directory of pages: ids ARCHIVE:MEMBER and paths" {
	mkdir -p site/news
	printf '<html><body><p>first page</p></body></html>' >site/news/a.html
	printf '<!DOCTYPE html><p>second page</p>' >site/b.htm
	printf 'plain text file\n' >site/c.txt
	tar -cf site.tar site/b.htm site/c.txt site/news/a.html
	run --separate-stderr nw-split site.tar
	[ "$status" -eq 0 ]
	[ "$output" = "site.tar:site/b.htm	1	second page
site.tar:site/c.txt	1	plain text file
site.tar:site/news/a.html	1	first page" ]
	run --separate-stderr nw-split site
	[ "$output" = "site/b.htm	1	second page
site/c.txt	1	plain text file
site/news/a.html	1	first page" ]
	gzip -k site/news/a.html
	run nw-split site/news/a.html.gz
	[ "$output" = "site/news/a.html.gz	1	first page" ]
}

@test "JSON Lines: --html-field reads a member as a page" {
	printf '{"url":"https://x.example/1","html":"<title>T</title><p>one<\\/p><p>t<b>w</b>o</p>"}\n{"url":"https://x.example/2","text":"no html"}\n' >dump.jsonl
	run --separate-stderr nw-split --html-field html --meta title dump.jsonl
	[ "$status" -eq 1 ]
	[ "$output" = "https://x.example/1	T	1	one
https://x.example/1	T	2	two" ]
	[ "$stderr" = 'nw-split: dump.jsonl: line 2: no text in "html"' ]
}

@test "--html-field: a page from a JSON string is text already, its <meta charset> not applied again" {
	# Crawl dumps keep the page's own declaration; the JSON string is
	# Unicode whatever it says, as for a browser parsing from a string.
	printf '{"url":"ru","html":"<meta charset=\\"windows-1251\\"><p>Привет мир</p>"}\n' >d.jsonl
	printf '{"url":"ja","html":"<meta http-equiv=\\"Content-Type\\" content=\\"text/html; charset=shift_jis\\"><p>日本語</p>"}\n' >>d.jsonl
	printf '{"url":"fr","html":"\\ufeff<meta charset=iso-8859-1><p>café</p>"}\n' >>d.jsonl
	run --separate-stderr nw-split --html-field html d.jsonl
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ru	1	Привет мир
ja	1	日本語
fr	1	café" ]
}

@test "-u sentence keeps the hint on each sentence; -u doc joins the blocks" {
	printf '<p>One here. Two there.</p><li>Item.</li>' >s.html
	run nw-split -u sentence --block-hints s.html
	[ "$output" = "s.html	1.1	block=p,-,0,3,2,1	One here.
s.html	1.2	block=p,-,0,3,2,1	Two there.
s.html	2.1	block=li,-,0,3,2,1	Item." ]
	run nw-split -u doc --block-hints s.html
	[ "$output" = "s.html	0	One here. Two there. Item." ]
}

@test "hostile: 100k nested divs, unclosed tags, NUL bytes, a lying charset" {
	python3 -c 'import sys; sys.stdout.write("<div>" * 100000 + "deep" + "</div>" * 100000)' >deep.html
	python3 -c 'import sys; sys.stdout.write("<p>" + "<div><b><i>" * 30000 + "unclosed")' >open.html
	printf '<p>a\0b</p><p>\0</p>' >nul.html
	printf '<meta charset="utf-8"><p>caf\xe9 \xff</p>' >lie.html
	run --separate-stderr nw-split deep.html open.html nul.html lie.html
	[ "$status" -eq 0 ]
	[ "$output" = "deep.html	1	deep
open.html	1	unclosed
nul.html	1	a b
lie.html	1	caf� �" ]
	[ "$stderr" = "nw-split: nul.html: 2 NUL bytes in web pages read as spaces
nw-split: lie.html: 2 bytes of web pages invalid in their charset, replaced by U+FFFD" ]
}

@test "hostile: a 50 MB page is read whole, every paragraph of it" {
	python3 -c '
import sys
w = "storm coast dawn news " * 2300
sys.stdout.write("<!DOCTYPE html><html><head><title>big</title></head><body>" + ("<p>" + w.strip() + "</p>\n") * 1000 + "</body></html>")' >big.html
	[ "$(wc -c <big.html)" -gt 50000000 ]
	nw-split -u doc big.html >out 2>err
	[ ! -s err ]
	# 1000 paragraphs of 9200 words joined by spaces, after "big.html\t0\t".
	[ "$(wc -c <out)" -eq $((11 + 1000 * 50599 + 999 + 1)) ]
	[ "$(head -c 19 out)" = "big.html	0	storm co" ]
	[ "$(tail -c 22 out)" = "storm coast dawn news" ]
	[ "$(tr ' ' '\n' <out | grep -c '^news$')" -eq 2300000 ]
}

@test "scripts, styles and comments give no text, whatever they hold" {
	# A script ends at its own end tag only, whatever its strings hold;
	# a comment at "-->" or "--!>"; one left open runs to the end of
	# the page.  The JSON-LD date and the title's entity stay; a title
	# is raw text, where "<!-- x -->" is text.
	printf '<html><head><title>A &amp; B<!-- x --></title><script type="application/ld+json">{"datePublished": "2026-01-02"}</script><style>p{color:red}</style></head><body><p>one</p><script>if (a</b) s = "</scriptx>"; <!-- </p><p>hidden --></script><p>two <!-- <p>not --!> three</p><!-- --><p>four</p><script>never closed <p>five' >scan.html
	printf '<p>left</p><script>x</script><p>right</p><!-- open <p>gone' >open.html
	run --separate-stderr nw-split --html-title --meta published scan.html open.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "scan.html	2026-01-02	1	A & B<!-- x -->
scan.html	2026-01-02	2	one
scan.html	2026-01-02	3	two three
scan.html	2026-01-02	4	four
open.html		1	left
open.html		2	right" ]
}

@test "a script whose <!-- --> holds <script>...</script> ends at its own end tag, as in browsers" {
	# After "<!--" a "<script" in a script makes it double escaped: the
	# "</script>" that follows goes back to escaped and ends nothing
	# (the WHATWG script data states), so the script of the document.write
	# ad tag runs on to the last "</script>".
	printf '<p>one</p><script type="text/javascript"><!--\ndocument.write(%s<script src="https://ads.example/adj"></script>%s);\nvar adSlotLoaded = true;\n//--></script><p>two</p>' "'" "'" >ad.html
	printf '<p>one</p><script><!--<SCRIPT>x</Script >--></script><p>two</p><script>a = "<!--";</script><p>three</p>' >case.html
	run --separate-stderr nw-split ad.html case.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ad.html	1	one
ad.html	2	two
case.html	1	one
case.html	2	two
case.html	3	three" ]
}

@test "a script in SVG, MathML or a noscript ends at its own end tag; a bogus comment is none in a title or xmp" {
	# In foreign content a script's end tag ends it; in a noscript a
	# browser with scripts on reads no script data.  Neither may run on
	# to a later HTML script's end, taking the text between.
	printf '<p>before</p><svg><script><![CDATA[ var s = "<!--<script>"; ]]></script></svg><p>after svg</p><script><!--\nvar x = 1;\n//--></script><p>end</p>' >svg.html
	printf '<p>before</p><noscript><script>document.write("<!--<script>")</script></noscript><p>visible</p><!-- footer --><script>y()</script><p>end</p>' >nos.html
	# A title and an xmp are raw text to a browser: "<!" there is text.
	printf '<html><head><title>Q&amp;A <!x> on rates</title></head><body><p>Code:</p><xmp>if (x <!y) { a > b }</xmp><p>end</p></body></html>' >raw.html
	run --separate-stderr nw-split --html-title svg.html nos.html raw.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "svg.html	1	before
svg.html	2	after svg
svg.html	3	end
nos.html	1	before
nos.html	2	visible
nos.html	3	end
raw.html	1	Q&A <!x> on rates
raw.html	2	Code:
raw.html	3	if (x <!y) { a > b }
raw.html	4	end" ]
}

@test "title, textarea, xmp, iframe, noembed, noframes, noscript end at their own end tag only; nothing in them is markup" {
	# A browser reads them as raw text: a "<!--" or a tag there is
	# text, and only "</NAME" followed by a blank, "/" or ">", in any
	# case, ends them.  A title's references are read, an xmp's are
	# not; the text of iframe, noembed, noframes and noscript is not
	# shown (a browser has frames, plugins and scripts), nor is a
	# textarea's.
	printf '<html><head><title>T &amp; <b>U</b> <!-- x</titles></TITLE ></head><body><p>Body text.</p></body></html>' >title.html
	printf '<html><body><p>One</p><textarea>a <!-- b</textarea><p>Body text.</p></body></html>' >textarea.html
	printf '<html><body><p>One</p><xmp>a <b>bold</b> &amp; <!--</xmp><p>Body text.</p></body></html>' >xmp.html
	printf '<html><body><p>One</p><iframe><!--</iframe/><p>Body text.</p></body></html>' >iframe.html
	printf '<html><body><p>One</p><noembed><p>No plugin</p><!--</noembed><p>Body text.</p></body></html>' >noembed.html
	printf '<html><head><noframes><p>No frames</p><!--</noframes></head><body><p>Body text.</p></body></html>' >noframes.html
	printf '<html><body><p>One</p><noscript><!-- </noscript><p>Body text.</p></body></html>' >noscript.html
	run --separate-stderr nw-split --html-title title.html textarea.html xmp.html iframe.html noembed.html noframes.html noscript.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "title.html	1	T & <b>U</b> <!-- x</titles>
title.html	2	Body text.
textarea.html	1	One
textarea.html	2	Body text.
xmp.html	1	One
xmp.html	2	a <b>bold</b> &amp; <!--
xmp.html	3	Body text.
iframe.html	1	One
iframe.html	2	Body text.
noembed.html	1	One
noembed.html	2	Body text.
noframes.html	1	Body text.
noscript.html	1	One
noscript.html	2	Body text." ]
}

@test "a comment in an iframe, a noscript or a textarea that ends with the page hides nothing after the element" {
	# A "<!--" there is raw text; its "-->" the page's last bytes.
	printf '<p>One</p><iframe><!--</iframe><p>Two</p>-->' >iframe.html
	printf '<p>One</p><noscript><!-- </noscript><p>Two</p> -->' >noscript.html
	printf '<p>One</p><textarea><!--</textarea><p>Two</p><!---->' >textarea.html
	run --separate-stderr nw-split iframe.html noscript.html textarea.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "iframe.html	1	One
iframe.html	2	Two
iframe.html	3	-->
noscript.html	1	One
noscript.html	2	Two
noscript.html	3	-->
textarea.html	1	One
textarea.html	2	Two" ]
}

@test "references in raw text: a title's are read, an xmp's are text as they are" {
	# A title is RCDATA, whose references a browser reads, all of them
	# ("&commat;", "&copy" without its ";"); an xmp is RAWTEXT, whose
	# text is shown as it is.
	printf '<html><head><title>a &commat; <!-- b &copy 2</title></head><body><p>One &commat;</p><xmp>x &commat; &copy 2 &amp;</xmp><p>Two &check;</p></body></html>' >ref.html
	run --separate-stderr nw-split --html-title ref.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ref.html	1	a @ <!-- b © 2
ref.html	2	One @
ref.html	3	x &commat; &copy 2 &amp;
ref.html	4	Two ✓" ]
}

@test "raw text read as markup where a browser reads it so: in SVG, with no end tag, after a style" {
	# An SVG title is markup (foreign content): its "<!--" hides what
	# follows up to "-->".  One with no end tag a browser would run to
	# the end of the page: it is read as markup, as libxml2 reads it.
	# A style is raw text already; "</styles>" does not end it.
	printf '<html><body><p>One</p><svg><title>Icon <!-- </title></svg><p>hidden</p> --></title></svg><p>Two</p></body></html>' >svg.html
	printf '<html><body><p>One</p><xmp>a <b>b</b><p>Two</p></body></html>' >open.html
	printf '<html><body><p>One</p><style>a <!--</styles> b</style><p>Two</p></body></html>' >style.html
	run --separate-stderr nw-split svg.html open.html style.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "svg.html	1	One
svg.html	2	Two
open.html	1	One
open.html	2	a b
open.html	3	Two
style.html	1	One
style.html	2	Two" ]
}

@test "<iframe/>, <title/> and the like open the element: raw text to its own end tag" {
	# A browser ignores the slash of "/>" on an element that is not
	# void: "<iframe/>" opens an iframe, and all up to "</iframe>" is
	# its raw text, hidden as any iframe's.  libxml2 would end it
	# there: "Hidden." would be a paragraph, and the title body text.
	printf '<html><head><title/>T &amp; <b>U</b></title></head><body><p>Body text.</p></body></html>' >title.html
	printf '<html><body><p>One</p><textarea name="a" /><p>Typed.</p></textarea><p>Body text.</p></body></html>' >textarea.html
	printf '<html><body><p>One</p><xmp/>a <b>bold</b> &amp; <!--</xmp><p>Body text.</p></body></html>' >xmp.html
	printf '<html><body><p>One</p><iframe src="x"/><p>Hidden.</p><!-- </IFRAME/><p>Body text.</p></body></html>' >iframe.html
	printf '<html><body><p>One</p><noembed/><p>No plugin</p></noembed><p>Body text.</p></body></html>' >noembed.html
	printf '<html><head><noframes/><p>No frames</p></noframes></head><body><p>Body text.</p></body></html>' >noframes.html
	printf '<html><body><p>One</p><noscript/><p>No script</p></noscript><p>Body text.</p></body></html>' >noscript.html
	run --separate-stderr nw-split --html-title title.html textarea.html xmp.html iframe.html noembed.html noframes.html noscript.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "title.html	1	T & <b>U</b>
title.html	2	Body text.
textarea.html	1	One
textarea.html	2	Body text.
xmp.html	1	One
xmp.html	2	a <b>bold</b> &amp; <!--
xmp.html	3	Body text.
iframe.html	1	One
iframe.html	2	Body text.
noembed.html	1	One
noembed.html	2	Body text.
noframes.html	1	Body text.
noscript.html	1	One
noscript.html	2	Body text." ]
}

@test "<iframe/> and the like with no end tag hide nothing after them; <iframe src=x/> is no <iframe/>" {
	# A browser would run them to the end of the page, hiding the rest
	# or showing its markup as text.  With no end tag a raw text
	# element is read as libxml2 reads it, which ends "<iframe/>" at
	# once: the page's text stays.  In "<iframe src=x/>" the slash is
	# the unquoted value's, to libxml2 as to a browser: that iframe is
	# open, and with no end tag it hides the rest of the page in both.
	printf '<html><body><p>One</p><iframe src="x"/><p>Body text.</p><p>More.</p></body></html>' >iframe.html
	printf '<html><head><title/></head><body><p>Body text.</p></body></html>' >title.html
	printf '<html><body><p>One</p><xmp/><p>Body <b>text</b>.</p></body></html>' >xmp.html
	printf '<html><body><p>One</p><noscript/><p>Body text.</p><iframe/><p>More.</p></body></html>' >noscript.html
	printf '<html><body><p>One</p><iframe src=x/><p>Body text.</p></body></html>' >value.html
	run --separate-stderr nw-split --html-title iframe.html title.html xmp.html noscript.html value.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "iframe.html	1	One
iframe.html	2	Body text.
iframe.html	3	More.
title.html	1	Body text.
xmp.html	1	One
xmp.html	2	Body text.
noscript.html	1	One
noscript.html	2	Body text.
noscript.html	3	More.
value.html	1	One" ]
}

@test "a plaintext is text to the end of the page: markup, comments and references as they are" {
	# A browser reads all after "<plaintext>" (or "<plaintext/>") as
	# text, to the end of the page: no end tag ends it.  Its text is
	# one paragraph, white space collapsed, as a pre's or an xmp's is.
	# In SVG it is markup.
	printf '<html><body><p>One</p><pre>Pre one.\n\nPre two.</pre><plaintext class="x">a <b>bold</b> &amp; &commat; <!-- c\n\nSecond para.</p>\n</body></html>\n' >plain.html
	printf '<html><body><p>One</p><plaintext/>Two </plaintext> <p>three' >self.html
	printf '<html><head><title>T</title><plaintext>Head text</head><body><p>b</p>' >head.html
	printf '<html><body><p>One</p><svg><plaintext>a</plaintext></svg><p>Two</p></body></html>' >svg.html
	run --separate-stderr nw-split --html-title --block-hints plain.html self.html head.html svg.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "plain.html	1	block=p,-,0,3,2,1	One
plain.html	2	block=pre,-,0,3,2,1	Pre one. Pre two.
plain.html	3	block=plaintext,-,0,3,2,1	a <b>bold</b> &amp; &commat; <!-- c Second para.</p> </body></html>
self.html	1	block=p,-,0,3,2,1	One
self.html	2	block=plaintext,-,0,3,2,1	Two </plaintext> <p>three
head.html	1	block=title,-,0,0,0,0	T
head.html	2	block=plaintext,-,0,3,2,1	Head text</head><body><p>b</p>
svg.html	1	block=p,-,0,3,2,1	One
svg.html	2	block=p,-,0,3,2,1	Two" ]
}

@test "bogus comments give no text: <![if !IE]>, <![endif]>, <![CDATA[...]]>, <!x> up to the next >" {
	# A "<!" that starts no comment and no doctype runs to the next ">",
	# as in browsers, whatever it holds; "&lt;!" is text.
	printf '<!DOCTYPE html><html><body><![if !IE]><p>Video player</p><![endif]><p>The minister <![CDATA[x]]>resigned on Tuesday.</p><p>Second <!x> paragraph.</p><p>one <!x <b class="a>two">three</b> &lt;!four&gt;</p></body></html>' >bogus.html
	run --separate-stderr nw-split bogus.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "bogus.html	1	Video player
bogus.html	2	The minister resigned on Tuesday.
bogus.html	3	Second paragraph.
bogus.html	4	one two\">three <!four>" ]
}

@test "bogus comments give no text: <?...> (PHP left in a page), </ x>, </3 ...> up to the next >, and </> is nothing" {
	# libxml2 drops the "<?" or "</" and reads the rest as text; a
	# browser reads a comment up to the next ">", wherever it comes: at
	# the top, after text, a tag, an end tag, a stray end tag, a void
	# element, a comment or a doctype, and one after another.  One with
	# no ">" after it is read as libxml2 reads it.
	printf '<? header(); ?><!DOCTYPE html><? a ?><html><body><p>Alpha <? echo $x; ?> beta <?=$y?>gamma</p><p><? if ($a) { ?>Second</ x> paragraph</3 oops> here.</p><p>Line<br><? q ?>two<br/><? r ?>three</p><p>Stray</zz><? s ?>end</></> tag.</p><!-- c --><? t ?><p>After <?php echo 1 ?> the comment.</p><p>No end <? here</p><p>Last</p></body></html><? cut' >pi.html
	# Raw text keeps them (libxml2 drops "<?" there all the same).
	printf '<html><head><title>Q&amp;A <!x> rates</title></head><body><script>var s = "<? x";</script><p>Kept</p></body></html>' >raw.html
	run --separate-stderr nw-split --html-title pi.html raw.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "pi.html	1	Alpha beta gamma
pi.html	2	Second paragraph here.
pi.html	3	Line two three
pi.html	4	Strayend tag.
pi.html	5	After the comment.
pi.html	6	No end
pi.html	7	Last
pi.html	8	cut
raw.html	1	Q&A <!x> rates
raw.html	2	Kept" ]
}

@test "'<!-->' and '<!--->' are empty comments, not the rest of the page; bogus comments one after another" {
	# libxml2 reads on to the next "-->"; a browser ends them there.
	printf '<html><body><p>E<!-->F</p><p>G<!--->H</p><p>I<!-- real -->J</p><p>A<![endif]><? echo $x; ?>B</p><p>C<!x></ y>D</p></body></html>' >empty.html
	run --separate-stderr nw-split empty.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "empty.html	1	EF
empty.html	2	GH
empty.html	3	IJ
empty.html	4	AB
empty.html	5	CD" ]
}

@test "a stray </p> ends the paragraph and </br> is a <br>, as in browsers" {
	# A "</p>" with no p open is an empty p, a block; "</br>" is a
	# <br>: one a space, two a paragraph break.  Neither joins words.
	printf '<html><body><div>Tripoli talks collapse</p>Officials said the talks failed.</div><p>Line one</br>Line two</p><p>Three<b>!</b></BR></br>Four</p></body></html>' >stray.html
	run --separate-stderr nw-split stray.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "stray.html	1	Tripoli talks collapse
stray.html	2	Officials said the talks failed.
stray.html	3	Line one Line two
stray.html	4	Three!
stray.html	5	Four" ]
}

@test "Unicode spaces collapse as ASCII ones do; <br>&nbsp;<br> ends a paragraph" {
	# The em space, the ideographic space and the others, written or as
	# references, are white space; between two <br>s they are no text.
	printf '<html><body><p>a \342\200\203 b. Next \343\200\200 one. x&#x2009;y&#x202f;z \342\200\234q\342\200\235</p><div>First.<br />&nbsp;<br />Second.<br>\343\200\200<br>Third.</div></body></html>' >sp.html
	run --separate-stderr nw-split sp.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'sp.html\t1\ta b. Next one. x y z \342\200\234q\342\200\235\nsp.html\t2\tFirst.\nsp.html\t3\tSecond.\nsp.html\t4\tThird.')" ]
}

@test "control characters in a page are spaces, as in plain text" {
	# libxml2 dropped a form feed or vertical tab between two words,
	# joining them, and passed DEL on.
	printf '<html><body><p>a\177b c\013d e\014f g\001h</p></body></html>' >ctl.html
	run --separate-stderr nw-split ctl.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ctl.html	1	a b c d e f g h" ]
	# So are references to them, in text, in the head and in values.
	printf '<html><head><title>T&#12;t</title>&#1;\n<meta property="og:title" content="O&#x7f;g"></head><body><p>a&#127;b c&#11;d e&#12;f g&#x1;h</p></body></html>' >ref.html
	run --separate-stderr nw-split --html-title --meta title ref.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ref.html	O g	1	O g
ref.html	O g	2	a b c d e f g h" ]
}

@test "white space in the head and attributes nothing reads change nothing" {
	# Runs of newlines in <head> are no text (text there would open an
	# implied <body> and the page's own, with its class, be dropped);
	# href, data-* and the like are read by nothing, class and hidden are.
	printf '<html><head><title>t</title>\n\n\n\n\n\n\n\n\n\n\n\n<link rel=x href=y>\n\t\n    \n</head><body class="site-footer"><div data-x="1" class="a"><p>text in a body whose class says footer</p></div><a href="q"class="nav-link"role=navigation>menu link</a><div data-a=1 hidden>gone</div><p a=b c/>after</p></body></html>' >blank.html
	run --separate-stderr nw-split --block-hints blank.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "blank.html	1	block=p,F,0,4,6,5	text in a body whose class says footer
blank.html	2	block=body,F,100,2,1,0	menu link
blank.html	3	block=body,F,0,2,1,0	after" ]
}

@test "charset: a page labelled UTF-8 with bytes UTF-8 has not stays UTF-8 after them" {
	# F5 starts no UTF-8 sequence; read as Latin-1 from there on, the
	# page would turn "café" into "cafÃ©".
	printf '<meta charset="utf-8"><p>a\xf5\xbc\x90\x91b caf\xc3\xa9</p>' >f5.html
	run --separate-stderr nw-split f5.html
	[ "$status" -eq 0 ]
	[ "$output" = "f5.html	1	a����b café" ]
	[ "$stderr" = "nw-split: f5.html: 4 bytes of web pages invalid in their charset, replaced by U+FFFD" ]
}

@test "--http-status: a bad list is a usage error" {
	run --separate-stderr nw-split --http-status 20x /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-split: --http-status: 20x: not a list of status codes or any" ]
	run --separate-stderr nw-split --http-status '' /dev/null
	[ "$status" -eq 2 ]
}

@test "README: the web page example runs as printed" {
	cd "$TOP"
	sed -n '/^### Web pages/,/^On the trafilatura/p' README.md >"$T/section"
	cmd=$(sed -n 's/^    \$ //p' "$T/section")
	[ -n "$cmd" ]
	sed -n '/^    \$ /,/^$/p' "$T/section" | sed '1d;$d;s/^    //' >"$T/expected"
	[ -s "$T/expected" ]
	bash -c "$cmd" >"$T/got"
	diff -u "$T/expected" "$T/got"
}

@test "WARC: a response cut short is dropped, or with --truncated keep gives what it holds, marked; exit 1" {
	body='<p>first paragraph</p><p>second paragraph that is cut'
	http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' "$body")
	printf 'WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/cut\r\nContent-Length: 500\r\n\r\n%s' "$http" >cut.warc
	why="nw-split: cut.warc: record 1 at byte 0: truncated content ($(printf '%s' "$http" | wc -c) of 500 bytes)"
	run --separate-stderr nw-split cut.warc
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "$why: document dropped" ]
	run --separate-stderr nw-split --truncated keep cut.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://x.example/cut	1	truncated=1	first paragraph
https://x.example/cut	2	truncated=1	second paragraph that is cut" ]
	[ "$stderr" = "$why: document kept as truncated=1" ]
}

@test "WARC: an HTTP body cut short is a record cut short, a corrupt one an error; never passed off as whole" {
	python3 - <<'PY'
import gzip
page = b"".join(b"<p>Paragraph %d of the article.</p>" % i for i in range(200))
gz = gzip.compress(page, mtime=0)
def record(name, head, body):
    content = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + head + b"\r\n" + body
    with open(name + ".warc", "wb") as f:
        f.write(b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/" +
            name.encode() + b"\r\nContent-Length: " + str(len(content)).encode() +
            b"\r\n\r\n" + content + b"\r\n\r\n")
record("gzhalf", b"Content-Encoding: gzip\r\n", gz[:len(gz) // 2])
record("gzshort", b"Content-Encoding: gzip\r\n", gz[:60])
record("chunkshort", b"Transfer-Encoding: chunked\r\n", b"%x\r\n" % len(page) + page[:len(page) // 2])
record("nolast", b"Transfer-Encoding: chunked\r\n", b"%x\r\n" % len(page) + page + b"\r\n")
record("badsize", b"Transfer-Encoding: chunked\r\n", b"zz\r\n" + page + b"\r\n0\r\n\r\n")
record("hugesize", b"Transfer-Encoding: chunked\r\n", b"10000000000000000\r\n" + page + b"\r\n0\r\n\r\n")
record("whole", b"Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", b"%x\r\n" % len(gz) + gz + b"\r\n0\r\n\r\n")
PY
	for f in gzhalf:gzip gzshort:gzip chunkshort:chunked nolast:chunked; do
		why="nw-split: ${f%:*}.warc: record 1 at byte 0: truncated ${f#*:} content"
		run --separate-stderr nw-split "${f%:*}.warc"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "$why: document dropped" ]
		run --separate-stderr nw-split --truncated keep "${f%:*}.warc"
		[ "$status" -eq 1 ]
		[ "$stderr" = "$why: document kept as truncated=1" ]
		[ "$output" = "$(grep truncated=1 <<<"$output")" ]
	done
	run --separate-stderr nw-split --truncated keep chunkshort.warc nolast.warc
	[ "$(cut -f1 <<<"$output" | uniq -c | tr -s ' ')" = " 102 https://x.example/chunkshort
 200 https://x.example/nolast" ]
	[ "${lines[101]}" = "https://x.example/chunkshort	102	truncated=1	Paragraph 101 of" ]
	run --separate-stderr nw-split --truncated keep gzhalf.warc
	[ "${#lines[@]}" -gt 10 ]
	[ "${#lines[@]}" -lt 200 ]
	run --separate-stderr nw-split --truncated keep badsize.warc
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: badsize.warc: record 1 at byte 0: corrupt chunked content (a chunk size that is not a hex number)" ]
	run -1 --separate-stderr nw-split hugesize.warc
	[ -z "$output" ]
	[ "$stderr" = "nw-split: hugesize.warc: record 1 at byte 0: corrupt chunked content (a chunk size past 64 bits)" ]
	run --separate-stderr nw-split whole.warc
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 200 ]
	[ "${lines[199]}" = "https://x.example/whole	200	Paragraph 199 of the article." ]
}

@test "WARC: a page kept joined under chunked is taken as it is" {
	printf '<html><body><p>Hello there.</p></body></html>' >page.html
	printf 'zz\r\n<p>Hello there.</p>\r\n0\r\n\r\n' >badsize.body
	te='Transfer-Encoding: chunked'
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n%s\r\n\r\n' \
	    "$te" >html.head
	printf 'HTTP/1.1 200 OK\r\n%s\r\n\r\n' "$te" >none.head
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n%s\r\n\r\n' \
	    "$te" >plain.head
	{
		warc_file u1 html.head page.html
		warc_file u2 none.head page.html
		warc_file u3 plain.head page.html
		warc_file u4 html.head badsize.body
	} >joined.warc
	run --separate-stderr nw-split joined.warc
	[ "$status" -eq 1 ]
	[ "$output" = "u1	1	Hello there.
u2	1	Hello there." ]
	at="nw-split: joined.warc: record 4 at byte"
	why="corrupt chunked content (a chunk size that is not a hex number)"
	[ "${#stderr_lines[@]}" -eq 2 ]
	[[ "${stderr_lines[0]}" == "$at "*": $why" ]]
	[ "${stderr_lines[1]}" = \
	    "nw-split: joined.warc: 1 response record skipped: not HTML" ]
}

@test "memory: bounded by the largest page, not by the WARC file" {
	# 600 pages of 64 KB (40 MB) through a pipe.
	python3 -c '
import sys
p = "<p>The storm reached the <b>coast</b> at dawn, and <a href=/x>more</a> news followed.</p>\n"
body = ("<!DOCTYPE html><html><head><title>t</title></head><body>" + p * 800 + "</body></html>").encode()
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
for i in range(600):
    sys.stdout.buffer.write(b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/%d\r\nContent-Length: %d\r\n\r\n" % (i, len(http)) + http + b"\r\n\r\n")
' >pages.warc
	# AddressSanitizer keeps freed memory in quarantine (256 MB): make
	# it small, so that the figure is what the program holds.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8" \
	    /usr/bin/time -f %M -o rss nw-split pages.warc >out
	[ "$(wc -l <out)" -eq 480000 ]
	kb=$(tail -n 1 rss)
	echo "peak $kb KB"
	if [ -n "${NW_SANITIZE:-}" ]; then
		[ "$kb" -lt $((256 * 1024)) ]
	else
		[ "$kb" -lt $((24 * 1024)) ]
	fi
}

@test "an end tag the parser ignores still ends what the element hides, marks or links" {
	# libxml2 keeps <span hidden> open over a <div> opened inside it; a
	# browser closes it at </span>, and so must the text after it.  A
	# <noscript> is raw text up to </noscript>: no div opens in it.
	printf '<html><body><noscript><div>enable scripts</noscript><p>after</p><span hidden><div>h</span><p>shown</p><a href=x><div>in a link</a><p>not a link</p><nav><div>menu</nav><p>body</p>' >ignored.html
	run --separate-stderr nw-split --block-hints ignored.html
	[ "$status" -eq 0 ]
	[ "$output" = "ignored.html	1	block=p,-,0,3,2,1	after
ignored.html	2	block=p,-,0,5,5,2	shown
ignored.html	3	block=div,-,100,6,5,2	in a link
ignored.html	4	block=p,-,0,7,7,5	not a link
ignored.html	5	block=div,n,0,8,9,7	menu
ignored.html	6	block=p,-,0,9,10,9	body" ]
}

@test "an ignored end tag that closes nothing does not blind the next one to an element opened since" {
	# A second </span> finds no open span and passes; the stack is then
	# popped below where it looked, and the spans opened after that are
	# still closed by their end tags.
	printf '<html><body><span hidden><div><p>A</p></span><p>B</p></span></div></span><span hidden><div><p>C</p></span><p>D</p></div></body></html>' >again.html
	run --separate-stderr nw-split again.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "again.html	1	B
again.html	2	D" ]
	# Thousands of stray </span> over thousands of open <div>: the text
	# after them is read, and only it.
	{ printf '<html><body><span hidden>'; printf '<div>%.0s' $(seq 3000)
	    printf '</span>%.0s' $(seq 3000); printf '<p>after</p></body></html>'; } >stray.html
	run --separate-stderr nw-split stray.html
	[ "$status" -eq 0 ]
	[ "$output" = "stray.html	1	after" ]
}

@test "tag soup: stray end tags and blocks nested past 512 deep keep their text" {
	# 2000 unclosed <ul><table><div> among end tags that close nothing,
	# some of a name opened and closed before: the tree stops at 512
	# deep (an element past it closes its holder), the text is all read.
	{ printf '<html><body><p><b>bold</b> start</p>'
	    printf '<ul><table></b></i><div></span>%.0s' $(seq 2000)
	    printf '<p>middle</p>'
	    printf '<td></em></font><li>%.0s' $(seq 2000)
	    printf '<p>end</p></body></html>'; } >soup.html
	run --separate-stderr nw-split --block-hints soup.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "soup.html	1	block=p,-,0,3,2,1	bold start
soup.html	2	block=p,-,0,512,512,511	middle
soup.html	3	block=p,-,0,512,512,511	end" ]
}

@test "a tag cut short: the page after it is read as browsers read it; a quoted value left open is reported" {
	# "<met</head>" is one tag taking the end tag in (libxml2 and browsers
	# alike); an element the head cannot hold ends the head, as in
	# browsers, so the body is not hidden in it.  A quoted value left
	# open runs to the end, in browsers too: told when it holds markup.
	printf '<html><head><title>t</title><met</head><body><p>Article text.</p></body></html>' >met.html
	printf '<html><head><title>t</title><foo><body><p>An element the head cannot hold.</p></body></html>' >foo.html
	printf '<html><head><title>t</title><met<p>No body tag.</p>' >nobody.html
	printf '<html><head><noscript><img src=x></noscript><title>t</title></head><body><p>Head as usual.</p>' >noscript.html
	printf '<html><head><title>t</title></head><body><p>First.</p><div class="a<p>Read as the value.</p><p>Up to "this</p><p>Last.</p>' >quote.html
	printf '<html><head><title>t</title></head><body><p>Before.</p><p' >eof.html
	printf '<html><head><title>t</title></head><body><p>Before.</p><p class="a' >openend.html
	printf '<html><head><title>t</title></head><body><p>Before.</p><img src="a.jpg<p>After.</p></body></html>' >open.html
	run --separate-stderr nw-split --block-hints --html-title met.html foo.html \
	    nobody.html noscript.html quote.html eof.html openend.html open.html
	[ "$status" -eq 0 ]
	[ "$output" = "met.html	1	block=title,-,0,0,0,0	t
met.html	2	block=p,-,0,5,5,4	Article text.
foo.html	1	block=title,-,0,0,0,0	t
foo.html	2	block=p,-,0,5,5,4	An element the head cannot hold.
nobody.html	1	block=title,-,0,0,0,0	t
nobody.html	2	block=met,-,0,3,2,1	No body tag.
noscript.html	1	block=title,-,0,0,0,0	t
noscript.html	2	block=p,-,0,3,5,1	Head as usual.
quote.html	1	block=title,-,0,0,0,0	t
quote.html	2	block=p,-,0,3,4,1	First.
quote.html	3	block=p,-,0,4,6,4	Last.
eof.html	1	block=title,-,0,0,0,0	t
eof.html	2	block=p,-,0,3,4,1	Before.
openend.html	1	block=title,-,0,0,0,0	t
openend.html	2	block=p,-,0,3,4,1	Before.
open.html	1	block=title,-,0,0,0,0	t
open.html	2	block=p,-,0,3,4,1	Before." ]
	[ "$stderr" = "nw-split: open.html: 1 web page ending in a quoted attribute value: the markup after its quote gives no text" ]
}

@test "an end tag that closes nothing, right after the doctype, is read where it stands" {
	# Before the first tag libxml2 skips the blanks after a doctype,
	# comment or processing instruction, but an end tag starts the
	# content, where 1000 blanks in a row open an implied p: the scan
	# leaves out a stray end tag only right after another tag, so
	# this one stays and the text is the p's, as it is without the scan.
	{ printf '<!DOCTYPE html></zz>'; printf '%1000s' ''
	    printf '<b>Text after the blanks.</b>'; } >blanks.html
	run --separate-stderr nw-split --block-hints blanks.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "blanks.html	1	block=p,-,0,3,2,1	Text after the blanks." ]
}

@test "a comment after a blank in the head is read where it stands" {
	# libxml2 takes the blank before the comment for a blank of the
	# head; without the comment, the blank and the "&#1;" (a reference
	# that gives nothing) after it would open a p holding the "<".
	printf '<html><head><title>T</title> <!-- c -->&#1;<</head><body><p>Body text.</p>' >comment.html
	run --separate-stderr nw-split --block-hints comment.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "comment.html	1	block=p,-,0,3,4,1	Body text." ]
}

@test "a '</>' after a blank before the content gives no text" {
	# Before the content libxml2 skips blanks without a word, and read
	# a "</>" after them (nothing, to a browser) as a paragraph ">".
	printf '<!DOCTYPE html><!-- c --> </><p>Body text.</p>' >blank.html
	run --separate-stderr nw-split --block-hints blank.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "blank.html	1	block=p,-,0,3,2,1	Body text." ]
	# The scan leaves out the "</zz>" that closes nothing, which puts
	# the blank right after the bogus comment "</.>", in the prolog.
	printf '<!DOCTYPE html></.></zz> </><p>Body text.</p>' >bogus.html
	run --separate-stderr nw-split --block-hints bogus.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "bogus.html	1	block=p,-,0,3,2,1	Body text." ]
}

@test "a misplaced <head> before a stray end tag loses nothing after it" {
	# libxml2 drops a <head> in the body without a word.  The scan left
	# out the "</b>" after it, which closes nothing, but that end tag
	# was the markup html.c had libxml2 skip the empty comment "<!-->"
	# after: without it, libxml2 read the rest of the page as a comment.
	printf '<!DOCTYPE html><p>Intro text.</p><head></b><!-->More text.</p>' >head.html
	run --separate-stderr nw-split --block-hints head.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "head.html	1	block=p,-,0,3,2,1	Intro text.
head.html	2	block=body,-,0,2,1,0	More text." ]
}

@test "a stray end tag before an empty comment, after the body, loses nothing after it" {
	# The scan left out the "</i>", which closes nothing, where the
	# empty comment "<!-->" after it is markup html.c has libxml2
	# skip: without it, libxml2 read the rest as a comment (fuzz-html,
	# the page with and without the scan).
	printf 'x<body></body></i><!-->More text.' >after.html
	run --separate-stderr nw-split --format html --block-hints after.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "after.html	1	block=p,-,0,3,2,1	x
after.html	2	block=body,-,0,2,1,0	More text." ]
}

@test "a bogus comment holding a comment's start, in an xmp, loses nothing after it" {
	# An xmp is raw text: all up to "</xmp>" is its text.  (libxml2
	# read the "<!x" as text and the "<!--" in it as a comment, which
	# ended in the "-->" of the tag after, and the scan, which took the
	# bogus comment to end at its '>' and left out the tag's attribute
	# with the "-->", had the comment run to the end of the page.)
	printf '<!DOCTYPE html><xmp>Before <!x <!-- ><b data-x-->after.</xmp><p>Body text.</p>' >raw.html
	run --separate-stderr nw-split --block-hints raw.html
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "raw.html	1	block=xmp,-,0,3,2,1	Before <!x <!-- ><b data-x-->after.
raw.html	2	block=p,-,0,3,2,1	Body text." ]
}
