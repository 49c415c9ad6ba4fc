#!/usr/bin/env sh
# rotate-keys.sh — rotate Clarivum secrets stored in AWS Secrets Manager.
#
# Usage: scripts/rotate-keys.sh [--apply] [SECRET_ID ...]
#   Without --apply (the default) only prints what would be rotated.
#   With no SECRET_ID, uses the secrets tagged rotation=clarivum.
# Policy: docs/policies/security-baseline.md (Key rotation).
set -eu

apply=0
if [ "${1:-}" = "--apply" ]; then apply=1; shift; fi

if [ "$#" -eq 0 ]; then
  set -- $(aws secretsmanager list-secrets \
    --filters Key=tag-key,Values=rotation Key=tag-value,Values=clarivum \
    --query 'SecretList[].Name' --output text)
fi

for secret in "$@"; do
  if [ "$apply" -eq 1 ]; then
    echo "rotating $secret"
    aws secretsmanager rotate-secret --secret-id "$secret"
  else
    echo "[dry-run] would rotate $secret"
  fi
done
