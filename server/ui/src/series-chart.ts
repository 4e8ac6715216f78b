import uPlot from 'uplot';

/** How many points a chart keeps: five minutes at one a second. */
const POINTS = 300;

/** A y scale: its axis label, and how far above its highest value it reaches (1.05: 5% more). */
export interface ScaleSpec {
  label: string;
  headroom?: number;
}

export interface SeriesSpec {
  label: string;
  stroke: string;
  scale?: string;
  dash?: number[];
}

/**
 * A live time-series chart: uPlot (small, canvas, made for streaming series) over a rolling window of POINTS,
 * appended to once per snapshot. `label` describes it for assistive technology; uPlot's legend lists the values.
 */
export class SeriesChart {
  readonly #plot: uPlot;
  readonly #data: number[][];

  constructor(container: HTMLElement, label: string, series: SeriesSpec[], scales: Record<string, ScaleSpec> = {}) {
    this.#data = [[], ...series.map(() => [])];
    const axes: uPlot.Axis[] = [{}];
    const ranges: uPlot.Scales = { x: { time: true } };
    for (const [scale, { label: axisLabel, headroom = 1.05 }] of Object.entries(scales)) {
      axes.push({ scale, label: axisLabel, size: 64, side: axes.length === 1 ? 3 : 1, grid: { show: axes.length === 1 } });
      // from 0, and a different headroom per scale so that two limits drawn on two scales do not overlap
      ranges[scale] = { range: (_plot, _min, max) => [0, Math.max(1, max) * headroom] };
    }
    const wrapper = document.createElement('figure');
    wrapper.setAttribute('aria-label', label);
    wrapper.setAttribute('role', 'img');
    container.append(wrapper);
    this.#plot = new uPlot(
      {
        width: Math.max(320, Math.min(640, container.clientWidth || 560)),
        height: 200,
        scales: ranges,
        axes,
        series: [
          {},
          ...series.map((each) => ({
            label: each.label,
            stroke: each.stroke,
            width: 2,
            scale: each.scale ?? 'y',
            ...(each.dash ? { dash: each.dash } : {}),
          })),
        ],
      },
      this.#data as uPlot.AlignedData,
      wrapper,
    );
  }

  /** Adds one point per series at `atMs`. */
  push(atMs: number, values: Array<number | null>): void {
    this.#data[0]!.push(atMs / 1000);
    values.forEach((value, i) => this.#data[i + 1]!.push(value as number));
    if (this.#data[0]!.length > POINTS) for (const column of this.#data) column.shift();
    this.#plot.setData(this.#data as uPlot.AlignedData);
  }
}
