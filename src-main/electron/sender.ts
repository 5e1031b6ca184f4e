// Which frames may call the core over IPC: only the top-level frame showing our own renderer file. Pure, with no
// 'electron' import, so tests/unit/electron-bridge.test.ts checks it without the Electron binary.

/** The part of Electron's WebFrameMain the check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** The renderer's own document: the URL without its fragment (the app's routes) equals the renderer's file URL. */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  return url.split('#')[0] === rendererUrl;
}

/** Only the main frame of our renderer; a gone frame (null), a subframe or any other URL is refused. */
export function isTrustedSender(frame: SenderFrame | null | undefined, rendererUrl: string): boolean {
  return !!frame && frame.parent === null && isRendererUrl(frame.url, rendererUrl);
}
