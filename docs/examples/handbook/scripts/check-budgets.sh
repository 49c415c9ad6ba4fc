#!/usr/bin/env sh
# check-budgets.sh — list AWS Budgets and flag any without an alert subscriber (read-only).
#
# Usage: scripts/check-budgets.sh ACCOUNT_ID
# Used by the monthly cost review: docs/runbooks/cost-review.md
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: $0 ACCOUNT_ID" >&2
  exit 64
fi
account="$1"

missing=0
for budget in $(aws budgets describe-budgets --account-id "$account" \
    --query 'Budgets[].BudgetName' --output text); do
  count=$(aws budgets describe-notifications-for-budget --account-id "$account" \
    --budget-name "$budget" --query 'length(Notifications)' --output text)
  if [ "$count" = "0" ]; then
    echo "NO ALERT: $budget"
    missing=1
  else
    echo "ok: $budget ($count notifications)"
  fi
done
exit "$missing"
