#!/usr/bin/env python3
"""Writes the shipped demo procedures (bpmn/) and the test procedures (src/test/resources/procedures/).

A stop-gap until `drover compile` produces BPMN from runbooks: it lays out a linear procedure with
each step's failure policy drawn as Drover requires (error boundary events: DIE to a named end
event, WARN rejoining the flow, ASK to an operator decision in Tasklist). Run from the repository root.
"""
import re
from xml.sax.saxutils import escape as esc

Y = 120


def task_xml(t):
    asyncattr = '' if t.get('sync') else ' camunda:asyncBefore="true"'
    params = []
    for k, v in t['params']:
        if isinstance(v, list):
            vals = ''.join(f'<camunda:value>{esc(x)}</camunda:value>' for x in v)
            params.append(f'          <camunda:inputParameter name="{k}">\n'
                          f'            <camunda:list>{vals}</camunda:list>\n          </camunda:inputParameter>')
        else:
            params.append(f'          <camunda:inputParameter name="{k}">{esc(v)}</camunda:inputParameter>')
    pol = t['policy']
    m = re.match(r'RETRY (\d+)', pol)
    cycle = f"R{int(m.group(1)) + 1}/PT1S" if m else "R1/PT0S"
    return f'''    <bpmn:serviceTask id="{t['id']}" name="{esc(t['name'])}"{asyncattr} camunda:delegateExpression="${{{t['type']}Step}}">
      <bpmn:extensionElements>
        <camunda:properties>
          <camunda:property name="onFailure" value="{pol}" />
        </camunda:properties>
        <camunda:failedJobRetryTimeCycle>{cycle}</camunda:failedJobRetryTimeCycle>
        <camunda:inputOutput>
{chr(10).join(params)}
        </camunda:inputOutput>
      </bpmn:extensionElements>
    </bpmn:serviceTask>'''


def build(pid, name, doc, steps, end_name):
    x0 = 160
    parts, shapes, flows = [], [], []
    parts.append(f'    <bpmn:documentation>{esc(doc)}</bpmn:documentation>')
    parts.append('    <bpmn:extensionElements>\n      <camunda:properties>\n'
                 '        <camunda:property name="onFailure" value="DIE" />\n      </camunda:properties>\n'
                 '    </bpmn:extensionElements>')
    parts.append('    <bpmn:startEvent id="Start_RunAdmitted" name="Run admitted" />')
    shapes.append(('Start_RunAdmitted', x0, Y + 22, 36, 36))
    prev, prev_right = 'Start_RunAdmitted', (x0 + 36, Y + 40)
    x = x0 + 90
    joins = []  # (flow id, source id, waypoints ending above the next task)
    for t in steps:
        short = t['id'].split('_', 1)[1]
        parts.append(task_xml(t))
        shapes.append((t['id'], x, Y, 100, 80))
        flows.append((f"Flow_To_{short}", prev, t['id'], [prev_right, (x, Y + 40)]))
        for j in joins:
            flows.append((j[0], j[1], t['id'], j[2] + [(x + 20, Y + 80)]) + tuple(j[3:]))
        joins = []
        bid = f"Boundary_{short}Failed"
        bx = x + 32
        parts.append(f'    <bpmn:boundaryEvent id="{bid}" name="{esc(t["fail_name"])}" attachedToRef="{t["id"]}">\n'
                     f'      <bpmn:errorEventDefinition errorRef="Error_StepFailed" />\n    </bpmn:boundaryEvent>')
        shapes.append((bid, bx, Y + 62, 36, 36))
        if t['policy'].endswith('WARN'):
            joins.append((f"Flow_{short}_Continue", bid, [(bx + 18, Y + 98), (bx + 18, Y + 140), (x + 160 + 20, Y + 140)]))
        elif t['policy'] == 'ASK':
            uid, gid, eid = f"UserTask_Decide{short}", f"Gateway_Decision{short}", f"End_{short}Aborted"
            parts.append(f'''    <bpmn:userTask id="{uid}" name="Decide on failed step" camunda:formRef="drover-step-decision" camunda:formRefBinding="latest" camunda:candidateGroups="${{serviceGroup}}">
      <bpmn:extensionElements>
        <camunda:taskListener delegateExpression="${{stepDecision}}" event="complete" />
      </bpmn:extensionElements>
    </bpmn:userTask>''')
            parts.append(f'    <bpmn:exclusiveGateway id="{gid}" name="What did the operator decide?" />')
            parts.append(f'    <bpmn:endEvent id="{eid}" name="Run aborted by operator" />')
            shapes += [(uid, x, Y + 170, 100, 80), (gid, x + 125, Y + 185, 50, 50), (eid, x + 132, Y + 300, 36, 36)]
            flows.append((f"Flow_{short}_Ask", bid, uid, [(bx + 18, Y + 98), (bx + 18, Y + 170)]))
            flows.append((f"Flow_{short}_Decided", uid, gid, [(x + 100, Y + 210), (x + 125, Y + 210)]))
            flows.append((f"Flow_{short}_Retry", gid, t['id'], [(x + 150, Y + 185), (x + 150, Y + 120), (x + 100, Y + 60)], "${decision == 'retry'}", "retry"))
            flows.append((f"Flow_{short}_Abort", gid, eid, [(x + 150, Y + 235), (x + 150, Y + 300)], "${decision == 'abort'}", "abort"))
            joins.append((f"Flow_{short}_Skip", gid, [(x + 175, Y + 210), (x + 160 + 20, Y + 210)], "${decision == 'skip'}", "skip"))
        else:
            eid = f"End_{short}Failed"
            parts.append(f'    <bpmn:endEvent id="{eid}" name="Run failed: {esc(t["fail_name"].lower())}" />')
            shapes.append((eid, bx, Y + 180, 36, 36))
            flows.append((f"Flow_{short}_Die", bid, eid, [(bx + 18, Y + 98), (bx + 18, Y + 180)]))
        prev, prev_right = t['id'], (x + 100, Y + 40)
        x += 160
    parts.append(f'    <bpmn:endEvent id="End_Succeeded" name="{esc(end_name)}" />')
    shapes.append(('End_Succeeded', x, Y + 22, 36, 36))
    for j in joins:
        flows.append((j[0], j[1], 'End_Succeeded', j[2][:-1] + [(x + 18, j[2][-1][1]), (x + 18, Y + 58)]) + tuple(j[3:]))
    flows.append(('Flow_To_End', prev, 'End_Succeeded', [prev_right, (x, Y + 40)]))
    for f in flows:
        fid, s, t = f[0], f[1], f[2]
        if len(f) > 4:
            parts.append(f'    <bpmn:sequenceFlow id="{fid}" name="{f[5]}" sourceRef="{s}" targetRef="{t}">\n'
                         f'      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{esc(f[4])}</bpmn:conditionExpression>\n'
                         f'    </bpmn:sequenceFlow>')
        else:
            parts.append(f'    <bpmn:sequenceFlow id="{fid}" sourceRef="{s}" targetRef="{t}" />')
    di = []
    for sid, sx, sy, w, h in shapes:
        di.append(f'      <bpmndi:BPMNShape id="{sid}_di" bpmnElement="{sid}">\n'
                  f'        <dc:Bounds x="{sx}" y="{sy}" width="{w}" height="{h}" />\n      </bpmndi:BPMNShape>')
    for f in flows:
        wps = ''.join(f'\n        <di:waypoint x="{px}" y="{py}" />' for px, py in f[3])
        di.append(f'      <bpmndi:BPMNEdge id="{f[0]}_di" bpmnElement="{f[0]}">{wps}\n      </bpmndi:BPMNEdge>')
    body = '\n'.join(parts)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_{pid}" targetNamespace="https://drover.io/procedures" exporter="drover" exporterVersion="0.1.0">
  <bpmn:error id="Error_StepFailed" name="Step failed" errorCode="DROVER_STEP_FAILED" />
  <bpmn:process id="{pid}" name="{esc(name)}" isExecutable="true" camunda:historyTimeToLive="P180D" camunda:versionTag="1">
{body}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_{pid}">
    <bpmndi:BPMNPlane id="Plane_{pid}" bpmnElement="{pid}">
{chr(10).join(di)}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
'''


def cmd(tid, name, role, argv, policy, fail, extra=()):
    return dict(id=tid, name=name, type='command', policy=policy, fail_name=fail,
                params=[('host', role), ('command', argv)] + list(extra))


def app(tid, name, role, verb, policy, fail, extra=()):
    return cmd(tid, name, role, ['${appDir}/bin/demo-app', verb], policy, fail, extra)


def copy(tid, name, src, dst, fail):
    return dict(id=tid, name=name, type='transfer', policy='DIE', fail_name=fail,
                params=[('from', src), ('to', dst), ('path', '${dataDir}')])


SHIPPED = {
    'demo-migrate': ('Migrate demo to standby', 'Planned move of service demo: stop on primary, copy its data to the standby, start it there and check it answers.', [
        app('Task_StopApplication', 'Stop application on primary', 'primary', 'stop', 'DIE', 'Application not stopped'),
        copy('Task_CopyData', 'Copy data to standby', 'primary', 'standby', 'Data not copied'),
        app('Task_StartApplication', 'Start application on standby', 'standby', 'start', 'DIE', 'Application not started'),
        app('Task_CheckApplication', 'Check application on standby', 'standby', 'check', 'RETRY 2 DIE', 'Application not answering'),
    ], 'Service active on standby'),
    'demo-failback': ('Fail demo back to primary', 'Return of service demo to its primary site: stop on standby, copy its data back, start on primary and check it answers.', [
        app('Task_StopApplication', 'Stop application on standby', 'standby', 'stop', 'DIE', 'Application not stopped'),
        copy('Task_CopyData', 'Copy data to primary', 'standby', 'primary', 'Data not copied'),
        app('Task_StartApplication', 'Start application on primary', 'primary', 'start', 'DIE', 'Application not started'),
        app('Task_CheckApplication', 'Check application on primary', 'primary', 'check', 'RETRY 2 DIE', 'Application not answering'),
    ], 'Service active on primary'),
    'demo-takeover': ('Take demo over on standby', 'The primary site is gone: fence the primary if it still answers (a failure only warns), start on the standby with its replicated data and check it answers.', [
        app('Task_FencePrimary', 'Stop application on primary if reachable', 'primary', 'stop', 'WARN', 'Primary not reachable', [('timeout', 'PT20S')]),
        app('Task_StartApplication', 'Start application on standby', 'standby', 'start', 'DIE', 'Application not started'),
        app('Task_CheckApplication', 'Check application on standby', 'standby', 'check', 'RETRY 2 DIE', 'Application not answering'),
    ], 'Service active on standby'),
}


def sh(script):
    return ['sh', '-c', script, 'step', '${service}']


def trace(n):
    return f'mkdir -p "pol/$1" && echo {n} >> "pol/$1/trace"'


TESTS = {}
for svc, policy, first in [
    ('pol-die', 'DIE', trace(1) + '; exit 3'),
    ('pol-warn', 'WARN', trace(1) + '; exit 3'),
    ('pol-retry', 'RETRY 2 DIE', trace(1) + '; exit 4'),
    ('pol-retrywarn', 'RETRY 1 WARN', trace(1) + '; [ "$(wc -l < "pol/$1/trace")" -ge 2 ]'),
    ('ask-retry', 'ASK', trace(1) + '; [ -f "pol/$1/ok" ] || { echo "no ok file in pol/$1" >&2; exit 5; }'),
    ('ask-skip', 'ASK', trace(1) + '; echo "disk full" >&2; exit 5'),
    ('ask-abort', 'ASK', trace(1) + '; echo "disk full" >&2; exit 5'),
    ('ask-cancel', 'ASK', trace(1) + '; exit 5'),
]:
    TESTS[f'{svc}-migrate'] = (f'Policy test {policy}', f'Step one fails under {policy}; step two leaves a trace.', [
        cmd('Task_StepOne', 'Run step one', 'primary', sh(first), policy, 'Step one failed'),
        cmd('Task_StepTwo', 'Run step two', 'standby', sh(trace(2)), 'DIE', 'Step two failed'),
    ], 'Policy test done')
TESTS['pol-secret-migrate'] = ('Secret in a command', 'Step one passes a secret to a command that echoes it.', [
    cmd('Task_StepOne', 'Use the token', 'primary', ['sh', '-c', 'echo "token=$1"; echo "token=$1" >&2; exit 7', 'step', '{{secret:test-token}}'], 'WARN', 'Token not accepted'),
], 'Policy test done')
TESTS['cli-warn-migrate'] = ('CLI test', 'Step one fails under WARN, step two succeeds.', [
    cmd('Task_StepOne', 'Run step one', 'primary', ['sh', '-c', 'echo failing >&2; exit 2'], 'WARN', 'Step one failed'),
    cmd('Task_StepTwo', 'Run step two', 'standby', ['true'], 'DIE', 'Step two failed'),
], 'Policy test done')
TESTS['cli-die-migrate'] = ('CLI test', 'Step one fails under DIE.', [
    cmd('Task_StepOne', 'Run step one', 'primary', ['sh', '-c', 'echo broken >&2; exit 4'], 'DIE', 'Step one failed'),
], 'Policy test done')
TESTS['aud-svc-migrate'] = ('Audit test', 'One step that succeeds.', [
    cmd('Task_StepOne', 'Run step one', 'primary', ['true'], 'DIE', 'Step one failed'),
], 'Policy test done')
TESTS['slow-svc-migrate'] = ('Long run', 'One step that takes longer than the requester\'s token lives.', [
    cmd('Task_StepOne', 'Wait five seconds', 'primary', ['sleep', '5'], 'DIE', 'Step one failed'),
], 'Policy test done')
for svc in ['apr-ok', 'apr-reject', 'apr-timeout', 'apr-cancel']:
    TESTS[f'{svc}-migrate'] = ('Approval test', 'Needs a second person\'s approval; two steps that leave a trace.', [
        cmd('Task_StepOne', 'Run step one', 'primary', sh(trace(1)), 'DIE', 'Step one failed'),
        cmd('Task_StepTwo', 'Run step two', 'standby', sh(trace(2)), 'WARN', 'Step two failed'),
    ], 'Policy test done')
TESTS['sec-scan-migrate'] = ('Secret scan', 'A full run that hands a secret to commands, fails with it and retries, then succeeds with it.', [
    cmd('Task_StepOne', 'Use the token and fail', 'primary', ['sh', '-c', 'echo "token=$1"; echo "token=$1" >&2; exit 7', 'step', '{{secret:test-token}}'], 'RETRY 1 WARN', 'Token refused'),
    cmd('Task_StepTwo', 'Use the token and succeed', 'standby', ['sh', '-c', 'echo "token=$1 accepted"', 'step', '{{secret:test-token}}'], 'DIE', 'Token not accepted'),
], 'Policy test done')
TESTS['pol-bug-migrate'] = ('Modelling bug', 'Step one refers to a variable that does not exist: an internal error, not a step failure.', [
    cmd('Task_StepOne', 'Run step one', 'primary', ['echo', '${undefinedVariable}'], 'WARN', 'Step one failed'),
], 'Policy test done')
TESTS['pol-sync-migrate'] = ('Model without async', 'The service task does not say asyncBefore: Drover makes it async anyway.', [
    dict(cmd('Task_StepOne', 'Run step one', 'primary', ['true'], 'DIE', 'Step one failed'), sync=True),
], 'Policy test done')
TESTS['pol-reach-migrate'] = ('Host lost mid-run', 'Step one reaches the third host, step two waits for the test to stop it, steps three and four meet an unreachable and a silent host.', [
    cmd('Task_StepOne', 'Run step one on the third host', 'pol-c', sh(trace(1)), 'DIE', 'Step one failed'),
    cmd('Task_WaitForGo', 'Wait for the test', 'standby', sh('while [ ! -f "pol/$1/go" ]; do sleep 0.1; done'), 'DIE', 'Wait failed'),
    cmd('Task_StepThree', 'Run step three on the stopped host', 'pol-c', sh(trace(3)), 'WARN', 'Third host unreachable'),
    cmd('Task_StepFour', 'Run step four on the silent host', 'pol-silent', sh(trace(4)), 'WARN', 'Silent host unreachable'),
], 'Policy test done')

if __name__ == '__main__':
    for pid, (name, doc, steps, end) in SHIPPED.items():
        open(f'bpmn/{pid}.bpmn', 'w').write(build(pid, name, doc, steps, end))
    import os
    os.makedirs('src/test/resources/procedures', exist_ok=True)
    for pid, (name, doc, steps, end) in TESTS.items():
        open(f'src/test/resources/procedures/{pid}.bpmn', 'w').write(build(pid, name, doc, steps, end))
