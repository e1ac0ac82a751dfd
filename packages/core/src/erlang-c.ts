/**
 * Erlang C: the M/M/c queue's closed forms, used by the staffing planner beside the day simulator. It pools
 * every window and assumes a steady state with exponential service, so it is a lower bound on the windows a
 * steady half-hour needs when windows serve only some services (pooling is the best case); it can ask for more
 * than a short peak needs, since a half-hour does not last long enough to reach the steady queue. The planner
 * therefore starts from its figure and lets the simulator settle the count in both directions.
 *
 * Erlang B is computed by its recurrence B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)), which stays in [0, 1] at
 * every step: no factorials or powers, so 500 Erlangs are as exact as 5.
 */

/** Offered traffic for one period: how many arrive in it and how long each takes to serve. */
export interface OfferedLoad {
  readonly arrivals: number;
  readonly periodSeconds: number;
  readonly handlingSeconds: number;
}

function checkLoad(load: OfferedLoad): void {
  const { arrivals, periodSeconds, handlingSeconds } = load;
  if (!(Number.isFinite(arrivals) && arrivals >= 0))
    throw new RangeError(`arrivals must be ≥ 0: ${arrivals}`);
  if (!(Number.isFinite(periodSeconds) && periodSeconds > 0))
    throw new RangeError(`period must be > 0 s: ${periodSeconds}`);
  if (!(Number.isFinite(handlingSeconds) && handlingSeconds > 0))
    throw new RangeError(`handling time must be > 0 s: ${handlingSeconds}`);
}

function checkServers(servers: number): void {
  if (!(Number.isInteger(servers) && servers >= 0))
    throw new RangeError(`servers must be a whole number ≥ 0: ${servers}`);
}

/** Traffic intensity in Erlangs: arrival rate × handling time. */
export function trafficErlangs(load: OfferedLoad): number {
  checkLoad(load);
  return (load.arrivals / load.periodSeconds) * load.handlingSeconds;
}

/** Erlang B: the share of arrivals that would find every one of `servers` busy in a loss system. */
export function erlangB(traffic: number, servers: number): number {
  if (!(Number.isFinite(traffic) && traffic >= 0)) throw new RangeError(`traffic must be ≥ 0: ${traffic}`);
  checkServers(servers);
  let b = 1;
  for (let n = 1; n <= servers; n += 1) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Erlang C: the probability an arrival has to wait. 1 when the servers cannot keep up (traffic ≥ servers). */
export function probabilityOfWaiting(traffic: number, servers: number): number {
  const b = erlangB(traffic, servers);
  if (traffic === 0) return 0;
  if (servers <= traffic) return 1;
  return (servers * b) / (servers - traffic * (1 - b));
}

/** The share of arrivals answered within `targetSeconds`: 1 − C·e^(−(c − A)·t / h). 0 when overloaded. */
export function serviceLevel(load: OfferedLoad, servers: number, targetSeconds: number): number {
  if (!(Number.isFinite(targetSeconds) && targetSeconds >= 0))
    throw new RangeError(`target must be ≥ 0 s: ${targetSeconds}`);
  const traffic = trafficErlangs(load);
  if (traffic === 0) return 1;
  if (servers <= traffic) return 0;
  const c = probabilityOfWaiting(traffic, servers);
  return 1 - c * Math.exp((-(servers - traffic) * targetSeconds) / load.handlingSeconds);
}

/** Average speed of answer (mean wait, waits of 0 included), seconds: C·h / (c − A). Infinite when overloaded. */
export function averageSpeedOfAnswer(load: OfferedLoad, servers: number): number {
  const traffic = trafficErlangs(load);
  if (traffic === 0) return 0;
  if (servers <= traffic) return Number.POSITIVE_INFINITY;
  return (probabilityOfWaiting(traffic, servers) * load.handlingSeconds) / (servers - traffic);
}

/** A service-level target: `share` of arrivals answered within `targetSeconds` (80% within 20 s). */
export interface ServiceLevelTarget {
  readonly share: number;
  readonly targetSeconds: number;
}

/** The fewest servers whose service level meets the target. 0 when nobody arrives. */
export function fewestServersFor(load: OfferedLoad, target: ServiceLevelTarget): number {
  if (!(target.share >= 0 && target.share < 1))
    throw new RangeError(`share must be in [0, 1): ${target.share} (100% is never guaranteed)`);
  const traffic = trafficErlangs(load);
  if (traffic === 0) return 0;
  // The service level rises with every server past the traffic and tends to 1, so the walk ends.
  let servers = Math.floor(traffic) + 1;
  while (serviceLevel(load, servers, target.targetSeconds) < target.share) servers += 1;
  return servers;
}
