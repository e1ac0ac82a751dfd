import { txt } from '@hallq/ui/language';

/** The ticket page's words, Chinese first. */
export const TT = {
  yourNumber: txt('您的号码', 'Your number'),
  service: txt('办理业务', 'Service'),
  waitingArea: txt('等候区域', 'Waiting area'),
  peopleAhead: txt('前面还有', 'People ahead'),
  estimatedWait: txt('预计等候', 'Estimated wait'),
  youAreNext: txt('下一位就是您，请留意叫号', 'You are next: listen for your number'),
  live: txt('实时更新，无需刷新', 'Updates live, no need to reload'),
  reconnecting: txt('网络中断，正在重新连接…', 'Connection lost, reconnecting…'),
  serving: txt('正在办理', 'Being served'),
  done: txt('办理完成', 'Service finished'),
  ended: txt('此号已结束', 'This ticket has ended'),
  endedHint: txt('如需办理，请重新取号', 'Take a new ticket if you still need the service'),
  notFound: txt('找不到这张票', 'Ticket not found'),
  notFoundHint: txt('请扫描票据上的二维码', 'Scan the QR code on your ticket'),
  loading: txt('正在加载…', 'Loading…'),
  soundOn: txt('开启叫号提醒音', 'Turn on the call sound'),
  soundIsOn: txt('叫号时将响铃并振动', 'Your phone will ring and vibrate when called'),
  rateTitle: txt('请对本次服务进行评价', 'Please rate the service'),
  reasons: txt('不满意的原因（可多选）', 'What went wrong (choose any)'),
  comment: txt('其他意见（选填）', 'Anything else (optional)'),
  submit: txt('提交评价', 'Submit'),
  thanks: txt('感谢您的评价！', 'Thank you for your rating!'),
  alreadyRated: txt('本次服务已评价', 'This service has been rated'),
  ratingClosed: txt('评价时间已过', 'Rating time is over'),
  ratingFailed: txt('提交失败，请重试', 'Could not send, please try again'),
} as const;

/** 请到 N 号窗口 / Please go to window N. */
export const goToWindow = (n: number) => txt(`请到 ${n} 号窗口`, `Please go to window ${n}`);
/** 正在 N 号窗口办理 / Being served at window N. */
export const servedAt = (n: number) => txt(`正在 ${n} 号窗口办理`, `Being served at window ${n}`);

/** 好差评: five levels, best first, as the window's pad shows them. */
export const RATING_LEVELS = [
  { level: 5, label: txt('非常满意', 'Very satisfied') },
  { level: 4, label: txt('满意', 'Satisfied') },
  { level: 3, label: txt('基本满意', 'Fairly satisfied') },
  { level: 2, label: txt('不满意', 'Dissatisfied') },
  { level: 1, label: txt('非常不满意', 'Very dissatisfied') },
] as const;

export type RatingTag = 'attitude' | 'efficiency' | 'one-time-notice' | 'other';

/** The reasons of the two lowest levels, the pad's. */
export const RATING_TAGS: readonly { readonly tag: RatingTag; readonly label: ReturnType<typeof txt> }[] = [
  { tag: 'attitude', label: txt('态度', 'Attitude') },
  { tag: 'efficiency', label: txt('效率', 'Efficiency') },
  { tag: 'one-time-notice', label: txt('一次告知', 'Not told everything at once') },
  { tag: 'other', label: txt('其他', 'Other') },
];

export const COMMENT_MAX = 200;
