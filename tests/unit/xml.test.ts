import { describe, expect, it } from 'vitest';
import { attribute, localName, parseXml, XmlError, type XmlElement } from '../../src-shared/xml';

/** Every event as a short string, for comparing whole traces. */
function trace(xml: string, opts: Parameters<typeof parseXml>[2] = {}): { events: string[]; errors: string[]; stopped: boolean } {
  const events: string[] = [];
  const r = parseXml(
    xml,
    {
      open: (e) => events.push(`<${e.name}${e.selfClosing ? '/' : ''}${Object.keys(e.attributes).length ? ' ' + JSON.stringify(e.attributes) : ''}>`),
      close: (name, local) => events.push(`</${name}|${local}>`),
      text: (t) => events.push(t),
    },
    opts,
  );
  return { events, ...r };
}

const BILLION_LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
  '<lolz>&lol3;</lolz>';
const XXE = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';

describe('parseXml (saxes behind limits)', () => {
  it('reports elements, attributes, text and CDATA with entities decoded', () => {
    const r = trace('<?xml version="1.0" encoding="UTF-8"?><w:p xmlns:w="urn:w" w:a="1 &amp; 2"><w:t>Số &lt;12&gt; &#x1EA0;&#7840;</w:t><br/><![CDATA[<raw>&amp;]]></w:p>');
    expect(r.events).toEqual(['<w:p {"xmlns:w":"urn:w","w:a":"1 & 2"}>', '<w:t>', 'Số <12> ẠẠ', '</w:t|t>', '<br/>', '</br|br>', '<raw>&amp;', '</w:p|p>']);
    expect(r.errors).toEqual([]);
    expect(r.stopped).toBe(false);
  });

  it('refuses a DOCTYPE, so declared entities are never expanded (billion laughs, XXE)', () => {
    for (const xml of [BILLION_LAUGHS, XXE, '<!DOCTYPE a><a/>', '<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>']) {
      const texts: string[] = [];
      expect(() => parseXml(xml, { text: (t) => texts.push(t) })).toThrow(XmlError);
      expect(() => parseXml(xml, {}, { recover: true })).toThrow(/DOCTYPE/);
      expect(texts).toEqual([]);
    }
  });

  it('strict by default: the first well-formedness error throws', () => {
    expect(() => parseXml('<a><b></a>', {})).toThrow(XmlError);
    expect(() => parseXml('<a>&nbsp;</a>', {})).toThrow(/entity/);
    expect(() => parseXml('<a x=1/>', {})).toThrow(XmlError);
    expect(() => parseXml('<a/><b/>', {})).toThrow(XmlError);
    expect(() => parseXml('<a>', {})).toThrow(XmlError);
  });

  it('recover mode keeps going past damage, collects at most 20 errors, and leaves unknown entities as written', () => {
    const r = trace('<a>x &nbsp; y<b>t</b>1 < 2</a>', { recover: true });
    expect(r.events.join('')).toContain('x &nbsp; y');
    expect(r.events).toContain('t');
    expect(r.errors.length).toBeGreaterThan(0);
    const many = parseXml(`<a>${'&bad;'.repeat(100)}</a>`, {}, { recover: true });
    expect(many.errors).toHaveLength(20);
  });

  it('caps the size and the nesting depth, in both modes', () => {
    expect(() => parseXml(`<a>${'x'.repeat(100)}</a>`, {}, { maxChars: 50 })).toThrow(/limit/);
    expect(parseXml(`<a>${'x'.repeat(40)}</a>`, {}, { maxChars: 50 }).stopped).toBe(false);
    const deep = (n: number) => '<d>'.repeat(n) + '</d>'.repeat(n);
    expect(() => parseXml(deep(11), {}, { maxDepth: 10 })).toThrow(/deeper than 10/);
    expect(() => parseXml(deep(11), {}, { maxDepth: 10, recover: true })).toThrow(/deeper than 10/);
    expect(() => parseXml(deep(10), {}, { maxDepth: 10 })).not.toThrow();
    // The default cap stops a hostile 100,000-deep document quickly, without a deep stack.
    const started = Date.now();
    expect(() => parseXml(deep(100_000), {})).toThrow(/deeper than 256/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stop() ends parsing between chunks', () => {
    const big = `<a>${'<p>word</p>'.repeat(50_000)}</a>`;
    let paragraphs = 0;
    const r = parseXml(big, { open: (e) => void (e.local === 'p' && paragraphs++) }, { stop: () => paragraphs >= 10 });
    expect(r.stopped).toBe(true);
    expect(paragraphs).toBeGreaterThanOrEqual(10);
    expect(paragraphs).toBeLessThan(50_000);
  });

  it('text across a chunk boundary comes out whole, surrogate pairs included', () => {
    for (const pad of [65_533, 65_534, 65_535, 65_536]) {
      const body = 'x'.repeat(pad) + '😀'.repeat(4) + 'đ';
      const texts: string[] = [];
      parseXml(`<a>${body}</a>`, { text: (t) => texts.push(t) });
      expect(texts.join('')).toBe(body);
    }
  });

  it('attribute() finds an attribute by local name whatever its prefix; localName() drops the prefix', () => {
    let el: XmlElement | undefined;
    parseXml('<sheet xmlns:r="urn:r" name="Sổ đến" sheetId="1" r:id="rId3"/>', { open: (e) => (el = e) });
    expect(attribute(el!, 'id')).toBe('rId3');
    expect(attribute(el!, 'name')).toBe('Sổ đến');
    expect(attribute(el!, 'sheetId')).toBe('1');
    expect(attribute(el!, 'missing')).toBeUndefined();
    expect(localName('w:t')).toBe('t');
    expect(localName('t')).toBe('t');
  });
});
