import { type BookingRefusal, type CancelDecision, localDateTime } from '@hallq/core';

/**
 * What a visitor is told when the appointment rules say no: Chinese first, then English, with the day or
 * moment they need (until when a block lasts, the first day they may book …). Times in the hall's zone.
 */
export function refusalMessage(refusal: BookingRefusal, timeZone: string): string {
  const at = (epoch: number) => {
    const local = localDateTime(epoch, timeZone);
    return `${local.date} ${local.time}`;
  };
  switch (refusal.code) {
    case 'SERVICE_NOT_BOOKABLE':
      return '该业务不接受预约 · This service takes no appointments';
    case 'NOT_A_SLOT':
      return '没有这个时段 · There is no such slot';
    case 'BLOCKED':
      return (
        `您近期有${refusal.missedAt.length}次预约未到，${at(refusal.until)}前不能预约 · ` +
        `You missed ${refusal.missedAt.length} appointments; you can book again from ${at(refusal.until)}`
      );
    case 'SLOT_PAST':
      return '该时段已过 · This slot has passed';
    case 'CALENDAR_UNKNOWN':
      return '该日期的节假日安排尚未公布 · The holiday calendar of that year is not published yet';
    case 'NOT_WORKING_DAY':
      return '该日不是工作日 · That day is not a working day';
    case 'NO_APPOINTMENTS_THAT_DAY':
      return '该日不接受预约 · No appointments that day';
    case 'TOO_SOON':
      return `最早可预约${refusal.firstDay} · The first day you can book is ${refusal.firstDay}`;
    case 'TOO_FAR':
      return `最晚可预约${refusal.lastDay} · The last day you can book is ${refusal.lastDay}`;
    case 'ALREADY_BOOKED':
      return '您已预约该时段 · You have already booked this slot';
    case 'PERSON_LIMIT': {
      const zh = { service: '该业务未办理的预约', day: '每天', week: '每周', month: '每月' }[refusal.limit];
      const en = {
        service: 'upcoming appointments for this service',
        day: 'appointments a day',
        week: 'appointments a week',
        month: 'appointments a month',
      }[refusal.limit];
      return `已达预约上限（${zh}${refusal.max}个） · You have reached the limit (${refusal.max} ${en})`;
    }
    case 'SLOT_FULL':
      return '该时段已约满 · This slot is full';
  }
}

export function cancelRefusalMessage(
  decision: Exclude<CancelDecision, { ok: true }>,
  timeZone: string,
): string {
  if (decision.code === 'NOT_CANCELLABLE') {
    const zh = { booked: '已预约', 'checked-in': '已签到', cancelled: '已取消', missed: '已失约' }[
      decision.status
    ];
    return `该预约${zh}，不能取消 · This appointment is ${decision.status} and cannot be cancelled`;
  }
  const local = localDateTime(decision.deadline, timeZone);
  return (
    `已过取消期限（${local.date} ${local.time}） · ` +
    `The cancellation deadline (${local.date} ${local.time}) has passed`
  );
}
