/** Why the queue rules refused a command. A closed set: the protocol maps each to an error code. */
export type RuleViolationCode =
  | 'SERVICE_NOT_FOUND'
  | 'SERVICE_DISABLED'
  | 'SERVICE_CLOSED'
  | 'DAILY_LIMIT_REACHED'
  | 'PER_ID_LIMIT_REACHED'
  | 'WINDOW_NOT_FOUND'
  | 'WINDOW_DISABLED'
  | 'WINDOW_PAUSED'
  | 'WINDOW_NOT_PAUSED'
  | 'WINDOW_BUSY'
  | 'WINDOW_IDLE'
  | 'NO_WAITING_TICKET'
  | 'TICKET_NOT_FOUND'
  | 'TICKET_NOT_WAITING'
  | 'TICKET_NOT_FOR_WINDOW'
  | 'INVALID_TRANSITION'
  | 'NO_SHOW_TOO_EARLY'
  | 'REASON_REQUIRED';

export interface RuleViolation {
  readonly code: RuleViolationCode;
  readonly message: string;
}

export const violation = (code: RuleViolationCode, message: string): RuleViolation => ({ code, message });
