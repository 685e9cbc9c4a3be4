/**
 * latest.svg, written by hand: one panel per headline metric, a bar per contender for the
 * median, a whisker for the min–max of the rounds. No dependencies.
 */
import type { MetricSpec } from '../scenarios/types.js';
import type { SummaryRow } from '../summary.js';
import { formatValue } from './format.js';
import type { Results } from './results.js';

const WIDTH = 960;
const PANEL_W = 460;
const GAP = 20;
const ROW_H = 22;
const LABEL_W = 130;
const BAR_W = 230;
const COLORS: Record<string, string> = {
  'ws-naive': '#9e9e9e',
  'ws-frame-once': '#505050',
  socketio: '#e07b39',
  parley: '#2f6fdf',
  'parley-novalidate': '#86aef2',
  'parley-parse-only': '#1c3d7a',
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Panel {
  readonly title: string;
  readonly metric: MetricSpec;
  readonly rows: readonly SummaryRow[];
}

function panels(results: Results): Panel[] {
  return results.scenarios.flatMap((s) =>
    s.metrics
      .filter((m) => m.headline === true)
      .map((metric) => ({ title: `${s.name}: ${metric.label}${metric.unit === 'ms' || metric.unit === 'B' ? ` (${metric.unit})` : ''}`, metric, rows: results.summary.filter((r) => r.scenario === s.name) })),
  );
}

function drawPanel(panel: Panel, x: number, y: number): string[] {
  const { metric, rows } = panel;
  const max = Math.max(...rows.map((r) => r.metrics[metric.key]?.max ?? 0).filter(Number.isFinite), 1e-9);
  const scale = (v: number): number => (Math.max(0, v) / max) * BAR_W;
  const out = [
    `<text x="${x}" y="${y + 14}" class="t">${esc(panel.title)}</text>`,
    `<text x="${x}" y="${y + 30}" class="s">${esc(metric.better)} is better · median, whisker = min–max</text>`,
  ];
  rows.forEach((row, i) => {
    const top = y + 40 + i * ROW_H;
    const s = row.metrics[metric.key];
    out.push(`<text x="${x + LABEL_W - 6}" y="${top + 14}" class="l" text-anchor="end">${esc(row.contender)}</text>`);
    if (row.status !== 'ok' || s === undefined || !Number.isFinite(s.median)) {
      out.push(`<text x="${x + LABEL_W}" y="${top + 14}" class="s">${row.status === 'ok' ? 'no value' : esc(row.status)}</text>`);
      return;
    }
    const color = COLORS[row.contender] ?? '#333';
    const bx = x + LABEL_W;
    out.push(`<rect x="${bx}" y="${top + 3}" width="${scale(s.median).toFixed(1)}" height="${ROW_H - 8}" fill="${color}"/>`);
    if (s.n > 1) {
      const [x1, x2, cy] = [bx + scale(s.min), bx + scale(s.max), top + 3 + (ROW_H - 8) / 2];
      out.push(`<path d="M${x1.toFixed(1)} ${cy}H${x2.toFixed(1)}M${x1.toFixed(1)} ${cy - 4}v8M${x2.toFixed(1)} ${cy - 4}v8" class="w"/>`);
    }
    out.push(`<text x="${(bx + scale(Math.max(s.median, s.max)) + 6).toFixed(1)}" y="${top + 14}" class="l">${esc(formatValue(s.median, metric))}</text>`);
  });
  return out;
}

/** The whole chart. */
export function renderSvg(results: Results): string {
  const list = panels(results);
  const heights = list.map((p) => 50 + p.rows.length * ROW_H);
  const rowHeights: number[] = [];
  for (let i = 0; i < list.length; i += 2) rowHeights.push(Math.max(heights[i] ?? 0, heights[i + 1] ?? 0));
  const top = 50;
  const height = top + rowHeights.reduce((a, b) => a + b + GAP, 0);
  const body: string[] = [];
  let y = top;
  list.forEach((panel, i) => {
    body.push(...drawPanel(panel, GAP + (i % 2) * (PANEL_W + GAP), y));
    if (i % 2 === 1 || i === list.length - 1) y += (rowHeights[Math.floor(i / 2)] ?? 0) + GAP;
  });
  const m = results.machine;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">`,
    '<style>.t{font-size:14px;font-weight:600}.s{font-size:11px;fill:#666}.l{font-size:12px}.w{stroke:#000;stroke-width:1.2;fill:none}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${GAP}" y="24" class="t">Parley vs raw ws vs Socket.IO — median of ${results.config.rounds} round(s)</text>`,
    `<text x="${GAP}" y="40" class="s">${esc(`${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${results.generatedAt}`)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
