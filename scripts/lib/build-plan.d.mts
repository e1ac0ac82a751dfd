export interface ServerBundle {
  readonly name: string;
  readonly entry: string;
  readonly outfile: string;
}
export const SERVER_BUNDLES: readonly ServerBundle[];
export const WEB_OUTPUTS: readonly string[];
export const BUILD_STAMP: string;
export function newestSource(root: string): { mtimeMs: number; file: string | null };
export function staleReason(root: string): string | null;
