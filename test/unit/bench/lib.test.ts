import { describe, expect, it } from "vitest";
import {
  exportFlat,
  formatInt,
  formatMb,
  formatMs,
  formatRatio,
  markdownTable,
  memoryFlat,
  parseBenchArgs,
  percentile,
  renderReport,
  summarize,
  targetRows,
  type BenchResults,
} from "../../bench/lib.ts";

describe("percentile (nearest rank)", () => {
  const thirty = Array.from({ length: 30 }, (_, i) => 30 - i); // 30 … 1, unsorted on purpose

  it("p50 and p95 of 30 samples are the 15th and 29th smallest", () => {
    expect(percentile(thirty, 50)).toBe(15);
    expect(percentile(thirty, 95)).toBe(29);
    expect(percentile(thirty, 100)).toBe(30);
    expect(percentile(thirty, 0)).toBe(1);
  });

  it("handles one sample and does not reorder the input", () => {
    expect(percentile([7], 95)).toBe(7);
    const input = [3, 1, 2];
    percentile(input, 50);
    expect(input).toEqual([3, 1, 2]);
  });

  it("refuses no samples and p outside 0–100", () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("summarize gives n, min, p50, p95, max, mean", () => {
    expect(summarize([10, 20, 30, 40])).toEqual({ n: 4, min: 10, p50: 20, p95: 40, max: 40, mean: 25 });
  });
});

describe("formatting", () => {
  it("numbers, durations, sizes and ratios", () => {
    expect(formatInt(1234567)).toBe("1,234,567");
    expect(formatInt(-1000)).toBe("-1,000");
    expect(formatMs(4.26)).toBe("4.3 ms");
    expect(formatMs(149.6)).toBe("150 ms");
    expect(formatMs(1234)).toBe("1.23 s");
    expect(formatMs(42_100)).toBe("42.1 s");
    expect(formatMs(125_000)).toBe("2 min 05 s");
    expect(formatMb(512 * 2 ** 20)).toBe("512 MB");
    expect(formatMb(1536 * 2 ** 20)).toBe("1,536 MB");
    expect(formatMb(1.5 * 2 ** 20)).toBe("1.5 MB");
    expect(formatRatio(1.4349)).toBe("1.43×");
    expect(formatRatio(Infinity)).toBe("–");
  });

  it("markdownTable aligns, escapes pipes and checks row width", () => {
    expect(markdownTable(["a", "n"], [["x|y", "1"]], ["left", "right"])).toBe("| a | n |\n| --- | ---: |\n| x\\|y | 1 |");
    expect(() => markdownTable(["a", "b"], [["only one"]])).toThrow();
  });

  it("exportFlat compares the RSS after the first and the last tenth of the rows", () => {
    const mb = 2 ** 20;
    expect(exportFlat([[100, 200 * mb, 30 * mb], [1000, 230 * mb, 35 * mb]])).toEqual({ flat: true, from: 200 * mb, to: 230 * mb });
    expect(exportFlat([[100, 200 * mb, 30 * mb], [1000, 600 * mb, 400 * mb]])?.flat).toBe(false);
    expect(exportFlat([[100, 200 * mb, 30 * mb]])).toBeNull();
  });

  it("memoryFlat tolerates 64 MB of growth", () => {
    expect(memoryFlat(200 * 2 ** 20, 250 * 2 ** 20)).toBe(true);
    expect(memoryFlat(200 * 2 ** 20, 400 * 2 ** 20)).toBe(false);
  });
});

describe("parseBenchArgs", () => {
  it("defaults to every part", () => {
    const o = parseBenchArgs([]);
    expect(o.parts).toEqual(["etl", "engine", "pages", "export", "pdf"]);
    expect(o.quick).toBe(false);
  });

  it("reads --only (in canonical order), --quick and numbers, with or without =", () => {
    const o = parseBenchArgs(["--only", "pages,etl", "--quick", "--requests=10", "--warmups", "0", "--render"]);
    expect(o.parts).toEqual(["etl", "pages"]);
    expect(o).toMatchObject({ quick: true, requests: 10, warmups: 0, render: true });
  });

  it("refuses unknown parts, flags and bad numbers", () => {
    expect(() => parseBenchArgs(["--only", "etl,nope"])).toThrow(/nope/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/--fast/);
    expect(() => parseBenchArgs(["--requests", "0"])).toThrow(/--requests/);
    expect(() => parseBenchArgs(["--only"])).toThrow(/needs a value/);
  });
});

describe("the BENCHMARKS.md report", () => {
  const meta = { date: "2026-01-01 12:00 (UTC+01:00)", quick: false, load: null, notes: [] };
  const results: BenchResults = {
    version: 1,
    machine: { cpu: "Test CPU", cores: 2, memoryBytes: 24 * 2 ** 30, node: "v20.0.0", duckdb: "v1.5.6", duckdbNodeApi: "1.5.6-r.1", os: "Linux" },
    etl: {
      ...meta,
      baselineRssBytes: 90 * 2 ** 20,
      rows: [
        {
          label: "10 M rows",
          rows: 10_000_000,
          fileBytes: 450 * 2 ** 20,
          etl: { ms: 30_000, peakRssBytes: 700 * 2 ** 20 },
          floor: { ms: 20_000, peakRssBytes: 300 * 2 ** 20 },
        },
      ],
    },
    engine: { ...meta, rows: [{ label: "national (scale 20 × 10 years)", arenden: 70_000, utforda: 15_800_000, ms: 75_000, peakRssBytes: 2 ** 31, phases: [["förbered", 5000]] }] },
    pages: {
      ...meta,
      build: "test build",
      datasets: [
        {
          label: "scale 1 × 5 years",
          target: 150,
          requests: 30,
          warmups: 3,
          serverPeakRssBytes: null,
          pages: [
            { route: "/", status: 200, bytes: 2048, summary: summarize([10, 20, 30]) },
            { route: "/timmar", status: 200, bytes: 2048, summary: summarize([100, 160, 170]) },
            { route: "/bevakning", status: 404, bytes: 10, summary: null, note: "404: page does not exist yet" },
          ],
        },
      ],
    },
  };

  it("puts each figure next to its target with a verdict", () => {
    const rows = targetRows(results);
    expect(rows).toContainEqual(["ETL of 10 M rows within 2× of DuckDB read_csv", "1.50× (30.0 s vs 20.0 s)", "**met**"]);
    expect(rows).toContainEqual(["ETL peak memory for 10 M rows < 1 GB", "700 MB", "**met**"]);
    expect(rows).toContainEqual(["Engine on the national data set < 1 min", "1 min 15 s", "**not met**"]);
    expect(rows).toContainEqual(["Page p95 < 150 ms (scale 1 × 5 years), slowest page", "170 ms (/timmar)", "**not met**"]);
  });

  it("renders machine, sections and the page table; missing parts say so", () => {
    const md = renderReport(results, { command: "npm run bench", generatedAt: "2026-01-01 12:00" });
    expect(md).toMatch(/^# Benchmarks\n/);
    expect(md).toContain("| CPU | Test CPU |");
    expect(md).toContain("| 10 M rows | 450 MB | 30.0 s | 700 MB | 20.0 s | 300 MB | 1.50× |");
    expect(md).toContain("| `/bevakning` | 404 | 0 kB | – | – | – | 404: page does not exist yet |");
    expect(md).toContain("| `/timmar` | 200 | 2 kB | 160 ms | 170 ms | 170 ms | **not met** |");
    expect(md).toContain("## 4. PDF report (issue 5)\n\nNot measured yet.");
    expect(md).not.toMatch(/\n{3,}/);
  });
});
