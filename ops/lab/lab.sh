#!/usr/bin/env bash
# Drover's lab: real test hosts on one Linux machine, as root, without Docker.
#
#   ops/lab/lab.sh up        install missing Debian packages, create the hosts, print what was made
#   ops/lab/lab.sh down      remove everything the lab made (also after a crash: finds it by name)
#   ops/lab/lab.sh status    show the hosts and their daemons
#   ops/lab/lab.sh cut HOST  make HOST time out (blackhole route back to the DR server) ...
#   ops/lab/lab.sh restore HOST   ... and reachable again
#
# Hosts are network namespaces on bridge drlab0 (10.231.0.0/24; the DR server is 10.231.0.1), each
# running a real OpenSSH sshd with its own host key and its own non-root login user with
# passwordless sudo for the commands Drover's steps need:
#   drlab-app1  10.231.0.11  user dl-app1   primary host of service payments (site ldn)
#   drlab-app2  10.231.0.12  user dl-app2   standby host of service payments (site nyc)
#   drlab-gk    10.231.0.13  user dl-gk     storage gatekeeper (symrdf stand-in, see ops/lab/symrdf)
#   drlab-dns   10.231.0.14  -              BIND9 named, zone lab.example, TSIG-signed dynamic updates
# Service ledger: a real PostgreSQL streaming-replication pair, primary on app1, standby on app2
# (data in /var/tmp/drover-lab-pg/{app1,app2}; each cluster listens on its namespace's address).
# Namespaces share the machine's file systems: the loop-device "SAN" (an LVM volume group holding
# the payments file system) is visible to both application hosts, as a SAN LUN would be.
# Everything is kept in $DROVER_LAB_DIR (default /var/tmp/drover-lab): keys, known_hosts, secrets.
# Drover logs in with a certificate per run from the lab's SSH CA ($LAB/ca, secret ssh-ca): every sshd
# is set up as `drover host enrol` prints it (the CA in /etc/ssh/drover_user_ca.pub, the principals in
# /etc/ssh/drover_principals/<user>, the KRL in /etc/ssh/drover_revoked_keys, writable by the lab's
# users through group drlab). The static client key stays in authorized_keys for the benchmark's peers.
set -euo pipefail
export LVM_SUPPRESS_FD_WARNINGS=1

LAB=${DROVER_LAB_DIR:-/var/tmp/drover-lab}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BRIDGE=drlab0
NET=10.231.0
HOSTS=(app1 app2 gk dns)
declare -A ADDR=([app1]=11 [app2]=12 [gk]=13 [dns]=14)
VG=drlab_payments_vg
PACKAGES=(openssh-server openssh-client bind9 bind9-utils bind9-dnsutils sudo iproute2 lvm2 e2fsprogs util-linux postgresql)
PGDATA_ROOT=/var/tmp/drover-lab-pg
CA_FILE=/etc/ssh/drover_user_ca.pub
PRINCIPALS_DIR=/etc/ssh/drover_principals
REVOKED_FILE=/etc/ssh/drover_revoked_keys
# every lab service's runs may log in to every lab account (app1 and app2 run them; gk serves payments);
# chaos, marathon and drill are ops/chaos/chaos.sh's services
PRINCIPALS=(drover-payments drover-ledger drover-chaos drover-marathon drover-drill)

log() { printf 'lab: %s\n' "$*"; }
need_root() { [ "$(id -u)" = 0 ] || { echo "lab: run as root" >&2; exit 1; }; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

make_user() {
  local user=$1
  getent group drlab >/dev/null || groupadd drlab
  id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash -p '*' "$user"
  usermod -a -G drlab "$user"
  install -d -m 755 "$PRINCIPALS_DIR"
  printf '%s\n' "${PRINCIPALS[@]}" >"$PRINCIPALS_DIR/$user"
  chmod 644 "$PRINCIPALS_DIR/$user"
  install -d -m 700 -o "$user" -g "$user" "/home/$user/.ssh"
  install -m 600 -o "$user" -g "$user" "$LAB/client_key.pub" "/home/$user/.ssh/authorized_keys"
}

up_host() {
  local h=$1 ns=drlab-$1 ip=$NET.${ADDR[$1]}
  ip netns list | grep -qw "$ns" || ip netns add "$ns"
  if ! ip link show "drl-$h" >/dev/null 2>&1; then
    ip link add "drl-$h" type veth peer name eth0 netns "$ns"
    ip link set "drl-$h" master "$BRIDGE" up
  fi
  ip netns exec "$ns" sh -c "ip addr show eth0 | grep -q '$ip/' || ip addr add $ip/24 dev eth0; ip link set eth0 up; ip link set lo up"
  if [ "$h" = dns ]; then return; fi
  local user=dl-$h dir=$LAB/$h
  mkdir -p "$dir"
  [ -f "$dir/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh_host_ed25519_key" -C "$ns"
  make_user "$user"
  cat >"$dir/sshd_config" <<CONF
Port 22
ListenAddress $ip
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
TrustedUserCAKeys $CA_FILE
AuthorizedPrincipalsFile $PRINCIPALS_DIR/%u
RevokedKeys $REVOKED_FILE
# VERBOSE: sshd logs each accepted certificate's key id and serial (the run, service and requester)
LogLevel VERBOSE
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
AllowUsers $user
MaxStartups 100:30:200
CONF
  if [ -f "$dir/sshd.pid" ] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; then return; fi
  mkdir -p /run/sshd
  ip netns exec "$ns" /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
}

up_dns() {
  local dir=$LAB/dns ip=$NET.${ADDR[dns]}
  mkdir -p "$dir"
  [ -f "$dir/tsig.key" ] || tsig-keygen -a hmac-sha256 drover-lab >"$dir/tsig.key"
  install -m 600 "$dir/tsig.key" "$LAB/secrets/lab-dns-key"
  if [ ! -f "$dir/lab.example.zone" ]; then
    cat >"$dir/lab.example.zone" <<ZONE
\$TTL 60
@        IN SOA ns.lab.example. admin.lab.example. 1 3600 600 86400 60
@        IN NS  ns.lab.example.
ns       IN A   $ip
app1     IN A   $NET.${ADDR[app1]}
app2     IN A   $NET.${ADDR[app2]}
payments IN CNAME app1.lab.example.
ZONE
  fi
  cat >"$dir/named.conf" <<CONF
include "$dir/tsig.key";
options { directory "$dir"; pid-file "$dir/named.pid"; session-keyfile "$dir/session.key";
  listen-on port 53 { $ip; }; listen-on-v6 { none; }; recursion no; dnssec-validation no; };
controls { };
zone "lab.example" { type primary; file "$dir/lab.example.zone"; allow-update { key "drover-lab"; }; };
CONF
  if [ -f "$dir/named.pid" ] && kill -0 "$(cat "$dir/named.pid")" 2>/dev/null; then return; fi
  ip netns exec drlab-dns /usr/sbin/named -c "$dir/named.conf" -n 1 -L "$dir/named.log"
  for _ in $(seq 1 50); do dig +short -p 53 @"$ip" payments.lab.example CNAME >/dev/null 2>&1 && return; sleep 0.2; done
  echo "lab: named did not answer; see $dir/named.log" >&2; exit 1
}

up_san() {
  # the "SAN": a loop device with LVM volume group $VG and an ext4 file system, seen by both app hosts
  local img=$LAB/san.img
  if ! vgs "$VG" >/dev/null 2>&1; then
    [ -f "$img" ] || truncate -s 64M "$img"
    local loop
    loop=$(losetup -j "$img" | cut -d: -f1 | head -1)
    [ -n "$loop" ] || loop=$(losetup -f --show "$img")
    echo "$loop" >"$LAB/san.loop"
    pvcreate -q "$loop" >/dev/null 2>&1 || true
    vgcreate -q "$VG" "$loop" >/dev/null
  fi
  if [ ! -f "$LAB/fs.img" ]; then
    # no device-mapper in this kernel: the file system lives in an image file on the shared disk
    truncate -s 32M "$LAB/fs.img"
    mkfs.ext4 -q -F "$LAB/fs.img"
    mkdir -p /srv/drlab-payments
    mount -o loop "$LAB/fs.img" /srv/drlab-payments
    echo "accounts=42 balance=1000000 written-at-ldn" >/srv/drlab-payments/state.txt
    umount /srv/drlab-payments
  fi
  mkdir -p /srv/drlab-payments
}

up_gatekeeper() {
  local home=/home/dl-gk
  install -d -o dl-gk -g dl-gk "$home/bin" "$home/.symrdf"
  install -m 755 -o dl-gk -g dl-gk "$HERE/symrdf" "$home/bin/symrdf"
  [ -f "$home/.symrdf/payments_dg" ] || { echo Synchronized >"$home/.symrdf/payments_dg"; chown dl-gk:dl-gk "$home/.symrdf/payments_dg"; }
}

up_apps() {
  local java
  java=$(readlink -f "$(command -v java)")
  for h in app1 app2; do
    local home=/home/dl-$h
    install -d -o "dl-$h" -g "dl-$h" "$home/app" "$home/app/bin"
    install -m 644 -o "dl-$h" -g "dl-$h" "$HERE/../../src/main/resources/demo/DemoApp.java" "$home/app/bin/DemoApp.java"
    sed -e "s|@PORT@|8080|; s|@RPORT@|18080|; s|@JAVA@|'$java'|; s|@HOST@|$h|; s|@BIND@|$NET.${ADDR[$h]}|" \
        -e "s|^DATA=.*|DATA=/srv/drlab-payments|" \
        "$HERE/../../src/main/resources/demo/demo-app" >"$home/app/bin/demo-app"
    chmod 755 "$home/app/bin/demo-app"; chown "dl-$h:dl-$h" "$home/app/bin/demo-app"
  done
}

pgbin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

up_ledger() {
  local bin
  bin=$(pgbin)
  install -d -m 700 -o postgres -g postgres "$PGDATA_ROOT"
  if [ ! -f "$PGDATA_ROOT/app1/PG_VERSION" ]; then
    su postgres -s /bin/sh -c "$bin/initdb -k -A trust -U postgres -D $PGDATA_ROOT/app1" >/dev/null
    cat >>"$PGDATA_ROOT/app1/postgresql.conf" <<CONF
listen_addresses = '*'
unix_socket_directories = ''
wal_level = replica
hot_standby = on
wal_log_hints = on
max_wal_senders = 5
fsync = off
CONF
    cat >>"$PGDATA_ROOT/app1/pg_hba.conf" <<CONF
host all all $NET.0/24 trust
host replication all $NET.0/24 trust
CONF
  fi
  if ! su postgres -s /bin/sh -c "$bin/pg_ctl -D $PGDATA_ROOT/app1 status" >/dev/null 2>&1; then
    ip netns exec drlab-app1 su postgres -s /bin/sh -c "$bin/pg_ctl -D $PGDATA_ROOT/app1 -w -l $PGDATA_ROOT/app1.log start" >/dev/null
    psql -h "$NET.${ADDR[app1]}" -U postgres -qc "create table if not exists ledger (id serial primary key, entry text not null)" >/dev/null
    psql -h "$NET.${ADDR[app1]}" -U postgres -qc "insert into ledger (entry) values ('opening balance')" >/dev/null
  fi
  if [ ! -f "$PGDATA_ROOT/app2/PG_VERSION" ]; then
    ip netns exec drlab-app2 su postgres -s /bin/sh -c "$bin/pg_basebackup -h $NET.${ADDR[app1]} -U postgres -D $PGDATA_ROOT/app2 -R -X stream" >/dev/null
  fi
  if ! su postgres -s /bin/sh -c "$bin/pg_ctl -D $PGDATA_ROOT/app2 status" >/dev/null 2>&1; then
    ip netns exec drlab-app2 su postgres -s /bin/sh -c "$bin/pg_ctl -D $PGDATA_ROOT/app2 -w -l $PGDATA_ROOT/app2.log start" >/dev/null
  fi
}

sudoers() {
  local bin
  bin=$(pgbin)
  cat >/etc/sudoers.d/drover-lab <<SUDO
# Drover lab: the login users may run exactly the commands Drover's host steps need, as root.
Cmnd_Alias DROVER_STEPS = /usr/bin/mount, /usr/bin/umount, /usr/sbin/vgchange, /usr/sbin/vgexport, /usr/sbin/vgimport, /usr/sbin/vgs
dl-app1, dl-app2 ALL=(root) NOPASSWD: DROVER_STEPS
dl-app1, dl-app2 ALL=(postgres) NOPASSWD: $bin/pg_ctl, $bin/pg_rewind, /usr/bin/psql, $bin/pg_basebackup, \
  /usr/bin/rm -rf $PGDATA_ROOT/app1-rehearsal, /usr/bin/rm -rf $PGDATA_ROOT/app2-rehearsal
SUDO
  chmod 440 /etc/sudoers.d/drover-lab
  visudo -cq -f /etc/sudoers.d/drover-lab
}

up_service() {
  # service payments starts active on its primary site: file system mounted, application running on app1
  mountpoint -q /srv/drlab-payments || mount -o loop "$LAB/fs.img" /srv/drlab-payments
  ip netns exec drlab-app1 su -s /bin/sh dl-app1 -c 'cd && app/bin/demo-app start && app/bin/demo-app check' >/dev/null \
    || { echo "lab: the payments application did not start on app1" >&2; exit 1; }
}

known_hosts() {
  : >"$LAB/known_hosts"
  for h in app1 app2 gk; do
    printf '%s %s\n' "$NET.${ADDR[$h]}" "$(cut -d' ' -f1,2 "$LAB/$h/ssh_host_ed25519_key.pub")" >>"$LAB/known_hosts"
  done
}

up() {
  need_root
  install_packages
  mkdir -p "$LAB/secrets"
  chmod 700 "$LAB" "$LAB/secrets"
  [ -f "$LAB/client_key" ] || ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -f "$LAB/client_key" -C drover-lab
  install -m 600 "$LAB/client_key" "$LAB/secrets/lab-ssh-key"
  [ -f "$LAB/ca" ] || ssh-keygen -q -t ed25519 -N '' -f "$LAB/ca" -C drover-lab-ca
  install -m 600 "$LAB/ca" "$LAB/secrets/ssh-ca"
  install -m 644 "$LAB/ca.pub" "$CA_FILE"
  getent group drlab >/dev/null || groupadd drlab
  [ -f "$REVOKED_FILE" ] || install -m 664 -g drlab /dev/null "$REVOKED_FILE"
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NET.1/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  for h in "${HOSTS[@]}"; do up_host "$h"; done
  up_dns
  up_san
  up_gatekeeper
  up_apps
  up_ledger
  sudoers
  known_hosts
  up_service
  for h in app1 app2 gk; do
    ssh -q -i "$LAB/client_key" -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$LAB/known_hosts" \
      -o ConnectTimeout=5 "dl-$h@$NET.${ADDR[$h]}" true || { echo "lab: cannot log in to $h; see $LAB/$h/sshd.log" >&2; exit 1; }
  done
  status
  cat <<MSG
lab: up. For Drover: DROVER_INVENTORY_DIR=$HERE/inventory  drover.inventory.known-hosts=$LAB/known_hosts
lab:              DROVER_SECRETS_DIR=$LAB/secrets  drover.dns.server=$NET.${ADDR[dns]}
MSG
}

down() {
  need_root
  for f in "$LAB"/*/sshd.pid "$LAB"/dns/named.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  # processes left in the namespaces (the demo application, a crashed daemon)
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^drlab-' || true); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  done
  sleep 0.5
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^drlab-' || true); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^drl-' || true); do
    ip link del "$link" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  mountpoint -q /srv/drlab-payments && umount /srv/drlab-payments || true
  rmdir /srv/drlab-payments 2>/dev/null || true
  if vgs "$VG" >/dev/null 2>&1; then
    vgimport "$VG" >/dev/null 2>&1 || true
    vgremove -f -q "$VG" >/dev/null 2>&1 || true
  fi
  for loop in $(losetup -j "$LAB/san.img" 2>/dev/null | cut -d: -f1); do losetup -d "$loop" 2>/dev/null || true; done
  rm -rf "$PGDATA_ROOT"
  rm -f /etc/sudoers.d/drover-lab
  for user in dl-app1 dl-app2 dl-gk; do
    id "$user" >/dev/null 2>&1 && userdel -r -f "$user" >/dev/null 2>&1 || true
    rm -f "$PRINCIPALS_DIR/$user"
  done
  rmdir "$PRINCIPALS_DIR" 2>/dev/null || true
  rm -f "$CA_FILE" "$REVOKED_FILE"
  getent group drlab >/dev/null && groupdel drlab 2>/dev/null || true
  rm -rf "$LAB"
  log "down: namespaces, bridge, daemons, users, sudoers, the CA's sshd files, volume group, loop devices and $LAB removed"
}

status() {
  for h in "${HOSTS[@]}"; do
    local ns=drlab-$h state=absent
    ip netns list 2>/dev/null | grep -qw "$ns" && state="$(ip netns pids "$ns" 2>/dev/null | wc -l) processes"
    printf 'lab: %-10s %-14s %s\n' "$ns" "$NET.${ADDR[$h]}" "$state"
  done
}

cut_host() {
  need_root
  ip netns exec "drlab-$1" ip route replace blackhole "$NET.1/32"
  log "$1 cut off: connections from the DR server time out"
}

restore_host() {
  need_root
  ip netns exec "drlab-$1" ip route del blackhole "$NET.1/32" 2>/dev/null || true
  log "$1 restored"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  cut) cut_host "${2:?host: app1, app2, gk or dns}" ;;
  restore) restore_host "${2:?host: app1, app2, gk or dns}" ;;
  *) echo "usage: $0 up|down|status|cut HOST|restore HOST" >&2; exit 64 ;;
esac
