/** The pages of the visitor app, each from its address on the public listener. */
export type VisitorRoute =
  | { readonly page: 'ticket'; readonly token: string }
  | { readonly page: 'book'; readonly rest: string }
  | { readonly page: 'not-found' };

/** A ticket token as the hub makes them (base64url, 22–64 characters); anything else is no ticket. */
const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

/** The page an address names: `/t/<token>`, `/book/…`, or none. */
export function routeOf(pathname: string): VisitorRoute {
  const ticket = /^\/t\/([^/]+)\/?$/.exec(pathname);
  if (ticket) return TOKEN.test(ticket[1]!) ? { page: 'ticket', token: ticket[1]! } : { page: 'not-found' };
  if (pathname === '/book' || pathname.startsWith('/book/')) return { page: 'book', rest: pathname.slice(6) };
  return { page: 'not-found' };
}
