import { BoardHall, CityFollowUp, CityMe, HallFigures, ReportLine } from '@hallq/protocol';
import { z } from 'zod';

/** The centre said the token is no good (unknown, or the user was disabled): back to the sign-in. */
export class SignedOut extends Error {}

const TOKEN_KEY = 'hallq-city-token';

/** The token lives for the browser tab only: closing it signs the user out. */
export const savedToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const saveToken = (token: string | null): void => {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
};

async function request(token: string, path: string): Promise<Response> {
  // Same origin: the centre serves this app; the token goes in a header, never in a URL a log would keep.
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (response.status === 401) throw new SignedOut('signed out');
  if (!response.ok) throw new Error(`${response.status}`);
  return response;
}

async function getJson<S extends z.ZodType>(token: string, path: string, schema: S): Promise<z.infer<S>> {
  const response = await request(token, path);
  return schema.parse(await response.json());
}

const query = (params: Record<string, string | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const fetchMe = (token: string) => getJson(token, '/v1/me', CityMe);

export const fetchBoard = async (token: string, region: string | null) =>
  (await getJson(token, `/v1/board${query({ region })}`, z.object({ halls: z.array(BoardHall) }))).halls;

export const fetchReport = async (
  token: string,
  range: { from: string; to: string; region: string | null },
) => (await getJson(token, `/v1/reports${query(range)}`, z.object({ lines: z.array(ReportLine) }))).lines;

export const fetchFollowUps = async (token: string, region: string | null, all: boolean) =>
  (
    await getJson(
      token,
      `/v1/follow-ups${query({ region, all: all ? '1' : null })}`,
      z.object({ followUps: z.array(CityFollowUp) }),
    )
  ).followUps;

/** Hands a file the centre answered with to the browser as a download named `name`. */
async function download(response: Response, name: string): Promise<void> {
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The report as a file (CSV or XLSX): hall × service lines, or (`byItem`) one line per 事项 code. */
export async function downloadReport(
  token: string,
  range: { from: string; to: string; region: string | null },
  format: 'csv' | 'xlsx',
  byItem = false,
): Promise<void> {
  const response = await request(
    token,
    `/v1/reports${query({ ...range, format, by: byItem ? 'item' : null })}`,
  );
  await download(response, `hallq-report-${range.from}-${range.to}${byItem ? '-items' : ''}.${format}`);
}

/** The halls a comparison puts side by side: some picked one by one, or every hall of a region. */
export type ComparisonPick = { readonly halls: readonly string[] } | { readonly region: string };

const comparisonQuery = (pick: ComparisonPick, range: { from: string; to: string }) =>
  'halls' in pick ? { halls: pick.halls.join(','), ...range } : { region: pick.region, ...range };

export const fetchComparison = async (
  token: string,
  pick: ComparisonPick,
  range: { from: string; to: string },
) =>
  (
    await getJson(
      token,
      `/v1/compare${query(comparisonQuery(pick, range))}`,
      z.object({ halls: z.array(HallFigures) }),
    )
  ).halls;

/** The comparison as a file (CSV or XLSX), one row per hall. */
export async function downloadComparison(
  token: string,
  pick: ComparisonPick,
  range: { from: string; to: string },
  format: 'csv' | 'xlsx',
): Promise<void> {
  const response = await request(token, `/v1/compare${query({ ...comparisonQuery(pick, range), format })}`);
  await download(response, `hallq-compare-${range.from}-${range.to}.${format}`);
}
