# Shared set-up for the bats files: the tools under test come from bin/,
# the locale is pinned, and fixtures live in tests/data as CASE.in/CASE.out.
TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
PATH="$TOP/bin:$PATH"
DATA="$TOP/tests/data"
SEEDS="$TOP/seeds"
export LC_ALL=C PATH
unset NW_SHAREDIR

# fixture TOOL CASE [ARGS...]: run TOOL ARGS on tests/data/CASE.in and
# compare its standard output with tests/data/CASE.out.
fixture() {
	local tool=$1 case=$2
	shift 2
	if ! "$tool" "$@" "$DATA/$case.in" >"$BATS_TEST_TMPDIR/fixture.out" \
	    2>"$BATS_TEST_TMPDIR/fixture.err"; then
		echo "$tool $* $case.in failed:" >&2
		cat "$BATS_TEST_TMPDIR/fixture.err" >&2
		return 1
	fi
	diff -u "$DATA/$case.out" "$BATS_TEST_TMPDIR/fixture.out"
}
