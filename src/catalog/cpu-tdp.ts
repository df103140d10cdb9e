/**
 * Rated power (TDP / "Processor Base Power" / AMD "Default TDP") of common server and desktop CPUs, by the model
 * name Linux reports in /proc/cpuinfo. Used only by the fallback CPU power model (utilisation × rated power) when
 * no RAPL counter can be read. Each entry cites the vendor's product page; threads per package let a VM or
 * container that sees only some hardware threads take its share of the package's power.
 *
 * Sources (accessed 2025): Intel ARK (ark.intel.com, "Processor Base Power" or "TDP"); AMD product pages
 * (amd.com/en/products/processors/…, "Default TDP").
 */

export interface CpuTdp {
  /** Canonical model name. */
  readonly model: string;
  /** Matches the /proc/cpuinfo `model name` line. */
  readonly match: RegExp;
  readonly tdpW: number;
  /** Hardware threads per package (cores × SMT). */
  readonly threads: number;
  readonly source: string;
}

const ARK = 'Intel ARK product page (Processor Base Power / TDP; threads)';
const AMD = 'AMD product page (Default TDP; threads)';

export const CPU_TDP: readonly CpuTdp[] = [
  // Intel Xeon Scalable, 4th gen (Sapphire Rapids)
  { model: 'Intel Xeon Platinum 8480+', match: /xeon.*\b8480\+/i, tdpW: 350, threads: 112, source: ARK },
  { model: 'Intel Xeon Platinum 8470', match: /xeon.*\b8470\b/i, tdpW: 350, threads: 104, source: ARK },
  { model: 'Intel Xeon Platinum 8468', match: /xeon.*\b8468\b/i, tdpW: 350, threads: 96, source: ARK },
  { model: 'Intel Xeon Gold 6430', match: /xeon.*\b6430\b/i, tdpW: 270, threads: 64, source: ARK },
  // 3rd gen (Ice Lake)
  { model: 'Intel Xeon Platinum 8380', match: /xeon.*\b8380\b/i, tdpW: 270, threads: 80, source: ARK },
  { model: 'Intel Xeon Platinum 8358', match: /xeon.*\b8358\b/i, tdpW: 250, threads: 64, source: ARK },
  { model: 'Intel Xeon Gold 6338', match: /xeon.*\b6338\b/i, tdpW: 205, threads: 64, source: ARK },
  // 2nd gen (Cascade Lake) and 1st gen (Skylake)
  { model: 'Intel Xeon Platinum 8280', match: /xeon.*\b8280\b/i, tdpW: 205, threads: 56, source: ARK },
  { model: 'Intel Xeon Gold 6248R', match: /xeon.*\b6248R\b/i, tdpW: 205, threads: 48, source: ARK },
  { model: 'Intel Xeon Gold 6248', match: /xeon.*\b6248\b(?!R)/i, tdpW: 150, threads: 40, source: ARK },
  { model: 'Intel Xeon Gold 6226R', match: /xeon.*\b6226R\b/i, tdpW: 150, threads: 32, source: ARK },
  { model: 'Intel Xeon Gold 6130', match: /xeon.*\b6130\b/i, tdpW: 125, threads: 32, source: ARK },
  { model: 'Intel Xeon Silver 4214', match: /xeon.*\b4214\b(?!R)/i, tdpW: 85, threads: 24, source: ARK },
  { model: 'Intel Xeon Silver 4210R', match: /xeon.*\b4210R\b/i, tdpW: 100, threads: 20, source: ARK },
  // Broadwell-EP
  { model: 'Intel Xeon E5-2698 v4', match: /E5-2698 v4/i, tdpW: 135, threads: 40, source: ARK },
  { model: 'Intel Xeon E5-2690 v4', match: /E5-2690 v4/i, tdpW: 135, threads: 28, source: ARK },
  { model: 'Intel Xeon E5-2680 v4', match: /E5-2680 v4/i, tdpW: 120, threads: 28, source: ARK },
  // Intel desktop
  { model: 'Intel Core i9-13900K', match: /i9-13900K\b/i, tdpW: 125, threads: 32, source: ARK },
  { model: 'Intel Core i9-12900K', match: /i9-12900K\b/i, tdpW: 125, threads: 24, source: ARK },
  { model: 'Intel Core i7-12700K', match: /i7-12700K\b/i, tdpW: 125, threads: 20, source: ARK },
  { model: 'Intel Core i5-12600K', match: /i5-12600K\b/i, tdpW: 125, threads: 16, source: ARK },
  { model: 'Intel Core i7-9700K', match: /i7-9700K\b/i, tdpW: 95, threads: 8, source: ARK },
  { model: 'Intel Core i7-8700K', match: /i7-8700K\b/i, tdpW: 95, threads: 12, source: ARK },
  // AMD EPYC 9004 (Genoa, Bergamo) and 9005 (Turin)
  { model: 'AMD EPYC 9965', match: /EPYC 9965\b/i, tdpW: 500, threads: 384, source: AMD },
  { model: 'AMD EPYC 9754', match: /EPYC 9754\b/i, tdpW: 360, threads: 256, source: AMD },
  { model: 'AMD EPYC 9654', match: /EPYC 9654\b/i, tdpW: 360, threads: 192, source: AMD },
  { model: 'AMD EPYC 9554', match: /EPYC 9554\b/i, tdpW: 360, threads: 128, source: AMD },
  { model: 'AMD EPYC 9454', match: /EPYC 9454\b/i, tdpW: 290, threads: 96, source: AMD },
  { model: 'AMD EPYC 9354', match: /EPYC 9354\b/i, tdpW: 280, threads: 64, source: AMD },
  // AMD EPYC 7002 (Rome) and 7003 (Milan)
  { model: 'AMD EPYC 7763', match: /EPYC 7763\b/i, tdpW: 280, threads: 128, source: AMD },
  { model: 'AMD EPYC 7713', match: /EPYC 7713\b/i, tdpW: 225, threads: 128, source: AMD },
  { model: 'AMD EPYC 7543', match: /EPYC 7543\b/i, tdpW: 225, threads: 64, source: AMD },
  { model: 'AMD EPYC 7742', match: /EPYC 7742\b/i, tdpW: 225, threads: 128, source: AMD },
  { model: 'AMD EPYC 7502', match: /EPYC 7502\b/i, tdpW: 180, threads: 64, source: AMD },
  { model: 'AMD EPYC 7452', match: /EPYC 7452\b/i, tdpW: 155, threads: 64, source: AMD },
  // AMD desktop / workstation
  { model: 'AMD Ryzen Threadripper PRO 5995WX', match: /5995WX\b/i, tdpW: 280, threads: 128, source: AMD },
  { model: 'AMD Ryzen 9 7950X', match: /Ryzen 9 7950X\b(?!3D)/i, tdpW: 170, threads: 32, source: AMD },
  { model: 'AMD Ryzen 9 7900X', match: /Ryzen 9 7900X\b(?!3D)/i, tdpW: 170, threads: 24, source: AMD },
  { model: 'AMD Ryzen 9 5950X', match: /Ryzen 9 5950X\b/i, tdpW: 105, threads: 32, source: AMD },
  { model: 'AMD Ryzen 7 5800X', match: /Ryzen 7 5800X\b(?!3D)/i, tdpW: 105, threads: 16, source: AMD },
];

/** W per hardware thread of each table entry. */
function perThread(): number[] {
  return CPU_TDP.map((c) => c.tdpW / c.threads).sort((a, b) => a - b);
}

/**
 * Default for an unknown CPU: the median W per hardware thread of the table above (≈ 3.65 W), with the table's
 * smallest and largest per-thread figures as the range. Derived from the table, so it moves when the table does.
 */
export function defaultWattsPerThread(): { value: number; low: number; high: number; source: string } {
  const xs = perThread();
  const mid = xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
  return {
    value: mid,
    low: xs[0],
    high: xs[xs.length - 1],
    source: `assumption: median W per hardware thread of the ${xs.length} CPUs in src/catalog/cpu-tdp.ts (range: their min–max)`,
  };
}

/** The table entry for a /proc/cpuinfo model name, or undefined. */
export function findCpuTdp(modelName: string): CpuTdp | undefined {
  return CPU_TDP.find((c) => c.match.test(modelName));
}
