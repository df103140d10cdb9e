/**
 * Checks on the paths a command writes to, made before any work starts: a report or a measurement that cannot be
 * written should be refused up front, not lost after the work is done. Folders tokenprint fills are refused when they
 * would scatter files into a system or home folder.
 */
import { accessSync, constants, readdirSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, parse, resolve } from 'node:path';
import { TokenprintError } from '../core/errors.js';

/** A path the user named cannot be used for writing: exit 2 (usage), the message says why and what to do. */
export class OutputPathError extends TokenprintError {
  constructor(flag: string, path: string, why: string) {
    super('INVALID_INPUT', `${flag}: ${path}: ${why}`, { field: flag, path });
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

function writableDir(flag: string, path: string, dir: string): void {
  const st = statOrNull(dir);
  if (!st) throw new OutputPathError(flag, path, `the folder ${dir} does not exist (create it first, or choose another path)`);
  if (!st.isDirectory()) throw new OutputPathError(flag, path, `${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new OutputPathError(flag, path, `the folder ${dir} is not writable`);
  }
}

/** A file to be (over)written: its folder exists and is writable, and the path is not a folder itself. */
export function checkOutFile(path: string, flag: string): void {
  const abs = resolve(path);
  const st = statOrNull(abs);
  if (st?.isDirectory()) throw new OutputPathError(flag, path, 'is a folder; give a file name');
  writableDir(flag, path, dirname(abs));
}

/** Folders that hold a system or a user's files: tokenprint never writes its sample files straight into them. */
function isUnsafeDir(abs: string): boolean {
  if (abs === parse(abs).root) return true;
  const home = resolve(homedir());
  if (abs === home) return true;
  return /^\/(bin|boot|dev|etc|lib|lib64|proc|root|run|sbin|sys|usr|var|opt|srv|mnt|media|tmp|home)$/.test(abs);
}

/**
 * A folder tokenprint writes its own files into. Only its last level is created (a typo deep in a path is refused
 * instead of building a tree); an existing folder must hold nothing but `allowed` files (quickstart recreates its
 * working folder, so it must not be a folder of the user's).
 */
export function checkOutDir(path: string, flag: string, allowed?: readonly string[]): void {
  const abs = resolve(path);
  if (isUnsafeDir(abs)) throw new OutputPathError(flag, path, 'is a system or home folder; give a new folder for tokenprint to write into (e.g. ./tokenprint-sample)');
  const st = statOrNull(abs);
  if (st && !st.isDirectory()) throw new OutputPathError(flag, path, 'exists and is a file, not a folder; give a folder name');
  if (!st) {
    writableDir(flag, path, dirname(abs));
    return;
  }
  writableDir(flag, path, abs);
  if (allowed) {
    const foreign = readdirSync(abs).filter((n) => !allowed.some((a) => n === a || n.startsWith(a)));
    if (foreign.length) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
      throw new OutputPathError(flag, path, `already holds files tokenprint did not write (${shown}); give a new or empty folder`);
    }
  }
}
