#!/bin/sh
# Replays seeds of a fuzz target that prints verdicts (SILLOK_FUZZ_REPORT)
# and fails unless each seed gets as far as its expectation says.
# Usage: seed-verdicts.sh FUZZER SEED=VERDICT...
set -u
fuzzer=$1
shift
status=0
for spec in "$@"; do
  seed=${spec%=*}
  want=${spec##*=}
  got=$(SILLOK_FUZZ_REPORT=1 "$fuzzer" "$seed" 2>&1 | sed -n 's/^verdict //p' | head -n 1)
  if [ "$got" = "$want" ]; then
    echo "ok: $(basename "$seed") stops at $got"
  else
    echo "FAIL: $(basename "$seed") stops at ${got:-nothing}, not $want"
    status=1
  fi
done
exit $status
