#!/usr/bin/env sh
# lint-tasks.sh — quick local check that every planning doc under tasks/ has front matter
# with id, title and status. The full check is `npm run lint:tasks`.
#
# Usage: scripts/lint-tasks.sh [DIR]   (default: tasks)
set -eu

dir="${1:-tasks}"
status=0
for file in $(find "$dir" -name '*.md' ! -name README.md); do
  if [ "$(head -n 1 "$file")" != "---" ]; then
    echo "$file: no front matter"; status=1; continue
  fi
  for key in id title status; do
    if ! sed -n '2,/^---$/p' "$file" | grep -q "^$key:"; then
      echo "$file: missing $key"; status=1
    fi
  done
done
[ "$status" -eq 0 ] && echo "tasks ok"
exit "$status"
