// Validates what comes over the bridge before the host acts on it: the
// renderer is not trusted with paths or arbitrary values.
import { httpsLink } from '../../analyzers/engine/plugin/findings.js';
import type { Channel, Channels, IpcError } from './ipc-contract.js';
import { CHANNELS } from './ipc-contract.js';
import { isTimelineScope, readCaseId } from './ticket.js';

export class BadRequest extends Error {
  readonly error: IpcError;
  constructor(en: string, ja: string) {
    super(en);
    this.error = { code: 'bad-request', message: { en, ja } };
  }
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

const ID = /^[a-z0-9]{1,32}$/;

function object(args: unknown): Record<string, unknown> {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new BadRequest('arguments must be an object', '引数はオブジェクトである必要があります');
  return args as Record<string, unknown>;
}

function only(o: Record<string, unknown>, keys: string[]): void {
  const extra = Object.keys(o).filter((k) => !keys.includes(k));
  if (extra.length) throw new BadRequest(`unexpected argument(s): ${extra.join(', ')}`, `想定外の引数: ${extra.join(', ')}`);
}

function id(v: unknown, name: string): string {
  if (typeof v !== 'string' || !ID.test(v)) throw new BadRequest(`"${name}" must be an id`, `"${name}" には ID を指定してください`);
  return v;
}

function whole(v: unknown, name: string, min: number, max = 2 ** 31): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new BadRequest(`"${name}" must be a whole number from ${min} to ${max}`, `"${name}" は ${min} ~ ${max} の整数で指定してください`);
  return v;
}

/** Returns the arguments typed for the channel, or throws BadRequest. */
export function validateArgs<C extends Channel>(channel: C, args: unknown): Channels[C]['args'] {
  const o = object(args ?? {});
  switch (channel) {
    case 'archive:list':
    case 'archive:open':
    case 'analysis:cancel':
      only(o, []);
      return {} as Channels[C]['args'];
    case 'archive:analyze': {
      only(o, ['ids']);
      const ids = o['ids'];
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 64 || !ids.every((x) => typeof x === 'string' && ID.test(x))) {
        throw new BadRequest('"ids" must list 1 to 64 archive ids', '"ids" には 1 ~ 64 個のアーカイブ ID を指定してください');
      }
      return { ids: ids as string[] } as Channels[C]['args'];
    }
    case 'report:export': {
      only(o, ['format', 'lang', 'redact', 'timeline', 'caseId']);
      if (o['format'] !== 'html' && o['format'] !== 'pdf' && o['format'] !== 'json') throw new BadRequest('"format" must be html, pdf or json', '"format" は html、pdf、json のいずれかです');
      if (o['lang'] !== 'en' && o['lang'] !== 'ja') throw new BadRequest('"lang" must be en or ja', '"lang" は en または ja です');
      if (o['redact'] !== undefined && typeof o['redact'] !== 'boolean') throw new BadRequest('"redact" must be true or false', '"redact" は true か false です');
      if (o['timeline'] !== undefined && !isTimelineScope(o['timeline'])) throw new BadRequest('"timeline" must be all, warnings or none', '"timeline" は all、warnings、none のいずれかです');
      // A case number is the user's own words, not the archive's, but bounded and plain all the same.
      let caseId: string | null = null;
      try {
        if (o['caseId'] !== undefined && typeof o['caseId'] !== 'string') throw new RangeError('not a string');
        caseId = readCaseId(o['caseId']);
      } catch {
        throw new BadRequest('"caseId": a case number is 1 to 64 letters, digits, spaces and . _ # : / ( ) -', '"caseId": ケース番号は英数字・空白・. _ # : / ( ) - の 64 文字以内で指定してください');
      }
      return { format: o['format'], lang: o['lang'], redact: o['redact'] === true, ...(o['timeline'] ? { timeline: o['timeline'] } : {}), ...(caseId ? { caseId } : {}) } as Channels[C]['args'];
    }
    case 'link:open': {
      only(o, ['url']);
      // Only a link a report shows as one: https with a host, no user or password (the presentation model's own check).
      const url = typeof o['url'] === 'string' ? httpsLink(o['url']) : null;
      if (!url) throw new BadRequest('"url" must be an https link', '"url" には https のリンクを指定してください');
      return { url } as Channels[C]['args'];
    }
    case 'members:list':
    case 'members:progress':
    case 'members:cancel':
      only(o, ['archive']);
      return { archive: id(o['archive'], 'archive') } as Channels[C]['args'];
    case 'member:lines': {
      only(o, ['member', 'from', 'count']);
      return { member: id(o['member'], 'member'), from: whole(o['from'], 'from', 1), count: whole(o['count'], 'count', 1, 2000) } as Channels[C]['args'];
    }
    case 'member:seek': {
      only(o, ['member', 'from', 'to', 'time']);
      const to = o['to'];
      if (to !== 'next-problem' && to !== 'previous-problem' && to !== 'time') throw new BadRequest('"to" must be next-problem, previous-problem or time', '"to" は next-problem、previous-problem、time のいずれかです');
      const time = o['time'];
      if (to === 'time' && (typeof time !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/.test(time))) {
        throw new BadRequest('"time" must be a local time such as 2024-05-20T10:13:20', '"time" は 2024-05-20T10:13:20 のような日時で指定してください');
      }
      return { member: id(o['member'], 'member'), from: whole(o['from'], 'from', 0), to, ...(to === 'time' ? { time } : {}) } as Channels[C]['args'];
    }
    case 'search:start': {
      only(o, ['archives', 'pattern', 'regex', 'ignoreCase', 'context', 'member']);
      const archives = o['archives'];
      if (!Array.isArray(archives) || archives.length === 0 || archives.length > 64) throw new BadRequest('"archives" must list 1 to 64 archive ids', '"archives" には 1 ~ 64 個のアーカイブ ID を指定してください');
      const pattern = o['pattern'];
      if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 4096) throw new BadRequest('"pattern" must be 1 to 4096 characters', '"pattern" は 1 ~ 4096 文字で指定してください');
      for (const k of ['regex', 'ignoreCase']) if (typeof o[k] !== 'boolean') throw new BadRequest(`"${k}" must be true or false`, `"${k}" は true か false です`);
      const member = o['member'];
      if (member !== undefined && (typeof member !== 'string' || member.length === 0 || member.length > 512)) throw new BadRequest('"member" must be a glob of 1 to 512 characters', '"member" は 1 ~ 512 文字のグロブで指定してください');
      return { archives: archives.map((a) => id(a, 'archives')), pattern, regex: o['regex'], ignoreCase: o['ignoreCase'], context: whole(o['context'], 'context', 0, 10), ...(member ? { member } : {}) } as Channels[C]['args'];
    }
    case 'search:results':
      only(o, ['search', 'from']);
      return { search: id(o['search'], 'search'), from: whole(o['from'], 'from', 0) } as Channels[C]['args'];
    case 'search:cancel':
      only(o, ['search']);
      return { search: id(o['search'], 'search') } as Channels[C]['args'];
    case 'logs:merged': {
      only(o, ['sources', 'from', 'to', 'problemsOnly', 'component']);
      const sources = o['sources'];
      if (!Array.isArray(sources) || sources.length === 0 || sources.length > 64) throw new BadRequest('"sources" must list 1 to 64 archives', '"sources" には 1 ~ 64 個のアーカイブを指定してください');
      const checked = sources.map((x: unknown) => {
        const src = object(x);
        only(src, ['archive', 'node', 'offsetMs', 'inner']);
        if (typeof src['node'] !== 'string' || src['node'].length > 255) throw new BadRequest('"node" must be a name', '"node" にはノード名を指定してください');
        const offset = src['offsetMs'];
        if (typeof offset !== 'number' || !Number.isInteger(offset) || Math.abs(offset) > 366 * 86_400_000) throw new BadRequest('"offsetMs" must be whole milliseconds within a year', '"offsetMs" は 1 年以内のミリ秒(整数)で指定してください');
        // A node archive's name inside the archive, as its members' names begin: matched against them, never opened as a path.
        const inner = src['inner'];
        if (inner !== undefined && (typeof inner !== 'string' || inner.length === 0 || inner.length > 1024)) throw new BadRequest('"inner" must be the name of a node archive inside the archive (1 to 1024 characters)', '"inner" にはアーカイブ内のノードアーカイブ名(1 ~ 1024 文字)を指定してください');
        return { archive: id(src['archive'], 'archive'), node: src['node'], offsetMs: offset, ...(inner !== undefined ? { inner } : {}) };
      });
      for (const k of ['from', 'to']) {
        if (typeof o[k] !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/.test(o[k])) throw new BadRequest(`"${k}" must be a local time such as 2024-05-20T10:13:20`, `"${k}" は 2024-05-20T10:13:20 のような日時で指定してください`);
      }
      if (typeof o['problemsOnly'] !== 'boolean') throw new BadRequest('"problemsOnly" must be true or false', '"problemsOnly" は true か false です');
      const component = o['component'];
      if (component !== null && (typeof component !== 'string' || component.length > 128)) throw new BadRequest('"component" must be a name of up to 128 characters or null', '"component" は 128 文字以内の名前か null です');
      return { sources: checked, from: o['from'], to: o['to'], problemsOnly: o['problemsOnly'], component: component || null } as Channels[C]['args'];
    }
    default:
      throw new BadRequest('unknown channel', '不明なチャネルです');
  }
}
