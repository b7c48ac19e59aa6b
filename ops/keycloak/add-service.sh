#!/usr/bin/env bash
# Onboards a service in realm 'drover' of a Keycloak: its group and who is in it with which role.
#   ops/keycloak/add-service.sh SERVICE [--operator USER]... [--approver USER]... [--viewer USER]...
# Creates group service-SERVICE if it is not there (the group Drover expects unless
# drover.security.services.SERVICE.group names another), adds each user to it and grants the realm
# role (dr-operator, dr-approver, dr-viewer; each also gets dr-viewer). Idempotent: running it again
# changes nothing. Users must exist already (your directory or Keycloak's user federation makes them).
# Where and as whom:
#   DROVER_KC_URL             Keycloak's address (default: the one ops/keycloak/keycloak.sh started)
#   DROVER_KC_ADMIN           an administrator of the master realm (default admin)
#   DROVER_KC_ADMIN_PASSWORD  its password (default: from $DROVER_KC_DIR/credentials.env of keycloak.sh);
#                             never given as an argument, where other users could read it
set -euo pipefail
trap 'echo "add-service.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
DIR=${DROVER_KC_DIR:-/var/tmp/drover-keycloak}
usage() { echo "usage: $0 SERVICE [--operator USER]... [--approver USER]... [--viewer USER]..." >&2; exit 64; }
[ $# -ge 1 ] || usage
service=$1
shift
[[ $service =~ ^[a-z][a-z0-9-]*$ ]] || { echo "add-service.sh: '$service' is not a service name ([a-z][a-z0-9-]*)" >&2; exit 64; }
members=()
while [ $# -gt 0 ]; do
  case $1 in
    --operator|--approver|--viewer)
      [ $# -ge 2 ] || usage
      members+=("dr-${1#--}:$2")
      shift 2 ;;
    *) usage ;;
  esac
done
if [ -f "$DIR/credentials.env" ]; then
  # shellcheck disable=SC1091
  . "$DIR/credentials.env"
fi
URL=${DROVER_KC_URL:?set DROVER_KC_URL to the address of Keycloak}
ADMIN=${DROVER_KC_ADMIN:-admin}
PASSWORD=${DROVER_KC_ADMIN_PASSWORD:?set DROVER_KC_ADMIN_PASSWORD (an administrator of the master realm)}
API=$URL/admin/realms/drover

token=$(curl -sf --data-urlencode "password=$PASSWORD" -d grant_type=password -d client_id=admin-cli \
  --data-urlencode "username=$ADMIN" "$URL/realms/master/protocol/openid-connect/token" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/') || { echo "add-service.sh: cannot sign in to $URL as $ADMIN" >&2; exit 1; }
call() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
id_of() { sed -nE 's/^\[\{"id":"([^"]+)".*/\1/p'; }

group=service-$service
# every user first: a missing one changes nothing
ids=()
for member in ${members[@]+"${members[@]}"}; do
  user=${member#*:}
  user_id=$(call "$API/users?username=$user&exact=true" | id_of)
  [ -n "$user_id" ] || { echo "add-service.sh: no user '$user' in realm drover (nothing was changed); create it first" >&2; exit 1; }
  ids+=("$user_id")
done
group_id=$(call "$API/groups?search=$group&exact=true" | id_of)
if [ -z "$group_id" ]; then
  call -X POST -d "{\"name\":\"$group\"}" "$API/groups"
  group_id=$(call "$API/groups?search=$group&exact=true" | id_of)
  echo "group $group created"
else
  echo "group $group already there"
fi
i=0
for member in ${members[@]+"${members[@]}"}; do
  role=${member%%:*} user=${member#*:} user_id=${ids[$i]}
  i=$((i + 1))
  call -X PUT "$API/users/$user_id/groups/$group_id"
  for granted in $role dr-viewer; do
    role_json=$(call "$API/roles/$granted")
    call -X POST -d "[$role_json]" "$API/users/$user_id/role-mappings/realm"
  done
  echo "$user: in $group, role $role"
done
