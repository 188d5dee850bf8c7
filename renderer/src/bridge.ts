// The renderer's one way out: Electron's preload bridge when present, else the
// `lkanalyze serve` HTTP bridge (token from the page URL).
import type { AnalysisProgress, ArchiveRef, Bridge, Channel, Channels, Result } from '../../app/host/ipc-contract.js';

declare global {
  interface Window {
    lkanalyze?: Bridge;
  }
}

class HttpBridge implements Bridge {
  readonly canOpenFiles = false;
  private readonly token: string;

  constructor() {
    this.token = new URLSearchParams(location.search).get('token') ?? '';
  }

  async invoke<C extends Channel>(channel: C, args: Channels[C]['args']): Promise<Result<Channels[C]['result']>> {
    try {
      const res = await fetch(`api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lkanalyze-token': this.token },
        body: JSON.stringify(args),
      });
      return (await res.json()) as Result<Channels[C]['result']>;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'failed', message: { en: `the analyzer service did not answer (${message})`, ja: `解析サービスが応答しません (${message})` } } };
    }
  }

  onProgress(listener: (p: AnalysisProgress) => void): () => void {
    const source = new EventSource(`api/events?token=${encodeURIComponent(this.token)}`);
    source.addEventListener('progress', (e) => listener(JSON.parse((e as MessageEvent<string>).data) as AnalysisProgress));
    return () => source.close();
  }

  upload(file: File, onProgress: (sent: number, total: number) => void, signal: AbortSignal): Promise<Result<ArchiveRef>> {
    // XMLHttpRequest, not fetch: only it reports the progress of a request body.
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      const failed = (en: string, ja: string): void => resolve({ ok: false, error: { code: 'failed', message: { en, ja } } });
      xhr.open('POST', `api/upload?name=${encodeURIComponent(file.name)}`);
      xhr.setRequestHeader('x-lkanalyze-token', this.token);
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onload = () => {
        try {
          resolve(JSON.parse(xhr.responseText) as Result<ArchiveRef>);
        } catch {
          failed(`the analyzer service gave no answer for ${file.name} (HTTP ${xhr.status})`, `解析サービスから ${file.name} への応答がありません (HTTP ${xhr.status})`);
        }
      };
      xhr.onerror = () => failed(`${file.name} could not be sent to the analyzer service (is lkanalyze serve still running?)`, `${file.name} を解析サービスへ送れませんでした(lkanalyze serve は動いていますか)`);
      xhr.onabort = () => resolve({ ok: false, error: { code: 'cancelled', message: { en: 'the upload was cancelled', ja: 'アップロードを中止しました' } } });
      if (signal.aborted) return void xhr.onabort(new ProgressEvent('abort'));
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(file);
    });
  }

  downloadUrl(id: string): string {
    return `api/download/${encodeURIComponent(id)}?token=${encodeURIComponent(this.token)}`;
  }
}

export const httpBridge = (): HttpBridge => new HttpBridge();

export function getBridge(): Bridge & { downloadUrl?: (id: string) => string } {
  return window.lkanalyze ?? new HttpBridge();
}

/**
 * Opens a source's https link outside the app. In Electron the window may not
 * navigate or open windows, so the host opens it in the system browser
 * (link:open, checked there again); returns true, and the click's own
 * navigation is to be cancelled. In a browser (lkanalyze serve) returns false:
 * the link's target="_blank" opens a new tab itself.
 */
export function openLinkOutside(url: string): boolean {
  const electron = window.lkanalyze;
  if (!electron) return false;
  void electron.invoke('link:open', { url });
  return true;
}
