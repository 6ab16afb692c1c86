import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family = "Vazirmatn, system-ui, sans-serif";
Chart.defaults.animation = false;

export const PALETTE = [
  "#0f766e", "#b45309", "#4338ca", "#be123c", "#15803d",
  "#7c3aed", "#0369a1", "#a16207", "#9d174d", "#475569", "#65a30d",
];

/** A chart.js chart; `label` is its accessible name (the table view is the text). */
export function ChartCanvas(props: {
  config: ChartConfiguration<"line"> | ChartConfiguration<"bar">;
  label: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, props.config as ChartConfiguration);
    return () => chart.destroy();
  }, [props.config]);
  return (
    <div class="chart" style={{ height: `${props.height ?? 260}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
