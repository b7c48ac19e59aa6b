#!/usr/bin/env bash
# The end-to-end suite on the lab's real hosts: a fresh lab, the lab tests, the lab removed again.
# Run as root from anywhere:  ops/lab/e2e.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ops/lab/lab.sh down >/dev/null
trap 'ops/lab/lab.sh down >/dev/null' EXIT
ops/lab/lab.sh up
./mvnw -B -Plab verify
