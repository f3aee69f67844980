#!/usr/bin/env bash
# plugin_loads.sh: tshark loads the sipdiag.so just built, from the staging
# folder and from nowhere else, and registers every public field.
. "$(dirname "$0")/lib.sh"
skip_if_sanitized "tshark -G plugins"

sd_tshark -G plugins >"$STAGE/plugins.txt"
grep -F "$STAGE/plugins/$SIPDIAG_WS_VERSION/epan/sipdiag.so" "$STAGE/plugins.txt" ||
    fail "tshark did not load the plugin just built: $(cat "$STAGE/plugins.txt")"
[ "$(grep -c sipdiag "$STAGE/plugins.txt")" = 1 ] || fail "more than one sipdiag plugin loaded"

bare_tshark -G fields >"$STAGE/bare-fields.txt"
! grep -q 'sipdiag' "$STAGE/bare-fields.txt" || fail "a sipdiag from outside the build leaked in"

sd_tshark -G fields >"$STAGE/fields.txt"
grep -P '^P\tSIP Response Diagnostics\tsipdiag$' "$STAGE/fields.txt" || fail "protocol not registered"
for field in code:FT_UINT32 phrase:FT_STRING wire_phrase:FT_STRING class:FT_UINT8 \
             registered:FT_BOOLEAN treated_as:FT_UINT32 description:FT_STRING \
             cause:FT_STRING remedy:FT_STRING ref:FT_STRING; do
    grep -P "^F\t[^\t]+\tsipdiag\.${field%%:*}\t${field#*:}\tsipdiag\t" "$STAGE/fields.txt" ||
        fail "field sipdiag.${field%%:*} (${field#*:}) not registered"
done

# The field reference and the registered names agree: every field and expert
# item (tshark lists those as fields too) is documented in docs/fields.md, and
# every sipdiag name README.md or a file in docs/ mentions exists.
registered=$(awk -F'\t' '($1 == "F" || $1 == "P") && $3 ~ /^sipdiag/ { print $3 }' "$STAGE/fields.txt" | sort -u)
fields_doc="$SIPDIAG_SOURCE_DIR/docs/fields.md"
for field in $registered; do
    grep -qF "\`$field\`" "$fields_doc" || fail "docs/fields.md does not document $field"
done
sd_tshark -G defaultprefs >"$STAGE/prefs.txt"
prefs=$(grep -oE '^#?sipdiag\.[a-z_0-9]+' "$STAGE/prefs.txt" | tr -d '#' | sort -u)
[ "$(echo "$prefs" | wc -w)" -ge 8 ] || fail "sipdiag preferences missing: $prefs"
# (prose only: not example output in code blocks, nor file names such as packet-sipdiag.c)
prose=$(for doc in "$SIPDIAG_SOURCE_DIR/README.md" "$SIPDIAG_SOURCE_DIR"/docs/*.md; do
            awk '/^ *```/ { in_code = !in_code; next } !in_code' "$doc"
        done)
for name in $(echo "$prose" | grep -oE '(^|[^a-z_/"-])sipdiag(\.[a-z_0-9]+)+' | sed 's/^[^s]//' |
              grep -vx 'sipdiag\.so' | sort -u); do
    printf '%s\n%s\n' "$registered" "$prefs" | grep -x "$name" >/dev/null ||
        fail "README or docs name $name, which is neither a field, an expert item nor a preference"
done
echo "docs/fields.md documents all $(echo "$registered" | wc -l) fields and names only registered ones"
