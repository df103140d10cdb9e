/** Numeric formats for weights (and, for compute, the matching math precision). */
export type Precision = 'fp32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4' | 'mxfp4';
export const PRECISIONS: readonly Precision[] = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4', 'mxfp4'];

/**
 * Bytes per weight. MXFP4 packs 32 4-bit values with one shared 8-bit scale: 4.25 bits (OCP Microscaling
 * Formats v1.0, 2023). INT4 group quantisation (group 128, fp16 scale) ≈ 4.125 bits; we round to 0.5 byte.
 */
export const BYTES_PER_PARAM: Readonly<Record<Precision, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  mxfp4: 4.25 / 8,
};

/** Which peak-throughput column of the accelerator catalog serves matrix math at this weight precision. */
export type ComputeFormat = 'bf16' | 'fp8' | 'int8';
export function computeFormatFor(p: Precision): ComputeFormat {
  // Weight-only 4-bit formats are dequantised and multiplied in 16-bit on most serving stacks (vLLM Marlin/Machete
  // kernels); FP8 weights use FP8 tensor cores where the hardware has them.
  if (p === 'fp8') return 'fp8';
  if (p === 'int8') return 'int8';
  return 'bf16';
}

export function isPrecision(s: string): s is Precision {
  return (PRECISIONS as readonly string[]).includes(s);
}
