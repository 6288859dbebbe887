# tests/cli/crash-lib.sh: killing sillok-cli at chosen and random moments
# (sourced by the crash tests after lib.sh, not run)
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

# A random delay of MIN_MS to MAX_MS milliseconds, for sleep.
random_delay () {
  [ "$2" -lt "$1" ] && set -- "$1" "$1"
  local ms=$(( $1 + (RANDOM * 32768 + RANDOM) % ($2 - $1 + 1) ))
  printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# A command killed before it unlocked counts as a failed attempt, and the
# next one waits (1 s, 2 s, 4 s…) before trying: the wait, in milliseconds,
# that a command started now on VAULT has before it.
unlock_wait_ms () {
  local vault=$1 failed
  failed=$(jq -r .failed_attempts "$vault/keyslots.json" 2>/dev/null || echo 0)
  [ "${failed:-0}" -gt 0 ] 2>/dev/null || { echo 0; return; }
  [ "$failed" -gt 6 ] && failed=6
  local s=$(( 1 << (failed - 1) ))
  [ "$s" -gt 30 ] && s=30
  echo $((s * 1000))
}

# kill_cli PID: SIGKILL it if it is still our sillok-cli.
kill_cli () {
  local pid=$1
  [ -n "$pid" ] && grep -qa sillok-cli "/proc/$pid/cmdline" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
}

# kill_at_random PID WAIT_MS RUN_MS: SIGKILL PID at a random moment of a
# run that takes RUN_MS after WAIT_MS, mostly after it unlocked the vault
# (UNLOCK_MS, measured by the test).
kill_at_random () {
  sleep "$(random_delay $(($2 + UNLOCK_MS * 3 / 4)) $(($2 + $3 * 6 / 5)))"
  kill_cli "$1"
}

# kill_points TRACE MAX: the moments a traced command passed, as
# failpoint specs POINT=kill@N, one a line.  Points reached many times
# (single writes) are thinned to at most MAX moments each, spread evenly
# and always keeping the first and the last.
kill_points () {
  local trace=$1 max=$2
  awk -v max="$max" '
    { n[$0]++; order[++len] = $0 }
    END {
      for (i = 1; i <= len; i++) {
        p = order[i]
        if (p in done) continue
        done[p] = 1
        total = n[p]
        if (total <= max) {
          for (k = 1; k <= total; k++) print p "=kill@" k
        } else {
          for (k = 0; k < max; k++) print p "=kill@" (1 + int(k * (total - 1) / (max - 1)))
        }
      }
    }' "$trace"
}
