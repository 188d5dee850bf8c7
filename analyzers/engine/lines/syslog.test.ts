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

  it('leaves other headerless text alone: a continuation line, prose, a timed line is still timed', async () => {
    const { parseAnyLogLine } = await import('./syslog.js');
    const ref = new Date('2024-06-01T00:00:00Z');
    expect(parseAnyLogLine('To avoid data corruption, LifeKeeper will not restore the resource', ref)).toBeNull();
    expect(parseAnyLogLine('prog[1]: just text', ref)).toBeNull();
    expect(parseAnyLogLine('May 20 10:13:20 lk1 lkscsid[4410]: INFO:lkscsid:::007046:lkscsid daemon pid:4410', ref)?.time?.local).toBe('2024-05-20T10:13:20');
  });
});
