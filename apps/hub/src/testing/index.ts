export { socketSettingsWith } from './admission-settings.ts';
export { appointmentHall, testVisitor } from './appointment-hall.ts';
export { testHall } from './test-hall.ts';
export {
  connectClient,
  HALL_MORNING,
  manualClock,
  startTestHub,
  TEST_LOGIN_THROTTLE,
  TEST_PASSWORD,
  TEST_PASSWORD_COST,
  type TestClient,
  type TestHub,
} from './test-hub.ts';
