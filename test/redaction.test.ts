// A redacted export of each sample, and of a case built to hold every shape a site's names and addresses take,
// holds none of the original names, addresses, users or serials, in any format; the same value has the same
// pseudonym on every node; what analysis needs (versions, kernels, message ids, tags, sizes, times, packages)
// is left as it was; and every redaction regex stays fast on hostile 64 KiB lines.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzers/engine/run/engine.js';
import { Redactor, redactReport } from '../analyzers/engine/report/redact.js';
import { redactionRegexes } from '../analyzers/engine/report/redact-shapes.js';
import type { Report } from '../analyzers/engine/report/report.js';
import { makeTar } from '../analyzers/engine/plugin/testing.js';
import type { TestMember } from '../analyzers/engine/plugin/testing.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { renderHtml } from '../app/host/export.js';
import { formatText } from '../cli/format-text.js';
import { loadScenario, scenarioNames } from '../samples/build-samples.js';

const { analyzers, packs, clusterRules } = await loadAnalyzers();
const run = (files: string[]): Promise<Report> => analyze(files, { analyzers, clusterRules, rulePacks: packs, now: new Date('2026-01-01T00:00:00Z'), version: 'test' });

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether `value` stands in `text` as a value of its own (not inside a longer name). */
const contains = (text: string, value: string): boolean => new RegExp(`(?<![A-Za-z0-9])${escape(value)}(?![A-Za-z0-9])`, 'i').test(text);

/** A JSON string value that is a package's versions only, as what changed shows them (`6.2.1.2-1.gitfa2c3a7.el8`, `a, b`). */
const EVR = String.raw`(?:\d+:)?\d[\w.+~^]*-(?=[\w.+~^]*[A-Za-z])[\w.+~^]+`;
const VERSION_VALUE = new RegExp(`^"${EVR}(?:, ${EVR})*"`);

/**
 * The site's own values in a report: what must not leave. Four-part package versions (`utils-6.2.1.2-1.el8`, a
 * `"version"` field, a value of versions alone) are no addresses.
 */
function originals(report: Report, entries: Array<{ kind: string; original: string }>): string[] {
  const json = JSON.stringify({ ...report, rulePacks: [], findings: report.findings.map((f) => ({ ...f, references: [] })) });
  const ips = [...json.matchAll(/(?<![\w.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)/g)]
    .filter((m) => !(json[(m.index ?? 0) - 1] === '-' && /^(?:-|\.[A-Za-z])/.test(json.slice((m.index ?? 0) + (m[1] ?? '').length))))
    .filter((m) => !json.slice(0, m.index).endsWith('"version":"') && !VERSION_VALUE.test(json.slice(json.lastIndexOf('"', m.index), json.indexOf('"', m.index) + 1)))
    .map((m) => m[1] ?? '')
    .filter((ip) => !/^(127|0|169\.254|22[4-9]|2[3-5]\d)\./.test(ip));
  return [...new Set([...entries.filter((e) => e.kind !== 'ipv4').map((e) => e.original), ...ips])];
}

/** The JSON, the text in both languages and the HTML of a report: every format a report leaves the site in. */
async function exportsOf(report: Report): Promise<Record<string, string>> {
  return {
    json: JSON.stringify(report),
    text: formatText(report, { lang: 'en', color: false }) + formatText(report, { lang: 'ja', color: false }),
    html: (await renderHtml(report, 'en')) + (await renderHtml(report, 'ja')),
  };
}

describe('redaction of the samples', () => {
  for (const name of scenarioNames()) {
    it(`leaves no original value in the redacted exports of ${name}`, async () => {
      const report = await run([`samples/${loadScenario(name).archive}`]);
      const { report: red, map } = redactReport(report);
      const secrets = originals(report, map.entries);
      // Every archive names at least its node.
      expect(secrets.length).toBeGreaterThan(0);
      for (const [format, out] of Object.entries(await exportsOf(red))) {
        expect(secrets.filter((s) => contains(out, s)), `${format} of ${name}`).toEqual([]);
      }
      expect(red.findings.map((f) => `${f.id}:${f.severity}`)).toEqual(report.findings.map((f) => `${f.id}:${f.severity}`));
      expect(red.redaction?.redacted).toBe(true);
      expect(JSON.stringify(red)).not.toContain('"original"');
    });
  }

  it('gives the same pseudonyms across the nodes of one case, and keeps subnets and tag shapes', async () => {
    const report = await run(['samples/healthy-shared-disk-node1.tar.gz', 'samples/healthy-shared-disk-node2.tar.gz']);
    const { report: red } = redactReport(report);
    expect(red.nodes.map((n) => n.hostname)).toEqual(['node-1', 'node-2']);
    const paths = red.nodes[0]?.['comm-paths'] as Array<{ localAddress: string; remoteAddress: string }>;
    const [a, b] = [paths[0]?.localAddress ?? '', paths[0]?.remoteAddress ?? ''];
    expect(a).toMatch(/^10\.\d+\.\d+\.11$/);
    expect(a.split('.').slice(0, 3)).toEqual(b.split('.').slice(0, 3));
    const r = new Redactor();
    r.host('lk-node1.corp.example.co.jp');
    expect(r.apply('datarep-lk-node1 on lk-node1.corp.example.co.jp, not lk-node10')).toBe('datarep-node-1 on node-1.domain-1.example, not lk-node10');
  });

  it('keeps values that identify nothing: loopback, link-local, masks, root', () => {
    const r = new Redactor();
    r.user('root');
    expect(r.apply('127.0.0.1 169.254.2.4 255.255.255.0 root ::1 ff02::1 ff:ff:ff:ff:ff:ff')).toBe('127.0.0.1 169.254.2.4 255.255.255.0 root ::1 ff02::1 ff:ff:ff:ff:ff:ff');
  });
});

// ---- a case that holds every shape ----

/** One of each shape a name or an address takes in an archive, as the site wrote it. Each must be gone. */
const SECRETS = {
  peerFromLog: 'gamma-db3', // only in a 004217 line (and so in a finding title)
  peerOnSystem: 'delta-db4', // only in `on system "…"`
  peerMachine: 'zeta-db6', // only in lcdstatus `machine=` (quoted as evidence context)
  domainFr: 'paris.acme.fr',
  fqdnFr: 'nas01.paris.acme.fr',
  domainRu: 'rosbank-lab.ru',
  fqdnRu: 'ldap1.msk.rosbank-lab.ru',
  domainEdu: 'univ-lyon.edu',
  urlHost: 'portal.univ-lyon.edu',
  mailbox: 'jean.dupont',
  mailDomain: 'mail.acme-group.fr',
  ipAfterUnderscore: '192.168.10.51',
  ipLeadingZeros: '192.168.010.052',
  ipv6Global: '2400:4050:a1b2:100::15',
  ipv6GlobalLong: '2400:4050:a1b2:100:0:0:0:15',
  ipv6LinkLocal: 'fe80::250:56ff:feab:cdef',
  macDashes: '00-50-56-AB-CD-EF',
  macColons: '00:50:56:ab:cd:ef',
  macDots: '0050.56ab.cd01',
  userHome: 'mtanaka',
  userField: 'ksato',
  commIp: '192.168.10.11',
  wwid: '36000c29a1b2c3d4e5f60718293a4b5c6',
};

/** What analysis needs and a careless redactor would take for a name or an address. Each must survive. */
const KEEP = ['9.5.1', '4.18.0-305.el8.x86_64', '104086', 'app1', 'datarep1', '/dev/md0', '662.2 MB', '10:20:30', '2024-05-20T10:20:30', 'steeleye-lk-9.5.1-7154.x86_64', 'iscsi-initiator-utils-6.2.1.2-1.gitfa2c3a7.el8.x86_64', 'lkscsid.pid', 'multi-user.target', 'lkstart.sh'];

/** The payload of the EMERG lines, the same on both nodes: every shape, in a finding's title and its evidence. */
const EMERG = [
  `104086:mirror datarep1 on /dev/md0 (662.2 MB at 10:20:30, 2024-05-20T10:20:30) has data_corrupt set on system "${SECRETS.peerOnSystem}"`,
  `104087:contact ${SECRETS.mailbox}@${SECRETS.mailDomain} or see https://${SECRETS.urlHost}/case?id=42 about ${SECRETS.fqdnFr}`,
  `104088:lost IP_${SECRETS.ipAfterUnderscore} and ${SECRETS.ipLeadingZeros} (192.168.10.52) via ${SECRETS.ipv6Global} / ${SECRETS.ipv6GlobalLong} from [${SECRETS.ipv6LinkLocal}%eth1]:7365`,
  `104089:nic ${SECRETS.macDashes} = ${SECRETS.macColons}, switch port 0050.56ab.cd01, bind to ${SECRETS.fqdnRu} and ${SECRETS.domainEdu}`,
  `104090:script /home/${SECRETS.userHome}/bin/lkstart.sh failed for user=${SECRETS.userField} (lkscsid.pid, multi-user.target) on ${SECRETS.commIp}`,
  `104091:device ${SECRETS.wwid} of app1 lost`,
];

function nodeMembers(host: string, peer: string, local: string, remote: string): TestMember[] {
  const root = `lksupport-${host}-20240520-102001`;
  const log = [
    `May 20 09:41:00 ${host} lcm[1402]: INFO:lcd:::000101:LifeKeeper started, peer ${peer} answered`,
    `May 20 09:41:07 ${host} lcm[1402]: ERROR:lcd.mes:::004217:Communication failure: destination system "${SECRETS.peerFromLog}" is out of service.`,
    ...EMERG.map((p, i) => `May 20 09:41:${String(10 + i).padStart(2, '0')} ${host} lcd[1402]: EMERG:lcd:check:app1:${p}`),
    `May 20 09:42:00 ${host} lcm[1402]: INFO:lcd:::000102:done`,
  ].join('\n');
  const lcdstatus = [
    `BACKUP node ${peer}:`,
    'ROOT of RESOURCE HIERARCHY',
    'app1: id=app1 app=gen type=app state=ISP',
    '        initialize=(AUTORES_ISP) automatic restore to IN-SERVICE by LifeKeeper',
    '        info=/opt/app/bin/restore',
    '        depends on resources: datarep1',
    '        Local priority = 1',
    `        SHARED equivalency with "app1" on "${peer}", priority = 10`,
    '                FAILOVER ALLOWED',
    'datarep1: id=/dev/md0 app=scsi type=netraid state=ISP',
    '        initialize=(AUTORES_ISP) automatic restore to IN-SERVICE by LifeKeeper',
    '        info=/dev/md0',
    '        these resources are dependent: app1',
    '        Local priority = 1',
    `        SHARED equivalency with "datarep1" on "${peer}", priority = 10`,
    '                FAILOVER ALLOWED',
    '',
    'The following LifeKeeper machines are known:',
    `        machine=${host}        state=ALIVE`,
    `        machine=${SECRETS.peerMachine}        state=DEAD`,
    `to machine=${peer} type=TCP addresses=${local}/${remote} state="ALIVE" priority=1 #comm_downs=0`,
    'The following LifeKeeper flags are on:',
  ].join('\n');
  const inputs: Record<string, string> = {
    'cmd/hostname.out': `${host}\n`,
    'cmd/uname_-a.out': `Linux ${host} 4.18.0-305.el8.x86_64 #1 SMP Thu Apr 29 08:54:30 EDT 2021 x86_64 x86_64 x86_64 GNU/Linux\n`,
    'cmd/rpm_-qa.out': 'steeleye-lk-9.5.1-7154.x86_64\niscsi-initiator-utils-6.2.1.2-1.gitfa2c3a7.el8.x86_64\n',
    'cmd/lcdstatus_-q.out': `LOCAL     TAG       ID        STATE  PRIO  PRIMARY\n${host}  app1      app1      ISP    1     ${host}\n${host}   datarep1 /dev/md0  ISP    1     ${host}\n\nMACHINE   NETWORK ADDRESSES/DEVICE  STATE  PRIO\n${peer}  TCP  ${local}/${remote}  ALIVE  1\n`,
    'cmd/lcdstatus.out': `${lcdstatus}\n`,
    'var/log/lifekeeper.log': `${log}\n`,
    [`home/${SECRETS.userHome}/notes.txt`]: 'nothing\n',
  };
  const mtime = new Date('2024-05-20T01:21:30Z');
  return Object.entries(inputs).map(([name, content]) => ({ name: `${root}/${name}`, content, mtime }));
}

async function caseReport(): Promise<Report> {
  const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-redact-'));
  try {
    const files: string[] = [];
    for (const [host, peer, local, remote] of [['alpha-db1', 'alpha-db2', SECRETS.commIp, '192.168.10.12'], ['alpha-db2', 'alpha-db1', '192.168.10.12', SECRETS.commIp]] as const) {
      const file = join(dir, `lksupport-${host}.${SECRETS.domainFr}-20240520.tar.gz`);
      await writeFile(file, gzipSync(await makeTar(nodeMembers(host, peer, local, remote))));
      files.push(file);
    }
    const report = await run(files);
    // Fields no analyzer fills with these shapes today but a future one may: a note, a finding's summary and remediation.
    report.nodes[0]?.notes.push({ en: `Collected by ${SECRETS.mailbox}@${SECRETS.mailDomain} on ${SECRETS.fqdnRu}`, ja: `${SECRETS.fqdnRu} で収集` });
    const f = report.findings[0];
    if (f) {
      f.summary = { en: `${f.summary.en} Peer ${SECRETS.peerOnSystem} at ${SECRETS.ipv6Global}.`, ja: f.summary.ja };
      f.remediation = { en: `${f.remediation.en} Ask ${SECRETS.mailbox}@${SECRETS.mailDomain}.`, ja: f.remediation.ja };
    }
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every string in a value. */
function allStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) allStrings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      allStrings(x, out);
    }
  }
  return out;
}

describe('redaction finds names and addresses by their shapes', async () => {
  const report = await caseReport();
  const { report: red, map } = redactReport(report);
  const outputs = await exportsOf(red);
  const pseudonym = (kind: string, original: string): string | undefined => map.entries.find((e) => e.kind === kind && e.original === original)?.pseudonym;

  it('the case really holds every shape, in finding titles, evidence and its context, member paths and archive names', () => {
    const json = JSON.stringify(report);
    for (const s of Object.values(SECRETS)) expect(json, s).toContain(s);
    expect(report.findings.some((f) => f.title.en.includes(SECRETS.peerFromLog))).toBe(true);
    expect(report.findings.some((f) => f.title.en.includes(SECRETS.peerOnSystem))).toBe(true);
    expect(report.archives.every((a) => a.file.includes(SECRETS.domainFr))).toBe(true);
    expect(report.nodes.every((n) => JSON.stringify(n.members).includes(`/home/${SECRETS.userHome}/`))).toBe(true);
    expect(report.nodes.map((n) => n.hostname)).toEqual(['alpha-db1', 'alpha-db2']);
  });

  for (const [shape, value] of Object.entries(SECRETS)) {
    it(`leaves no ${shape} (${value}) in the JSON, text or HTML`, () => {
      for (const [format, out] of Object.entries(outputs)) expect(out.toLowerCase().includes(value.toLowerCase()), `${value} in ${format}`).toBe(false);
    });
  }

  it('leaves no learned original anywhere, not even the node names or the syslog hosts', () => {
    for (const [format, out] of Object.entries(outputs)) {
      expect(originals(report, map.entries).filter((s) => contains(out, s)), format).toEqual([]);
    }
  });

  it('keeps what analysis needs: versions, kernels, message ids, tags, sizes, times, packages, file names', () => {
    for (const k of KEEP) expect(outputs.json, k).toContain(k);
    expect(red.findings.map((f) => `${f.id}:${f.severity}`)).toEqual(report.findings.map((f) => `${f.id}:${f.severity}`));
    const facts = (r: Report): unknown[] => r.nodes.map((n) => [n['lifekeeper-version']?.version, n.kernel?.release]);
    expect(facts(red)).toEqual(facts(report));
    expect(facts(red)[0]).toEqual(['9.5.1', '4.18.0-305.el8.x86_64']);
  });

  it('gives one value one pseudonym on both nodes, in the same line, whichever way it is written', () => {
    // The EMERG lines are the same on both nodes: redacted, they must read the same too.
    const payloads = (i: number): string[] => allStrings(red.nodes[i]).filter((s) => s.includes('EMERG:')).map((s) => s.slice(s.indexOf('EMERG:'))).sort();
    const [one, two] = [new Set(payloads(0)), new Set(payloads(1))];
    expect(one.size).toBeGreaterThanOrEqual(EMERG.length);
    expect([...one]).toEqual([...two]);
    const emerg = [...one].join('\n');
    // Written two ways, one address: the same pseudonym.
    const v6 = pseudonym('ipv6', SECRETS.ipv6Global);
    expect(v6).toMatch(/^2001:db8:/);
    expect(emerg).toContain(`via ${v6} / ${v6} from`);
    expect(emerg).toMatch(/\bIP_10\.\d+\.\d+\.51 and (10\.\d+\.\d+)\.52 \(\1\.52\)/);
    const mac = pseudonym('mac', '00:50:56:ab:cd:ef');
    expect(mac).toBeDefined();
    expect(emerg).toContain(`nic ${(mac ?? '').replace(/:/g, '-').toUpperCase()} = ${mac},`);
    expect(emerg).toMatch(/switch port [0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4},/);
    // Names: the same pseudonym in the node facts, the cluster, the findings and the evidence.
    const peer = pseudonym('host', SECRETS.peerFromLog) ?? '';
    expect(peer).toMatch(/^node-\d+$/);
    expect(red.findings.filter((f) => f.title.en.includes(peer)).length).toBeGreaterThanOrEqual(2);
    const mailbox = pseudonym('email', SECRETS.mailbox);
    const dom = pseudonym('domain', SECRETS.mailDomain.split('.').slice(1).join('.'));
    expect(emerg).toContain(`contact ${mailbox}@mail.${dom} or see https://`);
    const user = pseudonym('user', SECRETS.userHome) ?? '';
    expect(emerg).toContain(`/home/${user}/bin/lkstart.sh`);
    for (const n of red.nodes) expect(JSON.stringify(n.members)).toContain(`/home/${user}/notes.txt`);
    expect(red.nodes.map((n) => n.hostname)).toEqual(['node-1', 'node-2']);
    expect(red.clusters[0]?.nodes).toEqual(['node-1', 'node-2']);
    const archiveDomain = pseudonym('domain', SECRETS.domainFr);
    expect(red.archives.map((a) => a.file.slice(a.file.lastIndexOf('/') + 1))).toEqual([`lksupport-node-1.${archiveDomain}-20240520.tar.gz`, `lksupport-node-2.${archiveDomain}-20240520.tar.gz`]);
  });

  it('counts what it replaced, by kind, and keeps the table out of the report', () => {
    const counts = red.redaction?.counts ?? {};
    for (const kind of ['host', 'domain', 'ipv4', 'ipv6', 'mac', 'user', 'email', 'serial']) expect(counts[kind], kind).toBeGreaterThan(0);
    expect(outputs.json).not.toContain('"original"');
  });
});

describe('redaction leaves alone what is no name', () => {
  /** Lines of LifeKeeper archives with no site value in them: each must come out as it went in. */
  const plain = [
    'steeleye-lk-9.5.1-7154.x86_64',
    'steeleye-lkGUI-9.6.2-7047.noarch',
    'kernel-4.18.0-305.el8.x86_64',
    'java-1.8.0-openjdk-headless-1.8.0.292.b10-1.el7_9.x86_64',
    'libfoo-2.4.1.3-1.el8.x86_64',
    'Linux version 4.18.0-305.el8.x86_64 (mockbuild@x86-vm-07.build.eng.bos.redhat.com)',
    '5.4.17-2136.307.3.1.el8uek.x86_64',
    'ERROR:lcd.mes:::004217:message 104086 in lcd.mes',
    'datarep1: id=/dev/md0 app=scsi type=netraid state=ISP',
    'app1 fs-data ip-web disk-sdb1 device-sdb',
    'resync 662.2 MB of 2.9 GB in 00:12:30 at 2024-05-20T10:20:30.123+09:00',
    'Started getty@tty1.service, user@1000.service and lvm2-pvscan@8:16.service; reached multi-user.target',
    '/opt/LifeKeeper/bin/lkstart.sh wrote /var/run/lkscsid.pid and lifekeeper.log.1',
    'PCI 0000:00:1f.2 and SCSI 2:0:0:0 at 12:00:00, std::string and Foo::Bar, DB:: and A::B',
    'See https://docs.us.sios.com/spslinux/9.5.1/en/topic/x and support@sios.com',
    'Makefile.in config.map the.name node.js next.step ~/.ssh/id_rsa.pub log4j.properties',
    'stopped.It failed.No done.Is',
    'version 1.2.3.4.5 and build 2021.04.29',
    'user should check; the user is root; uid=0(root)',
  ];
  for (const line of plain) {
    it(`keeps "${line}"`, () => {
      const r = new Redactor();
      r.learn(line);
      expect(r.apply(line)).toBe(line);
      expect(r.mapping().entries).toEqual([]);
    });
  }
});

describe('each shape on its own', () => {
  const redacted = (lines: string[]): string[] => {
    const r = new Redactor();
    for (const l of lines) r.learn(l);
    return lines.map((l) => r.apply(l));
  };

  it('IPv6: compressed, full, zoned, bracketed with a port, with a prefix, at a sentence end; IPv4 inside stays IPv4', () => {
    const [a, b] = redacted(['2400:4050:a1b2:100::15/64 fe80::250:56ff:feab:cdef%eth0 [2400:4050:a1b2:100::16]:7365 ::ffff:192.168.1.5 and 2400:4050:A1B2:0100:0000:0000:0000:0015.', 'fe80::1: no route']);
    expect(a).toMatch(/^2001:db8:1::1\/64 fe80::1%eth0 \[2001:db8:1::2\]:7365 ::ffff:10\.\d+\.\d+\.5 and 2001:db8:1::1\.$/);
    expect(b).toBe('fe80::2: no route');
  });

  it('names only log text gives: 004217, on system, destination system, machine=, BACKUP node, the -q tables, uname, prompts', () => {
    const out = redacted([
      'Communication failure: destination system "peer-a" is out of service',
      'flag is set in "/opt/x" on system "peer-b". To avoid',
      '        machine=peer-c        state=DEAD',
      'BACKUP node peer-d:',
      'peer-e  TCP     10.0.0.11/10.0.0.12  DEAD         1',
      'peer-f     datarep-x  /dev/md0  OSU  10  peer-g',
      'Linux peer-h 4.18.0-305.el8.x86_64 #1 SMP',
      '[kato@peer-i ~]$ lcdstatus',
      'list: peer-a peer-b peer-c peer-d peer-e peer-f peer-g peer-h peer-i peer-j',
    ]);
    expect(out[8]).toBe('list: node-1 node-2 node-3 node-4 node-5 node-6 node-7 node-8 node-9 peer-j');
    expect(out[7]).toBe('[user-1@node-9 ~]$ lcdstatus');
  });

  it('domains anywhere: any real TLD, under a private domain a host field named, inside URLs and e-mail addresses', () => {
    const r = new Redactor();
    r.host('db1.sales.acmecorp');
    const lines = ['backup to db7.sales.acmecorp and files.acme.fr, mx.yandex.ru, cs.mit.edu, ftp://bob:pw@ftp.acme.co.in/x, Jean.Dupont@Acme.FR'];
    for (const l of lines) r.learn(l);
    for (const l of lines) r.learn(l);
    const out = r.apply(lines[0] ?? '');
    for (const s of ['db7', 'acmecorp', 'acme', 'yandex', 'mit.edu', 'bob', 'jean', 'dupont']) expect(out.toLowerCase(), s).not.toContain(s);
    expect(out).toMatch(/^backup to node-\d+\.domain-1\.example and node-\d+\.domain-\d+\.example, /);
  });

  it('MACs: colons, dashes and dots are one address; 8-byte WWNs too', () => {
    const [line] = redacted(['00:50:56:AB:CD:EF 00-50-56-ab-cd-ef 0050.56ab.cdef 21:00:00:24:ff:4c:5a:2b']);
    expect(line).toBe('02:00:00:00:00:01 02-00-00-00-00-01 0200.0000.0001 02:00:00:00:00:00:00:02');
  });
});

describe('redaction stays linear on hostile input', () => {
  // Linear, not fast: a line eight times longer must cost about eight times as
  // much, where a backtracking regex costs sixty-four times (or more). Each
  // length is the best of five runs, the two lengths taken in turn, so that a
  // burst of load on a shared machine slows both alike (the house rule: no
  // timed tests; a ratio of four with best of three still failed at load 10).
  const K16 = 16 * 1024;
  const GROWTH = 8;
  const fill = (unit: string, length: number, tail = ''): string => unit.repeat(Math.ceil((length - tail.length) / unit.length)).slice(0, length - tail.length) + tail;
  /** What is repeated to make a backtracking regex go quadratic: runs of what each pattern accepts, cut where it fails. */
  const units: Array<[string, string?]> = [
    ['a'], ['a.'], ['a-'], ['1.'], ['1'], ['a', '!'], ['a.', '!'], [':'], ['a:'], ['ab:'], ['0:'], ['1::'],
    ['aa-'], ['aa:'], ['abcd.'], ['f'], ['@a'], ['a@'], ['a.b@'], ['x://'], ['http://a'], ['"'], [' '],
    ['machine='], ['user='], ['/home/'], ['Communication failure '], ['system "a'], ['equivalency with "'],
    ['a '], ['a  TCP  '], ['[a@'], ['uid=1('], ['for user '], ['192.168.1.'], ['1.1.1.1.'], ['\x01'],
  ];
  const timed = (work: () => void): number => {
    const start = performance.now();
    work();
    return performance.now() - start;
  };
  /** The best of five at a short length and at eight times it, taken in turn. */
  const growth = (run: (line: string) => void, unit: string, tail?: string, short = K16): { short: number; long: number } => {
    const shortLine = fill(unit, short, tail);
    const longLine = fill(unit, GROWTH * short, tail);
    const t = { short: Infinity, long: Infinity };
    for (let i = 0; i < 5; i++) {
      t.short = Math.min(t.short, timed(() => run(shortLine)));
      t.long = Math.min(t.long, timed(() => run(longLine)));
    }
    return t;
  };
  // Three times linear (caches make a longer line cost more than its share), and 5 ms for the clock's
  // grain on lines that take microseconds; quadratic is 64 times.
  const linear = (t: { short: number; long: number }): boolean => t.long < 3 * GROWTH * t.short + 5;

  it('a line eight times longer costs at most three times eight as much (a quadratic regex fails this)', () => {
    // The check itself: a regex that goes quadratic on a run of "a" (each start reads to the end) fails
    // it, at 1 and 8 KiB to keep it short; a linear one passes.
    expect(linear(growth((line) => [...line.matchAll(/a*!/g)], 'a', undefined, 1024))).toBe(false);
    expect(linear(growth((line) => [...line.matchAll(/a!/g)], 'a'))).toBe(true);
  });

  for (const { name, re } of redactionRegexes()) {
    it(`${name}: linear in the length of each hostile line`, () => {
      for (const [unit, tail] of units) {
        const t = growth((line) => [...line.matchAll(re)], unit, tail);
        expect(linear(t), `${name} on ${JSON.stringify(unit)}: ${t.short.toFixed(2)} ms at 16 KiB, ${t.long.toFixed(2)} ms at 128 KiB`).toBe(true);
      }
    });
  }

  it('the whole redactor, learning and applying, stays linear on each hostile line', () => {
    // The longest names there can be, made of what the hostile lines repeat: the name walk goes deepest on them.
    const label = `${'a-'.repeat(31)}a`;
    const fqdn = `${Array.from({ length: 3 }, () => label).join('.')}.${'a.'.repeat(30)}fr`;
    for (const [unit, tail] of units) {
      const t = growth((line) => {
        const r = new Redactor();
        r.host('lk-node1');
        r.host(label);
        r.host(fqdn);
        r.user('alice');
        r.learn(line);
        r.apply(line);
      }, unit, tail);
      expect(linear(t), `${JSON.stringify(unit)}: ${t.short.toFixed(2)} ms at 16 KiB, ${t.long.toFixed(2)} ms at 128 KiB`).toBe(true);
    }
  });
});
