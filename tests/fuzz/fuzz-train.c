/* SPDX-License-Identifier: ISC */
/*
 * Fuzz nw-topic-train's engine: the input is a record stream whose second
 * field holds the labels.  Whatever it holds, every topic file written
 * must load in nw-topic-score's parser without a complaint (the written
 * format is one the reader takes: quoting, weights in range, a bias), and
 * every topic that loaded must give each training document a best topic.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char dir[] = "/tmp/fuzz-train.XXXXXX";

static void
clear_dir(void)
{
	DIR *d;
	struct dirent *e;
	char path[sizeof(dir) + 300];

	if ((d = opendir(dir)) == NULL)
		abort();
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
		    (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct train_options opt = {
		.c = 1, .max_entries = 20, .min_df = 1, .min_examples = 1,
		.min_llr = 0, .pairs = 1
	};
	struct topic_set *set;
	struct topic_match *m;
	struct topic_score best;
	struct train *t;
	struct input *in;
	struct doc d = { 0 };
	struct mem mem = { data, size, 4096 };
	struct dirent **names;
	const char *labels;
	char path[sizeof(dir) + 300];
	size_t len, i;
	int n, k;

	if (!ready) {
		if (mkdtemp(dir) == NULL)
			abort();
		ready = 1;
	}
	clear_dir();
	t = train_new(&opt);
	if ((in = input_open_reader(mem_read, &mem, "fuzz", 0)) == NULL)
		abort();
	while (doc_next(in, &d) == 1) {
		if (d.records[0].meta == NULL)
			continue;
		labels = d.records[0].meta;
		len = strcspn(labels, "\t");
		if (len > d.records[0].metalen)
			len = d.records[0].metalen;
		if (memchr(labels, '/', len) != NULL || memchr(labels, '.', len))
			continue;
		train_add(t, labels, len, &d);
	}
	input_close(in);
	if (train_documents(t) > 0)
		train_write(t, dir);
	train_free(t);

	/* Every file written loads, and scores the documents. */
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		abort();
	set = topic_set_new();
	for (k = 0; k < n; k++) {
		if (names[k]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir,
			    names[k]->d_name);
			if (topic_set_load(set, names[k]->d_name, path) != 0)
				abort();
		}
		free(names[k]);
	}
	free(names);
	if (topic_set_count(set) > 0) {
		m = topic_match_new(set);
		mem.p = data;
		mem.n = size;
		if ((in = input_open_reader(mem_read, &mem, "fuzz", 0)) == NULL)
			abort();
		while (doc_next(in, &d) == 1) {
			for (i = 0; i < d.nrecords; i++)
				topic_match_text(m, d.records[i].text,
				    d.records[i].textlen);
			struct topic_score *sc;
			topic_match_scores(m, &sc);
			if (!topic_match_best(m, &best))
				abort();
			topic_match_reset(m);
		}
		input_close(in);
		topic_match_free(m);
	}
	topic_set_free(set);
	doc_free(&d);
	return 0;
}
