// Routing suggestion (issue 9 §5a): who should direct a new incoming document, who should lead it and by when,
// read from how the office directed the most similar earlier documents (same issuer, similar subject through the
// search index). Only suggests: the clerk sees the examples and accepts with one click; nothing is applied here.

import type { RoutingSuggestion, SuggestionExample } from '../../src-shared/api/workflow';
import { AppError } from '../../src-shared/errors';
import { addDays, todayVn } from '../../src-shared/calendar/vn-time';
import { countWorkingDays } from '../../src-shared/calendar/working-time';
import { queryTerms } from '../../src-shared/vn/text';
import type { CalendarService } from '../calendar/service';
import type { RawDb } from '../db/open';
import { accessSql, type Viewer } from '../documents/access';
import { allHeadWords, allHeadWordsButOne, anyHeadWord } from '../documents/search-index';

/** Words of almost every administrative subject: they say nothing about who handles it. */
const STOP = new Set(
  (
    've viec cua va cac nam tren dia ban xa huyen tinh cho doi voi the nhung mot so quyet dinh cong van thong bao ke hoach bao cao to trinh giay moi ' +
    'trien khai thuc hien tang cuong nham trong tai theo nay duoc da se den tu ngay thang nguoi dan ubnd uy nhan'
  ).split(' '),
);

const EXAMPLES = 10;
const CANDIDATES = 300;

/** The words that describe what a subject is about. */
export function subjectWords(subject: string): string[] {
  return [...new Set(queryTerms(subject).filter((w) => w.length >= 2 && !STOP.has(w) && !/^\d+$/.test(w)))];
}

function similarity(a: string[], b: Set<string>): number {
  if (!a.length || !b.size) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.length + b.size - common);
}

interface Candidate {
  id: number;
  subject: string;
  issuerName: string;
  issuerAgencyId: number | null;
  issuerSearch: string;
  codeNumber: string | null;
  codeNotation: string | null;
  arrivalAt: number;
}

interface Directed {
  leaderId: number;
  leaderName: string;
  at: number;
  leadUserId: number | null;
  leadUnitId: number | null;
  leadName: string | null;
  dueDate: string | null;
}

export function createSuggest(deps: { raw: RawDb; calendar: CalendarService; now: () => number }) {
  const { raw, calendar, now } = deps;
  const docStmt = raw.prepare(
    `SELECT id, subject, issuer_name AS issuerName, issuer_agency_id AS issuerAgencyId, issuer_search AS issuerSearch, code_number AS codeNumber,
            code_notation AS codeNotation, arrival_at AS arrivalAt FROM documents WHERE id = ?`,
  );
  // The latest office directive of a document and its chủ trì.
  const directedStmt = raw.prepare(
    `SELECT r.by_id AS leaderId, b.full_name AS leaderName, r.at, t.user_id AS leadUserId, t.unit_id AS leadUnitId, coalesce(u.full_name, n.name) AS leadName, t.due_date AS dueDate
       FROM directions r JOIN users b ON b.id = r.by_id
       LEFT JOIN tasks t ON t.direction_id = r.id AND t.kind = 'lead'
       LEFT JOIN users u ON u.id = t.user_id LEFT JOIN units n ON n.id = t.unit_id
      WHERE r.document_id = ? AND r.level = 'office' ORDER BY r.id DESC, t.id LIMIT 1`,
  );

  function candidates(d: Candidate, v: Viewer): Candidate[] {
    const a = accessSql(v);
    const cols = `d.id, d.subject, d.issuer_name AS issuerName, d.issuer_agency_id AS issuerAgencyId, d.issuer_search AS issuerSearch, d.code_number AS codeNumber,
      d.code_notation AS codeNotation, d.arrival_at AS arrivalAt`;
    const directed = "EXISTS (SELECT 1 FROM directions r WHERE r.document_id = d.id AND r.level = 'office')";
    const base = `d.id != @self AND d.direction = 'in' AND d.status = 'registered' AND ${directed} AND ${a.clause}`;
    const out = new Map<number, Candidate>();
    // Same issuer, newest first: by the directory id, else by the folded name through the issuer column of the index.
    const sameIssuer =
      d.issuerAgencyId != null
        ? raw.prepare(`SELECT ${cols} FROM documents d WHERE d.issuer_agency_id = @agency AND ${base} ORDER BY d.arrival_at DESC LIMIT @n`)
        : raw.prepare(
            `SELECT ${cols} FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH @issuerMatch AND d.issuer_search = @issuer AND ${base}
              ORDER BY f.rowid DESC LIMIT @n`,
          );
    const issuerTerms = queryTerms(d.issuerName).slice(0, 12);
    const params = { ...a.params, self: d.id, agency: d.issuerAgencyId, issuer: d.issuerSearch, n: CANDIDATES };
    if (d.issuerAgencyId != null || issuerTerms.length) {
      const issuerMatch = allHeadWords(issuerTerms);
      for (const r of sameIssuer.all({ ...params, issuerMatch }) as Candidate[]) out.set(r.id, r);
    }
    // Similar subject: the newest documents with most of its telling words in the trích yếu, số ký hiệu or cơ quan
    // (the index keeps no word counts to rank by): all of them first, then all but one, then any.
    const words = subjectWords(d.subject).slice(0, 10);
    const tries = words.length > 2 ? [allHeadWords(words), allHeadWordsButOne(words), anyHeadWord(words)] : words.length ? [anyHeadWord(words)] : [];
    const similar = raw.prepare(
      `SELECT ${cols} FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH @match AND ${base} ORDER BY f.rowid DESC LIMIT @n`,
    );
    for (const match of tries) {
      if (out.size >= 2 * CANDIDATES) break;
      for (const r of similar.all({ ...params, match }) as Candidate[]) out.set(r.id, r);
    }
    return [...out.values()];
  }

  function suggest(documentId: number, v: Viewer): RoutingSuggestion {
    const d = docStmt.get(documentId) as Candidate | undefined;
    if (!d) throw new AppError('not_found', 'Không tìm thấy văn bản.');
    const words = subjectWords(d.subject);
    const sameIssuer = (c: Candidate) => (d.issuerAgencyId != null ? c.issuerAgencyId === d.issuerAgencyId : c.issuerSearch === d.issuerSearch);
    const scored = candidates(d, v)
      .map((c) => {
        const sim = similarity(words, new Set(subjectWords(c.subject)));
        const issuer = sameIssuer(c);
        // The subject says what the work is; the issuer only helps among similar subjects or when subjects say little.
        return { c, sim, issuer, score: sim + (issuer ? 0.15 : 0) };
      })
      .filter((x) => x.sim >= 0.2 || (x.issuer && x.sim > 0) || (x.issuer && !words.length))
      .sort((a, b) => b.score - a.score || b.c.arrivalAt - a.c.arrivalAt)
      .slice(0, EXAMPLES);
    const cal = calendar.around(now());
    const examples: Array<SuggestionExample & { weight: number; leaderId: number; leadKey: string | null; lead: Directed }> = [];
    for (const x of scored) {
      const r = directedStmt.get(x.c.id) as Directed | undefined;
      if (!r) continue;
      const from = todayVn(r.at);
      // Working days after the directive's day up to the deadline, as addWorkingDays counts them.
      const dueDays = r.dueDate && r.dueDate >= from ? countWorkingDays(cal, addDays(from, 1), addDays(r.dueDate, 1)) : null;
      examples.push({
        documentId: x.c.id,
        code: x.c.codeNumber ? `${x.c.codeNumber}${x.c.codeNotation ? `/${x.c.codeNotation}` : ''}` : x.c.codeNotation,
        subject: x.c.subject,
        issuerName: x.c.issuerName,
        arrivalAt: x.c.arrivalAt,
        leaderName: r.leaderName,
        leadName: r.leadName,
        dueDays,
        reason: x.issuer && x.sim >= 0.2 ? 'both' : x.issuer ? 'issuer' : 'subject',
        weight: x.score,
        leaderId: r.leaderId,
        leadKey: r.leadUserId != null ? `u${r.leadUserId}` : r.leadUnitId != null ? `n${r.leadUnitId}` : null,
        lead: r,
      });
    }
    if (!examples.length) return { leader: null, lead: null, dueWorkingDays: null, confidence: 0, examples: [] };
    const vote = <K>(key: (e: (typeof examples)[number]) => K | null): K | null => {
      const w = new Map<K, number>();
      for (const e of examples) {
        const k = key(e);
        if (k != null) w.set(k, (w.get(k) ?? 0) + e.weight);
      }
      let best: K | null = null;
      let bestW = -1;
      for (const [k, n] of w) if (n > bestW) [best, bestW] = [k, n];
      return best;
    };
    const leaderId = vote((e) => e.leaderId);
    const leadKey = vote((e) => e.leadKey);
    const leaderEx = examples.find((e) => e.leaderId === leaderId);
    const leadEx = examples.find((e) => e.leadKey === leadKey);
    const agreeing = examples.filter((e) => e.leadKey === leadKey);
    // The usual deadline of the examples that agree on the lead (the median, so one odd case does not move it).
    const days = agreeing
      .map((e) => e.dueDays)
      .filter((n): n is number => n != null && n > 0)
      .sort((a, b) => a - b);
    return {
      leader: leaderEx ? { id: leaderEx.leaderId, name: leaderEx.leaderName ?? '' } : null,
      lead: leadEx && leadKey ? { userId: leadEx.lead.leadUserId, unitId: leadEx.lead.leadUnitId, name: leadEx.leadName ?? '' } : null,
      dueWorkingDays: days.length ? days[Math.floor((days.length - 1) / 2)] : null,
      confidence: Math.round((agreeing.length / examples.length) * 100) / 100,
      examples: examples.map(({ weight: _w, leaderId: _l, leadKey: _k, lead: _d, ...e }) => e),
    };
  }

  return { suggest };
}

export type SuggestService = ReturnType<typeof createSuggest>;
