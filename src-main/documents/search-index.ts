// The full-text index of documents (migration 0023), and the FTS5 queries over it.
//
// One FTS5 column of words written by the app, `detail=none` (no positions, no columns: 4× smaller than the
// per-column index it replaced) and a prefix index for two letters only. What the columns used to say, the words
// say themselves:
//   - a word of the trích yếu, loại, số ký hiệu, số đến or cơ quan ban hành (head and issuer): as it is (`hoach`);
//   - a word only in the other metadata (người ký, ghi chú, nơi nhận, số đến cũ): marked `ǀ` (`ǀnguyen`);
//   - a word only in the files' text: marked `ǁ`;
//   - the direction, `ǃin` or `ǃout`, so that the office's whole register is counted without reading the rows.
// The three tiers of a search (all words in head/issuer; else in any metadata; else with the files) become plain
// FTS expressions: a word "is in the metadata" when `hoach` or `ǀhoach` is there, and so on.
//
// Prefixes. FTS5 answers `"hoach"*` without a prefix index of that length by merging the posting lists of every
// matching word into one list before returning the first row: tens of milliseconds for a common word over a million
// documents. So a prefix longer than two letters is expanded here into the words it matches, read from
// `search_terms` (every word ever written to the index), and asked as `("hoach" OR "hoachs")`, which FTS5 walks
// lazily newest first. Above EXPAND_MAX words it stays a prefix query (correct, slower; rare).
//
// `search_terms` is written in the same transaction as the index, so it always holds every indexed word but numbers
// (it may hold words no document has any more: asking for them costs nothing). Words known to be committed there are
// kept in memory so that indexing a document rarely touches it.

import type { RawDb } from '../db/open';
import { wordForms, type ParsedQuery } from './query';

export const MARK_OTHER = 'ǀ';
export const MARK_BODY = 'ǁ';
export const MARK_DIRECTION = 'ǃ';
const MARKS = /[\u01c0-\u01c3]/g; // ǀ ǁ ǂ ǃ: taken out of every text
/**
 * Numbers (số đến, số văn bản, years) are most of the words an office adds, each in few documents: they are not kept
 * in search_terms, and a number being typed stays an FTS5 prefix query, whose merge of such short lists is cheap.
 */
const isNumber = (w: string) => /^[\u01c0-\u01c3]?\d+$/.test(w);
/** A word the index never holds (marks are taken out of every text). */
const NOTHING = '"ǃǃ"';
/** A query word as the index holds it: lower case, without the marks. */
const clean = (w: string) => w.toLowerCase().replace(MARKS, '') || 'ǃǃ';
/** Above this many words a prefix is left to FTS5 (its merge is then cheaper than walking that many lists). */
const EXPAND_MAX = 48;
/** At most this many words are kept in memory to spare writing them again (a large office has about 100,000). */
const CACHE_MAX = 500_000;

/**
 * The words of a folded text as the index and the queries cut them: runs of letters and digits, lower case. The
 * index is written already cut and joined by spaces, and read by FTS5's `ascii` tokenizer, which splits on exactly
 * those spaces: what is indexed is what this function says, whatever the Unicode version of the SQLite build.
 */
export function words(text: string | null | undefined): string[] {
  const out: string[] = [];
  if (!text) return out;
  const s = text.toLowerCase();
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 0x80) word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    else {
      const cp = s.codePointAt(i) ?? c;
      width = cp > 0xffff ? 2 : 1;
      word = isWordChar(cp);
    }
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

const wordChars = new Map<number, boolean>();
/** A letter or digit, and not one of the marks. */
function isWordChar(cp: number): boolean {
  let w = wordChars.get(cp);
  if (w === undefined) {
    w = cp < 0x1c0 || cp > 0x1c3 ? /[\p{L}\p{N}]/u.test(String.fromCodePoint(cp)) : false;
    if (wordChars.size < 50_000) wordChars.set(cp, w);
  }
  return w;
}

export interface IndexTexts {
  head: string;
  issuer: string;
  other: string;
  body: string;
  direction: 'in' | 'out' | string;
}

/** The index row of a document: its distinct words, marked by where they are (see the top of this file). */
export function indexWords(t: IndexTexts): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (text: string, mark: string) => {
    for (const w of words(text)) {
      if (seen.has(w)) continue;
      seen.add(w);
      out.push(mark + w);
    }
  };
  add(t.head, '');
  add(t.issuer, '');
  add(t.other, MARK_OTHER);
  add(t.body, MARK_BODY);
  out.push(MARK_DIRECTION + (t.direction === 'out' ? 'out' : 'in'));
  return out;
}

/** The level of a match: 0 = head and issuer, 1 = any metadata, 2 = metadata and files. */
type Level = 0 | 1 | 2;
const LEVEL_MARKS: Record<Level, string[]> = { 0: [''], 1: ['', MARK_OTHER], 2: ['', MARK_OTHER, MARK_BODY] };

export interface SearchMatch {
  /** One FTS expression per tier, each excluding the earlier ones and the excluded words. */
  tiers: string[];
  /** Every match, in any tier. */
  all: string;
}

const quoted = (w: string) => `"${w}"`;

/** Any of the words, whole, in head or issuer (routing suggestions). */
export function anyHeadWord(ws: string[]): string {
  return `(${ws.map((w) => quoted(clean(w))).join(' OR ')})`;
}

/** All of the words, whole, in head or issuer. */
export function allHeadWords(ws: string[]): string {
  return `(${ws.map((w) => quoted(clean(w))).join(' AND ')})`;
}

/** All of the words but any one, whole, in head or issuer. */
export function allHeadWordsButOne(ws: string[]): string {
  return `(${ws.map((_, skip) => allHeadWords(ws.filter((__, i) => i !== skip))).join(' OR ')})`;
}

export function createSearchIndex(raw: RawDb) {
  const insert = raw.prepare('INSERT INTO documents_fts (rowid, words) VALUES (?, ?)');
  const remove = raw.prepare('DELETE FROM documents_fts WHERE rowid = ?');
  const addTerms = raw.prepare('INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(?)');
  const knownTerms = raw.prepare('SELECT value FROM json_each(?) WHERE value IN (SELECT term FROM search_terms)').pluck();
  const range = raw.prepare('SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?').pluck();
  const exists = raw.prepare('SELECT 1 FROM search_terms WHERE term = ?').pluck();
  const structure = raw.prepare('SELECT block FROM documents_fts_data WHERE id = 10').pluck();
  const totalChanges = raw.prepare('SELECT total_changes()').pluck();
  const merge = raw.prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('merge', -400)");

  /**
   * Words known to be committed in search_terms: read outside any transaction (at start, or later), then added to
   * once confirmed. A cache only: a word missing here is written again (INSERT OR IGNORE), never left out.
   */
  let committed: Set<string> | null = null;
  /** Words written to search_terms in transactions not yet known to have committed. */
  const unconfirmed = new Set<string>();
  raw.exec('CREATE TEMP TABLE IF NOT EXISTS search_mark (n INTEGER NOT NULL)');
  const markGet = raw.prepare('SELECT n FROM temp.search_mark WHERE rowid = 1').pluck();
  const markSet = raw.prepare('INSERT OR REPLACE INTO temp.search_mark (rowid, n) VALUES (1, ?)');
  // Unique to this instance, so that another one writing the same TEMP row on this connection is never mistaken for it.
  let mark = Math.floor(Math.random() * 2 ** 40);

  function load(): void {
    if (committed || raw.inTransaction) return;
    committed = new Set(raw.prepare('SELECT term FROM search_terms LIMIT ?').pluck().all(CACHE_MAX) as string[]);
  }

  /** Outside a transaction every earlier write has either committed or rolled back: keep what is in the table. */
  function confirm(): void {
    load();
    if (raw.inTransaction || !committed || !unconfirmed.size) return;
    const list = [...unconfirmed];
    unconfirmed.clear();
    if (committed.size >= CACHE_MAX) return;
    for (const w of knownTerms.all(JSON.stringify(list)) as string[]) committed.add(w);
  }

  /**
   * Adds to `into` the words of `ws` that search_terms may not hold yet; the caller writes them in its transaction.
   * A word written earlier in a transaction that may still roll back is trusted only while the mark below says no
   * rollback happened since: the mark is a row of a TEMP table, rewritten with every write, so a rollback (of the
   * transaction or of a savepoint around the write) puts back an older mark.
   */
  function newWords(ws: string[], into: string[]): void {
    confirm();
    if (raw.inTransaction && unconfirmed.size && markGet.get() !== mark) unconfirmed.clear();
    const before = into.length;
    for (const w of ws) {
      if (committed?.has(w) || unconfirmed.has(w) || isNumber(w)) continue;
      into.push(w);
      if (unconfirmed.size < CACHE_MAX) unconfirmed.add(w);
    }
    if (into.length > before && raw.inTransaction) markSet.run(++mark);
  }

  load();

  function termsOf(ws: string[]): void {
    const fresh: string[] = [];
    newWords(ws, fresh);
    if (fresh.length) addTerms.run(JSON.stringify(fresh));
  }

  /** Up to `max` indexed words starting with `prefix`, or null when there are more. */
  function expand(prefix: string, max = EXPAND_MAX): string[] | null {
    confirm();
    const last = prefix.codePointAt(prefix.length - 1) ?? 0;
    const upper = prefix.slice(0, prefix.length - (last > 0xffff ? 2 : 1)) + String.fromCodePoint(last + 1);
    const found = range.all(prefix, upper, max + 1) as string[];
    return found.length > max ? null : found;
  }

  const phrase = quoted;

  /** A word (with its number forms) at a level: any of its marked forms, each whole or, when typed, as a prefix. */
  function wordAt(word: string, level: Level, prefix: boolean): string {
    const atoms: string[] = [];
    for (const form of wordForms(word)) {
      for (const mark of LEVEL_MARKS[level]) {
        const w = mark + form;
        // A one-letter word is taken whole; two letters have their own prefix index.
        // A whole word the index does not hold is left out: most words never occur marked, and every atom of an OR
        // costs a step on each row FTS5 walks.
        if (!prefix || form.length < 2) {
          if (isNumber(w) || exists.get(w) !== undefined) atoms.push(phrase(w));
        } else if ([...w].length === 2 || isNumber(w)) atoms.push(`${phrase(w)}*`);
        else {
          const list = expand(w);
          if (list === null) atoms.push(`${phrase(w)}*`);
          else if (list.length) atoms.push(...list.map(phrase));
        }
      }
    }
    // Nothing indexed starts with it: a word never written keeps the expression valid and matches nothing.
    if (!atoms.length) atoms.push(NOTHING);
    return atoms.length === 1 ? atoms[0] : `(${atoms.join(' OR ')})`;
  }

  function levelMatch(p: ParsedQuery, level: Level, prefixAll: boolean): string {
    const last = p.alternatives.length - 1;
    const alts = p.alternatives.map((ws, ai) => ws.map((w, i) => wordAt(clean(w), level, prefixAll || (ai === last && i === ws.length - 1))).join(' AND '));
    return alts.length === 1 ? `(${alts[0]})` : `(${alts.map((a) => `(${a})`).join(' OR ')})`;
  }

  return {
    /** Rewrites a document's row. Inside the transaction that changed the document. */
    write(id: number, t: IndexTexts): void {
      const ws = indexWords(t);
      termsOf(ws);
      remove.run(id);
      insert.run(id, ws.join(' '));
    },

    /** Rows of documents just inserted (no earlier row to remove); their new words written in one statement. */
    writeNew(rows: Array<{ id: number; texts: IndexTexts }>): void {
      if (!rows.length) return;
      const fresh: string[] = [];
      for (const r of rows) {
        const ws = indexWords(r.texts);
        newWords(ws, fresh);
        insert.run(r.id, ws.join(' '));
      }
      if (fresh.length) addTerms.run(JSON.stringify(fresh));
    },

    /** The FTS expressions of a parsed query; every word whole except the one being typed, or all as prefixes. */
    match(p: ParsedQuery, prefixAll: boolean): SearchMatch {
      const l = [levelMatch(p, 0, prefixAll), levelMatch(p, 1, prefixAll), levelMatch(p, 2, prefixAll)];
      const ex = p.excluded.length ? ` NOT (${p.excluded.map((w) => wordAt(clean(w), 2, false)).join(' OR ')})` : '';
      return { tiers: [`${l[0]}${ex}`, `(${l[1]} NOT ${l[0]})${ex}`, `(${l[2]} NOT ${l[1]})${ex}`], all: `${l[2]}${ex}` };
    },

    /**
     * Documents with all the words in head or issuer (the last one as a prefix): a superset of those whose issuer has
     * them, which the caller narrows with the issuer itself.
     */
    issuerMatch(ws: string[]): string | null {
      if (!ws.length) return null;
      return levelMatch({ alternatives: [ws], excluded: [] }, 0, true);
    },

    /** Restricts a match to one direction (for counting from the index alone). */
    inDirection(match: string, direction: 'in' | 'out'): string {
      return `${phrase(MARK_DIRECTION + direction)} AND ${match}`;
    },

    /**
     * How many b-trees (segments) the index is made of: every committed write adds one, FTS5 merges them four at a
     * time, and a query looks each of its words up in every one (about 5 µs each at a million documents). Read from
     * FTS5's structure record: a 4-byte cookie, the 4-byte mark of its second format (FF 00 00 01, which tables with
     * contentless_delete use), then varints for the number of levels and of segments.
     */
    segments(): number {
      const block = structure.get() as Buffer | undefined;
      if (!block || block.length < 5) return 0;
      let at = block[4] === 0xff && block[5] === 0 && block[6] === 0 && block[7] === 1 ? 8 : 4;
      const varint = () => {
        let v = 0;
        for (let i = 0; i < 9 && at < block.length; i++) {
          const b = block[at++];
          v = v * 128 + (b & 0x7f);
          if (!(b & 0x80)) break;
        }
        return v;
      };
      varint();
      return varint();
    },

    /**
     * Merges the index's segments into one, a few hundred pages per short transaction (FTS5 `merge` with a negative
     * budget), until nothing is left to merge or `budgetMs` has passed; the next call goes on where this one stopped.
     * Returns the steps that did work.
     */
    tidy(budgetMs: number): number {
      const started = performance.now();
      let steps = 0;
      while (performance.now() - started < budgetMs) {
        const before = totalChanges.get() as number;
        raw.transaction(() => merge.run()).immediate();
        // FTS5: a merge that did any work changes two rows or more.
        if ((totalChanges.get() as number) - before < 2) break;
        steps++;
      }
      return steps;
    },
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;
