#!/bin/sh
# Installs what is missing, builds Sillok, and runs it: the GUI when a display
# is present, otherwise a short demonstration of sillok-cli in a temporary vault.
set -eu

cd "$(dirname "$0")/.."
./build-aux/install-deps.sh

build=${SILLOK_BUILD_DIR:-_build}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build"
fi
ninja -C "$build"

if { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; } && [ -x "$build/app/gui/sillok" ]; then
  export GSETTINGS_SCHEMA_DIR="$PWD/$build/schemas"
  export SILLOK_LOCALEDIR="$PWD/$build/po"
  export SILLOK_DATADIR="$PWD/schemas"
  exec "$build/app/gui/sillok" "$@"
fi

exec ./build-aux/cli-demo.sh "$build/app/cli/sillok-cli"
