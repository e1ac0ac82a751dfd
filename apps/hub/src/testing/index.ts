export {
  type HttpGatewaySimulator,
  type ReceivedSms,
  startHttpGatewaySimulator,
} from '../sms/http-gateway-simulator.ts';
export { phoneNumber, smsTestHall, TEST_SMS_SETTINGS } from '../sms/testing/sms-test-hall.ts';
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
