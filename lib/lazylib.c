/*
 * newswire: libraries loaded when first needed.
 *
 * A shared library linked to a tool is mapped and relocated at every
 * start, and so is everything it depends on: libarchive brings libxml2,
 * which brings ICU and the C++ runtime, and libstemmer's tables are
 * relocated page by page.  That is megabytes of resident memory in
 * every run for what most runs never call: archives, compress(1) data,
 * stemming, the scripts written without spaces.  Those libraries are
 * opened here instead (dlopen) by the file that calls them, the first
 * time it needs them, and their functions looked up into a table of
 * pointers typed from the library's own header.
 *
 * One mechanism for every such library: the caller describes it (soname,
 * then each function's name and the slot it goes to, see nw-private.h)
 * and lazylib_load() fills the slots, all or none usable.  A library that
 * cannot be loaded is not tried again; why is kept for the caller to say,
 * with what it was needed for.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "nw-private.h"

int
lazylib_load(struct lazylib *lib)
{
	const struct lazysym *sym;
	const char *why;
	void *handle;

	if (lib->handle != NULL)
		return 0;
	if (lib->failed)
		return -1;
	lib->failed = 1;	/* until every function is found */
	if (lib->soname[0] == '\0') {	/* the build found none */
		snprintf(lib->why, sizeof(lib->why), "not found when built");
		return -1;
	}
	if ((handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		why = dlerror();
		snprintf(lib->why, sizeof(lib->why), "%s", why != NULL ? why :
		    "cannot be loaded");
		return -1;
	}
	for (sym = lib->syms; sym->name != NULL; sym++)
		if ((*sym->slot = dlsym(handle, sym->name)) == NULL) {
			snprintf(lib->why, sizeof(lib->why),
			    "%s: no function %s", lib->soname, sym->name);
			dlclose(handle);
			return -1;
		}
	lib->handle = handle;
	lib->failed = 0;
	return 0;
}
