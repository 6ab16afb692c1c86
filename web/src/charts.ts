// chart.js configurations shared by the pages. In Persian the time axis
// runs right to left and the value axis stands on the right.

import type { ChartConfiguration, ChartDataset } from "chart.js";

import { PALETTE } from "./components/Chart";
import type { Language } from "./format";

export function lineChart(
  language: Language,
  labels: string[],
  datasets: { label: string; data: (number | null)[] }[],
  formatValue: (value: number) => string,
  options: { fill?: boolean; max?: number } = {},
): ChartConfiguration<"line"> {
  const rtl = language === "fa";
  return {
    type: "line",
    data: {
      labels,
      datasets: datasets.map(
        (d, i): ChartDataset<"line"> => ({
          label: d.label,
          data: d.data,
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length] + "33",
          fill: options.fill ?? false,
          pointRadius: 0,
          borderWidth: 2,
          tension: 0.2,
        }),
      ),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { display: datasets.length > 1, rtl, position: "bottom" },
        tooltip: {
          rtl,
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatValue(Number(item.parsed.y))}`,
          },
        },
      },
      scales: {
        x: { reverse: rtl, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: {
          position: rtl ? "right" : "left",
          beginAtZero: true,
          max: options.max,
          ticks: { callback: (value) => formatValue(Number(value)) },
        },
      },
    },
  };
}

export function barChart(
  language: Language,
  labels: string[],
  datasets: { label: string; data: (number | null)[] }[],
  formatValue: (value: number) => string,
  horizontal = false,
): ChartConfiguration<"bar"> {
  const rtl = language === "fa";
  const valueAxis = {
    position: horizontal ? ("bottom" as const) : rtl ? ("right" as const) : ("left" as const),
    beginAtZero: true,
    reverse: horizontal && rtl,
    ticks: { callback: (value: string | number) => formatValue(Number(value)) },
  };
  const categoryAxis = {
    reverse: !horizontal && rtl,
    position: horizontal ? (rtl ? ("right" as const) : ("left" as const)) : ("bottom" as const),
    ticks: { autoSkip: false },
  };
  return {
    type: "bar",
    data: {
      labels,
      datasets: datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: datasets.length > 1, rtl, position: "bottom" },
        tooltip: {
          rtl,
          callbacks: {
            label: (item) =>
              `${item.dataset.label}: ${formatValue(Number(horizontal ? item.parsed.x : item.parsed.y))}`,
          },
        },
      },
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  };
}
