#!/usr/bin/env bash
# A real Keycloak for Drover on loopback, without Docker:
#   ops/keycloak/keycloak.sh up     fetch org.keycloak:keycloak-quarkus-dist from Maven Central (once),
#                                   import realm 'drover' (ops/keycloak/realm-drover.json), start on
#                                   127.0.0.1:${DROVER_KC_PORT:-8180}, set random passwords and client secrets
#   ops/keycloak/keycloak.sh down   stop it and remove its state
# Passwords and secrets are never committed: they are generated here and written to
# $DROVER_KC_DIR/credentials.env (mode 600), which tests and operators source.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VERSION=26.5.6
DIR=${DROVER_KC_DIR:-/var/tmp/drover-keycloak}
PORT=${DROVER_KC_PORT:-8180}
KC=$DIR/keycloak-$VERSION
URL=http://127.0.0.1:$PORT

TEST_CLIENT='{"clientId":"drover-tests","publicClient":true,"directAccessGrantsEnabled":true,"standardFlowEnabled":false,
 "protocolMappers":[
  {"name":"groups","protocol":"openid-connect","protocolMapper":"oidc-group-membership-mapper",
   "config":{"full.path":"false","id.token.claim":"true","access.token.claim":"true","claim.name":"groups"}},
  {"name":"audience drover","protocol":"openid-connect","protocolMapper":"oidc-audience-mapper",
   "config":{"included.custom.audience":"drover","access.token.claim":"true","id.token.claim":"false"}}]}'

# any failed step says which line failed, instead of a silent exit status
trap 'echo "keycloak.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

random() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }

up() {
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  if [ ! -x "$KC/bin/kc.sh" ]; then
    (cd "$ROOT" && ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact=org.keycloak:keycloak-quarkus-dist:$VERSION:zip -DoutputDirectory="$DIR")
    (cd "$DIR" && jar xf "keycloak-quarkus-dist-$VERSION.zip" && rm -f "keycloak-quarkus-dist-$VERSION.zip")
    chmod +x "$KC"/bin/*.sh
  fi
  if [ -f "$DIR/kc.pid" ] && kill -0 "$(cat "$DIR/kc.pid")" 2>/dev/null; then
    echo "keycloak: already running at $URL"
    return
  fi
  if port_in_use; then
    # not this script's Keycloak (no live kc.pid in $DIR): another process holds the port, and the
    # passwords set below would go to the wrong server
    echo "keycloak: 127.0.0.1:$PORT is already in use by a process this script did not start (no live $DIR/kc.pid);" \
      "stop it, or set DROVER_KC_PORT to a free port" >&2
    exit 1
  fi
  mkdir -p "$KC/data/import"
  # drover-web may send people back only to Drover's own sign-in address (DROVER_WEB_URL, default
  # http://127.0.0.1:8080), exactly; the tests' servers listen on random loopback ports, and each test
  # adds its own server's exact address through the admin API (TestKeycloak.allowWebRedirect)
  local web=${DROVER_WEB_URL:-http://127.0.0.1:8080} redirect origin logout
  redirect="$web/login/oauth2/code/keycloak" origin="$web" logout="$web/"
  if [ "${DROVER_KC_TEST_CLIENT:-}" = 1 ]; then origin='+' logout='+'; fi
  sed -e "s#\"http://127.0.0.1:8080/login/oauth2/code/keycloak\"#\"$redirect\"#" \
      -e "s#\"http://127.0.0.1:8080/\"#\"$logout\"#" -e "s#\"http://127.0.0.1:8080\"#\"$origin\"#" \
      "$ROOT/ops/keycloak/realm-drover.json" >"$KC/data/import/realm-drover.json"
  local admin_password
  admin_password=$(random)
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$admin_password \
    nohup "$KC/bin/kc.sh" start-dev --http-port "$PORT" --http-host 127.0.0.1 --hostname "$URL" --import-realm \
    >"$DIR/keycloak.log" 2>&1 </dev/null &
  echo $! >"$DIR/kc.pid"
  for _ in $(seq 1 180); do
    curl -sf "$URL/realms/drover/.well-known/openid-configuration" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "$URL/realms/drover/.well-known/openid-configuration" >/dev/null \
    || { echo "keycloak: did not start; see $DIR/keycloak.log" >&2; tail -20 "$DIR/keycloak.log" >&2; exit 1; }
  local token
  token=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin --data-urlencode "password=$admin_password" \
    "$URL/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  {
    echo "DROVER_KC_URL=$URL"
    echo "DROVER_KC_ISSUER=$URL/realms/drover"
    echo "DROVER_KC_ADMIN_PASSWORD=$admin_password"
  } >"$DIR/credentials.env"
  for user in alice bob carol victor admin; do
    local id password
    id=$(curl -sf -H "Authorization: Bearer $token" "$URL/admin/realms/drover/users?username=$user&exact=true" \
      | sed -E 's/^\[\{"id":"([^"]+)".*/\1/')
    password=$(random)
    curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"type\":\"password\",\"value\":\"$password\",\"temporary\":false}" \
      "$URL/admin/realms/drover/users/$id/reset-password"
    echo "DROVER_KC_PASSWORD_${user^^}=$password" >>"$DIR/credentials.env"
  done
  for client in drover-automation drover-web; do
    local id secret
    id=$(curl -sf -H "Authorization: Bearer $token" "$URL/admin/realms/drover/clients?clientId=$client" \
      | sed -E 's/^\[\{"id":"([^"]+)".*/\1/')
    secret=$(curl -sf -X POST -H "Authorization: Bearer $token" "$URL/admin/realms/drover/clients/$id/client-secret" \
      | sed -E 's/.*"value":"([^"]+)".*/\1/')
    echo "DROVER_KC_SECRET_$(echo "$client" | tr 'a-z-' 'A-Z_')=$secret" >>"$DIR/credentials.env"
  done
  if [ "${DROVER_KC_TEST_CLIENT:-}" = 1 ]; then
    # tests only: a public client with the password grant, so a test can sign in as alice or bob in one
    # request; the shipped realm has no client with that grant
    curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "$TEST_CLIENT" "$URL/admin/realms/drover/clients"
  fi
  chmod 600 "$DIR/credentials.env"
  echo "keycloak: realm drover at $URL/realms/drover; users alice bob carol victor admin; credentials in $DIR/credentials.env"
}

down() {
  if [ -f "$DIR/kc.pid" ]; then
    kill "$(cat "$DIR/kc.pid")" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$(cat "$DIR/kc.pid")" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -rf "$KC/data" "$DIR/kc.pid" "$DIR/credentials.env" "$DIR/keycloak.log"
  echo "keycloak: stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 64 ;;
esac
