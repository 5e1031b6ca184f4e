// Issue 15: the new index (search-index.ts) gives the same first pages, in the same order, and the same totals as
// the search it replaced (tests/helpers/search-reference.ts), on generated documents with metadata, notes, signers,
// files' text and outgoing documents mixed in; the exact count goes on to 10,000; and the word list the prefixes
// are expanded from stays complete across rolled-back transactions.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldSameLength, queryTerms } from '../../src-shared/vn/text';
import { createDocGenerator } from '../bench/gen-vn-docs';
import { makeCore, type TestCore } from '../helpers/core';
import { importRecordOf } from '../helpers/import-records';
import { clerkOffice, docInput } from '../helpers/incoming';
import { createReferenceSearch } from '../helpers/search-reference';

let t: TestCore;
let o: Awaited<ReturnType<typeof clerkOffice>>;
let ref: ReturnType<typeof createReferenceSearch>;
const subjects: string[] = [];
const codes: Array<{ number: string | null; notation: string | null }> = [];

/** A small deterministic random source, so that a failure names a query that can be run again. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  t = makeCore();
  o = await clerkOffice(t);
  const { raw, incoming, documents } = t.core.services;
  const gen = createDocGenerator(15, { total: 12_000 });
  const docs = Array.from({ length: 12_000 }, (_, i) => gen.document(i, o.year));
  raw
    .transaction(() =>
      incoming.importRecords(
        o.registerId,
        docs.map((d) => importRecordOf(d)),
        'allocate',
        o.clerkId,
        '07:30',
      ),
    )
    .immediate();
  const first = raw.prepare('SELECT min(id) FROM documents').pluck().get() as number;
  const insertBlob = raw.prepare(
    "INSERT OR IGNORE INTO blobs (hash, size, kind, mime, macro, text_status, text_chars, created_at) VALUES (?, ?, 'txt', 'text/plain', 0, 'done', ?, 0)",
  );
  const insertText = raw.prepare('INSERT OR IGNORE INTO blob_texts (hash, text, folded) VALUES (?, ?, ?)');
  const link = raw.prepare("INSERT INTO document_files (document_id, blob_hash, file_name, role, position, added_at) VALUES (?, ?, 'noi-dung.txt', 'main', 1, 0)");
  raw
    .transaction(() => {
      docs.forEach((d, k) => {
        const id = first + k;
        let touched = false;
        if (d.bodyText) {
          const hash = createHash('sha256').update(d.bodyText).digest('hex');
          insertBlob.run(hash, d.bodyText.length, d.bodyText.length);
          insertText.run(hash, d.bodyText, foldSameLength(d.bodyText));
          link.run(id, hash);
          touched = true;
        }
        // Signers (other metadata) on some, and some documents of the other direction, which a search of the
        // incoming register must neither show nor count.
        if (k % 7 === 0) {
          raw.prepare("UPDATE documents SET signer_name = 'Nguyễn Văn Bình', signer_position = 'Phó Chủ tịch' WHERE id = ?").run(id);
          touched = true;
        }
        if (k % 53 === 0) {
          raw.prepare("UPDATE documents SET direction = 'out' WHERE id = ?").run(id);
          touched = true;
        }
        if (touched) documents.index(id);
        subjects.push(d.subject);
        codes.push({ number: d.codeNumber, notation: d.codeNotation });
      });
    })
    .immediate();
  ref = createReferenceSearch(raw);
  ref.fill();
}, 120_000);

afterAll(() => t?.close());

/** Queries of every kind: subject words in and out of order, words being typed, numbers, abbreviations, OR, NOT. */
function queries(): string[] {
  const r = rng(2026);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const out = [
    'quyet dinh',
    'ke hoach',
    'ubnd huyen kim bang',
    'bang kim huyen ubnd',
    'hd',
    'ubnd',
    'snv',
    'so tai chinh',
    'tai chinh so',
    'nguyen van binh',
    'pho chu tich ke hoach',
    'quy din',
    'thong bao ket',
    'hop OR hoi nghi',
    'ke hoach -nam',
    'bao cao NOT ket qua',
    'x',
    'zzzz khong co',
    '2026',
  ];
  for (let i = 0; i < 120; i++) {
    const words = queryTerms(pick(subjects));
    const n = 1 + Math.floor(r() * 3);
    const start = Math.floor(r() * Math.max(1, words.length - n));
    let q = words.slice(start, start + n);
    if (r() < 0.3) q = q.reverse();
    // The word being typed: cut short at random.
    const last = q[q.length - 1];
    if (last && last.length > 2 && r() < 0.5) q[q.length - 1] = last.slice(0, 2 + Math.floor(r() * (last.length - 2)));
    out.push(q.join(' '));
  }
  for (let i = 0; i < 40; i++) {
    const c = pick(codes);
    if (!c.number) continue;
    const bare = c.number.replace(/^0+(?=\d)/, '');
    const forms = [`${c.number}/${c.notation ?? ''}`, `${bare}/${c.notation ?? ''}`, `${c.notation ?? ''} ${bare}`, `${bare}`];
    out.push(pick(forms));
  }
  return [...new Set(out.filter((q) => q.trim()))];
}

describe('the new index against the search it replaced (issue 15)', () => {
  it('gives the same first and second pages, in the same order, and the same totals', async () => {
    const qs = queries();
    expect(qs.length).toBeGreaterThan(150);
    let nonEmpty = 0;
    for (const q of qs) {
      for (const offset of [0, 20]) {
        const mine = await t.ok('documents.search', { query: q, limit: 20, offset }, o.clerkToken);
        const old = ref.search(q, { limit: 20, offset });
        expect(
          mine.items.map((h) => h.item.id),
          `${q} (offset ${offset})`,
        ).toEqual(old.ids);
        // The page counts only to its end; the rest is searchTotal's.
        const end = offset + 20;
        expect(mine.totalExact, q).toBe(old.counted <= end);
        expect(mine.total, q).toBe(Math.min(old.counted, end));
        if (offset === 0) {
          const total = await t.ok('documents.searchTotal', { query: q }, o.clerkToken);
          expect(Math.min(total.total, 1_000), q).toBe(Math.min(old.counted, 1_000));
          if (old.counted <= 1_000) expect(total, q).toEqual({ total: old.counted, totalExact: true });
        }
        if (old.ids.length) nonEmpty++;
      }
    }
    // The comparison means something only when most queries find documents.
    expect(nonEmpty).toBeGreaterThan(qs.length);
  }, 120_000);

  it('searches the outgoing documents the same way, apart from the incoming ones', async () => {
    let found = 0;
    for (const q of ['ubnd', 'quyet dinh', 'ke hoach', 'nguyen van binh', 'hd', 'bao cao', 'nam']) {
      const mine = await t.ok('documents.search', { query: q, filters: { direction: 'out' }, limit: 20 }, o.clerkToken);
      const old = ref.search(q, { limit: 20, offset: 0 }, 1_001, 'out');
      expect(
        mine.items.map((h) => h.item.id),
        q,
      ).toEqual(old.ids);
      const total = await t.ok('documents.searchTotal', { query: q, filters: { direction: 'out' } }, o.clerkToken);
      expect(total, q).toEqual({ total: Math.min(old.counted, 10_000), totalExact: old.counted <= 10_000 });
      found += old.ids.length;
    }
    expect(found).toBeGreaterThan(20);
  });

  it('counts exactly up to 10,000 and says "more than" beyond', async () => {
    for (const q of ['ubnd', 'quyet dinh', 'ke hoach', 'nguyen van binh', 'hd', 'ubnd huyen kim bang', 'a']) {
      const total = await t.ok('documents.searchTotal', { query: q }, o.clerkToken);
      const old = ref.search(q, { limit: 20, offset: 0 }, 10_001);
      expect(total, q).toEqual({ total: Math.min(old.counted, 10_000), totalExact: old.counted <= 10_000 });
    }
    // Past the old cap of 1,000, counted exactly.
    const every = await t.ok('documents.searchTotal', { query: 'nam' }, o.clerkToken);
    expect(every.total).toBeGreaterThan(1_000);
  });

  it('keeps every indexed word findable by its prefix after a rolled-back transaction', async () => {
    const { raw, documents } = t.core.services;
    const id = (await t.ok('incoming.register', docInput(o.registerId, { subject: 'Về việc nghiệm thu công trình thủy lợi' }), o.clerkToken)).id;
    // A word first written in a transaction that rolls back...
    expect(() =>
      raw
        .transaction(() => {
          raw.prepare("UPDATE documents SET subject = 'Về việc khảo sát kênh Xuvanthuoc' WHERE id = ?").run(id);
          documents.index(id);
          throw new Error('rolled back');
        })
        .immediate(),
    ).toThrow('rolled back');
    // ... and then in one that commits, inside a savepoint that rolls back and again after it.
    raw
      .transaction(() => {
        try {
          raw.transaction(() => {
            raw.prepare("UPDATE documents SET notes = 'Xuvanthuoc' WHERE id = ?").run(id);
            documents.index(id);
            throw new Error('savepoint');
          })();
        } catch {
          /* the savepoint only */
        }
        raw.prepare("UPDATE documents SET subject = 'Về việc khảo sát kênh Xuvanthuoc' WHERE id = ?").run(id);
        documents.index(id);
      })
      .immediate();
    const hit = await t.ok('documents.search', { query: 'xuvanth' }, o.clerkToken);
    expect(hit.items.map((h) => h.item.id)).toEqual([id]);
    expect(raw.prepare("SELECT count(*) FROM search_terms WHERE term = 'xuvanthuoc'").pluck().get()).toBe(1);
  });

  it('merges the pieces single registrations leave back into one, and finds the same afterwards', async () => {
    const { documents } = t.core.services;
    for (let i = 0; i < 10; i++)
      await t.ok('incoming.register', docInput(o.registerId, { codeNumber: String(900 + i), subject: `Về việc kiểm kê kho Zorbaq đợt ${i + 1}` }), o.clerkToken);
    const before = documents.searchIndexSegments();
    expect(before).toBeGreaterThan(6);
    const page = async () => (await t.ok('documents.search', { query: 'kiem ke kho zorbaq' }, o.clerkToken)).items.map((h) => h.item.id);
    const found = await page();
    expect(found).toHaveLength(10);
    let steps = 0;
    for (let k; (k = documents.tidyIndex(1_000));) steps += k;
    expect(steps).toBeGreaterThan(0);
    expect(documents.searchIndexSegments()).toBe(1);
    expect(await page()).toEqual(found);
    // Few pieces: nothing to do.
    expect(documents.tidyIndex(1_000)).toBe(0);
  });
});
