#!/usr/bin/env bash
# Translations: extract the marked text, merge it into every language's catalog, compile the catalogs.
#   bash scripts/i18n.sh            extract + update + compile (after changing or adding text)
#   bash scripts/i18n.sh compile    compile only (after translating in a .po file)
#   bash scripts/i18n.sh init fr    start a new language's catalog
# Text is formatted with str.format ({name}); avoid "% " before a letter such as "80% of" in a msgid: Babel
# takes it for a %-format and refuses translations that write it differently ("80 calls in 100" is fine).
# tests/test_catalogs.py fails when a marked string is missing or untranslated, or a .mo is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
POT=calc/locale/tariff_compare.pot
DIR=calc/locale
DOMAIN=tariff_compare
extract() {
    python -m babel.messages.frontend extract -F babel.cfg --no-location --sort-output --width 120 \
        --project "Tariff Compare" --copyright-holder "Tariff Compare contributors" \
        --msgid-bugs-address "https://github.com/tariff-compare/tariff-compare/issues" -o "$POT" .
}
compile() {
    python -m babel.messages.frontend compile -d "$DIR" -D "$DOMAIN" --statistics
}
case "${1:-all}" in
    compile) compile ;;
    init) extract; python -m babel.messages.frontend init -i "$POT" -d "$DIR" -D "$DOMAIN" -l "$2" --width 120 ;;
    all)
        extract
        python -m babel.messages.frontend update -i "$POT" -d "$DIR" -D "$DOMAIN" --ignore-obsolete --no-fuzzy-matching --width 120
        compile
        ;;
    *) echo "usage: scripts/i18n.sh [all|compile|init LANG]" >&2; exit 2 ;;
esac
