// The one XML reader of the app (office text extraction now, the edXML codec later): saxes, a conformant streaming
// parser, behind limits. Safe by construction against XXE and entity bombs: saxes never fetches or reads a DTD and
// expands only the five predefined entities and character references, and a DOCTYPE is refused outright here, so a
// document that declares entities is an error rather than a document whose entities are silently left unexpanded.

import { SaxesParser } from 'saxes';

export interface XmlElement {
  /** Qualified name as written, e.g. "w:t". */
  name: string;
  /** Name without its prefix, e.g. "t". */
  local: string;
  /** Attributes by qualified name, values with entities decoded. */
  attributes: Readonly<Record<string, string>>;
  selfClosing: boolean;
}

export interface XmlHandlers {
  /** An element starts; a self-closing one is followed at once by its close(). */
  open?(element: XmlElement): void;
  close?(name: string, local: string): void;
  /** Character data with entities decoded, and CDATA sections. */
  text?(text: string): void;
}

export interface XmlOptions {
  /** Refuse (XmlError) a document longer than this many UTF-16 code units. */
  maxChars?: number;
  /** Refuse (XmlError) elements nested deeper than this. */
  maxDepth?: number;
  /**
   * false (default): the first well-formedness error throws XmlError. true: keep going and collect the errors (at
   * most 20 are kept), for readers that only want what text a damaged file still has. A DOCTYPE and the limits
   * throw in both modes.
   */
  recover?: boolean;
  /** Polled between chunks of input; parsing ends early once it returns true. */
  stop?: () => boolean;
}

export const XML_LIMITS = { maxChars: 64 << 20, maxDepth: 256 } as const;

export class XmlError extends Error {
  override name = 'XmlError';
  /** Why, for callers that map it to their own codes: a DOCTYPE, a size/depth limit, or plain malformed XML. */
  constructor(
    message: string,
    readonly kind: 'syntax' | 'doctype' | 'limit' = 'syntax',
  ) {
    super(message);
  }
}

export interface XmlParseResult {
  /** Well-formedness errors seen in recover mode (empty otherwise: strict mode throws on the first). */
  errors: string[];
  /** Parsing ended early because stop() returned true. */
  stopped: boolean;
}

const CHUNK = 1 << 18;
const MAX_KEPT_ERRORS = 20;

export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** The value of the first attribute with this local name, whatever its prefix ("id" finds r:id). */
export function attribute(element: XmlElement, local: string): string | undefined {
  const attrs = element.attributes;
  if (Object.hasOwn(attrs, local)) return attrs[local];
  for (const name in attrs) if (localName(name) === local) return attrs[name];
  return undefined;
}

/** Reads a whole XML document, calling the handlers as it goes. Throws XmlError (see XmlOptions). */
export function parseXml(xml: string, handlers: XmlHandlers, options: XmlOptions = {}): XmlParseResult {
  const maxChars = options.maxChars ?? XML_LIMITS.maxChars;
  const maxDepth = options.maxDepth ?? XML_LIMITS.maxDepth;
  const recover = options.recover ?? false;
  if (xml.length > maxChars) throw new XmlError(`XML of ${xml.length} characters is over the limit of ${maxChars}`, 'limit');

  const parser = new SaxesParser({ position: false, xmlns: false });
  const errors: string[] = [];
  let depth = 0;
  parser.on('doctype', () => {
    throw new XmlError('XML with a DOCTYPE is refused (no DTDs, no entity declarations)', 'doctype');
  });
  parser.on('error', (e) => {
    if (!recover) throw new XmlError(e.message);
    if (errors.length < MAX_KEPT_ERRORS) errors.push(e.message);
  });
  parser.on('opentag', (tag) => {
    if (++depth > maxDepth) throw new XmlError(`XML nested deeper than ${maxDepth} elements`, 'limit');
    handlers.open?.({ name: tag.name, local: localName(tag.name), attributes: tag.attributes, selfClosing: tag.isSelfClosing });
  });
  parser.on('closetag', (tag) => {
    depth--;
    handlers.close?.(tag.name, localName(tag.name));
  });
  const text = handlers.text;
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }

  // In chunks, so that stop() is heard; saxes carries a surrogate pair or a CR LF split between writes itself.
  for (let start = 0; start < xml.length; start += CHUNK) {
    parser.write(xml.slice(start, start + CHUNK));
    if (options.stop?.()) return { errors, stopped: true };
  }
  parser.close();
  return { errors, stopped: false };
}
