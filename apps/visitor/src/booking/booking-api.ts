/**
 * The booking page's requests to its own listener (apps/hub/src/public/booking-routes.ts). Same origin only (the
 * CSP allows nothing else). Types come from @hallq/protocol as types only: no validation library in the phone's
 * bundle; the hub validates everything it receives. Never throws: a failed request is an answer.
 */
import type {
  AppointmentBookRequest,
  AppointmentSlots,
  AppointmentView,
  PublicAppointmentKey,
  PublicBooked,
  PublicBookingDays,
  PublicBookingError,
  PublicBookingServices,
} from '@hallq/protocol';

export type ApiAnswer<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly code: string; readonly message: { zh: string; en: string } };

const NETWORK: ApiAnswer<never> = {
  ok: false,
  code: 'NETWORK',
  message: { zh: '网络连接失败，请稍后重试', en: 'The connection failed. Please try again.' },
};

const isError = (body: unknown): body is PublicBookingError =>
  typeof body === 'object' && body !== null && 'error' in body;

async function request<T>(path: string, init?: { method: 'POST'; body: unknown }): Promise<ApiAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init?.method ?? 'GET',
      headers: init ? { 'content-type': 'application/json' } : {},
      ...(init && { body: JSON.stringify(init.body) }),
      cache: 'no-store',
    });
  } catch {
    return NETWORK;
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok && body !== null && !isError(body)) return { ok: true, data: body as T };
  if (isError(body)) return { ok: false, code: body.error.code, message: body.error.message };
  if (response.status === 429)
    return {
      ok: false,
      code: 'RATE_LIMITED',
      message: { zh: '操作过于频繁，请稍后再试', en: 'Too many requests. Please wait a moment.' },
    };
  return NETWORK;
}

export const bookingApi = {
  services: () => request<PublicBookingServices>('/book/services'),
  days: (serviceId: string) => request<PublicBookingDays>(`/book/days/${encodeURIComponent(serviceId)}`),
  slots: (serviceId: string, day: string) =>
    request<AppointmentSlots>(`/book/slots/${encodeURIComponent(serviceId)}/${encodeURIComponent(day)}`),
  book: (body: AppointmentBookRequest) =>
    request<PublicBooked>('/book/appointments', { method: 'POST', body }),
  lookup: (body: PublicAppointmentKey) => request<PublicBooked>('/book/lookup', { method: 'POST', body }),
  cancel: (body: PublicAppointmentKey) =>
    request<{ appointment: AppointmentView }>('/book/cancel', { method: 'POST', body }),
};
export type BookingApi = typeof bookingApi;
