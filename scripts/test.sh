#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, start the real services, lint, type-check,
# test every package, build and publint every package. `npm test` runs this.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
source scripts/services.sh

echo "== lint"
node scripts/check-layers.mjs
node scripts/check-cycles.mjs
eslint . --max-warnings=0
prettier --check . --log-level=warn

echo "== typecheck and test"
rm -f packages/*/.vitest-report.json apps/*/.vitest-report.json bench/.vitest-report.json
status=0
# The tests run with a temp folder of their own: what they leave behind is listed (and fails the
# run) below, and files other programs put in the system temp folder meanwhile are not mistaken
# for leftovers. services.sh keeps its own folder outside it.
test_tmp=$(mktemp -d "${TMPDIR:-/tmp}/stack-test-run.XXXXXX")
trap 'rm -rf "$test_tmp"; stop_services' EXIT
# --continue: one failing package must not stop (and kill mid-test) the others, so the summary
# counts every package and a stopped test leaves nothing behind in the temp folder.
STACK_TEST_REPORT=1 TMPDIR="$test_tmp" turbo run typecheck test --continue --concurrency=2 --output-logs=errors-only || status=$?

echo "== build and publint"
turbo run build lint:package --concurrency=2 --output-logs=errors-only || status=$?

node scripts/test-summary.mjs --temp-folder "$test_tmp" || status=$?
exit $status
