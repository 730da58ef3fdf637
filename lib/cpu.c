/*
 * newswire: which build of a scanner the processor runs.
 *
 * The scanners that take most of a tool's time (nw-clean's words,
 * nw-tokenize's runs of plain words, the line check of every input) have
 * a build for AVX2 beside the SSE2 one, made with a target attribute and
 * chosen here, once, at run time.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#ifdef NW_AVX2
#include <cpuid.h>

/*
 * Whether the processor has every extension the AVX2 builds are made
 * for: AVX2 (which __builtin_cpu_supports() tells only where the system
 * saves its registers), BMI, BMI2, POPCNT and LZCNT.  A virtual machine
 * may hide any of them, and LZCNT on a processor without it runs as
 * another instruction, with another result.
 */
static int
cpu_avx2(void)
{
	static int has = -1;
	unsigned int a, b, c, d;

	if (has == -1) {
		__builtin_cpu_init();
		has = __builtin_cpu_supports("avx2") &&
		    __builtin_cpu_supports("bmi") &&
		    __builtin_cpu_supports("bmi2") &&
		    __builtin_cpu_supports("popcnt") &&
		    __get_cpuid(0x80000001, &a, &b, &c, &d) &&
		    (c & bit_LZCNT) != 0;
	}
	return has;
}
#endif

/*
 * Whether the AVX2 build of a scanner runs: the processor has what it
 * needs, and the environment variable env, when not NULL, is not "sse2",
 * with which the tests run the SSE2 build to compare the two.
 */
int
nw_avx2(const char *env)
{
#ifdef NW_AVX2
	const char *v;

	if (env != NULL && (v = getenv(env)) != NULL &&
	    strcmp(v, "sse2") == 0)
		return 0;
	return cpu_avx2();
#else
	(void)env;
	return 0;
#endif
}
