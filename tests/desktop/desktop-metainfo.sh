#!/bin/bash
# desktop-metainfo.sh: the AppStream metainfo and the desktop entry as built —
# valid, translated into Korean, naming what the project builds, with
# screenshots that exist; the icons they name
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

src=${SILLOK_SOURCE_ROOT:?}
build=${SILLOK_BUILD_ROOT:?}
metainfo=$build/resources/org.sillok.Sillok.metainfo.xml
desktop=$build/resources/org.sillok.Sillok.desktop

if [ ! -f "$metainfo" ] || [ ! -f "$desktop" ]; then
  echo "1..0 # SKIP the GUI is not built (-Dgui=false): no desktop entry or metainfo"
  exit 0
fi

# --- validators ---------------------------------------------------------------
if require_program appstreamcli; then
  # --pedantic also reports "cid-contains-uppercase-letter": the id is the
  # application id, which GNOME spells in reverse DNS with capitals
  # (org.sillok.Sillok), as D-Bus, GSettings and the desktop file name need.
  # Every other remark of any level fails the test.
  appstreamcli validate --no-net --pedantic --no-color "$metainfo" >"$WORK/validate.out" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then ok "appstreamcli validate --no-net --pedantic passes"
  else not_ok "appstreamcli validate --no-net --pedantic passes" "$(cat "$WORK/validate.out")"; fi
  remarks=$(grep -E '^[EWIP]: ' "$WORK/validate.out" | grep -v ' cid-contains-uppercase-letter ')
  if [ -z "$remarks" ]; then ok "…with no remark but the explained one"
  else not_ok "…with no remark but the explained one" "$remarks"; fi
else
  skip "appstreamcli validate" "appstreamcli is not installed (Debian package appstream)"
  skip "…with no remark but the explained one" "appstreamcli is not installed"
fi

if require_program desktop-file-validate; then
  check "desktop-file-validate accepts the desktop entry" desktop-file-validate "$desktop"
else
  skip "desktop-file-validate" "desktop-file-validate is not installed (Debian package desktop-file-utils)"
fi

# --- what the metainfo says -----------------------------------------------------
if ! require_program python3; then
  skip "the metainfo's content" "python3 is not installed"
  finish
fi

# One line per fact, read with Python's XML parser.
python3 - "$metainfo" >"$WORK/facts" <<'PY'
import sys
import xml.etree.ElementTree as ET
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
root = ET.parse(sys.argv[1]).getroot()
def text(e):
    return ' '.join(''.join(e.itertext()).split())
print('id', root.findtext('id'))
print('type', root.get('type'))
print('launchable', root.find('launchable').get('type'), root.findtext('launchable'))
for b in root.findall('provides/binary'):
    print('binary', b.text)
for e in root.findall('url'):
    print('url', e.get('type'), e.text)
print('developer', root.findtext('developer_name'))
print('license', root.findtext('project_license'))
print('rating', root.find('content_rating').get('type'))
for r in root.findall('releases/release'):
    print('release', r.get('version'), r.get('date'))
for tag in ('name', 'summary'):
    for e in root.findall(tag):
        print(tag, e.get(XML_LANG, 'C'), text(e))
for p in root.findall('description/*'):
    print('description', p.tag, p.get(XML_LANG, 'C'), text(p))
for li in root.findall('description/ul/li'):
    print('item', li.get(XML_LANG, 'C'), text(li))
for s in root.findall('screenshots/screenshot'):
    for c in s.findall('caption'):
        print('caption', c.get(XML_LANG, 'C'), text(c))
    for i in s.findall('image'):
        print('image', i.get(XML_LANG, 'C'), i.get('width'), i.get('height'), i.text.strip())
PY
check "the metainfo parses" test -s "$WORK/facts"

fact () {
  sed -n "s/^$1 //p" "$WORK/facts"
}

check "the component id is the application id" test "$(fact id)" = "org.sillok.Sillok"
check "it is a desktop application" test "$(fact type)" = "desktop-application"
check "<launchable> names the installed desktop file" \
  test "$(fact launchable)" = "desktop-id $(basename "$desktop")"
for exe in sillok sillok-cli; do
  check "<provides> names the binary $exe" grep -qx "binary $exe" "$WORK/facts"
done
check "<provides> names only binaries the project builds" \
  test "$(fact binary | sort | tr '\n' ' ')" = "sillok sillok-cli "
check "<url type=homepage> is an https address" grep -qE '^url homepage https://' "$WORK/facts"
check "<developer_name> is given" test -n "$(fact developer)"
check "the project licence is the project's (GPL-3.0-or-later)" test "$(fact license)" = "GPL-3.0-or-later"
check "<content_rating> is OARS 1.1" test "$(fact rating)" = "oars-1.1"
version=$("$CLI" --version | awk '{ print $2 }')
check "<releases> has this version, $version, with a date" \
  grep -qE "^release $version [0-9]{4}-[0-9]{2}-[0-9]{2}\$" "$WORK/facts"

# Korean: every translatable element has a Korean twin, different from the English.
for tag in name summary; do
  en=$(fact "$tag" | sed -n 's/^C //p')
  ko=$(fact "$tag" | sed -n 's/^ko //p')
  if [ -n "$ko" ] && [ "$ko" != "$en" ]; then ok "<$tag> in Korean: $ko"
  else not_ok "<$tag> in Korean" "en: $en" "ko: $ko"; fi
done
for kind in "description p" item caption; do
  n_en=$(fact "$kind" | grep -c '^C ')
  n_ko=$(fact "$kind" | grep -c '^ko ')
  hangul=$(fact "$kind" | sed -n 's/^ko //p' | grep -cP '\p{Hangul}')
  if [ "$n_en" -gt 0 ] && [ "$n_ko" -eq "$n_en" ] && [ "$hangul" -eq "$n_ko" ]; then
    ok "every $kind ($n_en) is translated into Korean"
  else
    not_ok "every $kind is translated into Korean" "English $n_en, Korean $n_ko, in Hangul $hangul"
  fi
done

# Screenshots: each image is a PNG under docs/screenshots/ of the size it claims;
# English and Korean images for the first one.
images=$(fact image)
check "the metainfo has screenshots" test -n "$images"
while read -r lang width height url; do
  file=$src/docs/screenshots/$(basename "$url")
  if [ ! -f "$file" ]; then
    not_ok "screenshot $url is in docs/screenshots" "missing: $file"
    continue
  fi
  size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print(*struct.unpack(">II", d[16:24]))' "$file" 2>/dev/null)
  if [ "$size" = "$width $height" ]; then ok "screenshot $(basename "$url") ($lang) is a ${width}×${height} PNG"
  else not_ok "screenshot $(basename "$url") ($lang) is a ${width}×${height} PNG" "found: ${size:-not a PNG}"; fi
done <<<"$images"
check "screenshots have Korean images too" test "$(grep -c '^ko ' <<<"$images")" -ge 1

# --- the desktop entry ----------------------------------------------------------
check "the desktop entry is translated: Name[ko]" grep -q '^Name\[ko\]=실록$' "$desktop"
check "…Comment[ko]" grep -qP '^Comment\[ko\]=.*\p{Hangul}' "$desktop"
check "…Keywords[ko]" grep -qP '^Keywords\[ko\]=.*\p{Hangul}' "$desktop"
check "it runs the installed binary" grep -qx 'Exec=sillok' "$desktop"
check "its icon is the application id" grep -qx 'Icon=org.sillok.Sillok' "$desktop"

# --- icons ----------------------------------------------------------------------
icons=$src/resources/icons
for icon in scalable/apps/org.sillok.Sillok.svg symbolic/apps/org.sillok.Sillok-symbolic.svg; do
  if python3 -c 'import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' \
       "$icons/$icon" 2>"$WORK/svg.err"; then
    ok "$icon is an SVG document"
  else
    not_ok "$icon is an SVG document" "$(cat "$WORK/svg.err")"
  fi
done
check "the symbolic icon is drawn on 16×16" \
  grep -qE 'viewBox="0 0 16 16"' "$icons/symbolic/apps/org.sillok.Sillok-symbolic.svg"

finish
