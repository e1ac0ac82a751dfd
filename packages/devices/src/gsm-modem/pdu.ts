/**
 * SMS-SUBMIT PDUs (3GPP TS 23.040) for AT+CMGS in PDU mode: UCS-2 text (DCS 0x08), the number in international
 * form, and messages longer than one SMS split into parts with a concatenation header (UDH IE 0x00: 8-bit
 * reference, total, sequence). Pure: bytes in, bytes out. The simulator decodes with the same module.
 */

/** Characters (UTF-16 code units) of UCS-2 text in one SMS, and in each part of a concatenated one. */
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

export interface SubmitPdu {
  /** The hex the modem takes after the `>` prompt: SCA length 00 (the SIM's SMSC), then the TPDU. */
  readonly hex: string;
  /** The TPDU's length in octets, the number AT+CMGS is given. */
  readonly tpduLength: number;
}

export interface DecodedSubmit {
  readonly phone: string;
  readonly text: string;
  readonly concat: { readonly reference: number; readonly total: number; readonly sequence: number } | null;
}

export class PduError extends Error {
  readonly code = 'PDU_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PduError';
  }
}

const hex = (bytes: readonly number[] | Uint8Array): string =>
  Buffer.from(bytes as Uint8Array)
    .toString('hex')
    .toUpperCase();

/** Address digits as swapped semi-octets, padded with F. */
function semiOctets(digits: string): number[] {
  const padded = digits.length % 2 === 0 ? digits : `${digits}F`;
  const out: number[] = [];
  for (let i = 0; i < padded.length; i += 2) out.push(Number.parseInt(`${padded[i + 1]}${padded[i]}`, 16));
  return out;
}

/** A mainland mobile (11 digits) goes out as +86…; any other digit string as given, international. */
function destination(phone: string): { digits: string; type: number } {
  if (!/^\+?\d{3,20}$/.test(phone)) throw new PduError(`not a phone number: ${phone}`);
  const bare = phone.replace(/^\+/, '');
  return { digits: /^1[3-9]\d{9}$/.test(bare) ? `86${bare}` : bare, type: 0x91 };
}

/** UTF-16 units split into parts of at most `size`, never between the halves of a surrogate pair. */
function splitUnits(text: string, size: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = size;
    const last = rest.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

function ucs2(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    out.push(unit >> 8, unit & 0xff);
  }
  return out;
}

/**
 * The PDUs of one message: one when the text fits 70 UCS-2 units, else parts of 67 with a concatenation header
 * carrying `reference` (0–255, different for each long message the modem sends).
 */
export function encodeSmsSubmit(phone: string, text: string, reference: number): SubmitPdu[] {
  if (text.length === 0) throw new PduError('empty message');
  const { digits, type } = destination(phone);
  const parts = text.length <= UCS2_SINGLE ? [text] : splitUnits(text, UCS2_PART);
  if (parts.length > 255) throw new PduError('message too long');
  return parts.map((part, index) => {
    const concat = parts.length > 1;
    const udh = concat ? [0x05, 0x00, 0x03, reference & 0xff, parts.length, index + 1] : [];
    const userData = [...udh, ...ucs2(part)];
    const tpdu = [
      concat ? 0x51 : 0x11, // SMS-SUBMIT, relative validity period, UDHI when concatenated
      0x00, // message reference: the modem sets it
      digits.length,
      type,
      ...semiOctets(digits),
      0x00, // PID
      0x08, // DCS: UCS-2
      0xaa, // validity: 4 days
      userData.length,
      ...userData,
    ];
    return { hex: `00${hex(tpdu)}`, tpduLength: tpdu.length };
  });
}

/** Reads back what `encodeSmsSubmit` writes (the simulator's side). Throws `PduError` on anything else. */
export function decodeSmsSubmit(pduHex: string): DecodedSubmit {
  if (!/^([0-9A-Fa-f]{2})+$/.test(pduHex)) throw new PduError('not hex');
  const bytes = Buffer.from(pduHex, 'hex');
  let at = 0;
  const take = (n: number) => {
    if (at + n > bytes.length) throw new PduError('PDU ends early');
    const slice = bytes.subarray(at, at + n);
    at += n;
    return slice;
  };
  const scaLength = take(1)[0]!;
  take(scaLength);
  const first = take(1)[0]!;
  if ((first & 0x03) !== 0x01) throw new PduError('not an SMS-SUBMIT');
  take(1); // MR
  const digitCount = take(1)[0]!;
  take(1); // type of address
  const addr = take(Math.ceil(digitCount / 2));
  let digits = '';
  for (const b of addr) digits += `${(b & 0x0f).toString(16)}${(b >> 4).toString(16)}`;
  digits = digits.slice(0, digitCount);
  take(1); // PID
  const dcs = take(1)[0]!;
  if ((dcs & 0x0c) !== 0x08) throw new PduError(`not UCS-2 (DCS ${dcs})`);
  const vpf = (first >> 3) & 0x03;
  if (vpf === 0x02) take(1);
  else if (vpf !== 0) take(7);
  const udl = take(1)[0]!;
  const userData = take(udl);
  if (at !== bytes.length) throw new PduError('bytes after the user data');
  let body = userData;
  let concat: DecodedSubmit['concat'] = null;
  if (first & 0x40) {
    const udhLength = userData[0]!;
    const udh = userData.subarray(1, 1 + udhLength);
    if (udh[0] === 0x00 && udh[1] === 0x03)
      concat = { reference: udh[2]!, total: udh[3]!, sequence: udh[4]! };
    body = userData.subarray(1 + udhLength);
  }
  if (body.length % 2 !== 0) throw new PduError('odd UCS-2 length');
  let text = '';
  for (let i = 0; i < body.length; i += 2) text += String.fromCharCode((body[i]! << 8) | body[i + 1]!);
  const phone = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
  return { phone, text, concat };
}
