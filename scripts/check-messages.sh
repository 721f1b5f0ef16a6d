#!/usr/bin/env bash
# Fail if the translation catalogs are out of date with the source:
#
#   bash scripts/check-messages.sh
#
# 1. Runs `makemessages` (the same options as everyone uses) and fails if it changes
#    jiangxin/locale/*/LC_MESSAGES/django.po in anything but the POT-Creation-Date line,
#    i.e. a string was added, changed or removed in the code without updating the catalogs.
# 2. Fails if the Simplified Chinese catalog has an untranslated or fuzzy entry.
# 3. Fails if a committed .mo is not exactly what compilemessages makes of its .po.
#
# When nothing but the date changed, the .po files are restored byte for byte, so a clean
# run leaves the working tree untouched. When something did change, the updated .po files
# are left in place (translate the new entries, then run compilemessages) and the diff is
# printed. Needs GNU gettext (msgfmt, msgmerge, xgettext). Exit status 0 = up to date.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
LOCALES=(zh_Hans en)
cd "$ROOT/jiangxin"

command -v msgfmt >/dev/null || { echo "check-messages: GNU gettext (msgfmt) is not installed" >&2; exit 2; }

snapshot="$(mktemp -d)"
trap 'rm -rf "$snapshot"' EXIT
for lang in "${LOCALES[@]}"; do
  po="locale/$lang/LC_MESSAGES/django.po"
  [[ -f $po ]] || { echo "check-messages: $po is missing" >&2; exit 1; }
  cp -p "$po" "$snapshot/$lang.po"
done

"$PY" ../manage.py makemessages "${LOCALES[@]/#/-l}" \
  --ignore 'testing/*' --ignore '*/tests/*' --no-location --verbosity 0

status=0
for lang in "${LOCALES[@]}"; do
  po="locale/$lang/LC_MESSAGES/django.po"
  if diff -q -I '^"POT-Creation-Date: ' "$snapshot/$lang.po" "$po" >/dev/null; then
    cp -p "$snapshot/$lang.po" "$po"  # only the date moved: keep the committed file
  else
    echo "check-messages: makemessages changes $po:" >&2
    diff -u -I '^"POT-Creation-Date: ' "$snapshot/$lang.po" "$po" >&2 || true
    status=1
  fi
done

stats="$(msgfmt --check --statistics -o /dev/null locale/zh_Hans/LC_MESSAGES/django.po 2>&1)"
if grep -Eq 'fuzzy|untranslated' <<<"$stats"; then
  echo "check-messages: zh_Hans is incomplete: $stats" >&2
  status=1
fi

for lang in "${LOCALES[@]}"; do
  po="locale/$lang/LC_MESSAGES/django.po"
  fresh="$snapshot/$lang.mo"
  msgfmt --check-format -o "$fresh" "$po"  # what `manage.py compilemessages` runs
  if ! cmp -s "$fresh" "${po%.po}.mo"; then
    echo "check-messages: ${po%.po}.mo is stale; run: cd jiangxin && ../.venv/bin/python ../manage.py compilemessages" >&2
    status=1
  fi
done

if [[ $status -eq 0 ]]; then
  echo "check-messages: catalogs are up to date ($stats)"
fi
exit "$status"
