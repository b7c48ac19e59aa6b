#!/usr/bin/env python3
"""Writes the Camunda Modeler element templates of Drover's step types to bpmn/.camunda/element-templates/.

Run from the repository root after changing a step type's parameters.
"""
import json

HOST = {"value": "^(primary|standby|[A-Za-z0-9][A-Za-z0-9._-]{0,62})$",
        "message": "primary, standby or the inventory name of one of the service's hosts"}
DURATION = {"value": "^(P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?)?$",
            "message": "an ISO-8601 duration such as PT30S or PT5M, or empty"}
DNS = {"value": "^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})$", "message": "a DNS name such as payments.example.com"}
PATH = {"value": "^/[A-Za-z0-9._/@+:-]*$", "message": "an absolute path without spaces or shell characters"}
ARGV = {"value": "^\\s*\\[\\s*\".*\\]\\s*$", "message": "a JSON array of strings, e.g. [\"systemctl\", \"stop\", \"app\"]"}
PORT = {"value": "^([1-9][0-9]{0,4})$", "message": "a TCP port"}


def policy():
    return [
        {"label": "On failure", "description": "DIE: stop the run (FAILED). WARN: log and go on. ASK: an operator decides in Tasklist. RETRY: try again 'Retries' times, then DIE or WARN. WARN, ASK and RETRY WARN need an error boundary event (code DROVER_STEP_FAILED).",
         "type": "Dropdown", "value": "DIE",
         "choices": [{"name": "DIE", "value": "DIE"}, {"name": "WARN", "value": "WARN"}, {"name": "ASK", "value": "ASK"},
                     {"name": "RETRY then DIE", "value": "RETRY DIE"}, {"name": "RETRY then WARN", "value": "RETRY WARN"}],
         "binding": {"type": "camunda:property", "name": "onFailure"}},
        {"label": "Retries", "description": "With RETRY: how many more attempts (1-100); at most retries+1 attempts in all.",
         "type": "String", "value": "", "binding": {"type": "camunda:property", "name": "retries"},
         "constraints": {"pattern": {"value": "^([1-9][0-9]?|100)?$", "message": "a whole number from 1 to 100, or empty without RETRY"}}},
        {"label": "Retry delay", "description": "With RETRY: ISO-8601 delay between attempts; empty takes drover.procedures.retry-delay.",
         "type": "String", "value": "", "binding": {"type": "camunda:property", "name": "retryDelay"},
         "constraints": {"pattern": DURATION}},
    ]


def inp(name, label, value="", required=False, pattern=None, description=None, type_="String", choices=None):
    p = {"label": label, "type": type_, "value": value, "binding": {"type": "camunda:inputParameter", "name": name}}
    if description:
        p["description"] = description
    if choices:
        p["type"] = "Dropdown"
        p["choices"] = [{"name": c, "value": c} for c in choices]
    c = {}
    if required:
        c["notEmpty"] = True
    if pattern:
        c["pattern"] = pattern
    if c:
        p["constraints"] = c
    return p


def template(id_, name, desc, delegate, props):
    return {"$schema": "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json",
            "name": name, "id": id_, "version": 1, "description": desc, "appliesTo": ["bpmn:ServiceTask"],
            "properties": [
                {"type": "Hidden", "value": "${%s}" % delegate, "editable": False,
                 "binding": {"type": "property", "name": "camunda:delegateExpression"}},
                {"type": "Hidden", "value": True, "editable": False,
                 "binding": {"type": "property", "name": "camunda:asyncBefore"}},
            ] + props + policy()}


TIMEOUT = inp("timeout", "Timeout", pattern=DURATION, description="ISO-8601 bound; empty takes the default")
HOSTP = inp("host", "Host", "primary", True, HOST, "primary, standby or a host name of the service")

TEMPLATES = {
    "drover-command.json": template("io.drover.step.command", "Drover: run a command",
        "Runs one command on one host of the service over SSH. Each argument reaches the program as one literal word.",
        "commandStep", [HOSTP,
            inp("command", "Command", "[\"true\"]", True, ARGV, "JSON array: program then arguments, e.g. [\"app/bin/ctl\", \"stop\", \"{{var:appDir}}\"]. {{var:NAME}} takes a run variable, {{secret:NAME}} a secret (masked in the journal).", "Text"),
            TIMEOUT]),
    "drover-transfer.json": template("io.drover.step.transfer", "Drover: copy a directory between hosts",
        "Streams a directory from one host of the service to another through the DR server (tar over SSH); the destination is replaced only once the copy is complete.",
        "transferStep", [inp("from", "From host", "primary", True, HOST), inp("to", "To host", "standby", True, HOST),
            inp("path", "Directory", "", True, None, "path on the source host (relative to the login user's home or absolute)"),
            inp("toPath", "Directory on the destination", "", description="empty: the same path"), TIMEOUT]),
    "drover-dns-alias.json": template("io.drover.step.dns-alias", "Drover: move a DNS alias",
        "Points a CNAME at the other site's host with a TSIG-signed RFC 2136 update, conditional on its current target; verified by a query. Migrate/takeover: primary to failover; failback: back.",
        "dnsAliasStep", [inp("action", "Action", "point", True, choices=["point", "delete", "add"]),
            inp("alias", "Alias", "", True, DNS), inp("primary", "Host at the primary site", "", True, DNS),
            inp("failover", "Host at the standby site", "", True, DNS),
            inp("credential", "TSIG key (secret store name)", "", True, {"value": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", "message": "a secret store name"}),
            inp("server", "DNS server", "", description="empty: drover.dns.server"), inp("port", "Port", "53", pattern=PORT),
            inp("zone", "Zone", "", description="empty: the alias without its first label"), inp("ttl", "TTL", "300")]),
    "drover-filesystem.json": template("io.drover.step.filesystem", "Drover: mount or unmount a file system",
        "Mounts or unmounts a file system on a host (sudo -n); already in the wanted state means nothing to do; checked with mountpoint -q.",
        "filesystemStep", [inp("action", "Action", "unmount", True, choices=["unmount", "mount"]), HOSTP,
            inp("mountpoint", "Mount point", "", True, PATH), inp("device", "Device", "", True, PATH),
            inp("fstype", "File system type", ""), inp("options", "Mount options", ""), TIMEOUT]),
    "drover-volume-group.json": template("io.drover.step.volume-group", "Drover: deport or import a volume group",
        "Deports or imports a disk/volume group on a host: LVM (vgchange + vgexport / vgimport + vgchange) or Veritas (vxdg).",
        "volumeGroupStep", [inp("action", "Action", "deport", True, choices=["deport", "import"]), HOSTP,
            inp("name", "Group", "", True, {"value": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", "message": "a volume group name"}),
            inp("manager", "Volume manager", "lvm", choices=["lvm", "vxvm"]), TIMEOUT]),
    "drover-application.json": template("io.drover.step.application", "Drover: stop or start an application",
        "Stops or starts an application through a systemd unit or given commands, and waits until it is gone or running.",
        "applicationStep", [inp("action", "Action", "stop", True, choices=["stop", "start"]), HOSTP,
            inp("unit", "systemd unit", "", description="or give the commands below"),
            inp("status", "Status command", "", pattern={"value": "^(\\s*\\[\\s*\".*\\]\\s*)?$", "message": ARGV["message"]}, type_="Text", description="JSON array; exits 0 while the application runs"),
            inp("start", "Start command", "", pattern={"value": "^(\\s*\\[\\s*\".*\\]\\s*)?$", "message": ARGV["message"]}, type_="Text"),
            inp("stop", "Stop command", "", pattern={"value": "^(\\s*\\[\\s*\".*\\]\\s*)?$", "message": ARGV["message"]}, type_="Text"),
            TIMEOUT]),
    "drover-probe.json": template("io.drover.step.probe", "Drover: wait until the service answers",
        "Waits until a TCP port accepts, an HTTP URL answers with the expected status, or a command exits 0, within the timeout.",
        "probeStep", [inp("action", "Probe", "tcp", True, choices=["tcp", "http", "command"]), HOSTP,
            inp("port", "Port", "", pattern={"value": "^([1-9][0-9]{0,4})?$", "message": "a TCP port"}),
            inp("path", "HTTP path", "/"), inp("status", "Expected HTTP status", "200"),
            inp("command", "Command", "", pattern={"value": "^(\\s*\\[\\s*\".*\\]\\s*)?$", "message": ARGV["message"]}, type_="Text"),
            TIMEOUT]),
    "drover-storage.json": template("io.drover.step.storage", "Drover: switch storage or database replication",
        "srdf: switches SAN replication on the storage gatekeeper host (symrdf), reading the RDF pair state. postgresql: fences, promotes or rebuilds (pg_rewind) one side of a streaming-replication pair on a service host, as postgres.",
        "storageStep", [inp("driver", "Driver", "srdf", True, choices=["srdf", "postgresql"]),
            inp("action", "Action", "failover", True, choices=["failover", "failback", "establish", "query", "fence", "promote", "rebuild"],
                description="srdf: failover, failback, establish, query. postgresql: fence, promote, rebuild."),
            inp("gatekeeper", "Gatekeeper host (srdf)", "", False, {"value": "^([A-Za-z0-9][A-Za-z0-9._-]{0,62})?$", "message": HOST["message"]}, "inventory name of the storage gatekeeper"),
            inp("group", "Device group (srdf)", ""), inp("symrdf", "symrdf program (srdf)", "symrdf"),
            inp("host", "Host (postgresql)", "", False, {"value": "^(primary|standby|[A-Za-z0-9][A-Za-z0-9._-]{0,62})?$", "message": HOST["message"]}),
            inp("pgbin", "PostgreSQL bin directory (postgresql)", "", False, {"value": "^(/[A-Za-z0-9._/@+:-]*)?$", "message": PATH["message"]}),
            inp("datadir", "Data directory (postgresql)", "", False, {"value": "^(/[A-Za-z0-9._/@+:-]*)?$", "message": PATH["message"]}),
            inp("port", "Port (postgresql)", "", pattern={"value": "^([1-9][0-9]{0,4})?$", "message": "a TCP port"}),
            inp("maxLagBytes", "Largest replay lag to promote (postgresql, bytes)", ""), TIMEOUT]),
}

# the operator's decision on a failed ASK step: a user task bound to Drover's decision form, offered
# to the service's group; the engine checks and journals the decision on completion whatever the
# model says (Camunda 7 templates cannot bind task listeners)
TEMPLATES["drover-step-decision.json"] = {
    "$schema": "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json",
    "name": "Drover: operator decides on a failed step (ASK)", "id": "io.drover.decision", "version": 1,
    "description": "Follows the error boundary event of an ASK step; its outgoing gateway routes ${decision == 'retry'} back to the step, 'skip' on, 'abort' to an end event. Drover checks who decides and why.",
    "appliesTo": ["bpmn:UserTask"],
    "properties": [
        {"type": "Hidden", "value": "drover-step-decision", "editable": False, "binding": {"type": "property", "name": "camunda:formRef"}},
        {"type": "Hidden", "value": "deployment", "editable": False, "binding": {"type": "property", "name": "camunda:formRefBinding"}},
        {"type": "Hidden", "value": "${serviceGroup}", "editable": False, "binding": {"type": "property", "name": "camunda:candidateGroups"}},
    ],
}

if __name__ == '__main__':
    for name, body in TEMPLATES.items():
        with open(f'bpmn/.camunda/element-templates/{name}', 'w') as f:
            json.dump(body, f, indent=2)
            f.write('\n')
