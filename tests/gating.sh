#!/usr/bin/env bash
# gating.sh CAPTURE...: every sipdiag field has the same values in a tree that
# is shown as in one that is built but not shown.
#
# sipdiag skips the work of fields nobody asked for when the tree is not
# shown (a display filter, custom columns, colouring rules): this checks that
# it never skips one that is asked for.  Shown: -T fields (tshark formats the
# whole tree).  Not shown: a plain read with a custom column for one field,
# field by field, so that each is checked when it alone is asked for.  Columns differ from
# -T fields in two ways that are normalised: a field without value (an expert
# item) prints once, as a check mark, however often it occurs; long texts are
# cut (from 4.4 on behind a "[…] " mark); a tab is escaped by -T fields only;
# -T fields writes booleans True/False from 4.6 on, an unresolved column 1/0.
# So both sides keep "1" for such fields, blanks for tabs, and their first
# 200 characters.
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || fail "usage: gating.sh CAPTURE..."
capture="$STAGE/in/all.pcapng"
mergecap -a -w "$capture" "$@"
chmod 644 "$capture"

sd_tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" && $3 ~ /^sipdiag\./ { print $3 }' >"$STAGE/fields"
nfields=$(wc -l <"$STAGE/fields")
[ "$nfields" -ge 50 ] || fail "only $nfields sipdiag fields registered"

fields_args=()
while read -r field; do
    fields_args+=(-e "$field")
done <"$STAGE/fields"

normalise() {
    awk -F'\t' -v OFS='\t' '{
        for (i = 1; i <= NF; i++) {
            sub(/^\[\xe2\x80\xa6\] /, "", $i)  # "[…] ": a cut column (Wireshark 4.4 on)
            gsub(/\\t/, " ", $i)               # -T fields escapes a tab, a column shows it
            gsub(/^[ \t]+|[ \t]+$/, "", $i)
            gsub(/\xe2\x9c\x93/, "1", $i)   # the check mark of a valueless field
            if ($i ~ /^(True|False)(,(True|False))*$/) { # -T fields booleans from 4.6 on
                gsub(/True/, "1", $i)
                gsub(/False/, "0", $i)
            }
            if ($i ~ /^(1,)*1$/) $i = "1"
            $i = substr($i, 1, 200)
        }
        print
    }'
}

sd_tshark -r "$capture" -T fields -E separator=/t -e frame.number "${fields_args[@]}" \
    | normalise >"$STAGE/shown" || fail "tshark -T fields failed"
column=2
: >"$STAGE/not-shown"
while read -r field; do
    sd_tshark -r "$capture" -T tabs -o "gui.column.format:\"No.\",\"%m\",\"$field\",\"%Cus:$field:0:U\"" \
        | normalise >"$STAGE/one" || fail "tshark with a column on $field failed"
    if [ "$column" = 2 ]; then
        cp "$STAGE/one" "$STAGE/not-shown"
    else
        cut -f2 "$STAGE/one" | paste "$STAGE/not-shown" - >"$STAGE/joined"
        mv "$STAGE/joined" "$STAGE/not-shown"
    fi
    column=$((column + 1))
done <"$STAGE/fields"

frames=$(wc -l <"$STAGE/shown")
[ "$frames" -gt 100 ] || fail "only $frames frames read"
[ "$(wc -l <"$STAGE/not-shown")" = "$frames" ] || fail "the two reads have different frame counts"
# Something to compare: most fields must have values somewhere.
filled=$(awk -F'\t' '{ for (i = 2; i <= NF; i++) if ($i != "") seen[i] = 1 } END { print length(seen) }' "$STAGE/shown")
[ "$filled" -ge 40 ] || fail "only $filled of $nfields fields have a value in these captures"

if ! diff "$STAGE/shown" "$STAGE/not-shown" >"$STAGE/diff"; then
    paste <(echo frame.number; cat "$STAGE/fields") >"$STAGE/names"
    awk -F'\t' 'FILENAME == ARGV[1] { name[FNR] = $1; next }
        FILENAME == ARGV[2] { for (i = 1; i <= NF; i++) a[FNR, i] = $i; next }
        { for (i = 1; i <= NF; i++) if (a[FNR, i] != $i)
            printf "frame %s, %s: shown [%s], not shown [%s]\n", $1, name[i], a[FNR, i], $i }' \
        "$STAGE/names" "$STAGE/shown" "$STAGE/not-shown" | head -20
    fail "fields differ between a shown and a hidden tree"
fi
# Expert texts, filtered on through Wireshark's own expert fields: the texts
# must be there although nothing of sipdiag is asked for.
sd_tshark -r "$capture" -T fields -E occurrence=a -E aggregator='|' -e frame.number -e _ws.expert.message \
    | awk -F'\t' '{ n = split($2, m, "|"); for (i = 1; i <= n; i++) if (m[i] ~ /^SIP [0-9][0-9][0-9] /) { print $1; break } }' \
    >"$STAGE/expert-shown"
sd_tshark -r "$capture" -Y '_ws.expert.message matches "^SIP [0-9]{3} "' -T tabs -o 'gui.column.format:"No.","%m"' \
    | awk '{ print $1 }' >"$STAGE/expert-filtered"
[ "$(wc -l <"$STAGE/expert-shown")" -gt 20 ] || fail "too few frames with a sipdiag expert text"
diff "$STAGE/expert-shown" "$STAGE/expert-filtered" || fail "a _ws.expert.message filter misses sipdiag's texts"
echo "ok: $nfields fields agree on $frames frames ($filled fields with values)"
