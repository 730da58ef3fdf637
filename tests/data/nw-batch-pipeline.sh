# A stand-in for the default pipeline of nw-batch(1), so that tests can
# fix the topic scores.  Each line of a dump is one document,
# ID<TAB>TOPIC<TAB>SCORE<TAB>TEXT, scoring SCORE on TOPIC; a line
# FAIL<TAB>MESSAGE makes the pipeline fail with MESSAGE.
# Run as: sh nw-batch-pipeline.sh DUMP TOPICS COUNTS
awk -F '\t' '
$1 == "FAIL" { print $2 >"/dev/stderr"; exit 1 }
{ print $1 "\t" $2 "\t" $3 "\t1" }' "$1" >"$2" || exit 1
cut -f 1,4 "$1" | nw-count --sort term --df >"$3"
