// The search as it was before issue 15, kept as the reference the new index is compared against: an FTS5 table with
// one column per kind of text (positions kept, prefix indexes for 2 and 3 letters), queried with column filters,
// each tier read newest first and the total counted up to a cap. Built beside the real index in a test database.

import { metaText, parseQuery, wordForms, type MetaFields, type ParsedQuery } from '../../src-main/documents/query';
import { INDEXED_FIELDS, selectFields } from '../../src-main/documents/columns';
import type { RawDb } from '../../src-main/db/open';

const phrase = (t: string, prefix: boolean) => (prefix && t.length > 1 ? `"${t}"*` : `"${t}"`);

function termMatch(t: string, prefix: boolean): string {
  const forms = wordForms(t);
  return forms.length === 1 ? phrase(t, prefix) : `(${forms.map((f) => phrase(f, prefix)).join(' OR ')})`;
}

function parsedMatch(p: ParsedQuery, prefixAll: boolean): string {
  const last = p.alternatives.length - 1;
  const alts = p.alternatives.map((words, ai) => words.map((t, i) => termMatch(t, prefixAll || (ai === last && i === words.length - 1))).join(' AND '));
  return alts.length === 1 ? `(${alts[0]})` : `(${alts.map((a) => `(${a})`).join(' OR ')})`;
}

function tierQueries(all: string, exclude: string): string[] {
  const headIssuer = `{head issuer} : ${all}`;
  const meta = `{head issuer other} : ${all}`;
  return [`${headIssuer}${exclude}`, `${meta} NOT ${headIssuer}${exclude}`, `${all} NOT ${meta}${exclude}`];
}

export function createReferenceSearch(raw: RawDb) {
  raw.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS ref_fts USING fts5(head, issuer, other, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
  );
  const body = raw
    .prepare(
      'SELECT group_concat(t.folded, char(10)) FROM (SELECT t.folded FROM document_files f JOIN blob_texts t ON t.hash = f.blob_hash WHERE f.document_id = ? ORDER BY f.position) t',
    )
    .pluck();

  /** Indexes every document as the old index did. */
  function fill(): void {
    raw.exec('DELETE FROM ref_fts');
    const ins = raw.prepare('INSERT INTO ref_fts (rowid, head, issuer, other, body) VALUES (?, ?, ?, ?, ?)');
    const rows = raw.prepare(`SELECT id, ${selectFields(INDEXED_FIELDS, 'documents')} FROM documents`).all() as Array<MetaFields & { id: number }>;
    raw.transaction(() => {
      for (const m of rows) {
        const t = metaText(m);
        ins.run(m.id, t.head, t.issuer, t.other, (body.get(m.id) as string | null) ?? '');
      }
    })();
  }

  /** The old documents.search for an office-wide reader: one page of ids and the count up to `cap`. */
  function search(query: string, input: { limit: number; offset: number }, cap = 1_001, direction: 'in' | 'out' = 'in'): { ids: number[]; counted: number } {
    const p = parseQuery(query);
    if (!p.alternatives.length) return { ids: [], counted: 0 };
    const exclude = p.excluded.length ? ` NOT (${p.excluded.map((t) => termMatch(t, false)).join(' OR ')})` : '';
    const where = `d.direction = '${direction}'`;
    const tierRows = (match: string, limit: number, offset: number) =>
      raw
        .prepare(`SELECT f.rowid FROM ref_fts f JOIN documents d ON d.id = f.rowid WHERE ref_fts MATCH ? AND ${where} ORDER BY f.rowid DESC LIMIT ? OFFSET ?`)
        .pluck()
        .all(match, limit, offset) as number[];
    const countUpTo = (match: string, n: number) =>
      raw.prepare(`SELECT count(*) FROM (SELECT 1 FROM ref_fts f JOIN documents d ON d.id = f.rowid WHERE ref_fts MATCH ? AND ${where} LIMIT ?)`).pluck().get(match, n) as number;
    const ids: number[] = [];
    let skip = input.offset;
    const runTiers = (all: string) => {
      for (const tier of tierQueries(all, exclude)) {
        const need = input.limit - ids.length;
        if (need <= 0) break;
        const rows = tierRows(tier, need, skip).filter((id) => !ids.includes(id));
        ids.push(...rows);
        if (skip > 0) skip = rows.length ? 0 : Math.max(0, skip - countUpTo(tier, skip));
      }
    };
    const narrow = parsedMatch(p, false);
    runTiers(narrow);
    let counted = countUpTo(narrow + exclude, Math.max(cap, input.offset + input.limit));
    if (counted < input.offset + input.limit && new Set(p.alternatives.flat()).size > 1) {
      const broad = parsedMatch(p, true);
      const broader = countUpTo(broad + exclude, Math.max(cap, input.offset + input.limit));
      if (broader > counted) {
        ids.length = 0;
        skip = input.offset;
        runTiers(broad);
        counted = broader;
      }
    }
    return { ids, counted };
  }

  return { fill, search };
}
