/**
 * The one shape every disclosure renders from: sections of figures, each figure with its value (raw, unrounded),
 * the text shown (rounded only here, at the output), unit, method, boundary and source — or `N/A` with the reason.
 * Markdown, HTML and PDF are views of this; JSON carries it beside the typed result of each use case.
 */
export type Recipient = 'AIO' | 'NCAs' | 'DPs';

export interface Figure {
  /** Stable id of the item, e.g. `C4` (AI Act form), `E1-6.scope2.location` (ESRS), `sci.I`. */
  readonly id: string;
  readonly label: string;
  /** Unrounded value; null when not available (then `naReason` says why) or when the item is text. */
  readonly value: number | null;
  /** What the document prints: the value rounded to the item's required precision, a text answer, or `N/A`. */
  readonly display: string;
  readonly unit: string;
  /** How the figure was obtained (formula, tier). */
  readonly method: string;
  /** Where the energy/emissions boundary is drawn, when the figure has one. */
  readonly boundary?: string;
  /** Data sources behind the figure. */
  readonly source: string;
  readonly recipients?: readonly Recipient[];
  /** Set when the figure is not available: what is missing and how to supply it. */
  readonly naReason?: string;
}

export interface Paragraph {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly recipients?: readonly Recipient[];
}

export interface Section {
  readonly title: string;
  readonly intro?: string;
  readonly figures: readonly Figure[];
  readonly paragraphs?: readonly Paragraph[];
  readonly notes?: readonly string[];
}

export interface DisclosureDocument {
  readonly kind: string;
  readonly title: string;
  /** One line under the title: subject, period, versions. */
  readonly subtitle: string;
  readonly sections: readonly Section[];
  /** Every figure shown as N/A, with its reason (also inside its section): what `--strict` turns into exit 3. */
  readonly missing: readonly { readonly id: string; readonly label: string; readonly reason: string }[];
  /** Extra Markdown to print verbatim after the sections (the model-card snippet), if any. */
  readonly appendixMarkdown?: string;
}

export const NA = 'N/A';

/** A figure that is not available, with the reason. */
export function naFigure(f: Omit<Figure, 'value' | 'display' | 'naReason'>, reason: string): Figure {
  return { ...f, value: null, display: NA, naReason: reason };
}

/** Builds the document and collects its N/A figures into `missing`. */
export function makeDocument(d: Omit<DisclosureDocument, 'missing'>): DisclosureDocument {
  const missing = d.sections.flatMap((s) =>
    s.figures.filter((f) => f.naReason !== undefined).map((f) => ({ id: f.id, label: f.label, reason: f.naReason as string })),
  );
  return { ...d, missing };
}
