#!/usr/bin/env bash
# The demo, from a fresh clone: install, then serve the blog (apps/blog) on http://127.0.0.1:8000/
# (embedded SQLite, nothing else to set up). `npm start` runs this.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
exec pnpm --filter @stack/blog run start "$@"
