/** The site fields every estimate request may carry (catalog/site.ts SiteOverrides), as a zod shape. */
import { z } from 'zod';

export const siteRequestShape = {
  region: z.string().min(1).optional().describe('grid zone (FR) or cloud region (aws:eu-west-1, gcp:…, azure:…)'),
  pue: z.number().min(1).optional().describe('power usage effectiveness, ≥ 1'),
  locationIntensityGPerKWh: z.number().nonnegative().optional().describe('location-based grid intensity, gCO2e/kWh'),
  marketIntensityGPerKWh: z.number().nonnegative().optional().describe('market-based intensity, gCO2e/kWh'),
  wueOnsiteLPerKWh: z.number().nonnegative().optional().describe('on-site water usage effectiveness, L/kWh'),
  offsiteWaterLPerKWh: z.number().nonnegative().optional().describe('water intensity of the electricity, L/kWh'),
  operator: z.string().min(1).optional().describe('operator profile when the region says nothing'),
};

/** A single number or an explicit range. */
export const rangeInput = z.object({ value: z.number(), low: z.number(), high: z.number() });

/** Compile-time check that a schema's type and an interface have the same fields and accept the same objects. */
export type SameShape<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;
export type Assert<T extends true> = T;
