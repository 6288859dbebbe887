#!/bin/sh
# Installs every Debian 12 package Sillok needs to build, test and benchmark.
# Idempotent: packages already present are left alone. Runs as root or through sudo.
set -eu

PACKAGES="
  meson ninja-build pkg-config gcc clang libclang-rt-14-dev gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsodium-dev libsqlcipher-dev libarchive-dev libjson-glib-dev libcairo2-dev libpango1.0-dev
  age minisign coreutils tar jq
  xvfb xauth xdotool dbus dbus-x11 at-spi2-core
  fonts-noto-cjk fonts-dejavu-core poppler-utils
  desktop-file-utils appstream hyperfine time
  python3-jsonschema iso-codes
  libgtk-4-bin bash-completion man-db groff-base
  libgtk-4-media-gstreamer gstreamer1.0-plugins-base gstreamer1.0-plugins-good
"
# python3-jsonschema: tests/check-templates.py validates the templates and the
# gazetteer against their JSON Schemas. iso-codes: the same test compares the
# country list of the forced-labour template with it, and
# build-aux/update-country-choices.py regenerates that list from it.
# libgtk-4-bin: gtk4-update-icon-cache, which "meson install" runs after
# installing the icons. bash-completion: where the completion of sillok-cli
# goes (its pkg-config file) and the loader that finds it. man-db and
# groff-base: tests/desktop/desktop-man.sh renders the manual pages.
# libgtk-4-media-gstreamer and GStreamer's base and good plugins: the editor's Play (playbin,
# Ogg/Vorbis, WAV, a sink even without a sound card), which tests/gui/test-playback.c plays.

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
else
  SUDO="sudo"
fi

echo "install-deps: installing$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
