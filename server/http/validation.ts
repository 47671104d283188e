import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Validates input at the edge; a failure names each bad field and why (400). */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what = 'body'): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.join('.') : what,
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AppError('validation_failed', `Invalid ${what}: ${summary}`, { issues });
}
