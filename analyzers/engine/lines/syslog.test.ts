import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferYear, parseLkPayload, parseLogLine } from './syslog.js';

const ref = new Date('2024-05-20T01:20:01Z');

describe('parseLogLine', () => {
  it('reads a BSD syslog line with a LifeKeeper payload', () => {
    const l = parseLogLine('Sep 29 05:50:44 lk-1 lkscsid[6847]: INFO:lkscsid:::007046:lkscsid daemon pid:6847 mlock:1 nice:-10', ref);
    expect(l).toMatchObject({
      host: 'lk-1',
      program: 'lkscsid',
      pid: 6847,
      time: { local: '2023-09-29T05:50:44', yearInferred: true, offset: null },
      lk: { severity: 'INFO', component: 'lkscsid', action: '', tag: '', msgid: '007046', text: 'lkscsid daemon pid:6847 mlock:1 nice:-10' },
    });
  });

  it('reads an RFC 3339 line and keeps its offset', () => {
    const l = parseLogLine('2021-03-15T22:05:18.002913+09:00 dk-app1 mirror_action[20052]: INFO:dr:resume:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 2.9 GB', ref);
    expect(l?.time).toMatchObject({ local: '2021-03-15T22:05:18.002913', offset: '+09:00', yearInferred: false });
    expect(l?.lk).toMatchObject({ action: 'resume', tag: 'datarep-dk-mirror', msgid: '104009', text: '/dev/md0: bitmap merged, resyncing 2.9 GB' });
  });

  it('keeps colons in the text and allows an empty subcomponent', () => {
    expect(parseLkPayload('ERROR:lcd.mes:::004217:Communication failure: destination system "X" is out of service.')).toMatchObject({
      component: 'lcd.mes', action: '', tag: '', msgid: '004217', text: 'Communication failure: destination system "X" is out of service.',
    });
  });

  it('reads lines that are not LifeKeeper payloads without an lk part', () => {
    const l = parseLogLine('May 20 03:12:01 lk-node1 CROND[30112]: (root) CMD (/usr/bin/logrotate /etc/logrotate.conf)', ref);
    expect(l).toMatchObject({ program: 'CROND', pid: 30112, lk: null });
    expect(parseLogLine('Jul 14 06:57:43 oci-lk1 iscsid: iscsid: re-opening session 1 (reopen_cnt 449)', ref)).toMatchObject({ program: 'iscsid', pid: null });
    expect(parseLogLine('not a log line', ref)).toBeNull();
    expect(parseLogLine('Foo 20 10:00:00 h p: x', ref)).toBeNull();
  });
});

describe('inferYear', () => {
  it('puts December lines of a log collected in January in the year before', () => {
    const jan = new Date('2024-01-03T00:00:00Z');
    expect(inferYear(11, 31, jan)).toBe(2023);
    expect(inferYear(0, 2, jan)).toBe(2024);
    expect(inferYear(0, 4, jan)).toBe(2024); // within a day of the reference: clock skew, same year
    expect(inferYear(0, 5, jan)).toBe(2023);
  });

  it('puts a January line of a file dated 31 December in the year after, and no more than a day ahead', () => {
    const eve = new Date('2024-12-31T23:59:50Z');
    expect(inferYear(0, 1, eve)).toBe(2025);
    expect(inferYear(11, 31, eve)).toBe(2024);
    expect(inferYear(0, 2, eve)).toBe(2024); // two days ahead: last year's, as before
    const morning = new Date('2024-12-31T00:00:00Z');
    expect(inferYear(0, 1, morning)).toBe(2025); // the next midnight, a day ahead at most
    expect(parseLogLine('Jan  1 00:00:05 lk-1 lifekeeper[1]: INFO:lcd:::000001:x', eve)?.time?.local).toBe('2025-01-01T00:00:05');
  });
});

describe('parsers never throw and stay linear on hostile lines', () => {
  it('any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (s) => {
      parseLogLine(s, ref);
      parseLkPayload(s);
    }), { numRuns: 2000 });
  });

  it('long adversarial lines parse in linear time', () => {
    const attacks = [
      `May 20 10:00:00 ${'a'.repeat(200_000)}`,
      `2024-05-20T10:00:00 h ${'p['.repeat(100_000)}`,
      `May 20 10:00:00 h p[1]: ${'INFO:'.repeat(100_000)}`,
      `${'2024-05-20T10:00:00'.repeat(20_000)}`,
    ];
    for (const a of attacks) {
      const t = performance.now();
      parseLogLine(a, ref);
      expect(performance.now() - t).toBeLessThan(500);
    }
  });
});

describe('LifeKeeper lines without their syslog header (formats.md §2.14)', () => {
  it('reads host prog[pid]: payload, prog[pid]: payload and the payload alone, as KB articles quote them, without a time', async () => {
    const { parseAnyLogLine } = await import('./syslog.js');
    const ref = new Date('2024-06-01T00:00:00Z');
    const hostProg = parseAnyLogLine('AAAAA recover[BBBBB]: EMERG:lcd.recover::CCCCC:004788:failed to remove resource \'CCCCC\'. SYSTEM HALTED.', ref);
    expect(hostProg).toMatchObject({ time: null, host: 'AAAAA', program: 'recover', pid: null, lk: { severity: 'EMERG', msgid: '004788', tag: 'CCCCC' } });
    const prog = parseAnyLogLine('quickCheck[<PID>]: NOTIFY:RKActionHandler:quickCheck:<resource>:001047:END failed quickCheck of "<resource>" due to a "ALRM" signal.', ref);
    expect(prog).toMatchObject({ time: null, host: '', program: 'quickCheck', lk: { msgid: '001047' } });
    const bare = parseAnyLogLine('ERROR:lcd.mes:::004217:Communication failure: destination system "DDDDD" is out of service.', ref);
    expect(bare).toMatchObject({ time: null, lk: { severity: 'ERROR', msgid: '004217', text: 'Communication failure: destination system "DDDDD" is out of service.' } });
  });

  it('reads a timed line whose pid is a placeholder, as formats.md quotes the KB (`Nov 11 00:00:00 AAAAA recover[BBBBB]: …`)', async () => {
    const { parseAnyLogLine } = await import('./syslog.js');
    const ref = new Date('2024-06-01T00:00:00Z');
    const kb = parseAnyLogLine('Nov 11 00:00:00 AAAAA recover[BBBBB]: EMERG:lcd.recover::CCCCC:004788:failed to remove resource \'CCCCC\'. SYSTEM HALTED.', ref);
    expect(kb).toMatchObject({ time: { local: '2023-11-11T00:00:00' }, host: 'AAAAA', program: 'recover', pid: null, lk: { severity: 'EMERG', msgid: '004788' } });
    expect(parseAnyLogLine('2024-05-20T10:00:00+09:00 lk1 quickCheck[<PID>]: NOTIFY:RKActionHandler:quickCheck:fs1:001047:END failed quickCheck of "fs1" due to a "ALRM" signal.', ref)).toMatchObject({ program: 'quickCheck', pid: null, lk: { msgid: '001047' } });
    expect(parseAnyLogLine('May 20 10:13:20 lk1 prog[a b]: INFO:x:::000001:y', ref)?.lk).toBeNull();
  });

  it('leaves other headerless text alone: a continuation line, prose, a timed line is still timed', async () => {
    const { parseAnyLogLine } = await import('./syslog.js');
    const ref = new Date('2024-06-01T00:00:00Z');
    expect(parseAnyLogLine('To avoid data corruption, LifeKeeper will not restore the resource', ref)).toBeNull();
    expect(parseAnyLogLine('prog[1]: just text', ref)).toBeNull();
    expect(parseAnyLogLine('May 20 10:13:20 lk1 lkscsid[4410]: INFO:lkscsid:::007046:lkscsid daemon pid:4410', ref)?.time?.local).toBe('2024-05-20T10:13:20');
  });
});

// The regular-expression parser the hand-written one replaced, kept as the reference it must agree with.
const REF_BSD = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S{1,255}) (.*)$/;
const REF_RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})? (\S{1,255}) (.*)$/;
const REF_PROGRAM = /^([^\s:[]{1,128})(?:\[([^\]\s]{1,16})\])?: ?(.*)$/;
const REF_MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const REF_TWO = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

function refPayload(message: string): unknown {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const c = message.indexOf(':', start);
    if (c < 0) return null;
    parts.push(message.slice(start, c));
    start = c + 1;
  }
  const [severity, component, action, tag, msgid] = parts as [string, string, string, string, string];
  if (!/^(EMERG|FATAL|ERROR|WARN|NOTIFY|INFO|DEBUG)$/.test(severity) || !/^\d{6}$/.test(msgid)) return null;
  return { severity, component, action, tag, msgid, text: message.slice(start) };
}

function refParse(line: string, reference: Date): unknown {
  let time: unknown;
  let host: string;
  let after: string;
  const bsd = REF_BSD.exec(line);
  if (bsd) {
    const month = REF_MONTHS[(bsd[1] ?? '').toLowerCase()];
    if (month === undefined) return null;
    const day = Number(bsd[2]);
    const year = inferYear(month, day, reference);
    const [hh = '00', mm = '00', ss = '00'] = [bsd[3], bsd[4], bsd[5]];
    const frac = bsd[6] ?? '';
    const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
    time = {
      local: `${year}-${REF_TWO[month + 1]}-${REF_TWO[day] ?? day}T${hh}:${mm}:${ss}${frac ? '.' + frac : ''}`,
      sortKey: Date.UTC(year, month, day, Number(hh), Number(mm), Number(ss), ms),
      offset: null,
      yearInferred: true,
    };
    host = bsd[7] ?? '';
    after = bsd[8] ?? '';
  } else {
    const rfc = REF_RFC3339.exec(line);
    if (!rfc) return null;
    const frac = rfc[7] ?? '';
    const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
    time = {
      local: `${rfc[1]}-${rfc[2]}-${rfc[3]}T${rfc[4]}:${rfc[5]}:${rfc[6]}${frac ? '.' + frac : ''}`,
      sortKey: Date.UTC(Number(rfc[1]), Number(rfc[2]) - 1, Number(rfc[3]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6]), ms),
      offset: rfc[8] ?? null,
      yearInferred: false,
    };
    host = rfc[9] ?? '';
    after = rfc[10] ?? '';
  }
  const prog = REF_PROGRAM.exec(after);
  if (!prog) return { time, host, program: '', pid: null, message: after, lk: null };
  const message = prog[3] ?? '';
  return { time, host, program: prog[1] ?? '', pid: prog[2] && /^\d{1,10}$/.test(prog[2]) ? Number(prog[2]) : null, message, lk: refPayload(message) };
}

describe('the hand-written BSD and payload readers agree with the regular expressions they replaced', () => {
  const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
  const odd = ['\t', '\r', '\n', '\u2028', '\u2029', '\u00a0', '\u3000', '\ufeff', '\u200a', '\u180e', '\v', '\f', '\u0085'];
  const bit = fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: pick(['a', 'Z', '0', '9', ':', '[', ']', ' ', '.', '-', '+', 'T', '"']), maxLength: 12 }) },
    { weight: 1, arbitrary: pick(odd) },
    { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
  );
  const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: pick(['0', '1', '2', '5', '9']), minLength: min, maxLength: max });
  const sometimes = (a: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ weight: 8, arbitrary: a }, { weight: 1, arbitrary: bit });
  const month = pick(['May', 'Dec', 'Jan', 'Foo', 'MAY', 'may', 'Ma', 'Sep']);
  const bsdHead = fc.tuple(
    sometimes(month), sometimes(pick([' ', '  ', '   '])), sometimes(digits(1, 3)), sometimes(pick([' '])),
    sometimes(digits(2, 2)), sometimes(pick([':'])), sometimes(digits(2, 2)), sometimes(pick([':'])), sometimes(digits(2, 2)),
    fc.oneof(pick(['']), digits(0, 8).map((d) => `.${d}`), bit),
  ).map((xs) => xs.join(''));
  const rfcHead = fc.tuple(digits(4, 4), pick(['-']), digits(2, 2), pick(['-']), digits(2, 2), pick(['T', ' ']), digits(2, 2), pick([':']), digits(2, 2), pick([':']), digits(2, 2),
    fc.oneof(pick(['']), digits(0, 10).map((d) => `.${d}`)), pick(['', 'Z', '+09:00', '-0500', '+9'])).map((xs) => xs.join(''));
  const host = fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: pick(['h', 'o', '-', '1', '.', 'é', '\u00a0', ':', '[']), minLength: 0, maxLength: 8 }) },
    { weight: 1, arbitrary: fc.integer({ min: 250, max: 260 }).map((n) => 'h'.repeat(n)) },
  );
  const program = fc.tuple(
    fc.oneof({ weight: 6, arbitrary: fc.string({ unit: pick(['p', 'r', '_', '.', '-', ' ', ':', '[', '\t', 'é']), maxLength: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 126, max: 130 }).map((n) => 'p'.repeat(n)) }),
    fc.oneof(pick(['', '[', ']', '[]', '[x]']), digits(0, 12).map((d) => `[${d}]`), bit),
    fc.oneof(pick([':', ': ', ':  ', '', ' ']), bit),
  ).map((xs) => xs.join(''));
  const payload = fc.tuple(
    fc.oneof(pick(['EMERG', 'FATAL', 'ERROR', 'WARN', 'NOTIFY', 'INFO', 'DEBUG', 'INF', 'NOTIFYX', 'error', '']), bit),
    pick([':']), fc.oneof(pick(['lcd.mes', 'dr', '', 'RKActionHandler']), bit), pick([':', '']),
    fc.oneof(pick(['quickCheck', '', 'resume']), bit), pick([':']), fc.oneof(pick(['ip-1', '', 'datarep-data']), bit), pick([':', '']),
    fc.oneof(digits(5, 7), pick(['004217', '12345a', '']), bit), pick([':', '::', '']), fc.oneof(pick(['text: with: colons', '']), bit),
  ).map((xs) => xs.join(''));
  const line = fc.tuple(fc.oneof(bsdHead, rfcHead), sometimes(pick([' '])), host, sometimes(pick([' '])), program, fc.oneof(payload, bit), fc.oneof(pick(['']), bit))
    .map((xs) => xs.join(''));
  const refs = [ref, new Date('2024-01-03T00:00:00Z'), new Date(8.64e15), new Date(NaN), new Date(Date.UTC(50, 0, 1))];

  it('on lines made from near-valid pieces and any string', () => {
    fc.assert(fc.property(fc.oneof({ weight: 9, arbitrary: line }, { weight: 1, arbitrary: fc.string({ maxLength: 80 }) }), pick(refs), (l, r) => {
      expect(parseLogLine(l, r)).toEqual(refParse(l, r));
      const message = l.slice(Math.max(0, l.indexOf(': ') + 2));
      expect(parseLkPayload(message)).toEqual(refPayload(message));
    }), { numRuns: 20_000 });
  });

  it('on the lines of the bench logs and the samples', () => {
    const lines = [
      'May 13 01:00:00 sick1 quickCheck[22252]: INFO:RKActionHandler:quickCheck:ip-1:000000:quickCheck of "ip-1" completed in 209 ms (sequence 1)',
      'May  3 01:04:58 sick1 lkscsid[6757]: INFO:lkscsid:::007046:lkscsid daemon pid:6757 mlock:1 nice:-10',
      'Dec 31 23:59:59.123456 h lcm[25078]: ERROR:lcd.mes:::004217:Communication failure: destination system "bench2" is out of service.',
      'May 13 03:09:10 sick1 mirror_action[16419]: INFO:dr:resume:datarep-data:104009:/dev/md0: bitmap merged, resyncing 735.7 MB',
      'Jul 14 06:57:43 oci-lk1 iscsid: iscsid: re-opening session 1 (reopen_cnt 449)',
      'May 20 10:00:00 h p[1]: x\r',
      'May 20 10:00:00 h\tp[1]: x',
    ];
    for (const l of lines) for (const r of refs) expect(parseLogLine(l, r)).toEqual(refParse(l, r));
  });
});

describe('lines of one second share one time', () => {
  it('gives consecutive lines of the same second the same LogTime, and a new one when the second, day, fraction or reference changes', () => {
    const a = parseLogLine('May 13 01:00:00 sick1 lcm[1]: ERROR:lcd.mes:::004217:Communication failure', ref);
    const b = parseLogLine('May 13 01:00:00 sick1 quickCheck[2]: NOTIFY:RKActionHandler:quickCheck:fs:001047:END failed', ref);
    expect(a?.time).toBe(b?.time);
    expect(parseLogLine('May 13 01:00:01 sick1 lcm[1]: x', ref)?.time).toEqual({ local: '2024-05-13T01:00:01', sortKey: Date.UTC(2024, 4, 13, 1, 0, 1), offset: null, yearInferred: true });
    expect(parseLogLine('May 14 01:00:01 sick1 lcm[1]: x', ref)?.time?.local).toBe('2024-05-14T01:00:01');
    expect(parseLogLine('May 14 01:00:01.5 sick1 lcm[1]: x', ref)?.time).toMatchObject({ local: '2024-05-14T01:00:01.5', sortKey: Date.UTC(2024, 4, 14, 1, 0, 1, 500) });
    expect(parseLogLine('May 14 01:00:01.5 sick1 lcm[1]: x', new Date('2024-01-03T00:00:00Z'))?.time?.local).toBe('2023-05-14T01:00:01.5');
  });

  it('agrees with the reference parser on runs of lines whose times repeat, in any order and with any reference', () => {
    const times = ['May 13 01:00:00', 'May 13 01:00:00.25', 'May 13 01:00:01', 'May 13 01:00:10', 'May 31 01:00:00', 'Dec 31 23:59:59', 'Jan  1 00:00:00'];
    const refs = [ref, new Date('2024-01-03T00:00:00Z'), new Date(8.64e15), new Date(NaN)];
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...times), fc.constantFrom(...refs), fc.constantFrom('h1', 'h2')), { minLength: 1, maxLength: 30 }), (run) => {
      for (const [t, r, h] of run) {
        const line = `${t} ${h} lkscsid[7]: INFO:lkscsid:::007046:lkscsid daemon pid:7`;
        expect(parseLogLine(line, r)).toEqual(refParse(line, r));
      }
    }), { numRuns: 2000 });
  });
});
