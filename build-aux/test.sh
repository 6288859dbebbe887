#!/bin/sh
# Runs Sillok's full test suite: installs what is missing, builds with the
# test-only failpoints compiled in, runs every meson test (GUI tests start
# their own Xvfb), then the fuzz targets for a short smoke time when clang is
# present, and prints "N passed, N failed, N skipped".
#
# Environment:
#   SILLOK_BUILD_DIR      build folder (default: _build-test)
#   SILLOK_MESON_OPTIONS  extra meson options, e.g. -Db_sanitize=address,undefined
#   SILLOK_FUZZ_SECONDS   smoke time per fuzz target (default: 10; 0 skips fuzzing)
set -eu

cd "$(dirname "$0")/.."
./build-aux/install-deps.sh

build=${SILLOK_BUILD_DIR:-_build-test}
fuzz_build="$build-fuzz"
fuzz_seconds=${SILLOK_FUZZ_SECONDS:-10}
# shellcheck disable=SC2086
set -- -Dfailpoints=true ${SILLOK_MESON_OPTIONS:-}

if [ -f "$build/build.ninja" ]; then
  meson configure "$build" "$@"
else
  meson setup "$build" "$@"
fi
ninja -C "$build"

status=0
meson test -C "$build" --print-errorlogs || status=1

if [ "$fuzz_seconds" != 0 ] && command -v clang >/dev/null 2>&1; then
  if [ ! -f "$fuzz_build/build.ninja" ]; then
    CC=clang meson setup "$fuzz_build" -Dfuzz=true -Dgui=false -Db_sanitize=address,undefined -Db_lundef=false
  fi
  ninja -C "$fuzz_build"
  SILLOK_FUZZ_SECONDS=$fuzz_seconds meson test -C "$fuzz_build" --suite fuzz --print-errorlogs || status=1
  python3 build-aux/test-summary.py "$build" "$fuzz_build"
else
  python3 build-aux/test-summary.py "$build"
fi
exit $status
