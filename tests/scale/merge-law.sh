#!/usr/bin/env bash
# merge-law.sh BINARY — the merge law at scale, with GNU parallel.
#
# On ../shared/corpora/bbc-all.jsonl (FINFIG_SHARED), for splits in 2, 3
# and 7 parts:
#   articles  the corpus is cut into parts; each part is extracted and
#             reduced to a state by its own process (GNU parallel), the
#             states are merged;
#   pipe      the same through `parallel --pipe` (blocks of lines to k
#             jobs, their states concatenated on one stream);
#   records   the records of the whole batch are cut anywhere (a deal and
#             its restatement may land in different parts) and reduced;
# and the merged summary must equal the single run's byte for byte, in
# event counting (default) and mention counting (--mentions).
# Exit 77 (skipped) without the corpus or without GNU parallel.
set -euo pipefail
export LC_ALL=C TZ=UTC

if [ $# -ne 1 ]; then
	echo "usage: merge-law.sh BINARY" >&2
	exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=${FINFIG_SHARED:-../shared}/corpora/bbc-all.jsonl
if [ ! -f "$corpus" ]; then
	echo "merge-law: skipped: no $corpus"
	exit 77
fi
if ! command -v parallel >/dev/null 2>&1; then
	echo "merge-law: skipped: GNU parallel is not installed (apt-get install parallel)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/finfig-merge.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "merge-law: FAIL: $*" >&2
	exit 1
}

by=(--by company --by month --by currency --by kind --by company,month)
"$bin" extract "$corpus" --types all --jobs 2 -q >"$tmp/all.jsonl" || fail "extract exited $?"
n_money=$(grep -c '"type":"money"' "$tmp/all.jsonl" || true)
[ "$n_money" -gt 1000 ] || fail "only $n_money money records"

for mode in events mentions; do
	extra=()
	[ "$mode" = mentions ] && extra=(--mentions)
	"$bin" aggregate "$tmp/all.jsonl" "${by[@]}" "${extra[@]}" -q >"$tmp/want.$mode.json" ||
		fail "aggregate ($mode) exited $?"
	grep -q "\"counting\":\"$mode\"" "$tmp/want.$mode.json" || fail "no summary ($mode)"
	for k in 2 3 7; do
		d=$tmp/$mode.$k
		mkdir -p "$d"
		# articles: one process per part, in parallel
		split -n "l/$k" -d "$corpus" "$d/part."
		[ "$(ls "$d"/part.* | wc -l)" -eq "$k" ] || fail "split made $(ls "$d"/part.* | wc -l) parts, not $k"
		parallel --will-cite -j 2 \
			"'$bin' extract {} --types all --jobs 1 -q | '$bin' aggregate --state ${by[*]} ${extra[*]} -q -o {}.state" \
			::: "$d"/part.?? || fail "parallel map ($mode, $k parts) failed"
		"$bin" aggregate "$d"/part.*.state "${by[@]}" "${extra[@]}" -q >"$d/got.json" ||
			fail "merge ($mode, $k parts) exited $?"
		cmp -s "$tmp/want.$mode.json" "$d/got.json" ||
			fail "$mode, $k parts (articles): merged summary differs: $(diff "$tmp/want.$mode.json" "$d/got.json" | head -4)"
		# pipe: blocks of lines to k jobs; states concatenated on stdout
		size=$(wc -c <"$corpus")
		parallel --will-cite --pipe -j "$k" --block $((size / k + 1)) \
			"'$bin' extract - --types all --jobs 1 -q | '$bin' aggregate --state ${by[*]} ${extra[*]} -q" \
			<"$corpus" >"$d/pipe.states" || fail "parallel --pipe ($mode, $k) failed"
		[ "$(grep -c '"type":"finfig-state"' "$d/pipe.states")" -ge 2 ] || fail "--pipe ran one job only"
		"$bin" aggregate "${by[@]}" "${extra[@]}" -q <"$d/pipe.states" >"$d/pipe.json" ||
			fail "merge of --pipe states ($mode, $k) exited $?"
		cmp -s "$tmp/want.$mode.json" "$d/pipe.json" ||
			fail "$mode, $k jobs (--pipe): merged summary differs: $(diff "$tmp/want.$mode.json" "$d/pipe.json" | head -4)"
		# records: the record lines cut anywhere
		split -n "l/$k" -d "$tmp/all.jsonl" "$d/rec."
		parallel --will-cite -j 2 "'$bin' aggregate {} --state ${by[*]} ${extra[*]} -q -o {}.state" \
			::: "$d"/rec.?? || fail "parallel over records ($mode, $k) failed"
		"$bin" aggregate "$d"/rec.*.state "${by[@]}" "${extra[@]}" -q >"$d/rec.json" ||
			fail "merge of record states ($mode, $k) exited $?"
		cmp -s "$tmp/want.$mode.json" "$d/rec.json" ||
			fail "$mode, $k parts (records): merged summary differs: $(diff "$tmp/want.$mode.json" "$d/rec.json" | head -4)"
		echo "merge-law: $mode, $k parts: articles, --pipe and records all equal the single run"
	done
done
# Event counting did join something (else the events case proves little).
events=$(sed -n 's/.*"counted":\([0-9]*\).*/\1/p' "$tmp/want.events.json" | head -1)
[ "$events" -lt "$n_money" ] || fail "no two records were joined ($events events, $n_money records)"
echo "merge-law: ok ($n_money money records, $events events)"
