#!/usr/bin/env bash
# Builds Drover's container image without a Docker daemon: the base (docker/image/base.sh), then the
# image with Jib to target/drover-image.tar (`docker load -i target/drover-image.tar` where there is an
# engine), then checks it by running it (docker/image/check.sh). As root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
docker/image/base.sh target/image/base.tar
./mvnw -B -q -Pimage -DskipTests -Djib.disableUpdateChecks=true package jib:buildTar
echo "image: target/drover-image.tar ($(du -h target/drover-image.tar | cut -f1))"
docker/image/check.sh target/drover-image.tar
