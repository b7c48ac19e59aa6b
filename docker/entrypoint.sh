#!/bin/sh
# Entrypoint of Drover's container image (docker/Dockerfile and the Jib-built image alike): the image
# listens on every address, so only a secured server may run in it; secrets come from files (Docker
# or orchestrator secrets), read with the shell's own builtins, never from the image or its variables.
if [ -z "$DROVER_ISSUER_URI" ]; then
  echo 'DROVER_ISSUER_URI is required: the image listens on every address, and only a secured server may (set it to your Keycloak realm)' >&2
  exit 64
fi
# NAME FILE: the first line of FILE becomes NAME
secret() {
  if [ ! -r "$2" ]; then
    echo "cannot read $1 from $2 (the file named by ${1}_FILE)" >&2
    exit 66
  fi
  IFS= read -r value <"$2" || [ -n "$value" ]
  export "$1=$value"
}
[ -z "$DROVER_DB_PASSWORD_FILE" ] || secret DROVER_DB_PASSWORD "$DROVER_DB_PASSWORD_FILE"
[ -z "$DROVER_WEB_CLIENT_SECRET_FILE" ] || secret DROVER_WEB_CLIENT_SECRET "$DROVER_WEB_CLIENT_SECRET_FILE"
if [ -f /opt/drover/drover.jar ]; then
  launcher='-jar /opt/drover/drover.jar'
else
  # the Jib-built image: classes and libraries laid out by Jib
  launcher='-cp @/app/jib-classpath-file io.drover.cli.DroverCli'
fi
# the options and the launcher are words on purpose; the container's arguments go to the server
# shellcheck disable=SC2086
exec java ${DROVER_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.1 -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30} \
  -Ddrover.home=/opt/drover $launcher server "$@"
