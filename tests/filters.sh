#!/usr/bin/env bash
# filters.sh CODES_TSV CAPTURE...: display filters on sipdiag fields select
# exactly the frames an independent oracle picks: the status codes tshark
# finds without the plugin, and the text of data/sip-response-codes.tsv.
. "$(dirname "$0")/lib.sh"

codes_tsv=$1
shift
capture="$STAGE/in/all.pcapng"
mergecap -a -w "$capture" "$@"
chmod 644 "$capture"
# Responses that were sent: one an ICMP error quotes has no code of its own (invariant.sh)
bare_tshark -r "$capture" -Y '!(icmp || icmpv6)' -T fields -E aggregator=, -e frame.number -e sip.Status-Code \
    >"$STAGE/codes"

# oracle AWK_CONDITION: frames where any status code satisfies the condition on
# `code`, `row` (the table row the code is explained by: its own, or its class's
# x00 for an unregistered code; "" without class) and `registered`.
oracle() {
    awk -F'\t' -v cond="$1" '
        FNR == NR { if (FNR > 1) { registered_code[$1] = 1; remedy[$1] = $7 } next }
        $2 != "" {
            n = split($2, list, ",")
            for (i = 1; i <= n; i++) {
                code = list[i] + 0
                registered = (code in registered_code)
                row = registered ? code : (code >= 100 && code <= 699 ? int(code / 100) * 100 : "")
                if (match_cond(cond, code, row, registered)) { print $1; break }
            }
        }
        function match_cond(c, code, row, registered,    kind, arg) {
            split(c, kind, ":")
            arg = substr(c, length(kind[1]) + 2)
            if (kind[1] == "class") return row != "" && int(code / 100) == arg + 0
            if (kind[1] == "class_at_least") return row != "" && int(code / 100) >= arg + 0
            if (kind[1] == "unregistered") return !registered
            if (kind[1] == "remedy_contains") return row != "" && index(remedy[row], arg) > 0
            if (kind[1] == "code") return code == arg + 0
            return 0
        }' "$codes_tsv" "$STAGE/codes"
}

checked=0
check_filter() {
    local filter=$1 condition=$2
    oracle "$condition" >"$STAGE/want"
    sd_tshark -r "$capture" -Y "$filter" -T fields -e frame.number >"$STAGE/got"
    diff -u "$STAGE/want" "$STAGE/got" || fail "filter '$filter' selected other frames than $condition"
    [ -s "$STAGE/want" ] || fail "filter '$filter': the captures hold no frame to select"
    echo "ok: $filter ($(wc -l <"$STAGE/want") frames)"
    checked=$((checked + 1))
}

check_filter 'sipdiag.class == 4' 'class:4'
check_filter 'sipdiag.class == 2' 'class:2'
check_filter 'sipdiag.class >= 5' 'class_at_least:5'
check_filter 'sipdiag.registered == 0' 'unregistered'
check_filter 'sipdiag.remedy contains "Digest"' 'remedy_contains:Digest'
check_filter 'sipdiag.remedy contains "Retry-After"' 'remedy_contains:Retry-After'
check_filter 'sipdiag.code == 486' 'code:486'
echo "$checked filters checked"
