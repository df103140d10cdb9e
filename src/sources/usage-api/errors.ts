/** A provider usage API could not be read (HTTP error, unreadable answer, retries exhausted). */
import { TokenprintError } from '../../core/errors.js';

export class UsageApiError extends TokenprintError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('IO_ERROR', message, details);
  }
}
