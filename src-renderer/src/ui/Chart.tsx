// A thin React wrapper over Chart.js for the dashboard and the reports: bar, line and doughnut charts drawn on a
// canvas (renders offline; no inline <style> is injected, so the app's CSP stays as it is). Only the controllers and
// elements registered below are bundled. It draws what it is given and computes nothing.

import { useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJs,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { ReportChart } from '../../../src-shared/api/reports';

ChartJs.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);
ChartJs.defaults.font.family = "'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";

/** Colours told apart in grey print too (on time green, late orange, in progress blue, overdue red). */
export const CHART_COLORS = ['#2e7d32', '#ef6c00', '#1565c0', '#c62828', '#6a1b9a', '#00838f', '#8d6e63', '#546e7a'];

export function Chart({ chart, label, height = 260, onPick }: { chart: ReportChart; label: string; height?: number; onPick?: (index: number) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const key = JSON.stringify(chart);
  useEffect(() => {
    if (!canvas.current) return;
    const doughnut = chart.kind === 'doughnut';
    const config: ChartConfiguration = {
      type: chart.kind,
      data: {
        labels: chart.labels,
        datasets: chart.series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: doughnut ? chart.labels.map((_, j) => CHART_COLORS[j % CHART_COLORS.length]) : CHART_COLORS[i % CHART_COLORS.length],
          borderColor: doughnut ? '#fff' : CHART_COLORS[i % CHART_COLORS.length],
          // One or two categories would otherwise be bars as wide as the card.
          maxBarThickness: 64,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        // Screenshots and tests see the final picture at once; people on slow machines are spared the animation.
        animation: false,
        plugins: { legend: { display: chart.series.length > 1 || doughnut, position: 'bottom' } },
        scales: doughnut
          ? {}
          : {
              x: { stacked: !!chart.stacked, ticks: { autoSkip: false, maxRotation: 45 } },
              y: { stacked: !!chart.stacked, beginAtZero: true, ticks: { precision: 0 } },
            },
        onClick: (_e, elements) => {
          if (elements[0] && pick.current) pick.current(elements[0].index);
        },
      },
    };
    const c = new ChartJs(canvas.current, config);
    return () => c.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `chart` by value
  }, [key]);
  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
