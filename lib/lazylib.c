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
 * A library that cannot be loaded is not tried again; why is kept for
 * the caller to say, with what it was needed for.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "nw-private.h"

void *
lazylib_open(struct lazylib *lib)
{
	const char *why;

	if (lib->handle != NULL || lib->failed)
		return lib->handle;
	if (lib->soname[0] == '\0') {	/* the build found none */
		snprintf(lib->why, sizeof(lib->why), "not found when built");
		lib->failed = 1;
		return NULL;
	}
	if ((lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)) ==
	    NULL) {
		why = dlerror();
		snprintf(lib->why, sizeof(lib->why), "%s", why != NULL ? why :
		    "cannot be loaded");
		lib->failed = 1;
	}
	return lib->handle;
}

void *
lazylib_sym(struct lazylib *lib, const char *name)
{
	void *p;

	if (lib->handle == NULL)
		return NULL;
	if ((p = dlsym(lib->handle, name)) == NULL) {
		snprintf(lib->why, sizeof(lib->why), "%s: no function %s",
		    lib->soname, name);
		dlclose(lib->handle);
		lib->handle = NULL;
		lib->failed = 1;
	}
	return p;
}
