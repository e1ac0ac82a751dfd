import type { SeededRandom } from '../simulation/seeded-random.ts';

/**
 * What a window spends per visitor, learnt from history: service durations (start → finish) per service, and per
 * clerk where one clerk has enough of them; the changeover no duration contains (the call, the walk to the window,
 * the wrap-up before the next call); how often a call goes unanswered and how long the window gives it.
 */
export interface ServiceTimeModel {
  /** Service durations seen per service, ms (the last weeks' and today's). */
  readonly byService: Readonly<Record<string, readonly number[]>>;
  /** The same per clerk and service; used for a window the clerk is signed in at, once there are enough. */
  readonly byClerk?: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
  /** Time per visitor beyond the service duration: call to start, and wrap-up after the finish. */
  readonly changeoverMs: number;
  /** Share of calls nobody answers (过号), 0…1, and the window time such a call costs. */
  readonly noShowShare: number;
  readonly noShowMs: number;
  /** Issue to call when a window is free (the clerk sees the ticket and presses call); 0 when unknown. */
  readonly idleCallMs?: number;
}

/** A clerk's own durations replace the service's once there are this many (fewer: too noisy to trust). */
export const CLERK_MIN_SAMPLES = 30;

/** Used for a service with no history at all: its configured typical time. */
export type DefaultServiceMs = (serviceId: string) => number;

/** The durations a visitor of `serviceId` at a window with `clerkId` is drawn from; empty when none are known. */
export function samplesFor(
  model: ServiceTimeModel,
  serviceId: string,
  clerkId: string | null,
): readonly number[] {
  const own = clerkId === null ? undefined : model.byClerk?.[clerkId]?.[serviceId];
  if (own && own.length >= CLERK_MIN_SAMPLES) return own;
  return model.byService[serviceId] ?? [];
}

/**
 * One visitor's window time, drawn: a no-show with its share, else a service duration from the samples (or the
 * service's default when it has none) plus the changeover.
 */
export function drawCycleMs(
  model: ServiceTimeModel,
  random: SeededRandom,
  serviceId: string,
  clerkId: string | null,
  fallback: DefaultServiceMs,
): number {
  if (model.noShowShare > 0 && random.chance(model.noShowShare)) return model.noShowMs;
  const samples = samplesFor(model, serviceId, clerkId);
  const service = samples.length > 0 ? random.pick(samples) : fallback(serviceId);
  return service + model.changeoverMs;
}

/**
 * What is left of a visitor who has been at the window for `elapsedMs`: a draw from the durations longer than
 * that (the visitor is not done yet), less the time already spent. After a few draws all shorter (an overrun
 * longer than most), a tenth of a visit more.
 */
export function drawRemainingMs(
  model: ServiceTimeModel,
  random: SeededRandom,
  serviceId: string,
  clerkId: string | null,
  elapsedMs: number,
  fallback: DefaultServiceMs,
): number {
  for (let i = 0; i < 8; i += 1) {
    const cycle = drawCycleMs(model, random, serviceId, clerkId, fallback);
    if (cycle > elapsedMs) return cycle - elapsedMs;
  }
  return 0.1 * (fallback(serviceId) + model.changeoverMs);
}
