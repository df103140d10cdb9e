/** Error statistics of predicted/measured ratios, as published in docs/methodology/inference.md. */
export interface ErrorStats {
  n: number;
  medianAbsLn: number;
  /** 90th percentile of |ln(pred/meas)|. */
  p90AbsLn: number;
  p5: number;
  p50: number;
  p95: number;
  within15: number;
}

export function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function errorStats(ratios: number[]): ErrorStats {
  const r = [...ratios].sort((a, b) => a - b);
  const absLn = ratios.map((x) => Math.abs(Math.log(x))).sort((a, b) => a - b);
  return {
    n: r.length,
    medianAbsLn: quantile(absLn, 0.5),
    p90AbsLn: quantile(absLn, 0.9),
    p5: quantile(r, 0.05),
    p50: quantile(r, 0.5),
    p95: quantile(r, 0.95),
    within15: ratios.filter((x) => x <= 1.5 && x >= 1 / 1.5).length / ratios.length,
  };
}

export function fmtStats(s: ErrorStats): string {
  return (
    `n=${s.n}  median |ln(pred/meas)|=${s.medianAbsLn.toFixed(3)}  p90 |ln|=${s.p90AbsLn.toFixed(3)}  pred/meas p5=${s.p5.toFixed(2)} ` +
    `p50=${s.p50.toFixed(2)} p95=${s.p95.toFixed(2)}  within ×1.5: ${(s.within15 * 100).toFixed(0)}%`
  );
}
