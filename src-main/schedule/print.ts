// The printed weekly work schedule: A4 landscape, the organisation's name, "LỊCH CÔNG TÁC TUẦN …", and the usual
// seven-column table with the day cell merged over that day's entries, long text wrapped, the header repeated on
// each page. Pure rendering over reports/pdf-kit.ts: no database; the caller passes the week as shown.

import type { PDFFont, PDFPage } from 'pdf-lib';
import type { ScheduleWeekDto } from '../../src-shared/api/schedule';
import { dmy } from '../../src-shared/schedule/week';
import { addDays } from '../../src-shared/calendar/vn-time';
import { addPage, createReport, drawLine, drawString, fillRect, fitColumns, prepareText, saveReport, textWidth, wrapText, type Report } from '../reports/pdf-kit';

export interface SchedulePrintInput {
  orgName: string;
  parentOrgName: string | null;
  week: ScheduleWeekDto;
  /** "Lịch cơ quan" needs no owner line; a unit's or a person's names its owner. */
  ownerLine: string | null;
  printedAt: number;
  printedBy: string;
}

const SIZE = 11;
const LH = SIZE * 1.22;
const PAD_X = 3;
const PAD_Y = 2.5;
const GRID = 0.5;
const HEADERS = ['Thứ/ngày', 'Thời gian', 'Nội dung', 'Chủ trì', 'Thành phần', 'Địa điểm', 'Chuẩn bị'];
const WEIGHTS = [1.05, 0.85, 3.3, 1.4, 2.2, 1.5, 1.4];

interface Laid {
  font: PDFFont;
  lines: string[];
}

function lay(font: PDFFont, text: string, width: number): Laid {
  return { font, lines: wrapText(font, prepareText(font, text), SIZE, Math.max(width - 2 * PAD_X, 1)) };
}

function baseline(font: PDFFont, top: number, i: number): number {
  const ascent = font.heightAtSize(SIZE, { descender: false });
  const height = font.heightAtSize(SIZE);
  return top - PAD_Y - i * LH - (LH - height) / 2 - ascent;
}

function drawLines(page: PDFPage, cell: Laid, x: number, width: number, top: number, from: number, count: number, center = false, strike = false): void {
  for (let i = 0; i < count; i++) {
    const line = cell.lines[from + i];
    if (!line) continue;
    const w = textWidth(cell.font, line, SIZE);
    const lx = center ? x + (width - w) / 2 : x + PAD_X;
    const y = baseline(cell.font, top, i);
    drawString(page, cell.font, SIZE, lx, y, line);
    if (strike) drawLine(page, lx, y + SIZE * 0.3, lx + w, y + SIZE * 0.3, 0.6);
  }
}

export async function renderSchedulePdf(input: SchedulePrintInput, opts: { resourcesDir: string }): Promise<Uint8Array> {
  const { week } = input;
  const report: Report = await createReport({
    resourcesDir: opts.resourcesDir,
    orientation: 'landscape',
    title: `Lịch công tác tuần ${week.isoWeek}`,
    printedAt: input.printedAt,
  });
  const { frame, fonts } = report;
  const widths = fitColumns(WEIGHTS, frame.contentWidth);
  const xs = [frame.left];
  for (const w of widths) xs.push(xs[xs.length - 1] + w);
  const x0 = xs[0];
  const x1 = xs[xs.length - 1];

  let page = addPage(report);
  let y = frame.top;

  // Heading: issuing body top left, title centred.
  const centerText = (font: PDFFont, size: number, text: string, cx: number, yy: number) => {
    const t = prepareText(font, text);
    drawString(page, font, size, cx - textWidth(font, t, size) / 2, yy, t);
  };
  const leftCol = x0 + frame.contentWidth * 0.2;
  if (input.parentOrgName) {
    centerText(fonts.regular, 12, input.parentOrgName.toUpperCase(), leftCol, y - 12);
    y -= 14;
  }
  centerText(fonts.bold, 12, input.orgName.toUpperCase(), leftCol, y - 12);
  y -= 30;
  centerText(fonts.bold, 15, `LỊCH CÔNG TÁC TUẦN ${week.isoWeek}`, frame.left + frame.contentWidth / 2, y - 14);
  y -= 20;
  centerText(fonts.italic, 12, `(từ ngày ${dmy(week.weekStart)} đến ngày ${dmy(addDays(week.weekStart, 6))})`, frame.left + frame.contentWidth / 2, y - 12);
  y -= 16;
  if (input.ownerLine) {
    centerText(fonts.bold, 12, input.ownerLine, frame.left + frame.contentWidth / 2, y - 12);
    y -= 16;
  }
  if (week.state !== 'published') {
    centerText(fonts.italic, 11, '(Dự thảo, chưa ban hành)', frame.left + frame.contentWidth / 2, y - 11);
    y -= 14;
  }
  y -= 8;

  let gridTop = y;
  const header = () => {
    const cells = HEADERS.map((h, i) => lay(fonts.bold, h, widths[i]));
    const h = Math.max(...cells.map((c) => c.lines.length)) * LH + 2 * PAD_Y;
    fillRect(page, x0, y - h, x1 - x0, h, 0.9);
    drawLine(page, x0, y, x1, y, GRID);
    cells.forEach((c, i) => drawLines(page, c, xs[i], widths[i], y, 0, c.lines.length, true));
    gridTop = y;
    y -= h;
    drawLine(page, x0, y, x1, y, GRID);
  };
  const closeGrid = () => {
    for (const x of xs) drawLine(page, x, gridTop, x, y, GRID);
  };
  const newPage = () => {
    closeGrid();
    page = addPage(report);
    y = frame.top;
    header();
  };
  header();

  for (const day of week.days) {
    const entries = week.entries.filter((e) => e.date === day.date);
    const dayText = `${day.weekday}\n${dmy(day.date).slice(0, 5)}${day.holidays.length ? `\n${day.holidays.join('; ')}` : ''}`;
    const dayCell = lay(fonts.bold, dayText, widths[0]);
    const rows = (entries.length ? entries : [null]).map((e) => {
      if (!e) return { cells: widths.slice(1).map((w) => lay(fonts.regular, '', w)), strike: false };
      const mark = e.cancelled ? '[Hủy] ' : e.adjustment === 'added' ? '[Bổ sung] ' : e.adjustment === 'changed' ? '[Điều chỉnh] ' : '';
      const texts = [e.time, mark + e.content, e.chair ?? '', e.participants.map((p) => p.name).join(', '), e.place ?? '', e.prep ?? ''];
      return { cells: texts.map((t, i) => lay(i === 1 && mark ? fonts.italic : fonts.regular, t, widths[i + 1])), strike: e.cancelled };
    });
    // The day cell is merged over its rows; when the day runs onto a new page its label is repeated there.
    let segTop = y;
    const drawDay = () => {
      drawLines(page, dayCell, xs[0], widths[0], segTop, 0, Math.min(dayCell.lines.length, Math.floor((segTop - y - 2 * PAD_Y) / LH + 0.01) || dayCell.lines.length), true);
    };
    const dayHeight = dayCell.lines.length * LH + 2 * PAD_Y;
    rows.forEach((row, ri) => {
      let pending = row.cells;
      const last = ri === rows.length - 1;
      for (;;) {
        const need = Math.max(1, ...pending.map((c) => c.lines.length));
        let h = need * LH + 2 * PAD_Y;
        // The last row of a day is stretched so the merged day cell fits its label.
        if (last) h = Math.max(h, dayHeight - (segTop - y));
        if (y - h >= frame.bottom - 0.01) {
          pending.forEach((c, i) => drawLines(page, c, xs[i + 1], widths[i + 1], y, 0, c.lines.length, false, row.strike && i === 1));
          y -= h;
          drawLine(page, last ? x0 : xs[1], y, x1, y, GRID);
          break;
        }
        const fit = Math.floor((y - frame.bottom - 2 * PAD_Y) / LH);
        const freshPage = y >= frame.top - 40;
        if (fit >= 3 && (freshPage || need > 20)) {
          pending.forEach((c, i) => drawLines(page, c, xs[i + 1], widths[i + 1], y, 0, Math.min(fit, c.lines.length), false, row.strike && i === 1));
          pending = pending.map((c) => ({ ...c, lines: c.lines.slice(fit) }));
          y -= fit * LH + 2 * PAD_Y;
        }
        drawLine(page, x0, y, x1, y, GRID);
        if (segTop > y + 0.01) drawDay();
        newPage();
        segTop = y;
      }
    });
    drawDay();
  }
  closeGrid();
  return saveReport(report, { printedAt: input.printedAt, printedBy: input.printedBy });
}
