export { hubUrlOf, takeDeviceToken, takeFragmentSecret } from './device-token.ts';
export {
  formatClock,
  formatDateTime,
  formatLongDate,
  formatMinutes,
  formatWait,
  formatWaitRange,
} from './format.ts';
export { type Language, LanguageContext, localized, txt, useLanguage } from './language.ts';
export { useConnection, useHallView, useHubClient } from './use-hub.ts';
