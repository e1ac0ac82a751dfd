export {
  callAnnouncement,
  hallSnapshot,
  sampleHall,
  serviceFigures,
  T0,
  ticketView,
  windowState,
} from './hall-fixtures.ts';
