import { z } from 'zod';

/** The plain values most messages carry, one definition each (a message that needs them looser says so itself). */

/** An entity's id (ticket, window, service …). */
export const Id = z.string().min(1).max(80);
/** An instant, epoch milliseconds. */
export const Epoch = z.number().int().nonnegative();
/** A calendar day as YYYY-MM-DD (the shape only). */
export const Day = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
