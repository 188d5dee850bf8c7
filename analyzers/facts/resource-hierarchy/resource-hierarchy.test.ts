import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { Resource } from './index.js';
import resourceHierarchy, { allResources } from './index.js';
import { inferType } from './build.js';

const LONG = `ROOT of RESOURCE HIERARCHY
app1: id=app1 app=gen type=app state=ISP
        depends on resources: ip1,fs1
        Local priority = 1
        SHARED equivalency with "app1" on "lk2", priority = 10
app2: id=app2 app=gen type=app state=OSF
        depends on resources: fs1
ip1: id=IP-10.0.0.5 app=comm type=ip state=ISP
fs1: id=/data app=gen type=filesys state=ISP
`;

const SHORT = `LOCAL  TAG     ID          STATE  PRIO  PRIMARY
lk1    app1    app1        OSU       1  lk1
lk1     ip1    IP-10.0.0.5 ISP       1  lk2
lk1     fs1    /data       ISP       1  lk1
`;

describe('resource-hierarchy', () => {
  it('nests children and gives a shared child once, referenced elsewhere', async () => {
    const run = await runAnalyzer(resourceHierarchy, { inputs: { lcdstatus: LONG } });
    const roots = run.fact as Resource[];
    expect(roots.map((r) => r.tag)).toEqual(['app1', 'app2']);
    expect(roots[0]?.children.map((c) => ('ref' in c ? `ref:${c.ref}` : c.tag))).toEqual(['ip1', 'fs1']);
    expect(roots[1]?.children).toEqual([{ ref: 'fs1' }]);
    expect(roots[0]).toMatchObject({ state: 'ISP', localPriority: 1, equivalencies: [{ peer: 'lk2', priority: 10 }], evidence: [{ path: 'cmd/lcdstatus.out', line: 2 }] });
    expect(allResources(roots).map((r) => r.tag)).toEqual(['app1', 'ip1', 'fs1', 'app2']);
  });

  it('lets the long form win where -q disagrees, and takes the primary server from -q', async () => {
    const run = await runAnalyzer(resourceHierarchy, { inputs: { lcdstatus: LONG, 'lcdstatus-q': SHORT } });
    const app1 = (run.fact as Resource[])[0];
    expect(app1?.state).toBe('ISP');
    expect(app1?.primaryServer).toBe('lk1');
    expect(app1?.typeSource).toBe('lcdstatus');
  });

  it('builds the tree from -q alone and marks inferred types', async () => {
    const run = await runAnalyzer(resourceHierarchy, { inputs: { 'lcdstatus-q': SHORT } });
    const roots = run.fact as Resource[];
    expect(roots).toHaveLength(1);
    expect(roots[0]?.children.map((c) => ('ref' in c ? c.ref : `${c.tag}:${c.type}:${c.typeSource}`))).toEqual(['ip1:ip:inferred', 'fs1:filesys:inferred']);
  });

  it('takes app and type from ins_list over inference', async () => {
    const run = await runAnalyzer(resourceHierarchy, {
      inputs: { 'lcdstatus-q': SHORT, 'ins-list': 'lk1\u0001gen\u0001app\u0001app1\u0001app1\u0001\u0001AUTORES_ISP\u0001OSU\n' },
    });
    expect((run.fact as Resource[])[0]).toMatchObject({ app: 'gen', type: 'app', typeSource: 'ins_list' });
  });

  it('infers types only from shapes it knows', () => {
    expect(inferType('datarep-x', '/dev/sdb1')).toEqual({ app: 'scsi', type: 'netraid' });
    expect(inferType('disk-sdc1', '3600508b400105e210000900000490000-1')).toEqual({ app: 'scsi', type: 'disk' });
    expect(inferType('myapp', 'whatever')).toBeNull();
    // v8-era shapes (sources/004): datarep1 on /dev/sda, ip1 with the bare address.
    expect(inferType('datarep1', '/dev/sda')).toEqual({ app: 'scsi', type: 'netraid' });
    expect(inferType('ip1', '192.168.0.1')).toEqual({ app: 'comm', type: 'ip' });
    expect(inferType('ip6', 'fe80::1')).toEqual({ app: 'comm', type: 'ip' });
    expect(inferType('app1', 'application1')).toBeNull();
    expect(inferType('data', '/dev/sdb1')).toBeNull();
  });

  it('is not checked without lcdstatus, or when LifeKeeper was not running', async () => {
    expect((await runAnalyzer(resourceHierarchy, {})).status.status).toBe('not-checked');
    expect((await runAnalyzer(resourceHierarchy, { inputs: { lcdstatus: 'LifeKeeper does not appear to be running.\n' } })).status.reason?.en).toMatch(/not running/);
  });

  it('accounts for every line: rows it cannot read are counted on the member, the first few named', async () => {
    const run = await runAnalyzer(resourceHierarchy, { inputs: { 'lcdstatus-q': `${SHORT}lk1  ??? this row is garbled\n` } });
    const member = run.node.members.read.find((m) => m.input === 'lcdstatus-q');
    expect(member?.unread?.lines).toBe(1);
    expect(member?.unread?.first[0]).toMatchObject({ line: SHORT.split('\n').length, text: 'lk1  ??? this row is garbled' });
    const clean = await runAnalyzer(resourceHierarchy, { inputs: { 'lcdstatus-q': SHORT } });
    expect(clean.node.members.read.find((m) => m.input === 'lcdstatus-q')?.unread).toBeUndefined();
  });

  it('a status file whose rows cannot be read never reads as "not running"', async () => {
    const run = await runAnalyzer(resourceHierarchy, { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk1 app1 (garbled)\nlk1 ip1 (garbled)\n' } });
    expect(run.status.status).toBe('not-checked');
    expect(run.status.reason?.en).not.toMatch(/not running/);
    expect(run.status.reason?.en).toMatch(/none of its resource rows could be read \(2 line/);
  });

  it('Windows status output (|—- before child tags, ADDRESSES/DISK) is not LifeKeeper for Linux: said first, and no resource built from it', async () => {
    const windows = 'LOCAL      TAG         ID      STATE   PRIO  PRIMARY\nWINSV1     Vol.E       E:      ISP        1  WINSV1\nWINSV1     |—-IP-10.1  IP-10.1 ISP        1  WINSV1\n\nMACHINE  TYPE  ADDRESSES/DISK         STATE  PRIO\nWINSV2   TCP   10.0.0.1/10.0.0.2      ALIVE     1\n';
    const run = await runAnalyzer(resourceHierarchy, { inputs: { 'lcdstatus-q': windows } });
    expect(run.status.status).toBe('not-checked');
    expect(run.fact).toBeUndefined();
    expect(run.node.recognized).toBe(false);
    expect(run.node.notes[0]?.en).toMatch(/LifeKeeper for Windows .* not a Linux lksupport archive/);
  });
});

describe('resource-hierarchy on structures that break recursion or grow quadratically', () => {
  /** ins_list and dep_list of a chain `depth` resources long, each depending on the next. */
  const chain = (depth: number): { 'ins-list': string; 'dep-list': string } => {
    const ins: string[] = [];
    const dep: string[] = [];
    for (let i = 0; i < depth; i++) {
      ins.push(['gen', 'filesys', `fs-${i}`, `/d/${i}`, '-', 'AUTORES_ISP', 'ISP'].join('\u0001'));
      if (i > 0) dep.push(`fs-${i - 1}\u0001fs-${i}`);
    }
    return { 'ins-list': `${ins.join('\n')}\n`, 'dep-list': `${dep.join('\n')}\n` };
  };
  const depthOf = (r: Resource): number => {
    let depth = 0;
    for (let n: Resource | undefined = r; n; n = n.children.find((c): c is Resource => !('ref' in c))) depth++;
    return depth;
  };

  it('builds a chain 3,000 deep in trees of at most 64 levels, each cut resource referenced where it hangs and a root of its own, with a note', async () => {
    const run = await runAnalyzer(resourceHierarchy, { inputs: chain(3000) });
    const roots = run.fact as Resource[];
    expect(Math.max(...roots.map(depthOf))).toBe(64);
    expect(roots.map((r) => r.tag).slice(0, 3)).toEqual(['fs-0', 'fs-64', 'fs-128']);
    expect(allResources(roots)).toHaveLength(3000);
    expect(run.status.reason?.en).toMatch(/46 resources hang more than 64 levels deep \(fs-64, fs-128, fs-192, …\)/);
  });

  it('builds a chain 20,000 deep in seconds, keeps 5,000 resources and counts the rest', async () => {
    const started = Date.now();
    const run = await runAnalyzer(resourceHierarchy, { inputs: chain(20_000) });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(allResources(run.fact as Resource[])).toHaveLength(5000);
    expect(run.status.reason?.en).toMatch(/more than 5000 resources: the first 5000 are in the hierarchy, 15000 more were counted/);
  }, 30_000);

  it('builds a parent of 50,000 children in linear time', async () => {
    const ins = ['gen\u0001app\u0001top\u0001top\u0001-\u0001AUTORES_ISP\u0001ISP'];
    const dep: string[] = [];
    for (let i = 0; i < 50_000; i++) dep.push(`top\u0001c-${i}`);
    const started = Date.now();
    const run = await runAnalyzer(resourceHierarchy, { inputs: { 'ins-list': `${ins.join('\n')}\n`, 'dep-list': `${dep.join('\n')}\n` } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((run.fact as Resource[])[0]?.children).toHaveLength(4999);
  }, 30_000);
});
