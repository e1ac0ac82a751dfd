import { describe, expect, it } from 'vitest';
import { routeOf } from './route.ts';

describe('the visitor app routes', () => {
  const token = 'AbCdEfGhIjKlMnOpQrStUv';

  it('reads a ticket page from /t/<token>', () => {
    expect(routeOf(`/t/${token}`)).toEqual({ page: 'ticket', token });
    expect(routeOf(`/t/${token}/`)).toEqual({ page: 'ticket', token });
  });

  it('takes no malformed token for a ticket', () => {
    for (const path of ['/t/', '/t/short', `/t/${token}!`, `/t/${token}/x`, `/t/${'a'.repeat(65)}`])
      expect(routeOf(path)).toEqual({ page: 'not-found' });
  });

  it('leaves /book/… to the booking pages and everything else to not-found', () => {
    expect(routeOf('/book/')).toEqual({ page: 'book', rest: '' });
    expect(routeOf('/book/slots')).toEqual({ page: 'book', rest: 'slots' });
    expect(routeOf('/')).toEqual({ page: 'not-found' });
    expect(routeOf('/booking')).toEqual({ page: 'not-found' });
  });
});
