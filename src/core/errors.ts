/**
 * Errors with a stable `code` and structured details. The message is the user-facing wording, readable on its own
 * for library users; the CLI prints it as is (`cli/main.ts`) and maps the code to an exit code (`cli/exit-codes.ts`).
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_ID'
  | 'CONFLICTING_INPUT'
  | 'INFEASIBLE'
  | 'NOT_FOUND'
  | 'IO_ERROR';

export class TokenprintError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** A value failed validation: names the field, the value and what is expected. */
export class InvalidInputError extends TokenprintError {
  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super('INVALID_INPUT', `${field}: ${message}`, { field, ...details });
  }
}

/** An id is not in the catalog: carries the nearest known ids. */
export class UnknownIdError extends TokenprintError {
  readonly suggestions: readonly string[];
  constructor(kind: string, id: string, suggestions: readonly string[]) {
    const hint = suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : '';
    super('UNKNOWN_ID', `unknown ${kind} '${id}'.${hint}`, { kind, id, suggestions });
    this.suggestions = suggestions;
  }
}

/** Two inputs contradict each other. */
export class ConflictingInputError extends TokenprintError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICTING_INPUT', message, details);
  }
}

/** The request cannot be met (a model that fits no accelerator, no option above a quality floor…). */
export class InfeasibleError extends TokenprintError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INFEASIBLE', message, details);
  }
}
