/**
 * Dated regulatory profiles: the AI Act milestones that bear on GPAI energy documentation, as data, so a change of
 * timeline is a new profile (or a `profileDates` override in run.yaml), not a code change. Dates and tags follow
 * ../shared/research/compliance.md §1.2; [V] = verified in the primary text (Regulation (EU) 2024/1689, Commission
 * Guidelines C(2025) 5045), [S] = secondary sources only — check the Official Journal before relying on it.
 */
export interface Milestone {
  readonly id: string;
  readonly date: string;
  readonly what: string;
  readonly source: string;
}

export interface RegulatoryProfile {
  readonly id: string;
  readonly title: string;
  /** The date the profile's content was last checked. */
  readonly asOf: string;
  readonly milestones: readonly Milestone[];
  readonly notes: readonly string[];
}

const ACT = 'Regulation (EU) 2024/1689 (AI Act)';
const GUIDELINES = 'Commission Guidelines on the scope of the obligations for GPAI models, C(2025) 5045, 18 Jul 2025';

const BASE: readonly Milestone[] = [
  { id: 'entry-into-force', date: '2024-08-01', what: 'AI Act enters into force', source: `${ACT}, Art. 113 [V]` },
  { id: 'gpai-obligations', date: '2025-08-02', what: 'GPAI obligations (Art. 53–55) apply to models placed on the market from this date', source: `${GUIDELINES} [V]` },
  { id: 'gpai-enforcement', date: '2026-08-02', what: 'Commission enforcement powers (Art. 91–93, fines under Art. 101) start', source: `${GUIDELINES}, §5 [V]` },
  { id: 'gpai-legacy-models', date: '2027-08-02', what: 'GPAI models placed on the market before 2 Aug 2025 must comply (Art. 111(3))', source: `${ACT}, Art. 111(3) [S]` },
  { id: 'energy-standards-review', date: '2028-08-02', what: 'Commission report on energy-efficient GPAI standardisation, may propose binding measures (Art. 112(6))', source: `${ACT}, Art. 112(6) [V]` },
];

export const REGULATORY_PROFILES: readonly RegulatoryProfile[] = [
  {
    id: 'eu-ai-act-2024-1689',
    title: 'AI Act as adopted (Regulation (EU) 2024/1689)',
    asOf: '2026-07-01',
    milestones: [
      ...BASE,
      { id: 'high-risk-annex-iii', date: '2026-08-02', what: 'High-risk obligations (Annex III systems) apply', source: `${ACT}, Art. 113 [S]` },
    ],
    notes: ['No delegated act under Art. 53(5) (measurement methodology) adopted in the material reviewed.'],
  },
  {
    id: 'eu-ai-act-2024-1689+omnibus-2026',
    title: 'AI Act with the Digital Omnibus on AI (COM(2025) 836; provisional agreement May 2026)',
    asOf: '2026-07-01',
    milestones: [
      ...BASE,
      { id: 'high-risk-annex-iii', date: '2027-12-02', what: 'High-risk obligations (Annex III systems) apply (moved by the omnibus)', source: 'Digital Omnibus on AI, provisional agreement May 2026 [S]' },
      { id: 'high-risk-annex-i', date: '2028-08-02', what: 'High-risk obligations (Annex I products) apply (moved by the omnibus)', source: 'Digital Omnibus on AI, provisional agreement May 2026 [S]' },
    ],
    notes: [
      'Secondary sources report that the omnibus leaves GPAI obligations, Annex XI 2(d)/(e) and the 2 Aug 2026 enforcement date unchanged [S]; check the Official Journal text.',
      'No delegated act under Art. 53(5) (measurement methodology) adopted in the material reviewed.',
    ],
  },
];

export const PROFILE_IDS: readonly string[] = REGULATORY_PROFILES.map((p) => p.id);

/** The profile, with any milestone dates the run file overrides (`profileDates: { gpai-enforcement: 2026-08-02 }`). */
export function regulatoryProfile(id: string, overrides: Readonly<Record<string, string>> = {}): RegulatoryProfile {
  const p = REGULATORY_PROFILES.find((x) => x.id === id);
  if (!p) throw new Error(`unknown regulatory profile ${id}`); // the run-file schema admits only PROFILE_IDS
  if (Object.keys(overrides).length === 0) return p;
  return {
    ...p,
    milestones: p.milestones.map((m) => (overrides[m.id] === undefined ? m : { ...m, date: overrides[m.id] as string, source: `${m.source}; date overridden in the run file` })),
  };
}
