# A stand-in for the default pipeline of nw-batch(1) with document dates.
# Each line of a dump is one document, ID<TAB>DATE<TAB>TOPIC<TAB>SCORE,
# scoring SCORE on TOPIC (none when TOPIC is "-"), dated DATE: empty,
# anything, or NAME=VALUE as the default pipeline writes it.
# Run as: sh nw-batch-dated.sh DUMP TOPICS COUNTS DOCUMENTS LANGUAGES DATES
awk -F '\t' -v OFS='\t' '$3 != "-" { print $1, $3, $4, 1 }' "$1" >"$2" &&
    cut -f 1,2 "$1" >"$6" &&
    printf 'news\t1\t1\n' >"$3" &&
    wc -l <"$1" >"$4"
