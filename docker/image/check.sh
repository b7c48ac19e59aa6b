#!/usr/bin/env bash
# Checks a built image tarball without a Docker engine: reads its configuration (user, entrypoint,
# port), unpacks its layers into a root file system, and runs the image's own entrypoint there with
# chroot as the image's user, in a mount namespace of its own: refused without an issuer (exit 64),
# then a secured server on H2 that must answer 401 to an anonymous request. As root.
# Usage: docker/image/check.sh target/drover-image.tar
set -euo pipefail
IMAGE=${1:?usage: docker/image/check.sh IMAGE.tar}
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
WORK=$(mktemp -d /var/tmp/drover-image-check.XXXXXX)
SERVER=""
stop() { # unshare passes no TERM on: the server (its child) gets it, and unshare ends with it
  pkill -TERM -P "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
}
cleanup() {
  [ -n "$SERVER" ] && stop
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "image check: $*" >&2; exit 1; }

mkdir -p "$WORK/image" "$WORK/rootfs"
tar -xf "$IMAGE" -C "$WORK/image"
python3 - "$WORK/image" "$WORK/layers" >"$WORK/config.txt" <<'PY'
import json, sys
image = sys.argv[1]
manifest = json.load(open(image + "/manifest.json"))[0]
config = json.load(open(image + "/" + manifest["Config"]))["config"]
open(sys.argv[2], "w").write("\n".join(manifest["Layers"]) + "\n")
print("user=" + config.get("User", ""))
print("entrypoint=" + " ".join(config.get("Entrypoint") or []))
print("ports=" + " ".join(sorted(config.get("ExposedPorts", {}))))
print("workdir=" + config.get("WorkingDir", ""))
PY
grep -qx 'user=10001:10001' "$WORK/config.txt" || fail "runs as $(grep user= "$WORK/config.txt"), not 10001:10001"
grep -qx 'entrypoint=/opt/drover/entrypoint.sh' "$WORK/config.txt" || fail "entrypoint is $(grep entrypoint= "$WORK/config.txt")"
grep -qx 'ports=8080/tcp' "$WORK/config.txt" || fail "exposes $(grep ports= "$WORK/config.txt"), not 8080/tcp"
while read -r layer; do tar --warning=no-unknown-keyword -xf "$WORK/image/$layer" -C "$WORK/rootfs"; done <"$WORK/layers"
echo "image check: configuration as expected; $(wc -l <"$WORK/layers") layers unpacked ($(du -sh "$WORK/rootfs" | cut -f1))"

# what an orchestrator would mount: the inventory, a master key, the web client's secret
ROOT="$WORK/rootfs"
mkdir -p "$ROOT/etc/drover/inventory" "$ROOT/run/secrets/drover" "$ROOT/run/keys"
cp -r ops/inventory/. "$ROOT/etc/drover/inventory/"
CHROOT=$(command -v chroot)
in_image() { # ENV... -- COMMAND...: run in the image's root, as its user, with only the given environment
  # (in a subshell that becomes unshare: the server is its child, see stop)
  local env=()
  while [ "$1" != -- ]; do env+=("$1"); shift; done
  shift
  exec unshare --mount --fork --kill-child sh -c 'mount --rbind /proc "$0/proc" && mount --rbind /dev "$0/dev" && exec "$@"' \
    "$ROOT" env -i "${env[@]}" "$CHROOT" --userspec=10001:10001 "$ROOT" "$@"
}
BASEENV=(PATH=/opt/java/bin:/usr/bin:/bin JAVA_HOME=/opt/java HOME=/var/lib/drover LANG=C.UTF-8)
(in_image "${BASEENV[@]}" -- java -cp @/app/jib-classpath-file io.drover.cli.DroverCli secret keygen) >"$ROOT/run/keys/master_key"
[ -s "$ROOT/run/keys/master_key" ] || fail "drover secret keygen printed no key inside the image"
echo "web-client-secret-for-the-check" >"$ROOT/run/keys/web_client_secret"
chmod 644 "$ROOT/run/keys/"*

# the image's defaults (from its configuration), as the container would have them
mapfile -t IMAGEENV < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]+"/manifest.json"))[0]; print("\n".join(json.load(open(sys.argv[1]+"/"+m["Config"]))["config"].get("Env", [])))' "$WORK/image")

set +e
refused=$( (in_image "${IMAGEENV[@]}" -- /opt/drover/entrypoint.sh) 2>&1)
status=$?
set -e
[ "$status" -eq 64 ] || fail "without DROVER_ISSUER_URI the entrypoint exited $status, not 64: $refused"
case "$refused" in *"DROVER_ISSUER_URI is required"*) ;; *) fail "the refusal does not say what to set: $refused" ;; esac
echo "image check: refused without an issuer (exit 64, says what to set)"

PORT=18097
if curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/"; then fail "something already answers on port $PORT"; fi
(in_image "${IMAGEENV[@]}" DROVER_PORT=$PORT DROVER_ISSUER_URI=http://127.0.0.1:1/realms/drover \
  DROVER_DB_URL=jdbc:h2:mem:image DROVER_DB_USER=sa DROVER_MASTER_KEY_FILE=/run/keys/master_key \
  DROVER_WEB_CLIENT_SECRET_FILE=/run/keys/web_client_secret -- /opt/drover/entrypoint.sh) >"$WORK/server.log" 2>&1 &
SERVER=$!
code=""
for _ in $(seq 1 180); do
  code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/services" || true)
  [ "$code" = 401 ] && break
  kill -0 "$SERVER" 2>/dev/null || { tail -30 "$WORK/server.log" >&2; fail "the server in the image stopped"; }
  sleep 0.5
done
[ "$code" = 401 ] || { tail -30 "$WORK/server.log" >&2; fail "the server in the image answered $code, not 401, to an anonymous request"; }
uid=$(ps -o uid= -p "$(pgrep -P "$SERVER" | head -1)" | tr -d ' ')
[ "$uid" = 10001 ] || fail "the server in the image runs as uid $uid, not 10001"
stop
SERVER=""
for _ in $(seq 1 20); do curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/" || break; sleep 0.5; done
if curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/"; then fail "the server in the image still answers after it was stopped"; fi
echo "image check: the secured server started in the image as uid 10001, refused an anonymous request (401) and stopped"
