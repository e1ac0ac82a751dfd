/**
 * The ID-number and name rules the hub applies to what a kiosk sends. They live with the ID-card reader code in
 * devices; the hub re-checks because a kiosk is a client and its input is untrusted.
 */
export { isValidIdNumber, maskIdNumber, maskName } from '@hallq/devices';
