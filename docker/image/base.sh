#!/usr/bin/env bash
# Builds the base image of Drover's container image without a Docker daemon or a registry (none is
# reachable from the build machines): a root file system made of Debian 12's own packages (the C and
# C++ runtimes, zlib, dash for the entrypoint) and a Java 17 runtime cut by jlink from the build's JDK,
# written as a `docker save` tarball that Jib takes as its base (`tar://`).
# Usage: docker/image/base.sh OUTPUT.tar      (as root; needs apt-get and the JDK's jmods)
set -euo pipefail
OUT=${1:?usage: docker/image/base.sh OUTPUT.tar}
JDK=${JDK_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -d "$JDK/jmods" ] || { echo "base.sh: $JDK has no jmods (Debian: apt-get install openjdk-17-jmods)" >&2; exit 1; }
WORK=$(mktemp -d /var/tmp/drover-base.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"
mkdir -p "$ROOT" "$WORK/debs"

# the packages the runtime links against (ldd of libjvm, libjava, libnet, libzip) and the shell
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g dash)
(cd "$WORK/debs" && apt-get download -qq "${PACKAGES[@]}" 2>/dev/null) || {
  apt-get update -qq && (cd "$WORK/debs" && apt-get download -qq "${PACKAGES[@]}")
}
for deb in "$WORK"/debs/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
# Debian 12 merges /bin and /lib into /usr: the packages ship /bin/dash and /lib64/ld-linux-x86-64.so.2
# under their old names only where usrmerge made links, so make the links the programs expect
for d in bin lib lib64 sbin; do
  if [ -d "$ROOT/$d" ] && [ ! -L "$ROOT/$d" ]; then mkdir -p "$ROOT/usr/$d"; cp -a "$ROOT/$d/." "$ROOT/usr/$d/"; rm -rf "${ROOT:?}/$d"; fi
  mkdir -p "$ROOT/usr/$d"
  ln -s "usr/$d" "$ROOT/$d"
done
ln -sf dash "$ROOT/usr/bin/sh"

# Java: the modules a Spring Boot server with Camunda, JDBC, TLS and JMX needs, no more
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --strip-debug --no-header-files \
  --no-man-pages --compress=2 --output "$ROOT/opt/java"
# Debian's JDK keeps its CA certificates outside the JDK: take the build machine's, as a file
rm -f "$ROOT/opt/java/lib/security/cacerts"
cp -L "$JDK/lib/security/cacerts" "$ROOT/opt/java/lib/security/cacerts"

# the unprivileged user the server runs as, its home and work directories, and /tmp
mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/var/lib/drover" "$ROOT/etc/drover" "$ROOT/run/secrets" "$ROOT/proc" "$ROOT/dev"
chmod 1777 "$ROOT/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\ndrover:x:10001:10001:Drover:/var/lib/drover:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\ndrover:x:10001:\n' >"$ROOT/etc/group"
chown 10001:10001 "$ROOT/var/lib/drover"
rm -rf "$ROOT/usr/share/doc" "$ROOT/usr/share/man" "$ROOT/usr/share/lintian"

# one layer, reproducible (sorted, no times, numeric owners), and the `docker save` layout around it
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$ROOT" -cf "$WORK/layer.tar" \
  --exclude=./var/lib/drover . 
tar --sort=name --mtime=@0 --numeric-owner -C "$ROOT" -rf "$WORK/layer.tar" ./var/lib/drover
DIFF=$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)
mkdir -p "$WORK/image/$DIFF"
mv "$WORK/layer.tar" "$WORK/image/$DIFF/layer.tar"
cat >"$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"10001:10001"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$DIFF"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"docker/image/base.sh: Debian 12 ${PACKAGES[*]}, jlink runtime of $(basename "$JDK")"}]}
JSON
CONFIG=$(sha256sum "$WORK/config.json" | cut -d' ' -f1)
mv "$WORK/config.json" "$WORK/image/$CONFIG.json"
printf '[{"Config":"%s.json","RepoTags":["drover-base:latest"],"Layers":["%s/layer.tar"]}]\n' "$CONFIG" "$DIFF" \
  >"$WORK/image/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$WORK/image" -cf "$OUT" manifest.json \
  "$CONFIG.json" "$DIFF/layer.tar"
echo "base image: $OUT ($(du -h "$OUT" | cut -f1), layer sha256:$DIFF)"
