// The full-text query of documents/query.ts evaluated on one document's folded texts, without the index. A reader who
// sees only the few documents given to them (documents/access.ts) is searched this way: asking the index for every
// match of a common word in a million documents and keeping the handful they may see costs seconds, while reading
// their own few hundred documents costs milliseconds. The semantics are the index's, word for word: the same
// tokens (letters and digits, as FTS5's unicode61), a whole word or — for the word being typed — a prefix of one,
// numbers with and without a leading zero, OR between alternatives, excluded words in no column at all, and the
// three tiers. tests/services/access.test.ts compares both ways on generated documents.

import { wordForms, type ParsedQuery } from './query';

/** One document's folded texts as the index holds them; the body (files' text) is read only when needed. */
export interface DocTexts {
  head: string;
  issuer: string;
  other: string;
  body: () => string;
}

interface Term {
  forms: string[];
  prefix: boolean;
}

class Words {
  private readonly set: Set<string>;
  private readonly list: string[];
  constructor(text: string) {
    this.list = text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    this.set = new Set(this.list);
  }
  has(t: Term): boolean {
    return t.forms.some((f) => this.set.has(f) || (t.prefix && f.length > 1 && this.list.some((w) => w.startsWith(f))));
  }
}

export type Tier = 0 | 1 | 2;

/**
 * A matcher for a parsed query: `tierOf` gives the tier a document falls in (0: all words in trích yếu/số ký
 * hiệu/cơ quan, 1: in any metadata, 2: only with the files' text), or null when it does not match.
 */
export function smallMatcher(p: ParsedQuery, prefixAll: boolean) {
  const last = p.alternatives.length - 1;
  const alts: Term[][] = p.alternatives.map((words, ai) => words.map((t, i) => ({ forms: wordForms(t), prefix: prefixAll || (ai === last && i === words.length - 1) })));
  const excluded: Term[] = p.excluded.map((t) => ({ forms: wordForms(t), prefix: false }));
  const matches = (cols: Words[]) => alts.some((terms) => terms.every((t) => cols.some((c) => c.has(t))));

  // A word (or a prefix of one) is in a text only if it is a substring of it: most documents are rejected by this
  // check alone, before any text is split into words.
  const mayMatch = (text: string) => alts.some((terms) => terms.every((t) => t.forms.some((f) => text.includes(f))));

  return {
    /** `hasBody`: whether the document has any file text at all (saves reading it when it has none). */
    tierOf(d: DocTexts, hasBody = true): Tier | null {
      const meta = `${d.head}\n${d.issuer}\n${d.other}`.toLowerCase();
      let bodyText: string | null = null;
      const body = () => (bodyText ??= hasBody ? d.body().toLowerCase() : '');
      if (!mayMatch(meta) && !(hasBody && mayMatch(`${meta}\n${body()}`))) return null;
      const head = new Words(d.head);
      const issuer = new Words(d.issuer);
      const other = new Words(d.other);
      let bodyWords: Words | null = null;
      const inBody = () => (bodyWords ??= new Words(body()));
      if (excluded.length && excluded.some((t) => [head, issuer, other, inBody()].some((c) => c.has(t)))) return null;
      if (matches([head, issuer])) return 0;
      if (matches([head, issuer, other])) return 1;
      if (hasBody && matches([head, issuer, other, inBody()])) return 2;
      return null;
    },
  };
}
